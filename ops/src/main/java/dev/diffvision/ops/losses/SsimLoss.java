package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.metrics.Ssim;
import dev.diffvision.ops.metrics.Ssim3d;

/**
 * SSIM losses: Kornia's {@code kornia/losses/ssim.py} ({@code ssim_loss}) and {@code kornia/losses/ssim3d.py}
 * ({@code ssim3d_loss}), built on the maps of {@link Ssim} and {@link Ssim3d} (reflect border in 2-D, replicate in
 * 3-D, Gaussian window sigma 1.5).
 *
 * <p>Convention (Kornia's, and the two differ): the 2-D loss is {@code clamp((1 - SSIM) / 2, 0, 1)} per pixel, the
 * 3-D loss {@code 1 - SSIM}; then the reduction. Outputs keep the images' dtype and device, belong to
 * {@code img1}'s manager; gradients flow to both images. Inputs are not modified.
 */
public final class SsimLoss {

    private SsimLoss() {}

    /**
     * Kornia's {@code ssim_loss}.
     *
     * <p>img1, img2: {@code (B, C, H, W)}; output: a scalar (mean, sum) or the per-pixel loss map (none).
     *
     * <pre>{@code
     * NDArray loss = SsimLoss.ssimLoss(pred, target, 11, 1.0, 1e-12, Reduction.MEAN, "same");
     * }</pre>
     *
     * @param img1 the first image
     * @param img2 the second image, same shape
     * @param windowSize odd Gaussian window size
     * @param maxVal the dynamic range
     * @param eps added to the SSIM denominator
     * @param reduction none, mean or sum
     * @param padding {@code same} or {@code valid}
     * @return the loss
     * @throws IllegalArgumentException as {@link Ssim#ssim}
     */
    public static NDArray ssimLoss(NDArray img1, NDArray img2, int windowSize, double maxVal, double eps,
                                   Reduction reduction, String padding) {
        NDArray map = Ssim.ssim("ssim_loss", img1, img2, windowSize, maxVal, eps, padding);
        return Scoped.run(() -> reduction.apply(Constants.divide(map.neg().add(1), 2).clip(0, 1)), map);
    }

    /**
     * Kornia's {@code ssim3d_loss}: {@code 1 - SSIM} of volumes, reduced.
     *
     * <p>img1, img2: {@code (B, C, D, H, W)}; output: a scalar (mean, sum) or the per-voxel loss (none).
     *
     * <pre>{@code
     * NDArray loss = SsimLoss.ssim3dLoss(a, b, 5, 1.0, 1e-12, Reduction.MEAN, "same");
     * }</pre>
     *
     * @param img1 the first volume
     * @param img2 the second volume, same shape
     * @param windowSize odd Gaussian window size
     * @param maxVal the dynamic range
     * @param eps added to the SSIM denominator
     * @param reduction none, mean or sum
     * @param padding {@code same} or {@code valid}
     * @return the loss
     * @throws IllegalArgumentException as {@link Ssim3d#ssim3d}
     */
    public static NDArray ssim3dLoss(NDArray img1, NDArray img2, int windowSize, double maxVal, double eps,
                                     Reduction reduction, String padding) {
        NDArray map = Ssim3d.ssim3d("ssim3d_loss", img1, img2, windowSize, maxVal, eps, padding);
        return Scoped.run(() -> reduction.apply(map.neg().add(1)), map);
    }
}
