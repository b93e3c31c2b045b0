package dev.diffvision.jobs;

import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.Pipeline;
import dev.diffvision.spark.ApplyOptions;
import dev.diffvision.spark.DiffVisionFrames;
import dev.diffvision.spark.OutputFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/**
 * The pipeline job: every PNG/JPEG under an input path, through a DiffVision pipeline, to one PNG per input
 * plus a Parquet manifest, with a closing report.
 *
 * <p>Steps: the options are validated before Spark starts (input exists, pipeline spec parses, output is
 * writable, a master is known) — a problem there exits {@value ExitCodes#USAGE} with a message and no Spark
 * work. Then {@code [1/3]} the input is listed with Spark's {@code binaryFile} source (recursively, files
 * ending in {@code .png}, {@code .jpg} or {@code .jpeg} in any case); {@code [2/3]} the rows go through
 * {@link DiffVisionFrames#apply} on the executors, each result PNG is written by the executors through the
 * Hadoop FileSystem API to {@code <output>/images/<relative path>.png} (see {@link OutputLayout}; the images
 * folder is replaced first), and the {@link Manifest} is written to {@code <output>/manifest}; {@code [3/3]}
 * the manifest is read back for the report: rows in/ok/failed, throughput, devices, engine, where results went.
 * Rows in == rows out: undecodable images and failed pipelines become manifest rows with {@code error} set.
 *
 * <p>Options come from the command line, then from {@code --config FILE} (a {@code .properties} file keyed by
 * option name, see {@code conf/pipeline.properties}), then from built-in defaults. The Spark master comes from
 * {@code --master} when given, otherwise from {@code spark-submit} / {@code spark.master}.
 *
 * <pre>
 * spark-submit --class dev.diffvision.jobs.PipelineJob diffvision-jobs.jar \
 *     --input hdfs:///photos --output hdfs:///out/edges --pipeline 'rgb_to_grayscale | sobel'
 * </pre>
 */
@Command(name = "PipelineJob", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs a DiffVision pipeline over every PNG/JPEG under --input with Spark, writes one PNG per"
                + " input under <output>/images and a Parquet manifest under <output>/manifest, and prints a"
                + " report."},
        footer = {"", "Exit codes: 0 done, 1 failed (or every row failed), 2 bad options or configuration."})
public final class PipelineJob {

    /** Spark's application name for this job. */
    public static final String APP_NAME = "DiffVision PipelineJob";
    /** The {@code binaryFile} file-name filter: PNG and JPEG in any letter case. */
    static final String IMAGE_FILES = "*.{[pP][nN][gG],[jJ][pP][gG],[jJ][pP][eE][gG]}";
    private static final int SHOWN_ERRORS = 5;

    /** Read by {@link ConfigFile#fromArgs} before parsing; declared here for the help and for validation. */
    @Option(names = "--config", paramLabel = "FILE", order = 0,
            description = "A .properties file with defaults for these options, keyed by option name without"
                    + " dashes (see conf/pipeline.properties). Command-line options override it.")
    private java.nio.file.Path config;

    @Option(names = "--input", paramLabel = "PATH", order = 1,
            description = "Input images: a folder (searched recursively), a file or a glob; any Hadoop path"
                    + " (file:, hdfs:, s3a:, ...). Required.")
    private String input;

    @Option(names = "--output", paramLabel = "PATH", order = 2,
            description = "Output root (Hadoop path): PNGs go to PATH/images, the manifest to PATH/manifest;"
                    + " both are replaced. Required.")
    private String output;

    @Option(names = "--pipeline", paramLabel = "SPEC", order = 3,
            description = "Pipeline spec, e.g. 'rgb_to_grayscale | sobel(normalized=false)'. Required.")
    private String pipeline;

    @Option(names = "--batch-size", paramLabel = "N", order = 4,
            defaultValue = "" + ApplyOptions.DEFAULT_BATCH_SIZE,
            description = "Images of equal shape run through the pipeline together (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--max-pixels", paramLabel = "N", order = 5,
            defaultValue = "" + DecodeOptions.DEFAULT_MAX_PIXELS,
            description = "Images declaring more than N pixels are rejected before decoding"
                    + " (default: ${DEFAULT-VALUE}).")
    private long maxPixels;

    @Option(names = "--channels", paramLabel = "keep|gray|rgb|rgba", order = 6, defaultValue = "keep",
            description = "Channel layout images are converted to before the pipeline: keep (as stored), gray,"
                    + " rgb or rgba; e.g. rgb lets an RGB pipeline take gray photos too (default: ${DEFAULT-VALUE}).")
    private DecodeOptions.Channels channels;

    @Option(names = "--master", paramLabel = "URL", order = 7,
            description = "Spark master, e.g. 'local[*]' or spark://host:7077. Default: what spark-submit or"
                    + " spark.master provides.")
    private String master;

