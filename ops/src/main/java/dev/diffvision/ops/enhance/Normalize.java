package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Scoped;

import java.util.Arrays;

/**
 * Normalisation by statistics and by range: Kornia's {@code kornia/enhance/normalize.py}.
 *
 * <p>Images are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)}; outputs keep shape, dtype, device and
 * rank, belong to the image's manager, and are differentiable (also with respect to tensor statistics). Inputs
 * are not modified.
 */
public final class Normalize {

    private Normalize() {}

    /**
     * Kornia's {@code normalize}: {@code (data - mean) / std} per channel.
     *
     * <pre>{@code
     * NDArray x = Normalize.normalize(img, manager.create(new float[] {0.485f, 0.456f, 0.406f}),
     *                                      manager.create(new float[] {0.229f, 0.224f, 0.225f}));
     * }</pre>
     *
     * @param data {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param mean {@code ()}, {@code (1,)}, {@code (C,)} or, for batched data, {@code (B, C)}
     * @param std the same forms as {@code mean}, without zeros (Kornia divides by them and returns infinities)
     * @return the normalised data
     * @throws IllegalArgumentException for a wrong rank/dtype, statistics of another shape, a NaN or infinite
     *     statistic, or a zero in std
     */
    public static NDArray normalize(NDArray data, NDArray mean, NDArray std) {
        String op = "normalize";
        Checks.image(data, op, "data");
        checkStatistics(op, mean, std);
        for (Number value : std.toArray()) {
            if (value.doubleValue() == 0) {
                throw new IllegalArgumentException(op + ": expected std without zeros (it divides the data), got "
                        + Arrays.toString(std.toType(DataType.FLOAT64, false).toDoubleArray()));
            }
        }
        return Scoped.run(() -> data.sub(Factors.perChannel(mean, data, op, "mean"))
                .div(Factors.perChannel(std, data, op, "std")), data, mean, std);
    }

    /**
     * Kornia's {@code denormalize}, the inverse of {@link #normalize}: {@code data * std + mean} per channel.
     *
     * @param data {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param mean {@code ()}, {@code (1,)}, {@code (C,)} or, for batched data, {@code (B, C)}
     * @param std the same forms as {@code mean}
     * @return the denormalised data
     * @throws IllegalArgumentException for a wrong rank/dtype, statistics of another shape or a NaN or infinite
     *     statistic
     */
    public static NDArray denormalize(NDArray data, NDArray mean, NDArray std) {
        String op = "denormalize";
        Checks.image(data, op, "data");
        checkStatistics(op, mean, std);
        return Scoped.run(() -> data.mul(Factors.perChannel(std, data, op, "std"))
                .add(Factors.perChannel(mean, data, op, "mean")), data, mean, std);
    }

    /**
     * Kornia's {@code normalize_min_max}: rescales each channel of each image linearly so that its minimum maps
     * to {@code minVal} and its maximum to {@code maxVal}:
     * {@code (maxVal - minVal) * (x - min) / (max - min + eps) + minVal}.
     *
     * <p>Convention: a {@code (C, H, W)} input is one image (Kornia's code would read it as a batch of C
     * images of H channels).
     *
     * <pre>{@code
     * NDArray stretched = Normalize.normalizeMinMax(img, 0, 1, 1e-6);
     * }</pre>
     *
     * @param x {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param minVal the new minimum (Kornia's default 0)
     * @param maxVal the new maximum (default 1)
     * @param eps added to the range, avoids division by zero (default 1e-6)
     * @return the rescaled image
     * @throws IllegalArgumentException for a wrong rank or dtype, or a NaN or infinite min_val, max_val or eps
     */
    public static NDArray normalizeMinMax(NDArray x, double minVal, double maxVal, double eps) {
        Checks.image(x, "normalize_min_max", "x");
        Checks.finite("normalize_min_max", "min_val", minVal);
        Checks.finite("normalize_min_max", "max_val", maxVal);
        Checks.finite("normalize_min_max", "eps", eps);
        return Rank.batched(x, b -> Scoped.run(() -> {
            Shape s = b.getShape();
            NDArray flat = b.reshape(s.get(0), s.get(1), -1);
            NDArray lo = flat.min(new int[] {2}, true);
            NDArray hi = flat.max(new int[] {2}, true);
            return Constants.scale(flat.sub(lo), maxVal - minVal).div(hi.sub(lo).add(eps)).add(minVal).reshape(s);
        }, b));
    }

    /** mean and std: finite (one NaN would make a whole channel NaN); their shapes are checked on use. */
    private static void checkStatistics(String op, NDArray mean, NDArray std) {
        Checks.notNull(mean, op, "mean");
        Checks.notNull(std, op, "std");
        Checks.finite(mean, op, "mean");
        Checks.finite(std, op, "std");
    }
}
