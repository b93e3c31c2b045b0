package dev.diffvision.jobs;

import dev.diffvision.ops.tasks.registration.MotionModel;
import dev.diffvision.ops.tasks.registration.RegistrationLoss;
import dev.diffvision.ops.tasks.registration.RegistrationOptimizer;
import dev.diffvision.ops.tasks.registration.RegistrationOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import dev.diffvision.spark.train.DistributedOptimizer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The registration job: every pair of a manifest registered with {@code ImageRegistrator}, batched per partition
 * on each executor's device.
 *
 * <p>The manifest (CSV with a header, or Parquet; any Hadoop path) has columns {@code id, source, target} and
 * optionally {@code init}: an initial transform as nine numbers {@code h00 .. h22} separated by spaces,
 * commas or semicolons (source pixel -> target pixel). Output under {@code --out}: {@code results/} (Parquet)
 * and {@code results.csv/} (one CSV file with a header), columns {@code id, h00..h22, loss, iterations,
 * converged, error}, one row per manifest row; with {@code --images}, {@code images/<id>_warped.png} and
 * {@code images/<id>_overlay.png}. Bad pairs (missing or undecodable file, different sizes, bad init) come out
 * with {@code error} set. Exit codes as {@link PipelineJob}: 0 done, 1 failed (or every pair failed), 2 bad
 * options.
 *
 * <pre>
 * spark-submit --class dev.diffvision.jobs.RegistrationJob diffvision-jobs.jar \
 *     --pairs hdfs:///reg/pairs.csv --out hdfs:///reg/out --model homography
 * spark-submit --class dev.diffvision.jobs.RegistrationJob diffvision-jobs.jar \
 *     --pairs hdfs:///rig/pairs.csv --out hdfs:///rig/out --model affine --shared --strategy barrier --steps 100
 * </pre>
 */
@Command(name = "RegistrationJob", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Registers every (source, target) pair of a CSV or Parquet manifest with Spark and writes"
                + " one result row per pair (Parquet and CSV) under --out."},
        footer = {"", "Exit codes: 0 done, 1 failed (or every pair failed), 2 bad options."})
public final class RegistrationJob {

    @Option(names = "--pairs", paramLabel = "MANIFEST", required = true,
            description = "CSV (with header) or Parquet manifest: id, source, target[, init]; any Hadoop path.")
    private String pairs;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Output folder (Hadoop path): results/ (Parquet), results.csv/, images/; replaced.")
    private String outDir;

    @Option(names = "--format", paramLabel = "csv|parquet",
            description = "Manifest format (default: parquet if the path ends in .parquet, else csv).")
    private String format;

    @Option(names = "--model", defaultValue = "homography",
            description = "homography, affine, similarity, rotation, scale or translation (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = "--loss", defaultValue = "l2", description = "l1, l2, charbonnier or ssim (default: ${DEFAULT-VALUE}).")
    private String loss;

    @Option(names = "--optimizer", description = "lm, adam or sgd (default: lm; adam with --shared).")
    private String optimizer;

    @Option(names = "--learning-rate", paramLabel = "RATE",
            description = "Adam / SGD step size in frame units (default: the optimizer's, 0.005 for adam).")
    private Double learningRate;

    @Option(names = "--shared", description = "Estimate one transform shared by all pairs (e.g. a fixed camera rig)"
            + " with the data-parallel optimizer; writes one result row, id 'shared'.")
    private boolean shared;

    @Option(names = "--strategy", defaultValue = "barrier",
            description = "With --shared: barrier (allGather) or tree (treeAggregate) (default: ${DEFAULT-VALUE}).")
    private String strategy;

    @Option(names = "--steps", defaultValue = "100",
            description = "With --shared: updates per pyramid level (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--levels", defaultValue = "4", description = "Pyramid levels (default: ${DEFAULT-VALUE}).")
    private int levels;

    @Option(names = "--max-iterations", defaultValue = "50",
            description = "Iterations per level (default: ${DEFAULT-VALUE}).")
    private int maxIterations;

    @Option(names = "--tolerance", defaultValue = "0.01",
            description = "Stop when corners move less than this many pixels (default: ${DEFAULT-VALUE}).")
    private double tolerance;

    @Option(names = "--symmetric", description = "Add the inverse direction's loss.")
    private boolean symmetric;

    @Option(names = "--batch-size", defaultValue = "16",
            description = "Pairs read and registered together (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--images", description = "Also write the warped source and an overlay PNG per pair.")
    private boolean images;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: what spark-submit or spark.master provides).")
    private String master;

