package dev.diffvision.jobs;

import dev.diffvision.ops.core.DiffVisionEngine;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * {@link PipelineJob}'s closing report, computed from the manifest it wrote: rows in / ok / failed / skipped,
 * throughput, wall time per stage, the devices each executor used, the engine, where results went, and the
 * first few errors.
 *
 * <pre>
 * DiffVision PipelineJob report
 *   pipeline     sobel(normalized=false, eps=1.0E-6)
 *   rows         6 in, 5 ok, 1 failed, 0 skipped
 *   wall time    7.12 s: listing 0.61 s, processing 4.80 s, report 0.90 s
 *   throughput   1.0 images/s while processing, 0.8 images/s overall
 *   devices      by executor:
 *     executor driver: cpu()
 * </pre>
 *
 * @param rows manifest rows
 * @param ok rows with status ok
 * @param failed rows with status failed
 * @param skipped rows with status skipped
 * @param devices one row per executor: its id and the sorted distinct devices its batches ran on
 * @param firstErrors up to five {@code (source_path, error)} rows, by source
 */
record JobReport(long rows, long ok, long failed, long skipped, List<Row> devices, List<Row> firstErrors) {

    private static final int SHOWN_ERRORS = 5;

    /**
     * Reads the numbers from a manifest.
     *
     * @param manifest the manifest just written ({@link Manifest#SCHEMA})
     * @return the report
     */
    static JobReport of(Dataset<Row> manifest) {
        Row agg = manifest.agg(count(lit(1)), count(when(col(Manifest.STATUS).equalTo(Manifest.OK), 1)),
                count(when(col(Manifest.STATUS).equalTo(Manifest.FAILED), 1)),
                count(when(col(Manifest.STATUS).equalTo(Manifest.SKIPPED), 1))).first();
        List<Row> devices = manifest.where(col(Manifest.EXECUTOR).isNotNull()).groupBy(Manifest.EXECUTOR)
                .agg(array_sort(collect_set(col(Manifest.DEVICE)))).orderBy(Manifest.EXECUTOR).collectAsList();
        List<Row> firstErrors = manifest.where(col(Manifest.ERROR).isNotNull())
                .select(Manifest.SOURCE_PATH, Manifest.ERROR).orderBy(Manifest.SOURCE_PATH)
                .limit(SHOWN_ERRORS).collectAsList();
        return new JobReport(agg.getLong(0), agg.getLong(1), agg.getLong(2), agg.getLong(3), devices, firstErrors);
    }

    /**
     * Prints the report.
     *
     * @param out where to
     * @param spark the session the job ran in
     * @param s the job's settings
     * @param stageNanos wall time of listing, processing (with writing) and reading back, in nanoseconds
     * @param wallNanos the whole job's wall time, validation and Spark start-up included
     */
    void print(PrintStream out, SparkSession spark, PipelineRun.Settings s, long[] stageNanos, long wallNanos) {
        double processing = stageNanos[1] / 1e9;
        double wall = wallNanos / 1e9;
        long processed = ok + failed;
        String engine;
        try {
            engine = DiffVisionEngine.start().describe();
        } catch (RuntimeException | LinkageError e) {
            engine = "not loaded in the driver (" + e.getMessage() + ")";
        }
        SparkContext sc = spark.sparkContext();
        PipelineRun.Outputs o = s.outputs();
        String rule = "-".repeat(78);
        out.println(rule);
        out.println("DiffVision PipelineJob report");
        out.printf(Locale.ROOT, "  pipeline     %s%n", s.pipeline().spec());
        out.printf(Locale.ROOT, "  rows         %d in, %d ok, %d failed, %d skipped%n", rows, ok, failed, skipped);
        out.printf(Locale.ROOT, "  wall time    %.2f s: listing %.2f s, processing %.2f s, report %.2f s%n", wall,
                stageNanos[0] / 1e9, processing, stageNanos[2] / 1e9);
        out.printf(Locale.ROOT, "  throughput   %.1f images/s while processing, %.1f images/s overall%n",
                processed / processing, processed / wall);
        out.printf(Locale.ROOT, "  devices      %s%n", devices.isEmpty() ? "none (nothing processed)" : "by executor:");
        for (Row r : devices) {
            out.printf(Locale.ROOT, "    executor %s: %s%n", r.getString(0), String.join(", ", r.<String>getList(1)));
        }
        out.printf(Locale.ROOT, "  engine       %s%n", engine);
        out.printf(Locale.ROOT, "  spark        %s, %s, default parallelism %d%n", sc.master(), sc.applicationId(),
                sc.defaultParallelism());
        if (!o.files().isEmpty()) {
            out.printf(Locale.ROOT, "  files        %s (%s)%n", o.images(),
                    String.join(", ", o.files().stream().map(OutputFormat::extension).toList()));
        }
        if (o.parquet()) {
            out.printf(Locale.ROOT, "  tensors      %s (Parquet, %d rows)%n", o.tensors(), ok);
        }
        out.printf(Locale.ROOT, "  manifest     %s (Parquet, %d rows)%n", o.manifest(), rows);
        if (!firstErrors.isEmpty()) {
            out.printf(Locale.ROOT, "  errors       first %d of %d:%n", firstErrors.size(), failed);
            for (Row r : firstErrors) {
                out.printf(Locale.ROOT, "    %s: %s%n", r.getString(0), abbreviate(r.getString(1), 160));
            }
        }
        out.println(rule);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
