package dev.diffvision.spark.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * Steps driven from the driver, one Spark job per step: each partition evaluates the objective at the current
 * parameters (sent with the task), {@code treeAggregate} merges the row-weighted {@link Evaluation}s, and the
 * driver applies the update. Slower than {@link BarrierSteps} (a job and a data preparation per step) but an
 * ordinary stage: a failed task is simply retried. Checkpoints are written by the driver and a run resumes
 * from the latest one.
 *
 * @param <T> the row type
 */
final class TreeAggregateSteps<T> {

    private final PartitionObjective<T> objective;
    private final UpdateRule rule;
    private final int steps;
    private final Checkpoints checkpoints;
    private final int depth;

    /**
     * @param objective the objective
     * @param rule the update rule
     * @param steps the total number of updates
     * @param checkpoints where states are saved and resumed from
     * @param depth the depth of the aggregation tree, >= 1
     */
    TreeAggregateSteps(PartitionObjective<T> objective, UpdateRule rule, int steps, Checkpoints checkpoints, int depth) {
        this.objective = objective;
        this.rule = rule;
        this.steps = steps;
        this.checkpoints = checkpoints;
        this.depth = depth;
    }

    /**
     * @param rows the rows, ideally persisted (each step reads them again)
     * @param initial the parameters to start from when there is no checkpoint
     * @return the result
     */
    TrainingResult run(JavaRDD<T> rows, double[] initial) {
        OptimizerState state = checkpoints.latest().orElseGet(() -> OptimizerState.start(initial, rule));
        int resumedFrom = state.step();
        PartitionObjective<T> f = objective;
        while (state.step() < steps) {
            double[] parameters = state.parameters();
            FlatMapFunction<java.util.Iterator<T>, Evaluation> evaluate = partition -> {
                List<T> list = new ArrayList<>();
                partition.forEachRemaining(list::add);
                try (PartitionEvaluator<T> evaluator = new PartitionEvaluator<>(f, list)) {
                    return List.of(evaluator.evaluate(parameters)).iterator();
                }
            };
            Evaluation total = rows.mapPartitions(evaluate)
                    .treeAggregate(Evaluation.empty(initial.length), Evaluation::merge, Evaluation::merge, depth);
            state = state.next(rule, total);
            if (checkpoints.due(state.step())) {
                checkpoints.write(state);
            }
        }
        return TrainingResult.of(state, resumedFrom);
    }
}
