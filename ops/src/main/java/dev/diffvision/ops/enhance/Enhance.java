package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;

/**
 * The {@code kornia.enhance} facade: every enhance op by its functional name, delegating to its topic class
 * ({@link Normalize}, {@link Adjust}, {@link Core}, {@link Histogram}) — one implementation, two doors.
 *
 * <pre>{@code
 * NDArray x = Enhance.normalize(img, mean, std);      // = Normalize.normalize(img, mean, std)
 * NDArray y = Enhance.adjustGamma(img, 2.2, 1.0);      // = Adjust.adjustGamma(img, 2.2, 1.0)
 * }</pre>
 */
public final class Enhance {

    private Enhance() {}

    /**
     * See {@link Normalize#normalize(NDArray, NDArray, NDArray)}.
     *
     * @param data {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param mean {@code ()}, {@code (1,)}, {@code (C,)} or, for batched data, {@code (B, C)}
     * @param std the same forms as {@code mean}, without zeros (rejected; Kornia divides by them)
     * @return the normalised data
     */
    public static NDArray normalize(NDArray data, NDArray mean, NDArray std) {
        return Normalize.normalize(data, mean, std);
    }

    /**
     * See {@link Normalize#denormalize(NDArray, NDArray, NDArray)}.
     *
     * @param data {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param mean {@code ()}, {@code (1,)}, {@code (C,)} or, for batched data, {@code (B, C)}
     * @param std the same forms as {@code mean}
     * @return the denormalised data
     */
    public static NDArray denormalize(NDArray data, NDArray mean, NDArray std) {
        return Normalize.denormalize(data, mean, std);
    }

    /**
     * See {@link Normalize#normalizeMinMax(NDArray, double, double, double)}.
     *
     * @param x {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param minVal the new minimum (Kornia's default 0)
     * @param maxVal the new maximum (default 1)
     * @param eps added to the range, avoids division by zero (default 1e-6)
     * @return the rescaled image
     */
    public static NDArray normalizeMinMax(NDArray x, double minVal, double maxVal, double eps) {
        return Normalize.normalizeMinMax(x, minVal, maxVal, eps);
    }

    /**
     * See {@link Adjust#adjustBrightness(NDArray, double)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor added to every pixel; 0 leaves the image unchanged
     * @return the adjusted image, clipped to [0, 1]
     */
    public static NDArray adjustBrightness(NDArray image, double factor) {
        return Adjust.adjustBrightness(image, factor);
    }

    /**
     * See {@link Adjust#adjustBrightness(NDArray, NDArray, boolean)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor {@code ()}, or aligned with the image's leading dimensions, e.g. {@code (B,)} per image
     * @param clipOutput clamp the result to [0, 1] (Kornia's {@code clip_output}, default true)
     * @return the adjusted image
     */
    public static NDArray adjustBrightness(NDArray image, NDArray factor, boolean clipOutput) {
        return Adjust.adjustBrightness(image, factor, clipOutput);
    }

    /**
     * See {@link Adjust#adjustBrightnessAccumulative(NDArray, double)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor multiplies every pixel; 1 leaves the image unchanged
     * @return the adjusted image, clipped to [0, 1]
     */
    public static NDArray adjustBrightnessAccumulative(NDArray image, double factor) {
        return Adjust.adjustBrightnessAccumulative(image, factor);
    }

    /**
     * See {@link Adjust#adjustBrightnessAccumulative(NDArray, NDArray, boolean)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor {@code ()} or aligned with the image's leading dimensions
     * @param clipOutput clamp the result to [0, 1]
     * @return {@code image * factor}
     */
    public static NDArray adjustBrightnessAccumulative(NDArray image, NDArray factor, boolean clipOutput) {
        return Adjust.adjustBrightnessAccumulative(image, factor, clipOutput);
    }

    /**
     * See {@link Adjust#adjustContrast(NDArray, double)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor >= 0; 0 gives black, 1 the unchanged image
     * @return the adjusted image, clipped to [0, 1]
     */
    public static NDArray adjustContrast(NDArray image, double factor) {
        return Adjust.adjustContrast(image, factor);
    }

    /**
     * See {@link Adjust#adjustContrast(NDArray, NDArray, boolean)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor >= 0, {@code ()} or aligned with the image's leading dimensions
     * @param clipOutput clamp the result to [0, 1]
     * @return {@code image * factor}
     */
    public static NDArray adjustContrast(NDArray image, NDArray factor, boolean clipOutput) {
        return Adjust.adjustContrast(image, factor, clipOutput);
    }

    /**
     * See {@link Adjust#adjustContrastWithMeanSubtraction(NDArray, double)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor 0 gives the uniform mean image, 1 the unchanged image
     * @return the adjusted image, clipped to [0, 1]
     */
    public static NDArray adjustContrastWithMeanSubtraction(NDArray image, double factor) {
        return Adjust.adjustContrastWithMeanSubtraction(image, factor);
    }

