package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;

/**
 * The {@code kornia.losses} facade: every loss by its functional name, delegating to its topic class
 * ({@link SsimLoss}, {@link PsnrLoss}, {@link TotalVariation}, {@link Focal}, {@link Dice}, {@link Lovasz},
 * {@link Divergence}, {@link DepthSmooth}, {@link RobustLosses}) — one implementation, two doors.
 *
 * <pre>{@code
 * NDArray l1 = Losses.ssimLoss(pred, target, 11, 1.0, 1e-12, Reduction.MEAN, "same");
 * NDArray l2 = Losses.focalLoss(logits, labels, 0.25, 2.0, Reduction.MEAN, null, -100);
 * }</pre>
 */
public final class Losses {

    private Losses() {}

    /**
     * See {@link SsimLoss#ssimLoss(NDArray, NDArray, int, double, double, Reduction, String)}.
     *
     * @param img1 the first image
     * @param img2 the second image, same shape
     * @param windowSize odd Gaussian window size
     * @param maxVal the dynamic range
     * @param eps added to the SSIM denominator
     * @param reduction none, mean or sum
     * @param padding {@code same} or {@code valid}
     * @return the loss
     * @throws IllegalArgumentException as {@link dev.diffvision.ops.metrics.Ssim#ssim}
     */
    public static NDArray ssimLoss(NDArray img1,
            NDArray img2,
            int windowSize,
            double maxVal,
            double eps,
            Reduction reduction,
            String padding) {
        return SsimLoss.ssimLoss(img1, img2, windowSize, maxVal, eps, reduction, padding);
    }

    /**
     * See {@link SsimLoss#ssim3dLoss(NDArray, NDArray, int, double, double, Reduction, String)}.
     *
     * @param img1 the first volume
     * @param img2 the second volume, same shape
     * @param windowSize odd Gaussian window size
     * @param maxVal the dynamic range
     * @param eps added to the SSIM denominator
     * @param reduction none, mean or sum
     * @param padding {@code same} or {@code valid}
     * @return the loss
     * @throws IllegalArgumentException as {@link dev.diffvision.ops.metrics.Ssim3d#ssim3d}
     */
    public static NDArray ssim3dLoss(NDArray img1,
            NDArray img2,
            int windowSize,
            double maxVal,
            double eps,
            Reduction reduction,
            String padding) {
        return SsimLoss.ssim3dLoss(img1, img2, windowSize, maxVal, eps, reduction, padding);
    }

    /**
     * See {@link PsnrLoss#psnrLoss(NDArray, NDArray, double)}.
     *
     * @param image the estimate
     * @param target the reference, same shape
     * @param maxVal the dynamic range, > 0
     * @return the scalar loss
     * @throws IllegalArgumentException as {@link dev.diffvision.ops.metrics.Psnr#psnr}
     */
    public static NDArray psnrLoss(NDArray image, NDArray target, double maxVal) {
        return PsnrLoss.psnrLoss(image, target, maxVal);
    }

    /**
     * See {@link TotalVariation#totalVariation(NDArray, Reduction)}.
     *
     * @param img the image
     * @param reduction sum (Kornia's default) or mean
     * @return the total variation per leading index
     * @throws IllegalArgumentException for rank < 2, a non-floating dtype or reduction none
     */
    public static NDArray totalVariation(NDArray img, Reduction reduction) {
        return TotalVariation.totalVariation(img, reduction);
    }

    /**
     * See {@link Focal#focalLoss(NDArray, NDArray, Double, double, Reduction, NDArray, Integer)}.
     *
     * @param pred logits
     * @param target class indices, any numeric dtype
     * @param alpha weight of classes 1..C-1 (class 0: 1 - alpha), or null
     * @param gamma focusing parameter, >= 0
     * @param reduction none, mean or sum
     * @param weight {@code (C)} per-class weights, or null
     * @param ignoreIndex label to ignore (Kornia's default -100), or null
     * @return the loss
     * @throws IllegalArgumentException for bad shapes, dtypes or labels
     */
    public static NDArray focalLoss(NDArray pred,
            NDArray target,
            Double alpha,
            double gamma,
            Reduction reduction,
            NDArray weight,
            Integer ignoreIndex) {
        return Focal.focalLoss(pred, target, alpha, gamma, reduction, weight, ignoreIndex);
    }

