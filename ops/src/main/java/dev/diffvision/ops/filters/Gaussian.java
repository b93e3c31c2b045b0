package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Rank;

/**
 * Gaussian smoothing: Kornia's {@code kornia/filters/gaussian.py} ({@code gaussian_blur2d}).
 *
 * <p>Conventions (Kornia's): {@code kernelSize} is {@code (kh, kw)} and {@code sigma} is
 * {@code (sigma_y, sigma_x)}, rows first; the kernel is {@link FilterKernels#getGaussianKernel1d} sampled at
 * integer offsets and normalised to sum 1 (OpenCV's {@code GaussianBlur} with the same size and sigma uses the
 * same taps for sigma > 0); the border is {@link BorderType#REFLECT} (= OpenCV {@code BORDER_REFLECT_101}) by
 * default. Every channel is filtered on its own. Inputs are float32/float64 {@code (B, C, H, W)} or
 * {@code (C, H, W)}; the output has the input's shape, dtype and device, belongs to the input's manager, and
 * gradients flow to the input (not to sigma, a host number). Inputs are not modified.
 *
 * <p>Implementation: see {@link Filter}; the separable form (the default) pads once and runs two 1-D
 * convolutions over all channels folded into the batch.
 */
public final class Gaussian {

    private Gaussian() {}

    /**
     * {@link #gaussianBlur2d(NDArray, int[], double[][], BorderType, boolean)} with one sigma pair for every
     * image, reflect border, separable.
     *
     * <pre>{@code
     * NDArray smooth = Gaussian.gaussianBlur2d(img, new int[] {5, 5}, 1.5, 1.5);
     * }</pre>
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize {@code (kh, kw)} or one size for both, odd and positive
     * @param sigmaY standard deviation along H, > 0
     * @param sigmaX standard deviation along W, > 0
     * @return the blurred image, same shape
     */
    public static NDArray gaussianBlur2d(NDArray input, int[] kernelSize, double sigmaY, double sigmaX) {
        return gaussianBlur2d(input, kernelSize, new double[][] {{sigmaY, sigmaX}}, BorderType.REFLECT, true);
    }

    /**
     * Kornia's {@code gaussian_blur2d}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; sigma: {@code (1, 2)} shared or {@code (B, 2)} one
     * row of {@code (sigma_y, sigma_x)} per image; output: same shape as the input.
     *
     * <pre>{@code
     * NDArray out = Gaussian.gaussianBlur2d(img, new int[] {11, 11}, new double[][] {{10.5, 10.5}},
     *         BorderType.REFLECT, true);
     * }</pre>
     *
     * @param input the image
     * @param kernelSize {@code (kh, kw)} or one size for both, odd and positive
     * @param sigma {@code (1 or B, 2)} standard deviations, > 0
     * @param border how the image is extended (reflect needs {@code k / 2 < H, W})
     * @param separable two 1-D passes (default) or one 2-D pass; equal up to rounding
     * @return the blurred image
     * @throws IllegalArgumentException for a wrong rank or dtype, even or non-positive sizes, non-positive
     *     sigmas or a sigma batch other than 1 or {@code B}
     */
    public static NDArray gaussianBlur2d(NDArray input, int[] kernelSize, double[][] sigma, BorderType border,
                                         boolean separable) {
        String op = "gaussian_blur2d";
        Checks.image(input, op, "input");
        int[] k = FilterKernels.unpack2d(op, kernelSize);
        FilterKernels.checkSize(op, k[0], 0, false);
        FilterKernels.checkSize(op, k[1], 0, false);
        double[] sy = column(op, sigma, 0);
        double[] sx = column(op, sigma, 1);
        if (separable) {
            double[][] kx = FilterKernels.getGaussianKernel1d(k[1], sx, false);
            double[][] ky = FilterKernels.getGaussianKernel1d(k[0], sy, false);
            return Rank.batched(input, x -> Filter.filterHostSeparable(op, x, kx, ky, border));
        }
        double[][][] kernel = FilterKernels.getGaussianKernel2d(k, sigma, false);
        return Rank.batched(input, x -> Filter.filterHost(op, x, kernel, border));
    }

    private static double[] column(String op, double[][] sigma, int index) {
        if (sigma.length == 0) {
            throw new IllegalArgumentException(op + ": expected sigma of shape (B, 2), got none");
        }
        double[] out = new double[sigma.length];
        for (int b = 0; b < sigma.length; b++) {
            if (sigma[b].length != 2) {
                throw new IllegalArgumentException(op + ": expected sigma of shape (B, 2), got a row of "
                        + sigma[b].length);
            }
            out[b] = sigma[b][index];
        }
        FilterKernels.checkSigma(op, out);
        return out;
    }
}
