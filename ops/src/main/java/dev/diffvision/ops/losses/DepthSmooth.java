package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;

/**
 * Edge-aware smoothness of an inverse depth map: Kornia's {@code kornia/losses/depth_smooth.py}
 * ({@code inverse_depth_smoothness_loss}), after struct2depth:
 * {@code mean |dx d| e^{-mean_c |dx I|} + mean |dy d| e^{-mean_c |dy I|}} with forward differences.
 *
 * <p>idepth: float32/float64 {@code (B, 1, H, W)} (any channel count is accepted, as in Kornia); image:
 * {@code (B, C, H, W)} with the same H and W; output: a scalar in idepth's dtype, on its device, owned by its
 * manager. Gradients flow to the inverse depth and the image. Inputs are not modified.
 */
public final class DepthSmooth {

    private DepthSmooth() {}

    /**
     * Kornia's {@code inverse_depth_smoothness_loss}.
     *
     * <pre>{@code
     * NDArray loss = DepthSmooth.inverseDepthSmoothnessLoss(idepth, rgb);
     * }</pre>
     *
     * @param idepth {@code (B, 1, H, W)} inverse depth
     * @param image {@code (B, C, H, W)} the image whose edges allow depth edges
     * @return the scalar loss
     * @throws IllegalArgumentException for bad shapes or dtypes
     */
    public static NDArray inverseDepthSmoothnessLoss(NDArray idepth, NDArray image) {
        String op = "inverse_depth_smoothness_loss";
        Checks.shape(idepth, op, "idepth", "B", "C", "H", "W");
        Checks.floating(idepth, op, "idepth");
        Checks.shape(image, op, "image", "B", "C", "H", "W");
        if (!idepth.getShape().slice(2).equals(image.getShape().slice(2))
                || idepth.getShape().get(0) != image.getShape().get(0)) {
            throw new IllegalArgumentException(op + ": expected image of shape (" + idepth.getShape().get(0)
                    + ", C, " + idepth.getShape().get(2) + ", " + idepth.getShape().get(3) + "), got "
                    + Checks.describe(image.getShape()));
        }
        return Scoped.run(() -> {
            NDArray img = image.toType(idepth.getDataType(), false);
            NDArray wx = dx(img).abs().mean(new int[] {1}, true).neg().exp();
            NDArray wy = dy(img).abs().mean(new int[] {1}, true).neg().exp();
            return dx(idepth).mul(wx).abs().mean().add(dy(idepth).mul(wy).abs().mean());
        }, idepth, image);
    }

    private static NDArray dx(NDArray x) {
        return x.get(":, :, :, :-1").sub(x.get(":, :, :, 1:"));
    }

    private static NDArray dy(NDArray x) {
        return x.get(":, :, :-1, :").sub(x.get(":, :, 1:, :"));
    }
}
