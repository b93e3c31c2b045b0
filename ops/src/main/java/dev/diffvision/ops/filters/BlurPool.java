package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Kernels;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Scoped;

/**
 * Anti-aliased downsampling (Zhang, "Making Convolutional Networks Shift-Invariant Again", ICML 2019): Kornia's
 * {@code kornia/filters/blur_pool.py} ({@code blur_pool2d}, {@code max_blur_pool2d}).
 *
 * <p>Conventions (Kornia's): the low-pass is the normalised binomial kernel
 * {@link FilterKernels#getPascalKernel2d} of {@code kernel_size}; the image is zero-padded by
 * {@code (k - 1) / 2} on each side and filtered with the given stride, so
 * {@code H_out = floor((H + 2 ((kh - 1) / 2) - kh) / stride) + 1} (likewise W). {@code max_blur_pool2d} first
 * takes the maximum over {@code max_pool_size} windows with stride 1 and no padding ({@code ceil_mode} as
 * torch's {@code max_pool2d}), then blurs and subsamples. Every channel is filtered on its own. Inputs are
 * float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)} (Kornia: 4-D only); the output has the input's dtype,
 * device and rank, belongs to the input's manager, and gradients flow to the input. Inputs are not modified.
 *
 * <pre>{@code
 * NDArray half = BlurPool.blurPool2d(img, new int[] {3}, 2);            // (B, C, ceil(H / 2), ceil(W / 2))
 * NDArray mbp = BlurPool.maxBlurPool2d(img, new int[] {3}, 2, 2, false);
 * }</pre>
 */
public final class BlurPool {

    private BlurPool() {}

    /**
     * Kornia's {@code blur_pool2d}: binomial blur and subsampling by {@code stride}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; output: {@code (B, C, H_out, W_out)} (see the class
     * comment), the input's rank. Example: {@code blur_pool2d(eye(5), 3)} is
     * {@code [[0.3125, 0.0625, 0], [0.0625, 0.375, 0.0625], [0, 0.0625, 0.3125]]}.
     *
     * @param input the image
     * @param kernelSize the blur kernel size {@code (kh, kw)} or one size for both, each >= 1
     * @param stride the subsampling step, >= 1 (Kornia's default 2)
     * @return the downsampled image
     * @throws IllegalArgumentException for a wrong rank or dtype, sizes < 1 or a stride < 1
     */
    public static NDArray blurPool2d(NDArray input, int[] kernelSize, int stride) {
        String op = "blur_pool2d";
        Checks.image(input, op, "input");
        double[][] kernel = kernel(op, kernelSize, stride);
        return Rank.batched(input, x -> blur(x, kernel, stride));
    }

    /**
     * Kornia's {@code max_blur_pool2d}: a stride-1 max pool of {@code max_pool_size}, then {@link #blurPool2d}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; output: the blur pool of the
     * {@code (H - m + 1, W - m + 1)} max-pooled image ({@code ceil_mode} changes nothing at stride 1), the input's
     * rank. Example: {@code max_blur_pool2d(eye(5), 3)} is {@code [[0.5625, 0.3125], [0.3125, 0.875]]}.
     * Gradients reach the input through the maximum of each window (torch's max-pool rule on ties).
     *
     * @param input the image
     * @param kernelSize the blur kernel size {@code (kh, kw)} or one size for both, each >= 1
     * @param stride the subsampling step, >= 1 (Kornia's default 2)
     * @param maxPoolSize the max-pool window, >= 1 and at most {@code H} and {@code W} (Kornia's default 2)
     * @param ceilMode torch's {@code ceil_mode} of the max pool (Kornia's default false)
     * @return the downsampled image
     * @throws IllegalArgumentException for a wrong rank or dtype, bad sizes or a window larger than the image
     */
    public static NDArray maxBlurPool2d(NDArray input, int[] kernelSize, int stride, int maxPoolSize,
                                        boolean ceilMode) {
        String op = "max_blur_pool2d";
        Checks.image(input, op, "input");
        double[][] kernel = kernel(op, kernelSize, stride);
        Checks.atLeast(maxPoolSize, 1, op, "max_pool_size");
        Shape s = input.getShape();
        int n = s.dimension();
        if (maxPoolSize > s.get(n - 2) || maxPoolSize > s.get(n - 1)) {
            throw new IllegalArgumentException(op + ": expected max_pool_size <= H and W, got " + maxPoolSize
                    + " for input " + Checks.describe(s));
        }
        return Rank.batched(input, x -> Scoped.run(() -> {
            NDArray pooled = Pool.maxPool2d(x, new Shape(maxPoolSize, maxPoolSize), new Shape(1, 1),
                    new Shape(0, 0), ceilMode);
            return blur(pooled, kernel, stride);
        }, x));
    }

    private static double[][] kernel(String op, int[] kernelSize, int stride) {
        int[] k = FilterKernels.unpack2d(op, kernelSize);
        FilterKernels.checkSize(op, k[0], 0, true);
        FilterKernels.checkSize(op, k[1], 0, true);
        Checks.atLeast(stride, 1, op, "stride");
        return FilterKernels.getPascalKernel2d(k, true);
    }

    /** Zero-padded strided correlation of every channel with one kernel: {@code (B, C, H, W)} to the output. */
    private static NDArray blur(NDArray x, double[][] kernel, int stride) {
        return Scoped.run(() -> {
            Shape s = x.getShape();
            NDArray weight = Kernels.convWeight(new double[][][] {kernel}, x.getManager(), x.getDataType());
            NDArray out = Conv2d.conv2d(x.reshape(s.get(0) * s.get(1), 1, s.get(2), s.get(3)), weight, null,
                    new Shape(stride, stride), new Shape((kernel.length - 1) / 2, (kernel[0].length - 1) / 2),
                    new Shape(1, 1), 1).singletonOrThrow();
            return out.reshape(s.get(0), s.get(1), out.getShape().get(2), out.getShape().get(3));
        }, x);
    }
}
