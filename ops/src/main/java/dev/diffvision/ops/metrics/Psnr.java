package dev.diffvision.ops.metrics;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * Peak signal-to-noise ratio: Kornia's {@code kornia/metrics/psnr.py},
 * {@code PSNR = 10 log10(max_val^2 / MSE)} with the MSE over every element (the batch included), as
 * scikit-image's {@code peak_signal_noise_ratio(target, image, data_range=max_val)}.
 *
 * <p>image, target: float32/float64 tensors of any equal shape; output: a scalar in decibels, dtype and device
 * kept, owned by {@code image}'s manager; gradients flow to both. Identical inputs give +infinity. Inputs are not
 * modified.
 */
public final class Psnr {

    private Psnr() {}

    /**
     * Kornia's {@code psnr}.
     *
     * <pre>{@code
     * double db = Psnr.psnr(output, reference, 1.0).getDouble();
     * }</pre>
     *
     * @param image the estimate
     * @param target the reference, same shape
     * @param maxVal the dynamic range (1 for images in [0, 1]), > 0
     * @return the scalar PSNR
     * @throws IllegalArgumentException for mismatched shapes, a non-floating dtype or max_val <= 0
     */
    public static NDArray psnr(NDArray image, NDArray target, double maxVal) {
        return psnr("psnr", image, target, maxVal);
    }

    /**
     * {@link #psnr(NDArray, NDArray, double)} reporting errors as {@code op}.
     *
     * @param op the calling op's Kornia name
     * @param image the estimate
     * @param target the reference
     * @param maxVal the dynamic range
     * @return the scalar PSNR
     */
    public static NDArray psnr(String op, NDArray image, NDArray target, double maxVal) {
        Checks.notNull(image, op, "image");
        Checks.floating(image, op, "image");
        Checks.notNull(target, op, "target");
        if (!target.getShape().equals(image.getShape())) {
            throw new IllegalArgumentException(op + ": expected target of the image's shape "
                    + Checks.describe(image.getShape()) + ", got " + Checks.describe(target.getShape()));
        }
        if (!(maxVal > 0)) {
            throw new IllegalArgumentException(op + ": expected max_val > 0, got " + maxVal);
        }
        return Scoped.run(() -> {
            NDArray mse = image.sub(target.toType(image.getDataType(), false)).square().mean();
            // in the input's dtype (a double operand would promote the 0-d float32 result to float64), and
            // libtorch-owned (div saves it for backward)
            NDArray peak = Constants.scalar(image, maxVal * maxVal);
            return Constants.scale(peak.div(mse).log10(), 10);
        }, image, target);
    }
}
