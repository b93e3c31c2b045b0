package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
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
 *
 * <pre>{@code
 * NDArray y = x.mul(Constants.scalar(x, Math.sqrt(2)));   // not x.mul(Math.sqrt(2)) on a path backward will walk
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
     * A tensor holding {@code values}, in libtorch-owned memory.
     *
     * @param like gives the dtype, device and manager of the result
     * @param values the elements in row-major order (rounded to {@code like}'s dtype)
     * @param shape their shape; its size must equal {@code values.length}
     * @return the tensor, owned by {@code like}'s manager
     */
    public static NDArray array(NDArray like, double[] values, Shape shape) {
        // duplicate(): a libtorch clone of the from_blob tensor; the intermediates are freed by the scope
        return Scoped.run(() -> like.getManager().create(values, shape).toDevice(like.getDevice(), false)
                .toType(like.getDataType(), false).duplicate(), like);
    }
}
