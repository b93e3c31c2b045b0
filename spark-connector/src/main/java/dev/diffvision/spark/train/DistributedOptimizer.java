package dev.diffvision.spark.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import scala.Function1;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import java.io.Serializable;
import java.util.List;

/**
 * Synchronous data-parallel minimisation of shared parameters over the rows of an RDD: every step, each
 * partition computes the mean loss and gradient of a {@link PartitionObjective} on its rows, the evaluations
 * are combined weighted by row count (so N partitions take exactly the step one process holding every row
 * would take, up to float rounding), and an {@link UpdateRule} (SGD with momentum, Adam) updates the
 * parameters. Two strategies:
 * <ul>
 *   <li>{@link Strategy#BARRIER}: one barrier stage ({@code rdd.barrier().mapPartitions}) whose tasks loop over
 *       all steps, exchanging evaluations with {@code BarrierTaskContext.allGather} and each applying the same
 *       update. Fast, but it needs a task slot per partition, and any task failure restarts the whole stage:
 *       set {@link Builder#optCheckpoints checkpoints} so the new attempt resumes from the latest one.</li>
 *   <li>{@link Strategy#TREE_AGGREGATE}: one {@code treeAggregate} job per step from the driver. Slower, but
 *       ordinary tasks that Spark retries one by one; persist the rows, each step reads them again.</li>
 * </ul>
 * Parameters are a flat vector, float32 on the devices (the objective reshapes them) and float64 on the host,
 * where the update rule runs.
 *
 * <pre>{@code
 * JavaRDD<double[]> rows = ...;                              // e.g. {x1, x2, y}
 * TrainingResult fit = DistributedOptimizer.builder()
 *         .setUpdateRule(UpdateRule.adam(0.05))
 *         .setSteps(200)
 *         .optStrategy(DistributedOptimizer.Strategy.BARRIER)
 *         .optCheckpoints("hdfs:///tmp/fit-checkpoints", 20)
 *         .build()
 *         .minimize(rows, objective, new double[] {0, 0, 0});
 * double[] w = fit.parameters();
 * }</pre>
 */
