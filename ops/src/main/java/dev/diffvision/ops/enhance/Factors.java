package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;

/**
 * How the enhance ops broadcast their per-image and per-channel parameters, in one place.
 *
 * <p>Kornia passes factors as a Python float or a tensor; DiffVision always takes a tensor (a float becomes a
 * 0-d tensor), so each op has one implementation.
 */
final class Factors {

    private Factors() {}

    /**
     * Kornia's "make factor broadcastable" rule ({@code while factor.dim() < image.dim(): factor = factor[..., None]}):
     * the factor's dimensions align with the image's LEADING ones, so a {@code (B,)} factor is per image of a
     * {@code (B, C, H, W)} batch, and a {@code (C,)} factor is per channel of a {@code (C, H, W)} image.
     *
     * @param factor a tensor of rank at most the image's, each size 1 or the image's size
     * @param image the image it applies to
     * @param op the op's Kornia name, for messages
     * @param argument the factor's name, for messages
     * @return the factor reshaped to the image's rank, in the image's dtype
     * @throws IllegalArgumentException if the factor does not broadcast this way or holds NaN or infinity (which
     *     would reach every pixel it applies to)
     */
    static NDArray leading(NDArray factor, NDArray image, String op, String argument) {
        Checks.floating(factor, op, argument);
        Checks.finite(factor, op, argument);
        Shape f = factor.getShape();
        Shape s = image.getShape();
        boolean ok = f.dimension() <= s.dimension();
        for (int i = 0; ok && i < f.dimension(); i++) {
            ok = f.get(i) == 1 || f.get(i) == s.get(i);
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape () or a prefix of the "
                    + "input's " + Checks.describe(s) + " (each size 1 or equal), got " + Checks.describe(f));
        }
        long[] dims = new long[s.dimension()];
        java.util.Arrays.fill(dims, 1);
        System.arraycopy(f.getShape(), 0, dims, 0, f.dimension());
        return factor.toType(image.getDataType(), false).reshape(dims);
    }

    /**
     * Kornia's {@code normalize} rule for {@code mean}/{@code std}: a scalar, one value per channel
     * ({@code (1,)} or {@code (C,)}), or one per image and channel ({@code (B, C)}, batched input only).
     *
     * @param stats the statistics tensor
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param op the op's Kornia name
     * @param argument the argument's name
     * @return the statistics reshaped to broadcast over the image, in its dtype
     * @throws IllegalArgumentException for any other shape
     */
    static NDArray perChannel(NDArray stats, NDArray image, String op, String argument) {
        Checks.floating(stats, op, argument);
        Shape t = stats.getShape();
        Shape s = image.getShape();
        long c = s.get(s.dimension() - 3);
        NDArray typed = stats.toType(image.getDataType(), false);
        if (t.dimension() == 0) {
            return typed;
        }
        if (t.dimension() == 1 && (t.get(0) == 1 || t.get(0) == c)) {
            return typed.reshape(t.get(0), 1, 1);
        }
        if (t.dimension() == 2 && s.dimension() == 4 && (t.get(0) == 1 || t.get(0) == s.get(0))
                && (t.get(1) == 1 || t.get(1) == c)) {
            return typed.reshape(t.get(0), t.get(1), 1, 1);
        }
        throw new IllegalArgumentException(op + ": expected " + argument + " of shape (), (1), (C) or (B, C) for "
                + "input " + Checks.describe(s) + ", got " + Checks.describe(t));
    }

    /**
     * Rejects negative values (Kornia's "must be non-negative" checks); reads the tensor on the host.
     *
     * @param factor the tensor
     * @param op the op's Kornia name
     * @param argument the argument's name
     * @throws IllegalArgumentException if any value is negative or NaN
     */
    static void nonNegative(NDArray factor, String op, String argument) {
        double min = factor.size() == 0 ? 0 : factor.min().toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                .getDouble();
        if (!(min >= 0)) {
            throw new IllegalArgumentException(op + ": expected " + argument + " >= 0, got a minimum of " + min);
        }
    }

    /**
     * Rejects values outside {@code [min, max]} (Kornia's range checks); reads the tensor on the host.
     *
     * @param factor the tensor
     * @param min the smallest accepted value
     * @param max the largest accepted value
     * @param op the op's Kornia name
     * @param argument the argument's name
     * @throws IllegalArgumentException if any value is outside the range or NaN
     */
    static void within(NDArray factor, double min, double max, String op, String argument) {
        for (double v : factor.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray()) {
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException(op + ": expected " + argument + " in [" + min + ", " + max
                        + "], got " + v);
            }
        }
    }

    /**
     * {@code torch.where} with broadcasting (DJL's {@code where} requires equal shapes): every argument is
     * expanded to {@code shape} first.
     *
     * @param condition a boolean tensor broadcastable to {@code shape}
     * @param whereTrue values taken where the condition holds
     * @param whereFalse values taken elsewhere
     * @param shape the result's shape
     * @return the selection; differentiable with respect to both value tensors
     */
    static NDArray where(NDArray condition, NDArray whereTrue, NDArray whereFalse, Shape shape) {
        return NDArrays.where(expand(condition, shape), expand(whereTrue, shape), expand(whereFalse, shape));
    }

    private static NDArray expand(NDArray x, Shape shape) {
        return x.getShape().equals(shape) ? x : x.broadcast(shape);
    }
}
