package dev.diffvision.ops.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Kernels;
import dev.diffvision.ops.core.Padding;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.filters.FilterKernels;

/**
 * The SSIM map of two volumes: Kornia's {@code kornia/metrics/ssim3d.py}. The formula and constants are those of
 * {@link Ssim}; the window is a 3-D Gaussian ({@code window_size} taps per axis, sigma 1.5) and, as in Kornia's
 * {@code filter3d}, the volume is extended by replicating its border (2-D {@code ssim} reflects instead).
 *
 * <p>img1, img2: float32/float64 {@code (B, C, D, H, W)}; output: the same shape ({@code same}) or each spatial
 * size reduced by {@code 2 (window_size / 2)} ({@code valid}); dtype and device kept, owned by {@code img1}'s
 * manager, gradients flow to both volumes. Inputs are not modified.
 */
public final class Ssim3d {

    private Ssim3d() {}

    /**
     * Kornia's {@code ssim3d}.
     *
     * <pre>{@code
     * NDArray map = Ssim3d.ssim3d(a, b, 5, 1.0, 1e-12, "same");   // (B, C, D, H, W)
     * }</pre>
     *
     * @param img1 the first volume
     * @param img2 the second volume, same shape
     * @param windowSize odd window size
     * @param maxVal the dynamic range
     * @param eps added to the denominator
     * @param padding {@code same} or {@code valid}
     * @return the SSIM map
     * @throws IllegalArgumentException for bad shapes, dtypes, window sizes or padding, or a max_val that is not
     *     positive and finite
     */
    public static NDArray ssim3d(NDArray img1, NDArray img2, int windowSize, double maxVal, double eps,
                                 String padding) {
        return ssim3d("ssim3d", img1, img2, windowSize, maxVal, eps, padding);
    }

    /**
     * {@link #ssim3d(NDArray, NDArray, int, double, double, String)} reporting errors as {@code op}.
     *
     * @param op the calling op's Kornia name
     * @param img1 the first volume
     * @param img2 the second volume
     * @param windowSize odd window size
     * @param maxVal the dynamic range
     * @param eps added to the denominator
     * @param padding {@code same} or {@code valid}
     * @return the SSIM map
     */
    public static NDArray ssim3d(String op, NDArray img1, NDArray img2, int windowSize, double maxVal, double eps,
                                 String padding) {
        Checks.shape(img1, op, "img1", "B", "C", "D", "H", "W");
        Checks.floating(img1, op, "img1");
        Ssim.checkPair(op, img1, img2, windowSize, maxVal, padding, 3);
        return Scoped.run(() -> {
            long c = img1.getShape().get(1);
            NDArray b = img2.toType(img1.getDataType(), false);
            NDArray stacked = NDArrays.concat(new NDList(img1, b, img1.square(), b.square(), img1.mul(b)), 1);
            NDArray filtered = gaussian3d(stacked, windowSize);
            if ("valid".equals(padding)) {
                int r = windowSize / 2;
                Shape s = filtered.getShape();
                filtered = filtered.get(":, :, " + r + ":" + (s.get(2) - r) + ", " + r + ":" + (s.get(3) - r) + ", "
                        + r + ":" + (s.get(4) - r));
            }
            return Ssim.similarity(filtered.split(new long[] {c, 2 * c, 3 * c, 4 * c}, 1), maxVal, eps);
        }, img1, img2);
    }

    /** Separable Gaussian (sigma 1.5) of every channel of {@code (B, C, D, H, W)}, replicate border. */
    private static NDArray gaussian3d(NDArray x, int k) {
        Shape s = x.getShape();
        long n = s.get(0) * s.get(1);
        long d = s.get(2);
        long h = s.get(3);
        long w = s.get(4);
        int r = k / 2;
        double[] taps = FilterKernels.getGaussianKernel1d(k, new double[] {1.5}, false)[0];
        NDArray column = Kernels.convWeight(new double[][][] {column(taps)}, x.getManager(), x.getDataType());
        NDArray row = Kernels.convWeight(new double[][][] {{taps}}, x.getManager(), x.getDataType());
        // along D: depth as rows of a (D, H*W) image
        NDArray depth = Padding.pad2d(x.reshape(n, 1, d, h * w), r, r, 0, 0, BorderType.REPLICATE, 0);
        NDArray out = Conv2d.conv2d(depth, column).singletonOrThrow();
        // along H and W: every slice as an image
        NDArray planes = Padding.pad2d(out.reshape(n * d, 1, h, w), r, r, r, r, BorderType.REPLICATE, 0);
        out = Conv2d.conv2d(Conv2d.conv2d(planes, row).singletonOrThrow(), column).singletonOrThrow();
        return out.reshape(s);
    }

    private static double[][] column(double[] taps) {
        double[][] c = new double[taps.length][1];
        for (int i = 0; i < taps.length; i++) {
            c[i][0] = taps[i];
        }
        return c;
    }
}