    /**
     * See {@link Focal#binaryFocalLossWithLogits(NDArray, NDArray, Double, double, Reduction, NDArray, NDArray, Integer)}.
     *
     * @param pred logits
     * @param target targets in [0, 1], pred's shape
     * @param alpha weight of the positive term (negative: 1 - alpha), or null for none
     * @param gamma focusing parameter, >= 0
     * @param reduction none, mean or sum
     * @param posWeight {@code (C)} weights of the positive term per channel, or null
     * @param weight {@code (C)} weights per channel, or null
     * @param ignoreIndex target value to ignore (Kornia's default -100), or null
     * @return the loss
     * @throws IllegalArgumentException for bad shapes or dtypes
     */
    public static NDArray binaryFocalLossWithLogits(NDArray pred,
            NDArray target,
            Double alpha,
            double gamma,
            Reduction reduction,
            NDArray posWeight,
            NDArray weight,
            Integer ignoreIndex) {
        return Focal.binaryFocalLossWithLogits(pred, target, alpha, gamma, reduction, posWeight, weight, ignoreIndex);
    }

    /**
     * See {@link Dice#diceLoss(NDArray, NDArray, String, double, NDArray, Integer)}.
     *
     * @param pred {@code (B, C, H, W)} logits
     * @param target {@code (B, H, W)} class indices
     * @param average {@code micro} or {@code macro}
     * @param eps added to the denominator
     * @param weight {@code (C)} class weights, or null for ones
     * @param ignoreIndex label to ignore (Kornia's default -100), or null
     * @return the scalar loss
     * @throws IllegalArgumentException for bad shapes, dtypes, labels or average
     */
    public static NDArray diceLoss(NDArray pred,
            NDArray target,
            String average,
            double eps,
            NDArray weight,
            Integer ignoreIndex) {
        return Dice.diceLoss(pred, target, average, eps, weight, ignoreIndex);
    }

    /**
     * See {@link Dice#tverskyLoss(NDArray, NDArray, double, double, double, Integer)}.
     *
     * @param pred {@code (B, C, H, W)} logits
     * @param target {@code (B, H, W)} class indices
     * @param alpha weight of false positives
     * @param beta weight of false negatives
     * @param eps added to the denominator
     * @param ignoreIndex label to ignore (Kornia's default -100), or null
     * @return the scalar loss
     * @throws IllegalArgumentException for bad shapes, dtypes or labels
     */
    public static NDArray tverskyLoss(NDArray pred,
            NDArray target,
            double alpha,
            double beta,
            double eps,
            Integer ignoreIndex) {
        return Dice.tverskyLoss(pred, target, alpha, beta, eps, ignoreIndex);
    }

    /**
     * See {@link Lovasz#lovaszHingeLoss(NDArray, NDArray)}.
     *
     * @param pred {@code (B, 1, H, W)} logits
     * @param target {@code (B, H, W)} labels 0 or 1
     * @return the scalar loss
     * @throws IllegalArgumentException for bad shapes, dtypes or labels
     */
    public static NDArray lovaszHingeLoss(NDArray pred, NDArray target) {
        return Lovasz.lovaszHingeLoss(pred, target);
    }

    /**
     * See {@link Lovasz#lovaszSoftmaxLoss(NDArray, NDArray, NDArray)}.
     *
     * @param pred {@code (B, C, H, W)} logits, C > 1
     * @param target {@code (B, H, W)} class indices in [0, C)
     * @param weight {@code (C)} class weights, or null
     * @return the scalar loss
     * @throws IllegalArgumentException for bad shapes, dtypes or labels
     */
    public static NDArray lovaszSoftmaxLoss(NDArray pred, NDArray target, NDArray weight) {
        return Lovasz.lovaszSoftmaxLoss(pred, target, weight);
    }

