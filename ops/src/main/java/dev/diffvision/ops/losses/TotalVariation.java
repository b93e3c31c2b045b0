package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * Total variation: Kornia's {@code kornia/losses/total_variation.py}, the anisotropic L1 form
 * {@code sum |x[i+1, j] - x[i, j]| + sum |x[i, j+1] - x[i, j]|} over the last two dimensions (Rudin, Osher,
 * Fatemi [1]).
 *
 * <p>img: float32/float64 {@code (*, H, W)}, e.g. {@code (B, C, H, W)} or {@code (C, H, W)}; output: {@code (*)},
 * one value per leading index (per image and channel), dtype and device kept, owned by the image's manager;
 * gradients flow to the image. The input is not modified.
 *
 * <p>[1] L. Rudin, S. Osher, E. Fatemi, Nonlinear total variation based noise removal algorithms, Physica D 1992.
 */
public final class TotalVariation {

    private TotalVariation() {}

    /**
     * Kornia's {@code total_variation}.
     *
     * <p>With {@link Reduction#MEAN} each of the two sums is replaced by the mean of its differences (Kornia's
     * {@code 'mean'}: {@code mean |dy| + mean |dx|}); {@link Reduction#NONE} is not accepted (as in Kornia).
     *
     * <pre>{@code
     * NDArray tv = TotalVariation.totalVariation(img, Reduction.SUM);   // (B, C)
     * }</pre>
     *
     * @param img the image
     * @param reduction sum (Kornia's default) or mean
     * @return the total variation per leading index
     * @throws IllegalArgumentException for rank < 2, a non-floating dtype or reduction none
     */
    public static NDArray totalVariation(NDArray img, Reduction reduction) {
        String op = "total_variation";
        Checks.notNull(img, op, "img");
        Shape s = img.getShape();
        if (s.dimension() < 2 || s.size() == 0) {
            throw new IllegalArgumentException(op + ": expected img of shape (*, H, W), got " + Checks.describe(s));
        }
        Checks.floating(img, op, "img");
        if (reduction == Reduction.NONE) {
            throw new IllegalArgumentException(op + ": expected reduction 'mean' or 'sum', got 'none'");
        }
        return Scoped.run(() -> {
            int d = s.dimension();
            NDArray dy = img.get("..., 1:, :").sub(img.get("..., :-1, :")).abs();
            NDArray dx = img.get("..., :, 1:").sub(img.get("..., :, :-1")).abs();
            int[] axes = {d - 2, d - 1};
            if (reduction == Reduction.SUM) {
                return dy.sum(axes).add(dx.sum(axes));
            }
            // DJL's mean takes one axis: divide the sums by the (integer) counts
            long h = s.get(d - 2);
            long w = s.get(d - 1);
            return Constants.divide(dy.sum(axes), (h - 1) * w).add(Constants.divide(dx.sum(axes), h * (w - 1)));
        }, img);
    }
}
