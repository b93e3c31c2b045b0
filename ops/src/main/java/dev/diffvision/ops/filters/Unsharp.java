package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * Sharpening by unsharp masking: Kornia's {@code kornia/filters/unsharp.py} ({@code unsharp_mask}).
 *
 * <p>Convention (Kornia's): {@code out = x + (x - gaussian_blur2d(x, kernel_size, sigma, border_type))}, with
 * {@link Gaussian#gaussianBlur2d}'s conventions ({@code (kh, kw)}, {@code (sigma_y, sigma_x)}, reflect border by
 * default); the result is not clamped. Inputs are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)}; the
 * output has the input's shape, dtype and device, belongs to the input's manager, and gradients flow to the input.
 * Inputs are not modified.
 */
public final class Unsharp {

    private Unsharp() {}

    /**
     * Kornia's {@code unsharp_mask}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; sigma: {@code (1, 2)} shared or {@code (B, 2)} rows of
     * {@code (sigma_y, sigma_x)}; output: same shape as the input. A constant image is returned unchanged.
     *
     * <pre>{@code
     * NDArray crisp = Unsharp.unsharpMask(img, new int[] {3, 3}, new double[][] {{1.5, 1.5}}, BorderType.REFLECT);
     * }</pre>
     *
     * @param input the image
     * @param kernelSize {@code (kh, kw)} or one size for both, odd and positive
     * @param sigma {@code (1 or B, 2)} standard deviations, > 0
     * @param border how the image is extended for the blur
     * @return {@code 2 x - blur(x)}
     * @throws IllegalArgumentException as {@link Gaussian#gaussianBlur2d}, naming {@code unsharp_mask}
     */
    public static NDArray unsharpMask(NDArray input, int[] kernelSize, double[][] sigma, BorderType border) {
        Checks.image(input, "unsharp_mask", "input");
        return Scoped.run(() -> {
            NDArray blurred;
            try {
                blurred = Gaussian.gaussianBlur2d(input, kernelSize, sigma, border, true);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replaceFirst("^gaussian_blur2d:", "unsharp_mask:"),
                        e);
            }
            return Constants.scale(input, 2).sub(blurred);
        }, input);
    }
}