    /**
     * See {@link Divergence#klDivLoss2d(NDArray, NDArray, Reduction)}.
     *
     * @param pred {@code (B, N, H, W)} predicted distributions
     * @param target {@code (B, N, H, W)} target distributions
     * @param reduction none ({@code (B, N)}), mean or sum
     * @return the loss
     * @throws IllegalArgumentException for bad shapes or dtypes
     */
    public static NDArray klDivLoss2d(NDArray pred, NDArray target, Reduction reduction) {
        return Divergence.klDivLoss2d(pred, target, reduction);
    }

    /**
     * See {@link Divergence#jsDivLoss2d(NDArray, NDArray, Reduction)}.
     *
     * @param pred {@code (B, N, H, W)} predicted distributions
     * @param target {@code (B, N, H, W)} target distributions
     * @param reduction none ({@code (B, N)}), mean or sum
     * @return the loss
     * @throws IllegalArgumentException for bad shapes or dtypes
     */
    public static NDArray jsDivLoss2d(NDArray pred, NDArray target, Reduction reduction) {
        return Divergence.jsDivLoss2d(pred, target, reduction);
    }

    /**
     * See {@link DepthSmooth#inverseDepthSmoothnessLoss(NDArray, NDArray)}.
     *
     * @param idepth {@code (B, 1, H, W)} inverse depth
     * @param image {@code (B, C, H, W)} the image whose edges allow depth edges
     * @return the scalar loss
     * @throws IllegalArgumentException for bad shapes or dtypes
     */
    public static NDArray inverseDepthSmoothnessLoss(NDArray idepth, NDArray image) {
        return DepthSmooth.inverseDepthSmoothnessLoss(idepth, image);
    }

    /**
     * See {@link RobustLosses#charbonnierLoss(NDArray, NDArray, Reduction)}.
     *
     * @param img1 the prediction
     * @param img2 the target, same shape
     * @param reduction none, mean or sum
     * @return the loss
     * @throws IllegalArgumentException for mismatched shapes or a non-floating dtype
     */
    public static NDArray charbonnierLoss(NDArray img1, NDArray img2, Reduction reduction) {
        return RobustLosses.charbonnierLoss(img1, img2, reduction);
    }

    /**
     * See {@link RobustLosses#welschLoss(NDArray, NDArray, Reduction)}.
     *
     * @param img1 the prediction
     * @param img2 the target, same shape
     * @param reduction none, mean or sum
     * @return the loss
     * @throws IllegalArgumentException for mismatched shapes or a non-floating dtype
     */
    public static NDArray welschLoss(NDArray img1, NDArray img2, Reduction reduction) {
        return RobustLosses.welschLoss(img1, img2, reduction);
    }

    /**
     * See {@link RobustLosses#cauchyLoss(NDArray, NDArray, Reduction)}.
     *
     * @param img1 the prediction
     * @param img2 the target, same shape
     * @param reduction none, mean or sum
     * @return the loss
     * @throws IllegalArgumentException for mismatched shapes or a non-floating dtype
     */
    public static NDArray cauchyLoss(NDArray img1, NDArray img2, Reduction reduction) {
        return RobustLosses.cauchyLoss(img1, img2, reduction);
    }

    /**
     * See {@link RobustLosses#gemanMcclureLoss(NDArray, NDArray, Reduction)}.
     *
     * @param img1 the prediction
     * @param img2 the target, same shape
     * @param reduction none, mean or sum
     * @return the loss
     * @throws IllegalArgumentException for mismatched shapes or a non-floating dtype
     */
    public static NDArray gemanMcclureLoss(NDArray img1, NDArray img2, Reduction reduction) {
        return RobustLosses.gemanMcclureLoss(img1, img2, reduction);
    }
}