    /**
     * See {@link Adjust#adjustContrastWithMeanSubtraction(NDArray, NDArray)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor {@code ()} or aligned with the image's leading dimensions, e.g. {@code (B,)}
     * @return the adjusted image, clipped to [0, 1]
     */
    public static NDArray adjustContrastWithMeanSubtraction(NDArray image, NDArray factor) {
        return Adjust.adjustContrastWithMeanSubtraction(image, factor);
    }

    /**
     * See {@link Adjust#adjustGamma(NDArray, double, double)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param gamma >= 0; above 1 darkens the shadows, below 1 lightens them
     * @param gain >= 0, the multiplier (Kornia's default 1)
     * @return the corrected image, clipped to [0, 1]
     */
    public static NDArray adjustGamma(NDArray image, double gamma, double gain) {
        return Adjust.adjustGamma(image, gamma, gain);
    }

    /**
     * See {@link Adjust#adjustGamma(NDArray, NDArray, NDArray)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param gamma >= 0, {@code ()} or aligned with the image's leading dimensions, e.g. {@code (B,)}
     * @param gain >= 0, same forms as {@code gamma}
     * @return the corrected image, clipped to [0, 1]
     */
    public static NDArray adjustGamma(NDArray image, NDArray gamma, NDArray gain) {
        return Adjust.adjustGamma(image, gamma, gain);
    }

    /**
     * See {@link Adjust#adjustHue(NDArray, double)}.
     *
     * @param image RGB {@code (B, 3, H, W)} or {@code (3, H, W)} in [0, 1]
     * @param factor the hue turn in radians, in [-pi, pi]
     * @return the adjusted image
     */
    public static NDArray adjustHue(NDArray image, double factor) {
        return Adjust.adjustHue(image, factor);
    }

    /**
     * See {@link Adjust#adjustSaturation(NDArray, double)}.
     *
     * @param image RGB {@code (B, 3, H, W)} or {@code (3, H, W)} in [0, 1]
     * @param factor the saturation multiplier, >= 0
     * @return the adjusted image
     */
    public static NDArray adjustSaturation(NDArray image, double factor) {
        return Adjust.adjustSaturation(image, factor);
    }

    /**
     * See {@link Adjust#adjustSaturationWithGraySubtraction(NDArray, double)}.
     *
     * @param image {@code (B, 3, H, W)}, {@code (3, H, W)} or the 1-channel forms
     * @param factor 0 gives gray, 1 the unchanged image, 2 doubles the saturation
     * @return the adjusted image
     */
    public static NDArray adjustSaturationWithGraySubtraction(NDArray image, double factor) {
        return Adjust.adjustSaturationWithGraySubtraction(image, factor);
    }

    /**
     * See {@link Adjust#adjustSaturationWithGraySubtraction(NDArray, NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} or {@code (*, 1, H, W)}
     * @param factor {@code ()} or aligned with the image's leading dimensions, e.g. {@code (B,)}
     * @return the adjusted image
     */
    public static NDArray adjustSaturationWithGraySubtraction(NDArray image, NDArray factor) {
        return Adjust.adjustSaturationWithGraySubtraction(image, factor);
    }

    /**
     * See {@link Adjust#adjustLog(NDArray, double, boolean, boolean)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param gain the multiplier (Kornia's default 1)
     * @param inv apply the inverse correction (default false)
     * @param clipOutput clamp the result to [0, 1] (default true)
     * @return the corrected image
     */
    public static NDArray adjustLog(NDArray image, double gain, boolean inv, boolean clipOutput) {
        return Adjust.adjustLog(image, gain, inv, clipOutput);
    }

    /**
     * See {@link Adjust#adjustSigmoid(NDArray, double, double, boolean)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param cutoff the input value mapped to 0.5 (Kornia's default 0.5)
     * @param gain the slope (default 10)
     * @param inv return the inverse correction (default false)
     * @return the corrected image
     */
    public static NDArray adjustSigmoid(NDArray image, double cutoff, double gain, boolean inv) {
        return Adjust.adjustSigmoid(image, cutoff, gain, inv);
    }

    /**
     * See {@link Adjust#invert(NDArray)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @return the inverted image
     */
    public static NDArray invert(NDArray image) {
        return Adjust.invert(image);
    }

    /**
     * See {@link Adjust#invert(NDArray, NDArray)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param maxVal the expected maximum; gradients flow to it too
     * @return the inverted image, the image's shape
     */
    public static NDArray invert(NDArray image, NDArray maxVal) {
        return Adjust.invert(image, maxVal);
    }

