package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * Divergences between spatial probability maps (heatmaps): Kornia's {@code kornia/losses/divergence.py}
 * ({@code kl_div_loss_2d}, {@code js_div_loss_2d}).
 *
 * <p>pred, target: float32/float64 {@code (B, N, H, W)}, each {@code (H, W)} map a distribution (non-negative,
 * summing to 1). One divergence per map, {@code (B, N)}, then the reduction. As torch's {@code kl_div}, a zero
 * target probability contributes 0 ({@code xlogy}); a zero prediction where the target is positive gives +inf.
 * Outputs keep dtype and device, belong to {@code pred}'s manager; gradients flow to the prediction. Inputs are
 * not modified.
 */
public final class Divergence {

    private Divergence() {}

    /**
     * Kornia's {@code kl_div_loss_2d}: {@code KL(target || pred) = sum target (log target - log pred)} per map.
     *
     * <pre>{@code
     * NDArray loss = Divergence.klDivLoss2d(heatmaps, targets, Reduction.MEAN);
     * }</pre>
     *
     * @param pred {@code (B, N, H, W)} predicted distributions
     * @param target {@code (B, N, H, W)} target distributions
     * @param reduction none ({@code (B, N)}), mean or sum
     * @return the loss
     * @throws IllegalArgumentException for bad shapes or dtypes
     */
    public static NDArray klDivLoss2d(NDArray pred, NDArray target, Reduction reduction) {
        String op = "kl_div_loss_2d";
        check(op, pred, target);
        return Scoped.run(() -> reduction.apply(kl(target.toType(pred.getDataType(), false), pred)), pred, target);
    }

    /**
     * Kornia's {@code js_div_loss_2d}: {@code JS = KL(target || m) / 2 + KL(pred || m) / 2} with
     * {@code m = (pred + target) / 2}, per map; symmetric and bounded by {@code ln 2}.
     *
     * <pre>{@code
     * NDArray loss = Divergence.jsDivLoss2d(heatmaps, targets, Reduction.MEAN);
     * }</pre>
     *
     * @param pred {@code (B, N, H, W)} predicted distributions
     * @param target {@code (B, N, H, W)} target distributions
     * @param reduction none ({@code (B, N)}), mean or sum
     * @return the loss
     * @throws IllegalArgumentException for bad shapes or dtypes
     */
    public static NDArray jsDivLoss2d(NDArray pred, NDArray target, Reduction reduction) {
        String op = "js_div_loss_2d";
        check(op, pred, target);
        return Scoped.run(() -> {
            NDArray t = target.toType(pred.getDataType(), false);
            NDArray m = Constants.scale(pred.add(t), 0.5);
            return reduction.apply(Constants.scale(kl(t, m), 0.5).add(Constants.scale(kl(pred, m), 0.5)));
        }, pred, target);
    }

    /** {@code KL(p || q)} of every {@code (H, W)} map: {@code sum xlogy(p, p) - p log q}, shape {@code (B, N)}. */
    private static NDArray kl(NDArray p, NDArray q) {
        return p.xlogy(p).sub(p.mul(q.log())).sum(new int[] {2, 3});
    }

    private static void check(String op, NDArray pred, NDArray target) {
        Checks.shape(pred, op, "pred", "B", "N", "H", "W");
        Checks.floating(pred, op, "pred");
        Checks.notNull(target, op, "target");
        if (!target.getShape().equals(pred.getShape())) {
            throw new IllegalArgumentException(op + ": expected target of pred's shape "
                    + Checks.describe(pred.getShape()) + ", got " + Checks.describe(target.getShape()));
        }
    }
}