    private final PrintStream out;
    private final PrintStream err;
    private final String name;

    private PipelineJob(PrintStream out, PrintStream err, String name) {
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
        System.exit(run(args));
    }

    /**
     * Runs the job, printing progress and the report to {@code System.out} and problems to {@code System.err}.
     * A Spark session this call creates is stopped before it returns; an already active one is used and left
     * running.
     *
     * @param args the options; {@code --help} lists them
     * @return {@link ExitCodes#OK}, {@link ExitCodes#FAILURE} or {@link ExitCodes#USAGE}
     */
    public static int run(String... args) {
        return run(System.out, System.err, "PipelineJob", args);
    }

    /**
     * Runs the job with the given streams.
     *
     * @param out progress, report, help
     * @param err problems
     * @param commandName the name usage help shows (e.g. {@code diffvision run})
     * @param args the options
     * @return the exit code
     */
    static int run(PrintStream out, PrintStream err, String commandName, String... args) {
        PipelineJob job = new PipelineJob(out, err, commandName);
        // A later occurrence of an option replaces an earlier one, so wrappers can append overrides.
        CommandLine cl = new CommandLine(job).setCommandName(commandName).setOverwrittenOptionsAllowed(true)
                .setCaseInsensitiveEnumValuesAllowed(true);
        try {
            ConfigFile file = ConfigFile.fromArgs(args);
            if (file != null) {
                file.applyTo(cl);
            }
            cl.parseArgs(args);
        } catch (UsageException | CommandLine.ParameterException e) {
            err.println(commandName + ": " + e.getMessage());
            err.println("Try '" + commandName + " --help' for the options.");
            return ExitCodes.USAGE;
        }
        if (cl.isUsageHelpRequested()) {
            cl.usage(out);
            return ExitCodes.OK;
        }
        if (cl.isVersionHelpRequested()) {
            cl.printVersionHelp(out);
            return ExitCodes.OK;
        }
        return job.execute();
    }

    /** What validation established, before Spark starts. */
    private record Settings(Path input, Path inputRoot, Path outputRoot, Path images, Path manifest,
                            ApplyOptions options, Pipeline pipeline) {}

    /** The numbers of the closing report. */
    private record Totals(long listed, long rows, long ok, List<String> devices, List<Row> firstErrors) {}

    private int execute() {
        long start = System.nanoTime();
        Settings settings;
        try {
            settings = validate();
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        boolean hadSession = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession spark = null;
        try {
            SparkSession.Builder builder = SparkSession.builder().appName(APP_NAME);
            if (master != null) {
                builder.master(master);
            }
            spark = builder.getOrCreate();
            return process(spark, settings, start);
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception | LinkageError e) {
            err.println(name + " failed: " + rootMessage(e));
            e.printStackTrace(err);
            return ExitCodes.FAILURE;
        } finally {
            if (spark != null && !hadSession) {
                spark.stop();
            }
        }
    }

    private Settings validate() throws UsageException {
        if (input == null || input.isBlank()) {
            throw new UsageException("no input: pass --input PATH (a folder, file or glob; any Hadoop path)");
        }
        if (output == null || output.isBlank()) {
            throw new UsageException("no output: pass --output PATH (a folder; any Hadoop path)");
        }
        if (pipeline == null || pipeline.isBlank()) {
            throw new UsageException("no pipeline: pass --pipeline SPEC (e.g. 'rgb_to_grayscale | sobel') or set"
                    + " pipeline= in the --config file");
        }
        Pipeline parsed;
        try {
            parsed = OpRegistry.defaults().pipeline(pipeline);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid --pipeline '" + pipeline + "': " + e.getMessage(), e);
        }
        if (maxPixels > DecodeOptions.MAX_PIXELS_LIMIT) {
            throw new UsageException("expected --max-pixels <= " + DecodeOptions.MAX_PIXELS_LIMIT + ", got " + maxPixels);
        }
        ApplyOptions options;
        try {
            options = ApplyOptions.of(pipeline).withBatchSize(batchSize).withMaxPixels(maxPixels)
                    .withChannels(channels).withOutputFormats(EnumSet.of(OutputFormat.PNG));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replaceFirst("^apply: ", ""), e);
        }
        if (master == null && System.getProperty("spark.master") == null
                && SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty()) {
            throw new UsageException("no Spark master: pass --master URL (e.g. --master 'local[*]'), set master="
                    + " in the --config file, or launch the job with spark-submit");
        }
        Configuration conf = driverHadoopConfiguration();
        Path in = qualify(input, conf, "input");
        Path root = checkInput(in, conf);
        Path out = qualify(output, conf, "output");
        Path images = new Path(out, "images");
        Path manifest = new Path(out, "manifest");
        if (within(out, root)) {
            throw new UsageException("output " + out + " is inside the input " + root + ": its images would be read"
                    + " as inputs by the next run; choose an output outside the input");
        }
        if (within(root, images) || within(root, manifest)) {
            throw new UsageException("input " + root + " is inside " + images + " or " + manifest + ", which the job"
                    + " replaces; choose another output");
        }
        checkWritable(out, conf);
        return new Settings(in, root, out, images, manifest, options, parsed);
    }

