package dev.diffvision.spark.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.spark.ExecutorRuntime;

import java.util.List;

/**
 * Evaluates a {@link PartitionObjective} on one partition's rows: prepares them once on the task's device
 * (its GPU when it has one, else CPU) and then, per call, creates the float32 parameters, runs
 * {@link PartitionObjective#lossAndGradient} and returns the row-weighted {@link Evaluation}. During a call the
 * prepared data is attached to the call's own manager, so every tensor the objective derives is freed when the
 * call returns; the prepared data itself when this is closed. Tasks of one JVM evaluate one at a time: DJL
 * allows a single gradient collector per JVM.
 *
 * @param <T> the row type
 */
final class PartitionEvaluator<T> implements AutoCloseable {

    /**
     * DJL allows one {@code GradientCollector} per JVM at a time, so tasks sharing an executor take turns
     * differentiating (their data preparation and the exchange between steps still overlap).
     */
    private static final Object AUTOGRAD = new Object();

    private final PartitionObjective<T> objective;
    private final int rowCount;
    private final NDManager manager;
    private final NDList data;

    /**
     * @param objective the objective
     * @param rows the partition's rows; may be empty (then every evaluation is empty)
     */
    PartitionEvaluator(PartitionObjective<T> objective, List<T> rows) {
        this.objective = objective;
        this.rowCount = rows.size();
        ExecutorRuntime.engine();
        this.manager = DiffVisionEngine.newManager(ExecutorRuntime.deviceForTask());
        this.data = rows.isEmpty() ? new NDList() : objective.prepare(rows, manager);
    }

    /**
     * @param parameters the shared parameters
     * @return the partition's loss and gradient at {@code parameters}, weighted by its row count
     * @throws IllegalArgumentException if the objective's loss is not a scalar or its gradient has the wrong size
     */
    Evaluation evaluate(double[] parameters) {
        if (rowCount == 0) {
            return Evaluation.empty(parameters.length);
        }
        try (NDManager step = manager.newSubManager()) {
            data.tempAttach(step);   // what the objective derives from the data lands in this step's manager
            NDArray p = step.create(parameters).toType(DataType.FLOAT32, false);
            p.setRequiresGradient(true);
            NDList out;
            synchronized (AUTOGRAD) {
                out = objective.lossAndGradient(p, data);
            }
            NDArray loss = out.get(0);
            if (loss.getShape().size() != 1) {
                throw new IllegalArgumentException("DistributedOptimizer: expected the objective's loss to be a scalar, got shape "
                        + loss.getShape());
            }
            double[] gradient = out.get(1).toType(DataType.FLOAT64, false).toDoubleArray();
            if (gradient.length != parameters.length) {
                throw new IllegalArgumentException("DistributedOptimizer: expected a gradient of " + parameters.length
                        + " values, got " + gradient.length);
            }
            return Evaluation.ofMeans(rowCount, loss.toType(DataType.FLOAT64, false).getDouble(), gradient);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
