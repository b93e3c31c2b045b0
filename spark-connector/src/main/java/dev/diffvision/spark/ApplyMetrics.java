package dev.diffvision.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

/**
 * Row and batch counts of {@link DiffVisionFrames#apply}, kept in Spark accumulators: registered on the driver
 * when the apply is built, added to by the executors, readable on the driver after an action.
 *
 * <p>Accumulators updated inside a transformation count every evaluation: read them after one action on the
 * result (cache the result first if you run several actions on it).
 *
 * <pre>{@code
 * ApplyMetrics metrics = ApplyMetrics.register(spark.sparkContext());
 * DiffVisionFrames.apply(files, options, metrics).write().parquet("out");
 * System.out.println(metrics);   // rows=1000 succeeded=970 batches=64 UNDECODABLE=20 OVERSIZED=10
 * }</pre>
 */
public final class ApplyMetrics implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LongAccumulator rows;
    private final LongAccumulator succeeded;
    private final LongAccumulator batches;
    private final EnumMap<ErrorKind, LongAccumulator> failures = new EnumMap<>(ErrorKind.class);

    private ApplyMetrics(SparkContext context) {
        rows = context.longAccumulator("diffvision.rows");
        succeeded = context.longAccumulator("diffvision.succeeded");
        batches = context.longAccumulator("diffvision.batches");
        for (ErrorKind kind : ErrorKind.values()) {
            failures.put(kind, context.longAccumulator("diffvision.failed." + kind.name().toLowerCase()));
        }
    }

    /**
     * Registers a fresh set of accumulators.
     *
     * @param context the driver's context
     * @return metrics at zero
     */
    public static ApplyMetrics register(SparkContext context) {
        return new ApplyMetrics(context);
    }

    /** @return rows processed (in == out) */
    public long rows() {
        return rows.value();
    }

    /** @return rows whose error is null */
    public long succeeded() {
        return succeeded.value();
    }

    /** @return rows with an error, all kinds */
    public long failed() {
        return failures.values().stream().mapToLong(LongAccumulator::value).sum();
    }

    /**
     * @param kind an error kind
     * @return rows that failed for that reason
     */
    public long failed(ErrorKind kind) {
        return failures.get(kind).value();
    }

    /** @return batches run through the pipeline */
    public long batches() {
        return batches.value();
    }

    /** Executor side: one row done. */
    void recordRow(ErrorKind failure) {
        rows.add(1);
        if (failure == null) {
            succeeded.add(1);
        } else {
            failures.get(failure).add(1);
        }
    }

    /** Executor side: one batch run. */
    void recordBatch() {
        batches.add(1);
    }

    /** @return e.g. {@code rows=10 succeeded=8 batches=2 UNDECODABLE=1 REJECTED=1} (kinds with zero left out) */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("rows=" + rows() + " succeeded=" + succeeded() + " batches=" + batches());
        for (Map.Entry<ErrorKind, LongAccumulator> e : failures.entrySet()) {
            if (e.getValue().value() > 0) {
                out.append(' ').append(e.getKey()).append('=').append(e.getValue().value());
            }
        }
        return out.toString();
    }
}
