package dev.diffvision.ops.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.core.internal.SimdKernels;
import dev.diffvision.ops.core.internal.SsimSimd;
import dev.diffvision.ops.filters.Gaussian;

/**
 * The structural similarity index (SSIM) map of two images: Kornia's {@code kornia/metrics/ssim.py}, after Wang et
 * al. [1].
 *
 * <p>{@code SSIM = (2 mu1 mu2 + C1)(2 sigma12 + C2) / ((mu1^2 + mu2^2 + C1)(sigma1^2 + sigma2^2 + C2) + eps)} with
 * {@code C1 = (0.01 max_val)^2}, {@code C2 = (0.03 max_val)^2}, local statistics from a Gaussian window of
 * {@code window_size} taps and sigma 1.5 (population variances, no sample correction).
 *
 * <p>Convention (Kornia's): the statistics are filtered with {@code filter2d}'s reflect border
 * (= OpenCV {@code BORDER_REFLECT_101}), so {@code padding='same'} gives a map of the image's size whose border
 * pixels see mirrored neighbours; {@code padding='valid'} crops {@code window_size / 2} pixels on every side
 * (only windows fully inside the image; scikit-image's {@code structural_similarity} crops the same way before
 * its mean). Images are float32/float64 {@code (B, C, H, W)}, typically in {@code [0, max_val]}; the map keeps
 * dtype and device, belongs to {@code img1}'s manager, and gradients flow to both images. Inputs are not
 * modified.
 *
 * <p>[1] Z. Wang, A. C. Bovik, H. R. Sheikh, E. P. Simoncelli, Image quality assessment: from error visibility
 * to structural similarity, IEEE TIP 13(4), 2004.
 */
public final class Ssim {

    private static final double SIGMA = 1.5;

    private Ssim() {}

    /**
     * Kornia's {@code ssim}.
     *
     * <p>img1, img2: {@code (B, C, H, W)}; output: {@code (B, C, H, W)} ({@code same}) or
     * {@code (B, C, H - 2r, W - 2r)} with {@code r = window_size / 2} ({@code valid}).
     *
     * <pre>{@code
     * NDArray map = Ssim.ssim(a, b, 11, 1.0, 1e-12, "same");
     * double mssim = map.mean().getDouble();
     * }</pre>
     *
     * @param img1 the first image
     * @param img2 the second image, same shape
     * @param windowSize odd Gaussian window size, with {@code window_size / 2 < H, W}
     * @param maxVal the dynamic range (1 for images in [0, 1])
     * @param eps added to the denominator
     * @param padding {@code same} or {@code valid}
     * @return the SSIM map
     * @throws IllegalArgumentException for bad shapes, dtypes, window sizes or padding, or a max_val that is not
     *     positive and finite
     */
    public static NDArray ssim(NDArray img1, NDArray img2, int windowSize, double maxVal, double eps,
                               String padding) {
        return ssim("ssim", img1, img2, windowSize, maxVal, eps, padding);
    }

    /**
     * {@link #ssim(NDArray, NDArray, int, double, double, String)} reporting errors as {@code op} (for the losses
     * built on it).
     *
     * @param op the calling op's Kornia name
     * @param img1 the first image
     * @param img2 the second image
     * @param windowSize odd window size
     * @param maxVal the dynamic range
     * @param eps added to the denominator
     * @param padding {@code same} or {@code valid}
     * @return the SSIM map
     */
    public static NDArray ssim(String op, NDArray img1, NDArray img2, int windowSize, double maxVal, double eps,
                               String padding) {
        Checks.shape(img1, op, "img1", "B", "C", "H", "W");
        Checks.floating(img1, op, "img1");
        checkPair(op, img1, img2, windowSize, maxVal, padding, 2);
        return Scoped.run(() -> {
            long c = img1.getShape().get(1);
            NDArray b = img2.toType(img1.getDataType(), false);
            boolean simd = SimdKernels.applies(img1, b) && SimdKernels.fitsOutput(5 * img1.size());
            NDArray stacked = simd ? SsimSimd.statistics(img1, b)
                    : NDArrays.concat(new NDList(img1, b, img1.square(), b.square(), img1.mul(b)), 1);
            NDArray filtered = Gaussian.gaussianBlur2d(stacked, new int[] {windowSize}, SIGMA, SIGMA);
            if ("valid".equals(padding)) {
                int r = windowSize / 2;
                filtered = filtered.get(":, :, " + r + ":" + (filtered.getShape().get(2) - r) + ", " + r + ":"
                        + (filtered.getShape().get(3) - r));
            }
            if (simd) {
                return SsimSimd.similarity(filtered, c1(maxVal), c2(maxVal), eps);
            }
            return similarity(filtered.split(new long[] {c, 2 * c, 3 * c, 4 * c}, 1), maxVal, eps);
        }, img1, img2);
    }