    private final PrintStream out;
    private final PrintStream err;
    private final String name;

    private RegistrationJob(PrintStream out, PrintStream err, String name) {
        this.out = out;
        this.err = err;
        this.name = name;
    }

    /**
     * Runs the job and exits the JVM with its exit code.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String... args) {
        System.exit(run(System.out, System.err, "RegistrationJob", args));
    }

    /**
     * Runs the job with the given streams. A Spark session this call creates is stopped before it returns.
     *
     * @param out progress and report
     * @param err problems
     * @param commandName the name usage help shows
     * @param args the options
     * @return {@link ExitCodes#OK}, {@link ExitCodes#FAILURE} or {@link ExitCodes#USAGE}
     */
    static int run(PrintStream out, PrintStream err, String commandName, String... args) {
        RegistrationJob job = new RegistrationJob(out, err, commandName);
        CommandLine cl = new CommandLine(job).setCommandName(commandName);
        RegistrationOptions options;
        try {
            cl.parseArgs(args);
            if (cl.isUsageHelpRequested() || cl.isVersionHelpRequested()) {
                if (cl.isUsageHelpRequested()) {
                    cl.usage(out);
                } else {
                    cl.printVersionHelp(out);
                }
                return ExitCodes.OK;
            }
            options = job.options();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            err.println(commandName + ": " + e.getMessage());
            err.println("Try '" + commandName + " --help' for the options.");
            return ExitCodes.USAGE;
        }
        return job.execute(options);
    }

    private RegistrationOptions options() {
        RegistrationOptimizer o = RegistrationOptimizer.parse(optimizer != null ? optimizer : shared ? "adam" : "lm");
        RegistrationOptions r = RegistrationOptions.defaults().withModel(MotionModel.parse(model))
                .withLoss(RegistrationLoss.parse(loss)).withOptimizer(o).withLevels(levels)
                .withMaxIterations(maxIterations).withTolerance(tolerance).withSymmetric(symmetric);
        if (learningRate != null) {
            r = r.withLearningRate(learningRate);
        }
        r.checkValidity();
        if (shared && o == RegistrationOptimizer.LEVENBERG_MARQUARDT) {
            throw new IllegalArgumentException("expected --optimizer adam or sgd with --shared, got lm");
        }
        if (shared && steps < 1) {
            throw new IllegalArgumentException("expected --steps >= 1, got " + steps);
        }
        strategy();
        if (batchSize < 1) {
            throw new IllegalArgumentException("expected --batch-size >= 1, got " + batchSize);
        }
        if (master == null && System.getProperty("spark.master") == null
                && SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty()) {
            throw new IllegalArgumentException("no Spark master: pass --master URL (e.g. --master 'local[*]') or"
                    + " launch the job with spark-submit");
        }
        if (format != null && !format.equals("csv") && !format.equals("parquet")) {
            throw new IllegalArgumentException("expected --format csv or parquet, got " + format);
        }
        return r;
    }

    private DistributedOptimizer.Strategy strategy() {
        return switch (strategy) {
            case "barrier" -> DistributedOptimizer.Strategy.BARRIER;
            case "tree" -> DistributedOptimizer.Strategy.TREE_AGGREGATE;
            default -> throw new IllegalArgumentException("expected --strategy barrier or tree, got " + strategy);
        };
    }

    /**
     * Parses an initial transform.
     *
     * @param text nine numbers separated by spaces, commas or semicolons, row-major
     * @return the matrix
     * @throws IllegalArgumentException if there are not nine numbers
     */
    static double[] parseMatrix(String text) {
        String[] parts = text.trim().split("[\\s,;]+");
        if (parts.length != 9) {
            throw new IllegalArgumentException("expected init as 9 numbers h00..h22, got '" + text + "'");
        }
        return Arrays.stream(parts).mapToDouble(Double::parseDouble).toArray();
    }

