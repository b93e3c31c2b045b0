package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.metrics.Psnr;

/**
 * The PSNR loss: Kornia's {@code kornia/losses/psnr.py}, {@code psnr_loss = -psnr} (see {@link Psnr}), so that
 * minimising it maximises the PSNR.
 *
 * <p>image, target: float32/float64 tensors of any equal shape; output: a scalar, dtype and device kept, owned by
 * {@code image}'s manager; gradients flow to both. Inputs are not modified.
 */
public final class PsnrLoss {

    private PsnrLoss() {}

    /**
     * Kornia's {@code psnr_loss}.
     *
     * <pre>{@code
     * NDArray loss = PsnrLoss.psnrLoss(pred, target, 1.0);   // -PSNR in dB
     * }</pre>
     *
     * @param image the estimate
     * @param target the reference, same shape
     * @param maxVal the dynamic range, > 0
     * @return the scalar loss
     * @throws IllegalArgumentException as {@link Psnr#psnr}
     */
    public static NDArray psnrLoss(NDArray image, NDArray target, double maxVal) {
        NDArray psnr = Psnr.psnr("psnr_loss", image, target, maxVal);
        return Scoped.run(psnr::neg, psnr);
    }
}
