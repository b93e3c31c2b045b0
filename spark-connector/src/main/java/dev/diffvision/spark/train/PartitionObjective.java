package dev.diffvision.spark.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.diffvision.ops.core.DiffVisionEngine;

import java.io.Serializable;
import java.util.List;

/**
 * What a {@link DistributedOptimizer} minimises: the mean loss of shared parameters over one partition's rows,
 * written with DJL NDArrays (and DiffVision's ops). Serialisable: it travels to the executors with the tasks.
 *
 * <p>Each partition first turns its rows into tensors once ({@link #prepare}); every step then calls
 * {@link #lossAndGradient} with the current parameters. The default implementation differentiates
 * {@link #loss} with DJL's autograd; override it to supply a closed-form gradient. The optimizer weights each
 * partition's mean loss and gradient by its row count, so any split of the rows gives the same step as one
 * process holding them all.
 *
 * <pre>{@code
 * // least squares: rows are {x1, ..., xd, y}
 * PartitionObjective<double[]> ols = new PartitionObjective<>() {
 *     public NDList prepare(List<double[]> rows, NDManager m) {
 *         NDArray all = m.create(rows.toArray(new double[0][])).toType(DataType.FLOAT32, false);  // (N, d + 1)
 *         long d = all.getShape().get(1) - 1;
 *         return new NDList(all.get(":, :{}", d), all.get(":, {}", d));                         // X, y
 *     }
 *     public NDArray loss(NDArray w, NDList data) {
 *         return data.get(0).matMul(w).sub(data.get(1)).square().mean();
 *     }
 * };
 * }</pre>
 *
 * @param <T> the row type
 */
public interface PartitionObjective<T> extends Serializable {

    /**
     * Turns a partition's rows into the tensors {@link #loss} reads; called once per partition (barrier mode)
     * or once per partition and step (tree mode), never with an empty list.
     *
     * @param rows the partition's rows, at least one
     * @param manager owns what this returns; closed by the optimizer when the partition is done
     * @return the partition's data, e.g. {@code (X, y)}
     */
    NDList prepare(List<T> rows, NDManager manager);

    /**
     * The mean loss over the prepared rows.
     *
     * @param parameters the shared parameters, float32 {@code (P)}, requiring a gradient; reshape as needed, do
     *     not modify
     * @param data what {@link #prepare} returned
     * @return a scalar, differentiable with respect to {@code parameters}
     */
    NDArray loss(NDArray parameters, NDList data);

    /**
     * The mean loss and its gradient with respect to the parameters. By default {@link #loss} is differentiated
     * by DJL's autograd ({@code GradientCollector}).
     *
     * @param parameters the shared parameters, float32 {@code (P)}, requiring a gradient
     * @param data what {@link #prepare} returned
     * @return {@code (loss: scalar, gradient: (P))}, both owned by the parameters' manager
     */
    default NDList lossAndGradient(NDArray parameters, NDList data) {
        try (GradientCollector collector = Engine.getEngine(DiffVisionEngine.ENGINE_NAME).newGradientCollector()) {
            NDArray loss = loss(parameters, data);
            collector.backward(loss);
            return new NDList(loss, parameters.getGradient().toType(DataType.FLOAT64, true));
        }
    }
}
