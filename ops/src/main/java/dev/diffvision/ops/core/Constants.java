package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Constants that are safe to keep in an autograd graph.
 *
 * <p>DJL's {@code x.mul(2.0)}, {@code x.div(c)} and {@code x.pow(-1)} wrap the number in a 0-d tensor made by
 * {@code torch::from_blob} over a Java direct buffer, close it at once, and leave the memory to the garbage
 * collector; autograd saves that tensor when it needs it for backward ({@code mul}, {@code div} and
 * {@code pow} do, and {@code matMul} saves both operands, so a matrix from {@code manager.create(double[])} in
 * float64 is just as exposed). If a garbage collection frees the buffer between forward and backward, backward reads
 * whatever now lives there: a wrong gradient or NaN, depending on the run's history (the cause of a once-only
 * NaN in {@code find_homography_dlt_iterated}'s gradient check). A constant from this class lives in libtorch's
 * own memory, reference-counted by the graph. Use it for {@code mul}/{@code div}/{@code pow} by a number on a
 * tensor that may require a gradient; {@code add}/{@code sub} by a number save nothing and are safe as they are.
 * {@code maximum}/{@code minimum} by a number save the number too (their gradient compares with it), and DJL's
 * {@code rdiv}/{@code rpow} by a number, like {@code manager.create(double[]).toType(FLOAT64, false)} (which
 * copies nothing), leave a float64 operand over a Java buffer; {@code clip} passes its bounds as libtorch scalars
 * and is safe. The helpers {@link #scale}, {@link #divide}, {@link #power}, {@link #atLeast} and
 * {@link #atMost} are the safe forms of {@code mul}, {@code div}, {@code pow}, {@code maximum} and
 * {@code minimum} by a number, and {@link #indices} the safe index tensor for advanced indexing; in a loop, make
 * the {@link #scalar} once outside it.
 *
 * <pre>{@code
 * NDArray y = x.mul(Constants.scalar(x, Math.sqrt(2)));   // not x.mul(Math.sqrt(2)) on a path backward will walk
 * NDArray z = Constants.scale(x, 0.5);                    // the same for a one-off product
 * }</pre>
 */
public final class Constants {

    private Constants() {}

    /**
     * A 0-d tensor holding {@code value}, in libtorch-owned memory.
     *
     * @param like gives the dtype, device and manager of the result
     * @param value the constant (rounded to {@code like}'s dtype)
     * @return shape {@code ()}, owned by {@code like}'s manager
     */
    public static NDArray scalar(NDArray like, double value) {
        return array(like, new double[] {value}, new Shape());
    }

    /**
     * {@code x * value} with the constant in libtorch-owned memory: the safe form of {@code x.mul(value)}.
     *
     * @param x any shape, float32 or float64
     * @param value the factor (rounded to {@code x}'s dtype)
     * @return {@code x}'s shape and dtype; gradients flow to {@code x}
     */
    public static NDArray scale(NDArray x, double value) {
        return x.mul(scalar(x, value));
    }

    /**
     * {@code x / value} with the constant in libtorch-owned memory: the safe form of {@code x.div(value)} (a
     * true division, not a product by the reciprocal).
     *
     * @param x any shape, float32 or float64
     * @param value the divisor (rounded to {@code x}'s dtype)
     * @return {@code x}'s shape and dtype; gradients flow to {@code x}
     */
    public static NDArray divide(NDArray x, double value) {
        return x.div(scalar(x, value));
    }

    /**
     * {@code x ^ exponent} with the exponent in libtorch-owned memory: the safe form of {@code x.pow(exponent)}.
     *
     * @param x any shape, float32 or float64
     * @param exponent the power (rounded to {@code x}'s dtype), e.g. {@code -1} for the reciprocal
     * @return {@code x}'s shape and dtype; gradients flow to {@code x}
     */
    public static NDArray power(NDArray x, double exponent) {
        return x.pow(scalar(x, exponent));
    }

    /**
     * {@code max(x, floor)} element-wise with the floor in libtorch-owned memory: the safe form of
     * {@code x.maximum(floor)}, with its gradient (all of it where {@code x > floor}, half at a tie).
     *
     * @param x any shape, float32 or float64
     * @param floor the lower bound (rounded to {@code x}'s dtype)
     * @return {@code x}'s shape and dtype; gradients flow to {@code x}
     */
    public static NDArray atLeast(NDArray x, double floor) {
        return x.maximum(scalar(x, floor));
    }

    /**
     * {@code min(x, ceiling)} element-wise with the ceiling in libtorch-owned memory: the safe form of
     * {@code x.minimum(ceiling)}, with its gradient (all of it where {@code x < ceiling}, half at a tie).
     *
     * @param x any shape, float32 or float64
     * @param ceiling the upper bound (rounded to {@code x}'s dtype)
     * @return {@code x}'s shape and dtype; gradients flow to {@code x}
     */
    public static NDArray atMost(NDArray x, double ceiling) {
        return x.minimum(scalar(x, ceiling));
    }

    /**
     * An int64 index tensor holding {@code values}, in libtorch-owned memory: advanced indexing
     * ({@code x.get(new NDIndex("..., {}", idx))}) saves its indices for backward, and
     * {@code manager.create(long[])} would leave them over a Java buffer.
     *
     * @param like gives the device and manager of the result
     * @param values the indices
     * @return shape {@code (values.length)}, int64, owned by {@code like}'s manager
     */
    public static NDArray indices(NDArray like, long... values) {
        return Scoped.run(() -> like.getManager().create(values).toDevice(like.getDevice(), false).duplicate(), like);
    }

    /**
     * A tensor holding {@code values}, in libtorch-owned memory, for a factory with no input tensor to copy
     * the dtype and device from (a convolution weight, a normalisation matrix).
     *
     * @param manager owns the result and gives its device
     * @param dtype the result's dtype (the values are rounded to it)
     * @param values the elements in row-major order
     * @param shape their shape; its size must equal {@code values.length}
     * @return the tensor, owned by {@code manager}
     */
    public static NDArray array(NDManager manager, DataType dtype, double[] values, Shape shape) {
        // create(double[]) is float64 over a Java buffer: a float64 result must be a libtorch clone of it
        try (NDArray host = manager.create(values, shape)) {
            return dtype == DataType.FLOAT64 ? host.duplicate() : host.toType(dtype, false);
        }
    }

    /**
     * A tensor holding {@code values}, in libtorch-owned memory.
     *
     * @param like gives the dtype, device and manager of the result
     * @param values the elements in row-major order (rounded to {@code like}'s dtype)
     * @param shape their shape; its size must equal {@code values.length}
     * @return the tensor, owned by {@code like}'s manager
     */
    public static NDArray array(NDArray like, double[] values, Shape shape) {
        NDArray made = array(like.getManager(), like.getDataType(), values, shape);
        if (made.getDevice().equals(like.getDevice())) {
            return made;
        }
        try (made) {
            return made.toDevice(like.getDevice(), false);   // a libtorch copy on like's device
        }
    }
}
