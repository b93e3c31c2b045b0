package dev.diffvision.jobs;

import dev.diffvision.ops.registry.Pipeline;
import dev.diffvision.spark.ApplyOptions;
import dev.diffvision.spark.DiffVisionFrames;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

/**
 * One run of {@link PipelineJob} after validation, in three stages that each print a line:
 * {@code [1/3]} the input is listed on the driver (Spark's {@code binaryFile} source: a folder recursively, files
 * ending in {@code .png}, {@code .jpg} or {@code .jpeg} in any case, or a glob, or the files of an input list),
 * output-name clashes are resolved, and in mode skip-existing inputs whose files all exist are set aside;
 * {@code [2/3]} the rows go through {@link DiffVisionFrames#apply} on the executors, {@link OutputWriter} writes
 * their files, the {@code parquet} format's tensors are written with Spark's output committer, and then the
 * {@link Manifest} (also with the committer); {@code [3/3]} the manifest is read back for {@link JobReport}.
 */
final class PipelineRun {

    /** The {@code binaryFile} file-name filter for folder and glob inputs: PNG and JPEG in any letter case. */
    static final String IMAGE_FILES = "*.{[pP][nN][gG],[jJ][pP][gG],[jJ][pP][eE][gG]}";

    /**
     * The validated input.
     *
     * @param given the qualified {@code --input} path or {@code --input-list} file
     * @param root the folder output paths are relative to
     * @param list the files of an input list; empty for {@code --input}
     */
    record Inputs(Path given, Path root, List<Path> list) {}

    /**
     * The validated outputs.
     *
     * @param root the qualified output root
     * @param formats what to write, in the order given, without repeats
     * @param mode what to do with earlier outputs
     * @param jpegQuality 0 to 1
     */
    record Outputs(Path root, List<OutputFormat> formats, WriteMode mode, float jpegQuality) {
        /** @return {@code <root>/images}, where files go */
        Path images() {
            return new Path(root, "images");
        }

        /** @return {@code <root>/manifest} */
        Path manifest() {
            return new Path(root, "manifest");
        }

        /** @return {@code <root>/tensors}, the {@code parquet} format's dataset */
        Path tensors() {
            return new Path(root, "tensors");
        }

        /** @return the staging folder of {@link StagedFiles} */
        Path staging() {
            return new Path(root, StagedFiles.STAGING);
        }

        /** @return the folders the job writes and, in mode overwrite, replaces */
        List<Path> owned() {
            return List.of(images(), manifest(), tensors(), staging());
        }

        /** @return the file formats, in order */
        List<OutputFormat> files() {
            return formats.stream().filter(OutputFormat::isFile).toList();
        }

        /** @return whether the {@code parquet} format is asked for */
        boolean parquet() {
            return formats.contains(OutputFormat.PARQUET);
        }
    }

    /**
     * Everything validation established.
     *
     * @param inputs the input
     * @param outputs the outputs
     * @param options the connector's options
     * @param pipeline the parsed pipeline
     */
    record Settings(Inputs inputs, Outputs outputs, ApplyOptions options, Pipeline pipeline) {}

    private final SparkSession spark;
    private final Settings s;
    private final PrintStream out;
    private final PrintStream err;
    private final String name;

    /**
     * @param spark the session to run in
     * @param settings the validated settings
     * @param out progress and report
     * @param err problems
     * @param name the command's name for messages
     */
    PipelineRun(SparkSession spark, Settings settings, PrintStream out, PrintStream err, String name) {
        this.spark = spark;
        this.s = settings;
        this.out = out;
        this.err = err;
        this.name = name;
    }