    private int execute(RegistrationOptions options) {
        boolean hadSession = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession spark = null;
        long start = System.nanoTime();
        try {
            SparkSession.Builder builder = SparkSession.builder().appName("DiffVision RegistrationJob");
            if (master != null) {
                builder.master(master);
            }
            spark = builder.getOrCreate();
            long started = System.nanoTime();
            boolean parquet = "parquet".equals(format) || (format == null && pairs.toLowerCase(Locale.ROOT).endsWith(".parquet"));
            Dataset<Row> manifest = parquet ? spark.read().parquet(pairs)
                    : spark.read().option("header", "true").csv(pairs);
            List<String> columns = Arrays.asList(manifest.columns());
            if (!columns.containsAll(List.of("id", "source", "target"))) {
                err.println(name + ": expected manifest columns id, source, target[, init], got " + columns);
                return ExitCodes.USAGE;
            }
            Column init = columns.contains("init") ? col("init").cast("string") : lit(null).cast("string");
            Dataset<Row> selected = manifest.select(col("id").cast("string"), col("source").cast("string"),
                    col("target").cast("string"), init);
            int parallelism = spark.sparkContext().defaultParallelism();
            if (selected.rdd().getNumPartitions() < parallelism) {
                selected = selected.repartition(parallelism);
            } else if (shared && selected.rdd().getNumPartitions() > parallelism) {
                selected = selected.coalesce(parallelism);   // barrier mode: at most one partition per task slot
            }
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            Broadcast<SerializableConfiguration> conf = SerializableConfiguration.broadcast(spark.sparkContext(),
                    new Configuration(hadoop));
            String root = outDir.endsWith("/") ? outDir.substring(0, outDir.length() - 1) : outDir;
            Dataset<Row> results;
            if (shared) {
                SharedRegistrar registrar = new SharedRegistrar(conf, options, strategy(), steps);
                out.printf(Locale.ROOT, "[1/2] registering the pairs of %s with one shared transform (%s, %s, %d"
                        + " levels, %s)%n", pairs, options.model().label(), options.loss().label(), options.levels(),
                        registrar.describe());
                JavaRDD<Row> rows = selected.javaRDD().persist(StorageLevel.MEMORY_AND_DISK());
                Row result = registrar.register(rows);
                rows.unpersist(false);
                results = spark.createDataFrame(List.of(result), PairRegistrar.SCHEMA);
            } else {
                out.printf(Locale.ROOT, "[1/2] registering the pairs of %s (%s, %s, %s, %d levels, batches of %d)%n",
                        pairs, options.model().label(), options.loss().label(), options.optimizer().label(),
                        options.levels(), batchSize);
                results = selected.mapPartitions(new PairRegistrar(conf, options, batchSize,
                        images ? root + "/images" : null), Encoders.row(PairRegistrar.SCHEMA));
            }
            results.write().mode(SaveMode.Overwrite).parquet(root + "/results");
            if (images) {
                Path staging = new Path(root + "/images", StagedFiles.STAGING);
                StagedFiles.fileSystem(staging, hadoop).delete(staging, true);
            }
            long registered = System.nanoTime();
            Dataset<Row> written = spark.read().parquet(root + "/results");
            written.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(root + "/results.csv");
            long rows = written.count();
            long failed = written.filter(col("error").isNotNull()).count();
            long converged = written.filter(col("converged").equalTo(true)).count();
            double seconds = (registered - start) / 1e9;
            double afterStartUp = (registered - started) / 1e9;
            out.printf(Locale.ROOT, "[2/2] wrote %s/results (Parquet) and %s/results.csv%n", root, root);
            out.printf(Locale.ROOT, "DiffVision RegistrationJob report%n  pairs        %d in, %d ok (%d converged),"
                    + " %d failed%n  time         %.1f s to register and write (%.2f pairs/s incl. Spark start-up;"
                    + " %.1f s, %.2f pairs/s, once the session was up)%n",
                    rows, rows - failed, converged, failed, seconds, rows / seconds, afterStartUp,
                    rows / afterStartUp);
            written.filter(col("error").isNotNull()).select("id", "error").limit(5).collectAsList()
                    .forEach(r -> out.println("  failed       " + r.getString(0) + ": " + r.getString(1)));
            return failed == rows && rows > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
        } catch (Exception | LinkageError e) {
            err.println(name + " failed: " + e);
            e.printStackTrace(err);
            return ExitCodes.FAILURE;
        } finally {
            if (spark != null && !hadSession) {
                spark.stop();
            }
        }
    }
}