public final class DistributedOptimizer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How the partitions' evaluations are combined each step. */
    public enum Strategy {
        /** One barrier stage, gradients exchanged with {@code BarrierTaskContext.allGather}. */
        BARRIER,
        /** One {@code treeAggregate} job per step, driven from the driver. */
        TREE_AGGREGATE
    }

    private final UpdateRule rule;
    private final int steps;
    private final Strategy strategy;
    private final String checkpointDir;
    private final int checkpointEvery;
    private final int treeDepth;

    private DistributedOptimizer(Builder b) {
        this.rule = b.rule;
        this.steps = b.steps;
        this.strategy = b.strategy;
        this.checkpointDir = b.checkpointDir;
        this.checkpointEvery = b.checkpointEvery;
        this.treeDepth = b.treeDepth;
    }

    /** @return a builder; {@link Builder#setUpdateRule} and {@link Builder#setSteps} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Minimises the mean of {@code objective} over all rows, starting from {@code initial} (or from the latest
     * checkpoint, when checkpoints are set and one exists).
     *
     * @param rows the rows; for {@link Strategy#BARRIER} at most as many partitions as the cluster has task slots
     * @param objective the per-partition objective
     * @param initial the starting parameters, at least one
     * @param <T> the row type
     * @return the final parameters and the loss history
     * @throws IllegalArgumentException if there are no parameters or no rows
     */
    public <T> TrainingResult minimize(JavaRDD<T> rows, PartitionObjective<T> objective, double[] initial) {
        requireParameters(initial);
        Configuration conf = rows.context().hadoopConfiguration();
        Checkpoints checkpoints = checkpointDir == null ? Checkpoints.none()
                : new Checkpoints(checkpointDir, checkpointEvery, conf);
        if (strategy == Strategy.TREE_AGGREGATE) {
            return new TreeAggregateSteps<>(objective, rule, steps, checkpoints, treeDepth).run(rows, initial);
        }
        BarrierSteps<T> body = new BarrierSteps<>(objective, rule, steps, checkpoints, initial.clone());
        Function1<scala.collection.Iterator<T>, scala.collection.Iterator<TrainingResult>> task =
                (Function1<scala.collection.Iterator<T>, scala.collection.Iterator<TrainingResult>> & Serializable)
                        in -> CollectionConverters.asScala(body.run(CollectionConverters.asJava(in)));
        ClassTag<TrainingResult> tag = ClassTag$.MODULE$.apply(TrainingResult.class);
        // The shuffle makes the barrier stage a shuffle-map stage: Spark retries a failed one as a whole, where a
        // failed barrier result stage is never retried. Only partition 0's result crosses it.
        List<TrainingResult> out = rows.rdd().barrier().mapPartitions(task, false, tag).toJavaRDD().repartition(1)
                .collect();
        return out.get(0);
    }

    /**
     * {@link #minimize(JavaRDD, PartitionObjective, double[])} over a Dataset's rows.
     *
     * @param rows the rows
     * @param objective the per-partition objective
     * @param initial the starting parameters
     * @param <T> the row type
     * @return the final parameters and the loss history
     */
    public <T> TrainingResult minimize(Dataset<T> rows, PartitionObjective<T> objective, double[] initial) {
        return minimize(rows.javaRDD(), objective, initial);
    }

    /**
     * The same steps in this JVM over one list, as a single process would take them: the reference the
     * distributed strategies are held to, and a way to fit small data without a cluster.
     *
     * @param rows every row, at least one
     * @param objective the objective
     * @param initial the starting parameters, at least one
     * @param <T> the row type
     * @return the final parameters and the loss history (checkpoints are not used)
     */
    public <T> TrainingResult minimizeInProcess(List<T> rows, PartitionObjective<T> objective, double[] initial) {
        requireParameters(initial);
        OptimizerState state = OptimizerState.start(initial, rule);
        try (PartitionEvaluator<T> evaluator = new PartitionEvaluator<>(objective, rows)) {
            while (state.step() < steps) {
                state = state.next(rule, evaluator.evaluate(state.parameters()));
            }
        }
        return TrainingResult.of(state, 0);
    }

    private static void requireParameters(double[] initial) {
        if (initial == null || initial.length == 0) {
            throw new IllegalArgumentException("DistributedOptimizer: expected at least one initial parameter, got none");
        }
    }

    /** Builds a {@link DistributedOptimizer}; DJL's convention: {@code setXxx} required, {@code optXxx} optional. */
    public static final class Builder {
        private UpdateRule rule;
        private int steps = -1;
        private Strategy strategy = Strategy.BARRIER;
        private String checkpointDir;
        private int checkpointEvery = 1;
        private int treeDepth = 2;

        private Builder() {}

        /**
         * @param updateRule e.g. {@link UpdateRule#adam(double)}
         * @return this builder
         */
        public Builder setUpdateRule(UpdateRule updateRule) {
            this.rule = updateRule;
            return this;
        }

        /**
         * @param count the number of updates, >= 1
         * @return this builder
         */
        public Builder setSteps(int count) {
            this.steps = count;
            return this;
        }

        /**
         * @param how {@link Strategy#BARRIER} (the default) or {@link Strategy#TREE_AGGREGATE}
         * @return this builder
         */
        public Builder optStrategy(Strategy how) {
            this.strategy = how;
            return this;
        }

        /**
         * Saves the optimizer state every {@code every} steps and resumes from the latest save: in barrier mode
         * after a stage restart, in both modes when {@code minimize} is called again on the same directory.
         *
         * @param directory a Hadoop path, e.g. {@code hdfs:///tmp/run-1} or {@code file:///tmp/run-1}
         * @param every the interval in steps, >= 1
         * @return this builder
         */
        public Builder optCheckpoints(String directory, int every) {
            this.checkpointDir = directory;
            this.checkpointEvery = every;
            return this;
        }

        /**
         * @param depth the depth of {@code treeAggregate}'s tree, >= 1 (default 2)
         * @return this builder
         */
        public Builder optTreeDepth(int depth) {
            this.treeDepth = depth;
            return this;
        }

        /**
         * @return the optimizer
         * @throws IllegalArgumentException if a setting is missing or out of range
         */
        public DistributedOptimizer build() {
            if (rule == null) {
                throw new IllegalArgumentException("DistributedOptimizer: expected an update rule, got none");
            }
            if (steps < 1) {
                throw new IllegalArgumentException("DistributedOptimizer: expected steps >= 1, got " + steps);
            }
            if (strategy == null) {
                throw new IllegalArgumentException("DistributedOptimizer: expected a strategy (BARRIER, TREE_AGGREGATE), got none");
            }
            if (checkpointEvery < 1) {
                throw new IllegalArgumentException("DistributedOptimizer: expected checkpoint interval >= 1, got "
                        + checkpointEvery);
            }
            if (treeDepth < 1) {
                throw new IllegalArgumentException("DistributedOptimizer: expected tree depth >= 1, got " + treeDepth);
            }
            return new DistributedOptimizer(this);
        }
    }
}
