package dev.diffvision.spark.train;

import org.apache.spark.BarrierTaskContext;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

/**
 * The body of one barrier-mode task: all of a run's steps in a single stage. Each step every task evaluates
 * its partition, {@code BarrierTaskContext.allGather} hands every task every partition's {@link Evaluation}
 * (in partition order), and every task merges them in that order and applies the same update, so the
 * parameters stay bit-identical across tasks without a driver round trip.
 *
 * <p>When any task fails Spark restarts the whole stage. The new attempt starts from the latest checkpoint:
 * partition 0 reads it and sends it to the others through one {@code allGather}, so every task resumes from
 * the same state even while a task of the failed attempt may still be writing; partition 0 alone writes
 * checkpoints and returns the {@link TrainingResult}.
 *
 * @param <T> the row type
 */
final class BarrierSteps<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final PartitionObjective<T> objective;
    private final UpdateRule rule;
    private final int steps;
    private final Checkpoints checkpoints;
    private final double[] initial;

    /**
     * @param objective the objective
     * @param rule the update rule
     * @param steps the total number of updates
     * @param checkpoints where states are saved and resumed from
     * @param initial the parameters to start from when there is no checkpoint
     */
    BarrierSteps(PartitionObjective<T> objective, UpdateRule rule, int steps, Checkpoints checkpoints, double[] initial) {
        this.objective = objective;
        this.rule = rule;
        this.steps = steps;
        this.checkpoints = checkpoints;
        this.initial = initial;
    }

    /**
     * Runs every step on this task's partition.
     *
     * @param partition the partition's rows
     * @return the result from partition 0, nothing from the others
     */
    Iterator<TrainingResult> run(Iterator<T> partition) {
        BarrierTaskContext context = BarrierTaskContext.get();
        List<T> rows = new ArrayList<>();
        partition.forEachRemaining(rows::add);
        boolean leader = context.partitionId() == 0;
        try (PartitionEvaluator<T> evaluator = new PartitionEvaluator<>(objective, rows)) {
            OptimizerState state = agreeOnStart(context, leader);
            int resumedFrom = state.step();
            while (state.step() < steps) {
                String[] all = context.allGather(evaluator.evaluate(state.parameters()).toBase64());
                Evaluation total = Evaluation.empty(initial.length);
                for (String one : all) {
                    total = total.merge(Evaluation.fromBase64(one));
                }
                state = state.next(rule, total);
                if (leader && checkpoints.due(state.step())) {
                    checkpoints.write(state);
                }
            }
            return leader ? List.of(TrainingResult.of(state, resumedFrom)).iterator() : List.<TrainingResult>of().iterator();
        }
    }

    private OptimizerState agreeOnStart(BarrierTaskContext context, boolean leader) {
        String mine = leader
                ? Base64.getEncoder().encodeToString(
                        checkpoints.latest().orElseGet(() -> OptimizerState.start(initial, rule)).toBytes())
                : "";
        return OptimizerState.fromBytes(Base64.getDecoder().decode(context.allGather(mine)[0]));
    }
}
