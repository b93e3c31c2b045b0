package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

import java.util.function.UnaryOperator;

/**
 * Robust regression losses of the residual {@code r = img1 - img2}, from Barron's general robust loss family [1]:
 * Kornia's {@code kornia/losses/charbonnier.py}, {@code welsch.py}, {@code cauchy.py} and
 * {@code geman_mcclure.py} (scale c = 1, as in Kornia).
 *
 * <p>img1 (the prediction), img2 (the target): float32/float64 tensors of any equal shape; output: the
 * element-wise loss (reduction none, Kornia's default) or its mean / sum; dtype and device kept, owned by
 * {@code img1}'s manager; gradients flow to both. Inputs are not modified.
 *
 * <p>[1] J. T. Barron, A General and Adaptive Robust Loss Function, CVPR 2019.
 */
public final class RobustLosses {

    private RobustLosses() {}

    /**
     * Kornia's {@code charbonnier_loss}: {@code sqrt(r^2 + 1) - 1}.
     *
     * <pre>{@code
     * NDArray loss = RobustLosses.charbonnierLoss(pred, target, Reduction.MEAN);
     * }</pre>
     *
     * @param img1 the prediction
     * @param img2 the target, same shape
     * @param reduction none, mean or sum
     * @return the loss
     * @throws IllegalArgumentException for mismatched shapes or a non-floating dtype
     */
    public static NDArray charbonnierLoss(NDArray img1, NDArray img2, Reduction reduction) {
        return loss("charbonnier_loss", img1, img2, reduction, r -> r.square().add(1).sqrt().sub(1));
    }

    /**
     * Kornia's {@code welsch_loss}: {@code 1 - exp(-r^2 / 2)}.
     *
     * <pre>{@code
     * NDArray loss = RobustLosses.welschLoss(pred, target, Reduction.MEAN);
     * }</pre>
     *
     * @param img1 the prediction
     * @param img2 the target, same shape
     * @param reduction none, mean or sum
     * @return the loss
     * @throws IllegalArgumentException for mismatched shapes or a non-floating dtype
     */
    public static NDArray welschLoss(NDArray img1, NDArray img2, Reduction reduction) {
        return loss("welsch_loss", img1, img2, reduction, r -> Constants.scale(r.square(), -0.5).exp().neg().add(1));
    }

    /**
     * Kornia's {@code cauchy_loss}: {@code log(r^2 / 2 + 1)}.
     *
     * <pre>{@code
     * NDArray loss = RobustLosses.cauchyLoss(pred, target, Reduction.MEAN);
     * }</pre>
     *
     * @param img1 the prediction
     * @param img2 the target, same shape
     * @param reduction none, mean or sum
     * @return the loss
     * @throws IllegalArgumentException for mismatched shapes or a non-floating dtype
     */
    public static NDArray cauchyLoss(NDArray img1, NDArray img2, Reduction reduction) {
        return loss("cauchy_loss", img1, img2, reduction, r -> Constants.scale(r.square(), 0.5).add(1).log());
    }

    /**
     * Kornia's {@code geman_mcclure_loss}: {@code 2 r^2 / (r^2 + 4)}.
     *
     * <pre>{@code
     * NDArray loss = RobustLosses.gemanMcclureLoss(pred, target, Reduction.MEAN);
     * }</pre>
     *
     * @param img1 the prediction
     * @param img2 the target, same shape
     * @param reduction none, mean or sum
     * @return the loss
     * @throws IllegalArgumentException for mismatched shapes or a non-floating dtype
     */
    public static NDArray gemanMcclureLoss(NDArray img1, NDArray img2, Reduction reduction) {
        return loss("geman_mcclure_loss", img1, img2, reduction, r -> {
            NDArray r2 = r.square();
            return Constants.scale(r2, 2).div(r2.add(4));
        });
    }

    private static NDArray loss(String op, NDArray img1, NDArray img2, Reduction reduction,
                                UnaryOperator<NDArray> rho) {
        Checks.notNull(img1, op, "img1");
        Checks.floating(img1, op, "img1");
        Checks.notNull(img2, op, "img2");
        if (!img2.getShape().equals(img1.getShape())) {
            throw new IllegalArgumentException(op + ": expected img2 of img1's shape "
                    + Checks.describe(img1.getShape()) + ", got " + Checks.describe(img2.getShape()));
        }
        return Scoped.run(() -> reduction.apply(rho.apply(img1.sub(img2.toType(img1.getDataType(), false)))),
                img1, img2);
    }
}
