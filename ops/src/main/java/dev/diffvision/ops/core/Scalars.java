package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar constants that are safe to keep in an autograd graph.
 *
 * <p>DJL's {@code x.mul(2.0)}, {@code x.div(c)} and {@code x.pow(-1)} wrap the number in a 0-d tensor made by
 * {@code torch::from_blob} over a Java direct buffer, close it at once, and leave the memory to the garbage
 * collector; autograd saves that tensor when it needs it for backward ({@code mul}, {@code div} and
 * {@code pow} do). If a garbage collection frees the buffer between forward and backward, backward reads
 * whatever now lives there: a wrong gradient or NaN, depending on the run's history (the cause of a once-only
 * NaN in {@code find_homography_dlt_iterated}'s gradient check). A constant from this class lives in libtorch's
 * own memory, reference-counted by the graph. Use it for {@code mul}/{@code div}/{@code pow} by a number on a
 * tensor that may require a gradient; {@code add}/{@code sub} by a number save nothing and are safe as they are.
 *
 * <pre>{@code
 * NDArray y = x.mul(Scalars.like(x, Math.sqrt(2)));   // not x.mul(Math.sqrt(2)) on a path backward will walk
 * }</pre>
 */
public final class Scalars {

    private Scalars() {}

    /**
     * A 0-d tensor holding {@code value}, in libtorch-owned memory.
     *
     * @param like gives the dtype, device and manager of the result
     * @param value the constant (rounded to {@code like}'s dtype)
     * @return shape {@code ()}, owned by {@code like}'s manager
     */
    public static NDArray like(NDArray like, double value) {
        try (NDArray zero = like.getManager().zeros(new Shape(), DataType.FLOAT64, like.getDevice())) {
            NDArray exact = zero.add(value);
            if (like.getDataType() == DataType.FLOAT64) {
                return exact;
            }
            try (exact) {
                return exact.toType(like.getDataType(), false);
            }
        }
    }
}
