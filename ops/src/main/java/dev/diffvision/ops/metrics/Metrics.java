package dev.diffvision.ops.metrics;

import ai.djl.ndarray.NDArray;

/**
 * The {@code kornia.metrics} facade: every metric by its functional name, delegating to its topic class
 * ({@link Ssim}, {@link Ssim3d}, {@link Psnr}, {@link ConfusionMatrix}, {@link Accuracy}) — one implementation,
 * two doors.
 *
 * <pre>{@code
 * double db = Metrics.psnr(output, reference, 1.0).getDouble();
 * NDArray iou = Metrics.meanIou(predLabels, labels, 3, 1e-6);
 * }</pre>
 */
public final class Metrics {

    private Metrics() {}

    /**
     * See {@link Ssim#ssim(NDArray, NDArray, int, double, double, String)}.
     *
     * @param img1 the first image
     * @param img2 the second image, same shape
     * @param windowSize odd Gaussian window size, with {@code window_size / 2 < H, W}
     * @param maxVal the dynamic range (1 for images in [0, 1])
     * @param eps added to the denominator
     * @param padding {@code same} or {@code valid}
     * @return the SSIM map
     * @throws IllegalArgumentException for bad shapes, dtypes, window sizes or padding
     */
    public static NDArray ssim(NDArray img1, NDArray img2, int windowSize, double maxVal, double eps, String padding) {
        return Ssim.ssim(img1, img2, windowSize, maxVal, eps, padding);
    }

    /**
     * See {@link Ssim3d#ssim3d(NDArray, NDArray, int, double, double, String)}.
     *
     * @param img1 the first volume
     * @param img2 the second volume, same shape
     * @param windowSize odd window size
     * @param maxVal the dynamic range
     * @param eps added to the denominator
     * @param padding {@code same} or {@code valid}
     * @return the SSIM map
     * @throws IllegalArgumentException for bad shapes, dtypes, window sizes or padding
     */
    public static NDArray ssim3d(NDArray img1,
            NDArray img2,
            int windowSize,
            double maxVal,
            double eps,
            String padding) {
        return Ssim3d.ssim3d(img1, img2, windowSize, maxVal, eps, padding);
    }

    /**
     * See {@link Psnr#psnr(NDArray, NDArray, double)}.
     *
     * @param image the estimate
     * @param target the reference, same shape
     * @param maxVal the dynamic range (1 for images in [0, 1]), > 0
     * @return the scalar PSNR
     * @throws IllegalArgumentException for mismatched shapes, a non-floating dtype or max_val <= 0
     */
    public static NDArray psnr(NDArray image, NDArray target, double maxVal) {
        return Psnr.psnr(image, target, maxVal);
    }

    /**
     * See {@link ConfusionMatrix#confusionMatrix(NDArray, NDArray, int, boolean)}.
     *
     * @param pred predicted classes
     * @param target true classes, same shape
     * @param numClasses {@code K >= 2}
     * @param normalized divide each column by its sum
     * @return the matrices
     * @throws IllegalArgumentException for mismatched shapes, K < 2 or labels outside [0, K)
     */
    public static NDArray confusionMatrix(NDArray pred, NDArray target, int numClasses, boolean normalized) {
        return ConfusionMatrix.confusionMatrix(pred, target, numClasses, normalized);
    }

    /**
     * See {@link ConfusionMatrix#meanIou(NDArray, NDArray, int, double)}.
     *
     * @param pred predicted classes
     * @param target true classes, same shape
     * @param numClasses {@code K >= 2}
     * @param eps added to numerator and denominator
     * @return the IoU of every class
     * @throws IllegalArgumentException for mismatched shapes, K < 2 or labels outside [0, K)
     */
    public static NDArray meanIou(NDArray pred, NDArray target, int numClasses, double eps) {
        return ConfusionMatrix.meanIou(pred, target, numClasses, eps);
    }

    /**
     * See {@link Accuracy#accuracy(NDArray, NDArray, int[])}.
     *
     * @param pred scores
     * @param target true classes
     * @param topk the k values, each >= 1
     * @return one percentage per k
     * @throws IllegalArgumentException for bad shapes or dtypes, or k < 1
     */
    public static NDArray accuracy(NDArray pred, NDArray target, int[] topk) {
        return Accuracy.accuracy(pred, target, topk);
    }
}