    /**
     * See {@link Adjust#posterize(NDArray, int)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1] (levels are clamped to [0, 255])
     * @param bits in [0, 8]
     * @return the posterized image
     */
    public static NDArray posterize(NDArray image, int bits) {
        return Adjust.posterize(image, bits);
    }

    /**
     * See {@link Adjust#posterize(NDArray, NDArray)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param bits integers in [0, 8]
     * @return the posterized image
     */
    public static NDArray posterize(NDArray image, NDArray bits) {
        return Adjust.posterize(image, bits);
    }

    /**
     * See {@link Adjust#solarize(NDArray, double)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param thresholds values below it are kept, the others inverted (Kornia's default 0.5)
     * @return the solarized image
     */
    public static NDArray solarize(NDArray image, double thresholds) {
        return Adjust.solarize(image, thresholds);
    }

    /**
     * See {@link Adjust#solarize(NDArray, NDArray, NDArray)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param thresholds {@code ()} or {@code (B,)} per image (a {@code (C, H, W)} image is a batch of one)
     * @param additions null for none, else values in (-0.5, 0.5) of the same forms
     * @return the solarized image
     */
    public static NDArray solarize(NDArray image, NDArray thresholds, NDArray additions) {
        return Adjust.solarize(image, thresholds, additions);
    }

    /**
     * See {@link Adjust#sharpness(NDArray, double)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}, H and W >= 3
     * @param factor the sharpness strength, >= 0
     * @return the sharpened image
     */
    public static NDArray sharpness(NDArray image, double factor) {
        return Adjust.sharpness(image, factor);
    }

    /**
     * See {@link Adjust#sharpness(NDArray, NDArray)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}, H and W >= 3
     * @param factor the strength per image
     * @return the sharpened image
     */
    public static NDArray sharpness(NDArray image, NDArray factor) {
        return Adjust.sharpness(image, factor);
    }

    /**
     * See {@link Adjust#equalize(NDArray)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @return the equalized image
     */
    public static NDArray equalize(NDArray image) {
        return Adjust.equalize(image);
    }

    /**
     * See {@link Core#addWeighted(NDArray, double, NDArray, double, double)}.
     *
     * @param src1 the first image
     * @param alpha weight of {@code src1}
     * @param src2 the second image
     * @param beta weight of {@code src2}
     * @param gamma added to the sum
     * @return the weighted sum
     */
    public static NDArray addWeighted(NDArray src1, double alpha, NDArray src2, double beta, double gamma) {
        return Core.addWeighted(src1, alpha, src2, beta, gamma);
    }

    /**
     * See {@link Histogram#histogram(NDArray, NDArray, double, double)}.
     *
     * @param x {@code (B, D)} values
     * @param bins {@code (N)} bin centres
     * @param bandwidth the Gaussian's standard deviation, > 0
     * @param eps added to the normaliser
     * @return {@code (B, N)}
     */
    public static NDArray histogram(NDArray x, NDArray bins, double bandwidth, double eps) {
        return Histogram.histogram(x, bins, bandwidth, eps);
    }

    /**
     * See {@link Histogram#histogram2d(NDArray, NDArray, NDArray, double, double)}.
     *
     * @param x1 {@code (B, D)} values
     * @param x2 {@code (B, D)} values
     * @param bins {@code (N)} bin centres
     * @param bandwidth the Gaussian's standard deviation, > 0
     * @param eps added to the normaliser
     * @return {@code (B, N, N)}
     */
    public static NDArray histogram2d(NDArray x1, NDArray x2, NDArray bins, double bandwidth, double eps) {
        return Histogram.histogram2d(x1, x2, bins, bandwidth, eps);
    }

    /**
     * See {@link Histogram#imageHistogram2d(NDArray, double, double, int, double, Histogram.Kernel)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param min the range's lower end
     * @param max the range's upper end
     * @param nBins the number of bins
     * @param bandwidth the kernel's width; <= 0 for {@code (max - min) / n_bins}
     * @param kernel the kernel
     * @return {@code (B, C, n_bins)} or {@code (C, n_bins)}
     */
    public static NDArray imageHistogram2d(NDArray image, double min, double max, int nBins, double bandwidth,
                                           Histogram.Kernel kernel) {
        return Histogram.imageHistogram2d(image, min, max, nBins, bandwidth, kernel);
    }

    /**
     * See {@link Equalization#equalizeClahe}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param clipLimit the contrast limit, 0 = none
     * @param gridSize {@code (GH, GW)}
     * @param slowAndDifferentiable the kernel-density histogram and unfloored LUTs
     * @return the equalised image
     */
    public static NDArray equalizeClahe(NDArray input, double clipLimit, int[] gridSize,
                                        boolean slowAndDifferentiable) {
        return Equalization.equalizeClahe(input, clipLimit, gridSize, slowAndDifferentiable);
    }
}
