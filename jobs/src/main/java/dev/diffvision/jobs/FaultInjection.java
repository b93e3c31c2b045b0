package dev.diffvision.jobs;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * A test hook for retry semantics: when the Spark property {@value #KEY} names a partition number, the first
 * attempt of the task writing that partition fails after its first row is written, so that Spark retries it
 * (it needs {@code spark.task.maxFailures >= 2}, e.g. master {@code local[2,2]}). Unset, as in every real run,
 * it does nothing. Read on the executor, from the application's Spark configuration.
 */
final class FaultInjection {

    /** The Spark property naming the partition whose first attempt fails. */
    static final String KEY = "spark.diffvision.test.failFirstAttemptOfPartition";

    private FaultInjection() {}

    /**
     * @return whether the running task is the one to fail: its partition is {@value #KEY} and this is its first
     *     attempt
     */
    static boolean armed() {
        TaskContext task = TaskContext.get();
        SparkEnv env = SparkEnv.get();
        if (task == null || env == null || !env.conf().contains(KEY)) {
            return false;
        }
        return task.attemptNumber() == 0 && task.partitionId() == env.conf().getInt(KEY, -1);
    }

    /**
     * Fails the task.
     *
     * @throws IllegalStateException always, naming the hook
     */
    static void fail() {
        throw new IllegalStateException("injected failure (" + KEY + ") of partition "
                + TaskContext.get().partitionId() + ", attempt " + TaskContext.get().attemptNumber());
    }
}