    /** The Hadoop configuration before Spark starts: defaults plus {@code spark.hadoop.*} system properties. */
    private static Configuration driverHadoopConfiguration() {
        Configuration conf = new Configuration();
        String prefix = "spark.hadoop.";
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                conf.set(key.substring(prefix.length()), System.getProperty(key));
            }
        }
        return conf;
    }

    private static Path qualify(String path, Configuration conf, String what) throws UsageException {
        try {
            Path p = new Path(path);
            try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
                return fs.makeQualified(p);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot use " + what + " path '" + path + "': " + e.getMessage(), e);
        }
    }

    /** Checks that the input exists (or that its glob matches) and returns its root folder. */
    private static Path checkInput(Path in, Configuration conf) throws UsageException {
        try (FileSystem fs = FileSystem.newInstance(in.toUri(), conf)) {
            if (OutputLayout.hasGlob(in.toUri().getPath())) {
                FileStatus[] matches = fs.globStatus(in);
                if (matches == null || matches.length == 0) {
                    throw new UsageException("input " + in + " matches no file or folder");
                }
                return OutputLayout.inputRoot(in, true);
            }
            FileStatus status;
            try {
                status = fs.getFileStatus(in);
            } catch (FileNotFoundException e) {
                throw new UsageException("input " + in + " does not exist", e);
            }
            return OutputLayout.inputRoot(in, status.isDirectory());
        } catch (IOException e) {
            throw new UsageException("cannot read input " + in + ": " + e.getMessage(), e);
        }
    }

    /** Creates the output folder if needed and proves it is writable with a probe file. */
    private static void checkWritable(Path out, Configuration conf) throws UsageException {
        try (FileSystem outer = FileSystem.newInstance(out.toUri(), conf)) {
            FileSystem fs = outer instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : outer;
            if (fs.exists(out) && !fs.getFileStatus(out).isDirectory()) {
                throw new UsageException("output " + out + " exists and is not a folder");
            }
            if (!fs.mkdirs(out)) {
                throw new UsageException("cannot create output folder " + out);
            }
            Path probe = new Path(out, ".diffvision-write-check-" + UUID.randomUUID());
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException e) {
            throw new UsageException("cannot write to output " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param child a qualified path
     * @param parent a qualified path
     * @return whether {@code child} is {@code parent} or below it (same scheme and authority)
     */
    static boolean within(Path child, Path parent) {
        var c = child.toUri();
        var p = parent.toUri();
        if (!java.util.Objects.equals(c.getScheme(), p.getScheme())
                || !java.util.Objects.equals(c.getAuthority(), p.getAuthority())) {
            return false;
        }
        String cp = c.getPath();
        String pp = p.getPath().endsWith("/") ? p.getPath() : p.getPath() + "/";
        return (cp + "/").startsWith(pp);
    }

    private int process(SparkSession spark, Settings s, long start) throws Exception {
        long t = System.nanoTime();
        out.printf(Locale.ROOT, "[1/3] listing %s (PNG/JPEG, recursive)%n", s.input());
        Dataset<Row> files = spark.read().format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", IMAGE_FILES)
                .load(s.input().toString());
        // The file index lists (and filters) the input once, on the driver; the scan below reuses it.
        String[] listedFiles = files.inputFiles();
        long listed = listedFiles.length;
        OutputLayout base = new OutputLayout(s.inputRoot().toString(), s.images().toString(), Set.of());
        Map<String, Integer> claims = new HashMap<>();
        for (String file : listedFiles) {
            // inputFiles() gives URIs (percent-encoded); the path column gives Path strings: compare as Paths.
            claims.merge(base.baseName(new Path(URI.create(file)).toString()), 1, Integer::sum);
        }
        Set<String> clashes = new HashSet<>();
        claims.forEach((name, n) -> {
            if (n > 1) {
                clashes.add(name);
            }
        });
        if (listed == 0) {
            throw new UsageException("no PNG/JPEG files found under " + s.input()
                    + " (looked for *.png, *.jpg, *.jpeg in any letter case, recursively)");
        }
        out.printf(Locale.ROOT, "      %d image file(s) under root %s (%s)%n", listed, s.inputRoot(), seconds(t));
        if (!clashes.isEmpty()) {
            out.printf(Locale.ROOT, "      %d output name(s) claimed by several inputs keep their source extension,"
                    + " e.g. %s -> <name>.<ext>.png%n", clashes.size(), clashes.iterator().next());
        }
        OutputLayout layout = base.withClashes(clashes);

        t = System.nanoTime();
        out.printf(Locale.ROOT, "[2/3] processing %d image(s): %s (channels %s, batches of up to %d) -> %s%n",
                listed, s.pipeline().spec(), s.options().channels().name().toLowerCase(Locale.ROOT),
                s.options().batchSize(), s.images());
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        ImageWriter.writableFileSystem(s.images(), hadoop).delete(s.images(), true);
        Dataset<Row> processed = DiffVisionFrames.apply(files, s.options());
        Broadcast<SerializableConfiguration> conf = SerializableConfiguration.broadcast(spark.sparkContext(),
                new Configuration(hadoop));
        ImageWriter writer = new ImageWriter(conf, layout, s.images().toString(), processed.schema());
        processed.mapPartitions(writer, Encoders.row(Manifest.SCHEMA))
                .write().mode(SaveMode.Overwrite).parquet(s.manifest().toString());
        long processingNanos = System.nanoTime() - t;
        out.printf(Locale.ROOT, "      done (%s)%n", seconds(t));

        t = System.nanoTime();
        out.printf(Locale.ROOT, "[3/3] reading back the manifest %s%n", s.manifest());
        Dataset<Row> manifest = spark.read().parquet(s.manifest().toString());
        Row agg = manifest.agg(count(lit(1)), count(col(Manifest.OUTPUT_PATH)),
                array_sort(collect_set(col(Manifest.DEVICE)))).first();
        List<Row> firstErrors = manifest.where(col(Manifest.ERROR).isNotNull())
                .select(Manifest.SOURCE_PATH, Manifest.ERROR).orderBy(Manifest.SOURCE_PATH)
                .limit(SHOWN_ERRORS).collectAsList();
        Totals totals = new Totals(listed, agg.getLong(0), agg.getLong(1), agg.<String>getList(2), firstErrors);
        out.printf(Locale.ROOT, "      done (%s)%n", seconds(t));

        report(spark, s, totals, processingNanos, System.nanoTime() - start);
        if (totals.rows() != totals.listed()) {
            err.printf(Locale.ROOT, "%s: the manifest holds %d rows for %d input files%n", name, totals.rows(), totals.listed());
            return ExitCodes.FAILURE;
        }
        if (totals.ok() == 0) {
            err.printf(Locale.ROOT, "%s: every row failed (see the errors above)%n", name);
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private void report(SparkSession spark, Settings s, Totals totals, long processingNanos, long wallNanos) {
        double processing = processingNanos / 1e9;
        double wall = wallNanos / 1e9;
        String engine;
        try {
            engine = DiffVisionEngine.start().describe();
        } catch (RuntimeException | LinkageError e) {
            engine = "not loaded in the driver (" + e.getMessage() + ")";
        }
        var sc = spark.sparkContext();
        String rule = "-".repeat(78);
        out.println(rule);
        out.println("DiffVision PipelineJob report");
        out.printf(Locale.ROOT, "  pipeline     %s%n", s.pipeline().spec());
        out.printf(Locale.ROOT, "  rows         %d in, %d ok, %d failed%n", totals.rows(), totals.ok(), totals.rows() - totals.ok());
        out.printf(Locale.ROOT, "  wall time    %.2f s (processing %.2f s)%n", wall, processing);
        out.printf(Locale.ROOT, "  throughput   %.1f images/s while processing, %.1f images/s overall%n",
                totals.rows() / processing, totals.rows() / wall);
        out.printf(Locale.ROOT, "  device(s)    %s%n", totals.devices().isEmpty() ? "none" : String.join(", ", totals.devices()));
        out.printf(Locale.ROOT, "  engine       %s%n", engine);
        out.printf(Locale.ROOT, "  spark        %s, %s, default parallelism %d%n", sc.master(), sc.applicationId(),
                sc.defaultParallelism());
        out.printf(Locale.ROOT, "  images       %s (%d PNG)%n", s.images(), totals.ok());
        out.printf(Locale.ROOT, "  manifest     %s (Parquet, %d rows)%n", s.manifest(), totals.rows());
        if (!totals.firstErrors().isEmpty()) {
            out.printf(Locale.ROOT, "  errors       first %d of %d:%n", totals.firstErrors().size(), totals.rows() - totals.ok());
            for (Row r : totals.firstErrors()) {
                out.printf(Locale.ROOT, "    %s: %s%n", r.getString(0), abbreviate(r.getString(1), 160));
            }
        }
        out.println(rule);
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /**
     * @param e a failure
     * @return the innermost cause's message, which is what a user can act on (Spark wraps task failures)
     */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root == e ? String.valueOf(message) : root.getClass().getSimpleName() + ": " + message;
    }
}