    /**
     * Runs the three stages and prints the report.
     *
     * @param start {@link System#nanoTime()} when the job started
     * @return {@link ExitCodes#OK}, or {@link ExitCodes#FAILURE} when the manifest is incomplete or every row failed
     * @throws UsageException when a folder or glob holds no image file
     * @throws IOException when the output cannot be prepared
     */
    int run(long start) throws UsageException, IOException {
        Outputs o = s.outputs();
        long t = System.nanoTime();
        out.printf(Locale.ROOT, "[1/3] listing %s%n", s.inputs().list().isEmpty()
                ? s.inputs().given() + " (PNG/JPEG, recursive)" : s.inputs().given() + " (input list)");
        Dataset<Row> files = read();
        // The file index lists (and filters) the input once, on the driver; the scan below reuses it.
        // inputFiles() gives URIs (percent-encoded); the path column gives Path strings: compare as Paths.
        List<String> sources = new ArrayList<>();
        for (String file : files.inputFiles()) {
            sources.add(new Path(URI.create(file)).toString());
        }
        if (sources.isEmpty()) {
            throw new UsageException("no PNG/JPEG files found under " + s.inputs().given()
                    + " (looked for *.png, *.jpg, *.jpeg in any letter case, recursively)");
        }
        OutputLayout layout = layout(sources);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        FileSystem fs = StagedFiles.fileSystem(o.root(), hadoop);
        fs.delete(o.staging(), true); // what a killed earlier run left
        if (o.mode() == WriteMode.OVERWRITE) {
            fs.delete(o.images(), true);
            fs.delete(o.tensors(), true);
        }
        List<Row> skipped = o.mode() == WriteMode.SKIP_EXISTING ? skipped(fs, layout, sources) : List.of();
        out.printf(Locale.ROOT, "      %d input file(s) under root %s%s (%s)%n", sources.size(), s.inputs().root(),
                skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped (outputs exist)", seconds(t));
        long listing = System.nanoTime() - t;

        t = System.nanoTime();
        out.printf(Locale.ROOT, "[2/3] processing %d image(s): %s (channels %s, batches of up to %d) -> %s %s%n",
                sources.size() - skipped.size(), s.pipeline().spec(),
                s.options().channels().name().toLowerCase(Locale.ROOT), s.options().batchSize(), o.root(),
                o.formats().stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
        try {
            write(files, layout, skipped, hadoop);
        } finally {
            fs.delete(o.staging(), true); // also what failed tasks of a failed job left
        }
        long processing = System.nanoTime() - t;
        out.printf(Locale.ROOT, "      done (%s)%n", seconds(t));

        t = System.nanoTime();
        out.printf(Locale.ROOT, "[3/3] reading back the manifest %s%n", o.manifest());
        JobReport report = JobReport.of(spark.read().parquet(o.manifest().toString()));
        out.printf(Locale.ROOT, "      done (%s)%n", seconds(t));
        long reading = System.nanoTime() - t;

        report.print(out, spark, s, new long[] {listing, processing, reading}, System.nanoTime() - start);
        if (report.rows() != sources.size()) {
            err.printf(Locale.ROOT, "%s: the manifest holds %d rows for %d input files%n", name, report.rows(),
                    sources.size());
            return ExitCodes.FAILURE;
        }
        if (report.failed() == report.rows()) {
            err.printf(Locale.ROOT, "%s: every row failed (see the errors above)%n", name);
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private Dataset<Row> read() {
        if (s.inputs().list().isEmpty()) {
            return spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                    .option("pathGlobFilter", IMAGE_FILES).load(s.inputs().given().toString());
        }
        return spark.read().format("binaryFile")
                .load(s.inputs().list().stream().map(p -> OutputLayout.escapeGlob(p.toString())).toArray(String[]::new));
    }

    /** The layout, with the output stems claimed by several inputs resolved. */
    private OutputLayout layout(List<String> sources) {
        OutputLayout base = new OutputLayout(s.inputs().root().toString(), s.outputs().images().toString(), Set.of());
        Map<String, Integer> claims = new HashMap<>();
        for (String source : sources) {
            claims.merge(base.baseStem(source), 1, Integer::sum);
        }
        Set<String> clashes = new HashSet<>();
        claims.forEach((stem, n) -> {
            if (n > 1) {
                clashes.add(stem);
            }
        });
        if (!clashes.isEmpty()) {
            out.printf(Locale.ROOT, "      %d output name(s) claimed by several inputs keep their source extension,"
                    + " e.g. %s -> <name>.<ext>.<format>%n", clashes.size(), clashes.iterator().next());
        }
        return base.withClashes(clashes);
    }

    /** Manifest rows for the sources whose every output file exists (one listing of the images folder). */
    private List<Row> skipped(FileSystem fs, OutputLayout layout, List<String> sources) throws IOException {
        Set<String> existing = new HashSet<>();
        if (fs.exists(s.outputs().images())) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(s.outputs().images(), true);
            while (it.hasNext()) {
                existing.add(it.next().getPath().toString());
            }
        }
        List<Row> rows = new ArrayList<>();
        List<OutputFormat> formats = s.outputs().files();
        for (String source : sources) {
            if (formats.stream().allMatch(f -> existing.contains(layout.outputPath(source, f)))) {
                rows.add(RowFactory.create(source, layout.outputPath(source, formats.get(0)), null, Manifest.SKIPPED,
                        null, null, null));
            }
        }
        return rows;
    }

    private void write(Dataset<Row> files, OutputLayout layout, List<Row> skipped, Configuration hadoop) {
        Outputs o = s.outputs();
        Dataset<Row> todo = files;
        if (!skipped.isEmpty()) {
            todo = files.where(not(col("path").isin(skipped.stream().map(r -> r.get(0)).toArray())));
        }
        Dataset<Row> processed = DiffVisionFrames.apply(todo, s.options());
        Broadcast<SerializableConfiguration> conf = SerializableConfiguration.broadcast(spark.sparkContext(),
                new Configuration(hadoop));
        OutputWriter writer = new OutputWriter(conf, new OutputWriter.Target(layout, o.staging().toString(),
                o.files(), o.parquet(), o.jpegQuality()), processed.schema());
        Dataset<Row> written = processed.mapPartitions(writer, Encoders.row(writer.schema()));
        if (!skipped.isEmpty()) {
            written = written.union(spark.createDataFrame(skipped, Manifest.SCHEMA));
        }
        if (o.parquet()) {
            // Cached so that the tensors and the manifest come from one pass over the images.
            written = written.persist(StorageLevel.MEMORY_AND_DISK());
        }
        try {
            if (o.parquet()) {
                written.where(col(Manifest.STATUS).equalTo(Manifest.OK))
                        .select(Manifest.SOURCE_PATH, Manifest.SHAPE, Manifest.TENSOR)
                        .write().mode(SaveMode.Overwrite).parquet(o.tensors().toString());
            }
            written.drop(Manifest.TENSOR).write().mode(SaveMode.Overwrite).parquet(o.manifest().toString());
        } finally {
            written.unpersist();
        }
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
