package dev.diffvision.benchmarks;

import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.core.EngineConfig;
import dev.diffvision.spark.ResizePrecision;
import dev.diffvision.spark.ml.VisionTransformer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * The connector's throughput benchmark (scripts/bench-transformer.sh): images/s of decode -> resize 224 ->
 * {@code rgb_to_grayscale} -> {@code sobel} -> PNG encode over a folder of PNG/JPEG files, by three paths:
 * <ol>
 *   <li>{@code direct}: {@link DirectEdges} in this JVM (1 libtorch thread), files read and cut into batches;</li>
 *   <li>{@code VisionTransformer}: {@code binaryFile} source -> {@link VisionTransformer}
 *       ({@code setResizeTo(224, 224)}, {@code png} output) in a {@code local-cluster[E, 1, 1024]} session;</li>
 *   <li>{@code OpenCV UDF}: the same source -> a per-row UDF running {@link OpenCvEdges}, same session.</li>
 * </ol>
 * The paths of one JVM take turns: WARMUP_PASSES unmeasured passes of every path, then MEASURED_PASSES measured ones,
 * a pass of each path over the same files in order, then the next pass of each (all rates printed). Interleaving gives
 * every path the same warm executors: a fresh executor JVM runs its per-batch Java code (DJL's wrappers, packing, the
 * pipeline's plumbing) compiled by the JIT's first tier until that code has run some ten thousand times, and when each
 * path was measured after its own warm-up passes, in a fixed order, the first (B = 1) ran in the least warm JVMs and
 * the last (the OpenCV UDF) in the warmest: with two executors, VisionTransformer at B = 16 measured first ran 451
 * images/s, and B = 1 measured after B = 16 and 64 ran 453-504 (2026-11-27).
 * Spark passes end in one aggregate (rows, errors, output bytes), which runs the whole plan; a pass fails when a
 * row has an error. Each measured pass appends a line to a results file ({@link ThroughputTable#append}).
 *
 * <p>Usage:
 * {@code TransformerBenchmark INPUT_DIR SPARK_HOME BATCH_SIZES MODE WARMUP_PASSES MEASURED_PASSES RESULTS_FILE
 * [RESIZE_PRECISION]}, the pass counts positive, RESIZE_PRECISION {@code float} (default: resize float values) or
 * {@code pixels} (the direct path and VisionTransformer resize the 8-bit pixels, then scale: {@link ResizePrecision}),
 * MODE {@code direct} (path (a), then prints how far the OpenCV outputs are from DiffVision's) or an executor count
 * (paths (b) and (c); one session per JVM: a second local-cluster session in the same JVM got no executors), e.g.
 * {@code TransformerBenchmark out/images target/spark-home 1,16,64 2 3 2 out/rows.tsv}. Executors get this JVM's
 * class path entries that SPARK_HOME/jars lacks, and its {@code --add-opens}, {@code --add-modules},
 * {@code -Dai.djl.*} and {@code -Dlog4j2.*} options.
 */
public final class TransformerBenchmark {

    private static final int SIDE = 224;
    private static final String PIPELINE = "rgb_to_grayscale | sobel";

    private TransformerBenchmark() {}

    /**
     * @param args input folder, SPARK_HOME, comma-separated batch sizes, {@code direct} or an executor count,
     *     warm-up passes and measured passes of every path, results file, optionally {@code float} (default) or
     *     {@code pixels}
     * @throws IOException if the input cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 7 && args.length != 8) {
            throw new IllegalArgumentException("TransformerBenchmark: expected INPUT_DIR SPARK_HOME BATCH_SIZES "
                    + "MODE WARMUP_PASSES MEASURED_PASSES RESULTS_FILE [RESIZE_PRECISION], got "
                    + Arrays.toString(args));
        }
        ResizePrecision precision = args.length == 8 ? precision(args[7]) : ResizePrecision.FLOAT;
        Path folder = Path.of(args[0]);
        List<Path> files = imageFiles(folder);
        Path sparkHome = Path.of(args[1]);
        int[] batches = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int warmups = positive("WARMUP_PASSES", args[4]);
        int measured = positive("MEASURED_PASSES", args[5]);
        Path results = Path.of(args[6]);
        int images = files.size();

        List<Contender> contenders = new ArrayList<>();
        if (args[3].equals(ThroughputTable.DIRECT)) {
            DiffVisionEngine.start(new EngineConfig(1, EngineConfig.fromEnvironment().interOpThreads()));
            for (int batch : batches) {
                contenders.add(new Contender(ThroughputTable.DIRECT, 1, batch,
                        () -> runDirect(files, batch, precision)));
            }
            takeTurns(contenders, warmups, measured, images, results);
            System.err.println(OutputAgreement.describe(files, SIDE));
            return;
        }
        int executors = Integer.parseInt(args[3]);
        SparkSession spark = session(executors, sparkHome);
        spark.udf().register("opencv_edges", new OpenCvEdges(SIDE), DataTypes.BinaryType);
        try {
            for (int batch : batches) {
                contenders.add(new Contender("VisionTransformer", executors, batch,
                        () -> runTransformer(spark, folder, images, batch, precision)));
            }
            contenders.add(new Contender(ThroughputTable.OPENCV, executors, 1, () -> runOpenCv(spark, folder, images)));
            takeTurns(contenders, warmups, measured, images, results);
        } finally {
            spark.stop();
        }
    }

    /** One path of the comparison at one batch size: a pass runs it over every file once. */
    private record Contender(String path, int executors, int batch, Runnable pass) {}

    /**
     * Runs {@code warmups} unmeasured passes of every contender, then {@code measured} passes appended to the results
     * file: one pass of each contender in order, then the next.
     */
    private static void takeTurns(List<Contender> contenders, int warmups, int measured, int images, Path results) {
        for (int pass = 1; pass <= warmups + measured; pass++) {
            boolean warmUp = pass <= warmups;
            for (Contender c : contenders) {
                ThroughputTable.Row row = timed((warmUp ? "warm-up " + pass + ": " : "") + c.path(), c, images);
                if (!warmUp) {
                    ThroughputTable.append(results, row);
                }
            }
        }
    }

    private static ThroughputTable.Row timed(String label, Contender c, int images) {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long start = System.nanoTime();
        c.pass().run();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ROOT, "%s, %d executor(s), batch %d: %.1f images/s%n", label, c.executors(),
                c.batch(), images / seconds);
        return new ThroughputTable.Row(c.path(), c.executors(), c.batch(), images, seconds, load);
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException("TransformerBenchmark: expected " + name + " >= 1, got " + n);
        }
        return n;
    }

    private static ResizePrecision precision(String name) {
        return switch (name) {
            case "float" -> ResizePrecision.FLOAT;
            case "pixels" -> ResizePrecision.PIXELS;
            default -> throw new IllegalArgumentException("TransformerBenchmark: expected RESIZE_PRECISION float or "
                    + "pixels, got '" + name + "'");
        };
    }

    private static void runDirect(List<Path> files, int batch, ResizePrecision precision) {
        DirectEdges edges = new DirectEdges(SIDE, precision);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int from = 0; from < files.size(); from += batch) {
                List<byte[]> encoded = new ArrayList<>(batch);
                for (Path f : files.subList(from, Math.min(files.size(), from + batch))) {
                    encoded.add(read(f));
                }
                edges.apply(encoded, manager);
            }
        }
    }

    /** Runs VisionTransformer over the folder's files, {@code images} of them. */
    private static void runTransformer(SparkSession spark, Path folder, int images, int batch,
                                       ResizePrecision precision) {
        Dataset<Row> out = new VisionTransformer().setInputCol("content").setOutputCol("edges")
                .setPipeline(PIPELINE).setResizeTo(SIDE, SIDE).setOutputFormat("png").setBatchSize(batch)
                .setResizePrecision(precision.name()).transform(source(spark, folder));
        check(out.agg(count(lit(1)), count(col("error")), sum(length(col("edges")))).first(), images);
    }

    /** Runs the OpenCV UDF over the folder's files, {@code images} of them. */
    private static void runOpenCv(SparkSession spark, Path folder, int images) {
        Column edges = callUDF("opencv_edges", col("content"));
        check(source(spark, folder).agg(count(lit(1)), lit(0L), sum(length(edges))).first(), images);
    }

    private static Dataset<Row> source(SparkSession spark, Path folder) {
        return spark.read().format("binaryFile").option("pathGlobFilter", "*.{png,jpg,jpeg}").load(folder.toString());
    }

    private static void check(Row counts, int images) {
        if (counts.getLong(0) != images || counts.getLong(1) != 0 || counts.isNullAt(2)) {
            throw new IllegalStateException("TransformerBenchmark: expected " + images
                    + " rows without errors, got rows, errors, output bytes = " + counts);
        }
    }

    private static SparkSession session(int executors, Path sparkHome) {
        Set<String> assembled = Set.of(sparkHome.resolve("jars").toFile().list());
        String ownClasses = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> new File(entry).getAbsoluteFile())   // executors run in their own work folders
                .filter(entry -> entry.isDirectory() || !assembled.contains(entry.getName()))
                .map(File::getPath).collect(Collectors.joining(File.pathSeparator));
        String javaOptions = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-Dai.djl.")
                        || a.startsWith("-Dlog4j2.")
                        || a.startsWith("-XX:"))   // the same GC and JIT flags as the direct path
                .collect(Collectors.joining(" "));
        SparkSession.Builder builder = SparkSession.builder().appName("diffvision-bench-transformer")
                .master("local-cluster[" + executors + ",1,1024]")
                .config("spark.home", sparkHome.toString())
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.memory", "1g")
                .config("spark.executor.extraClassPath", ownClasses)
                .config("spark.executor.extraJavaOptions", javaOptions)
                // one input split per executor core, however small the files
                .config("spark.sql.files.openCostInBytes", "16384");
        String thp = System.getenv("THP_MEM_ALLOC_ENABLE");
        if (thp != null) {
            builder.config("spark.executorEnv.THP_MEM_ALLOC_ENABLE", thp);
        }
        return builder.getOrCreate();
    }

    private static List<Path> imageFiles(Path folder) throws IOException {
        try (Stream<Path> listing = Files.list(folder)) {
            List<Path> files = listing.filter(p -> p.getFileName().toString().matches(".*\\.(png|jpe?g)"))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("TransformerBenchmark: expected PNG/JPEG files in " + folder
                        + ", got none");
            }
            return files;
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