    /**
     * The SSIM formula from the five filtered statistics.
     *
     * @param stats {@code E[x], E[y], E[x^2], E[y^2], E[xy]}
     * @param maxVal the dynamic range
     * @param eps added to the denominator
     * @return the map
     */
    static NDArray similarity(NDList stats, double maxVal, double eps) {
        double c1 = c1(maxVal);
        double c2 = c2(maxVal);
        NDArray mu1 = stats.get(0);
        NDArray mu2 = stats.get(1);
        NDArray mu1Sq = mu1.square();
        NDArray mu2Sq = mu2.square();
        NDArray mu12 = mu1.mul(mu2);
        NDArray sigma1 = stats.get(2).sub(mu1Sq);
        NDArray sigma2 = stats.get(3).sub(mu2Sq);
        NDArray sigma12 = stats.get(4).sub(mu12);
        NDArray num = Constants.scale(mu12, 2).add(c1).mul(Constants.scale(sigma12, 2).add(c2));
        NDArray den = mu1Sq.add(mu2Sq).add(c1).mul(sigma1.add(sigma2).add(c2));
        return num.div(den.add(eps));
    }

    /** SSIM's luminance constant {@code (0.01 maxVal)^2}. */
    private static double c1(double maxVal) {
        return Math.pow(0.01 * maxVal, 2);
    }

    /** SSIM's contrast constant {@code (0.03 maxVal)^2}. */
    private static double c2(double maxVal) {
        return Math.pow(0.03 * maxVal, 2);
    }

    /**
     * Checks the second image, the window size, the dynamic range and the padding of an SSIM op.
     *
     * @param op the op
     * @param img1 the first image, already checked
     * @param img2 the second image
     * @param windowSize the window size
     * @param maxVal the dynamic range, > 0 and finite
     * @param padding the padding mode
     * @param spatialDims how many trailing dimensions are filtered (2 or 3)
     */
    static void checkPair(String op, NDArray img1, NDArray img2, int windowSize, double maxVal, String padding,
                          int spatialDims) {
        if (!(maxVal > 0) || Double.isInfinite(maxVal)) {
            // C1 and C2 scale with max_val^2: NaN or infinity makes every value NaN
            throw new IllegalArgumentException(op + ": expected max_val > 0 and finite, got " + maxVal);
        }
        Checks.notNull(img2, op, "img2");
        if (!img2.getShape().equals(img1.getShape())) {
            throw new IllegalArgumentException(op + ": expected img2 of img1's shape " + Checks.describe(img1.getShape())
                    + ", got " + Checks.describe(img2.getShape()));
        }
        if (windowSize <= 0 || windowSize % 2 == 0) {
            throw new IllegalArgumentException(op + ": expected window_size an odd integer > 0, got " + windowSize);
        }
        if (!"same".equals(padding) && !"valid".equals(padding)) {
            throw new IllegalArgumentException(op + ": expected padding 'same' or 'valid', got '" + padding + "'");
        }
        // valid: at least one whole window; same in 2-D: the reflect border needs window_size / 2 < size
        boolean valid = "valid".equals(padding);
        long min = valid ? windowSize : spatialDims == 2 ? windowSize / 2 + 1 : 1;
        Shape s = img1.getShape();
        for (int d = s.dimension() - spatialDims; d < s.dimension(); d++) {
            if (s.get(d) < min) {
                throw new IllegalArgumentException(op + ": expected every spatial size >= " + min + " for window_size "
                        + windowSize + " and padding '" + padding + "', got img1 " + Checks.describe(s));
            }
        }
    }
}
