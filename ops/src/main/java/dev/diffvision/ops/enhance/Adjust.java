package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.diffvision.ops.color.Gray;
import dev.diffvision.ops.color.Hsv;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Kernels;
import dev.diffvision.ops.core.Padding;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Scoped;

/**
 * Intensity adjustments: Kornia's {@code kornia/enhance/adjust.py} (brightness, contrast, gamma, log, sigmoid,
 * hue, saturation (in HSV and by gray blending), invert, posterize, solarize, sharpness, equalize).
 *
 * <p>Images are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)}, normally in [0, 1]; outputs keep
 * shape, dtype, device and rank, belong to the image's manager, and the image is not modified. Gradients flow
 * to the image (and to tensor factors) except through {@link #posterize} and {@link #equalize}, which are
 * piecewise constant.
 *
 * <p>Factors: each op takes a {@code double} (the whole batch) or a tensor. A tensor factor follows Kornia's
 * rule of aligning with the image's LEADING dimensions (see each method): {@code (B,)} is one factor per image of
 * a batch; for a {@code (C, H, W)} image the pointwise ops read a {@code (C,)} factor per channel, exactly as
 * Kornia does. Every factor, gain, cutoff and threshold must be finite: a NaN or infinite one, which would reach
 * every pixel it applies to, is rejected with an {@link IllegalArgumentException} naming the op and the parameter
 * ({@code adjust_brightness: expected finite values in factor, got NaN in ()}); Kornia computes with it.
 */
public final class Adjust {

    private static final double[][][] SMOOTH = {{{1 / 13.0, 1 / 13.0, 1 / 13.0}, {1 / 13.0, 5 / 13.0, 1 / 13.0},
        {1 / 13.0, 1 / 13.0, 1 / 13.0}}};
    private static final int LEVELS = 256;

    private Adjust() {}

    /**
     * Kornia's {@code adjust_brightness} (additive, Szeliski's convention): {@code clamp(image + factor, 0, 1)}.
     *
     * <pre>{@code
     * NDArray brighter = Adjust.adjustBrightness(img, 0.1);
     * }</pre>
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor added to every pixel; 0 leaves the image unchanged
     * @return the adjusted image, clipped to [0, 1]
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray adjustBrightness(NDArray image, double factor) {
        Checks.image(image, "adjust_brightness", "image");
        return Scoped.run(() -> adjustBrightness(image, Constants.scalar(image, factor), true), image);
    }

    /**
     * Kornia's {@code adjust_brightness} with a tensor factor: {@code image + factor}, optionally clipped.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor {@code ()}, or aligned with the image's leading dimensions, e.g. {@code (B,)} per image
     * @param clipOutput clamp the result to [0, 1] (Kornia's {@code clip_output}, default true)
     * @return the adjusted image
     * @throws IllegalArgumentException for a wrong rank/dtype or a factor that does not broadcast
     */
    public static NDArray adjustBrightness(NDArray image, NDArray factor, boolean clipOutput) {
        String op = "adjust_brightness";
        Checks.image(image, op, "image");
        return Scoped.run(() -> clip(image.add(Factors.leading(factor, image, op, "factor")), clipOutput),
                image, factor);
    }

    /**
     * Kornia's {@code adjust_brightness_accumulative} (PIL's multiplicative brightness):
     * {@code clamp(image * factor, 0, 1)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor multiplies every pixel; 1 leaves the image unchanged
     * @return the adjusted image, clipped to [0, 1]
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray adjustBrightnessAccumulative(NDArray image, double factor) {
        Checks.image(image, "adjust_brightness_accumulative", "image");
        return Scoped.run(() -> adjustBrightnessAccumulative(image, Constants.scalar(image, factor), true), image);
    }

    /**
     * Kornia's {@code adjust_brightness_accumulative} with a tensor factor.
     *
     * <pre>{@code
     * NDArray out = Adjust.adjustBrightnessAccumulative(batch, perImage, true);   // perImage: (B,)
     * }</pre>
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor {@code ()} or aligned with the image's leading dimensions
     * @param clipOutput clamp the result to [0, 1]
     * @return {@code image * factor}
     * @throws IllegalArgumentException for a wrong rank/dtype or a factor that does not broadcast
     */
    public static NDArray adjustBrightnessAccumulative(NDArray image, NDArray factor, boolean clipOutput) {
        String op = "adjust_brightness_accumulative";
        Checks.image(image, op, "image");
        return Scoped.run(() -> clip(image.mul(Factors.leading(factor, image, op, "factor")), clipOutput),
                image, factor);
    }

    /**
     * Kornia's {@code adjust_contrast} (multiplicative, Szeliski's convention; not torchvision's):
     * {@code clamp(image * factor, 0, 1)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor >= 0; 0 gives black, 1 the unchanged image
     * @return the adjusted image, clipped to [0, 1]
     * @throws IllegalArgumentException for a wrong rank/dtype or a negative factor
     */
    public static NDArray adjustContrast(NDArray image, double factor) {
        Checks.image(image, "adjust_contrast", "image");
        return Scoped.run(() -> adjustContrast(image, Constants.scalar(image, factor), true), image);
    }

    /**
     * Kornia's {@code adjust_contrast} with a tensor factor.
     *
     * <pre>{@code
     * NDArray out = Adjust.adjustContrast(chw, perChannel, true);   // (C, H, W) image, (C,) factor
     * }</pre>
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor >= 0, {@code ()} or aligned with the image's leading dimensions
     * @param clipOutput clamp the result to [0, 1]
     * @return {@code image * factor}
     * @throws IllegalArgumentException for a wrong rank/dtype, a negative factor or one that does not broadcast
     */
    public static NDArray adjustContrast(NDArray image, NDArray factor, boolean clipOutput) {
        String op = "adjust_contrast";
        Checks.image(image, op, "image");
        return Scoped.run(() -> {
            Factors.nonNegative(factor, op, "factor");
            return clip(image.mul(Factors.leading(factor, image, op, "factor")), clipOutput);
        }, image, factor);
    }

    /**
     * Kornia's {@code adjust_contrast_with_mean_subtraction} (PIL's contrast):
     * {@code clamp(image * f + mean * (1 - f), 0, 1)}, where {@code mean} is the mean of the image's
     * grayscale (BT.601) for RGB input, and of all its values otherwise.
     *
     * <p>Convention difference: for a batch of non-RGB images Kornia takes one mean over the whole batch; here
     * the mean is per image, so that an image's result does not depend on its batch.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor 0 gives the uniform mean image, 1 the unchanged image
     * @return the adjusted image, clipped to [0, 1]
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray adjustContrastWithMeanSubtraction(NDArray image, double factor) {
        Checks.image(image, "adjust_contrast_with_mean_subtraction", "image");
        return Scoped.run(() -> adjustContrastWithMeanSubtraction(image, Constants.scalar(image, factor)), image);
    }

    /**
     * {@link #adjustContrastWithMeanSubtraction(NDArray, double)} with a tensor factor.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor {@code ()} or aligned with the image's leading dimensions, e.g. {@code (B,)}
     * @return the adjusted image, clipped to [0, 1]
     * @throws IllegalArgumentException for a wrong rank/dtype or a factor that does not broadcast
     */
    public static NDArray adjustContrastWithMeanSubtraction(NDArray image, NDArray factor) {
        String op = "adjust_contrast_with_mean_subtraction";
        Checks.image(image, op, "image");
        return Scoped.run(() -> {
            NDArray f = Factors.leading(factor, image, op, "factor");
            Shape s = image.getShape();
            int n = s.dimension();
            NDArray mean = s.get(n - 3) == 3
                    ? Constants.divide(Gray.rgbToGrayscale(image).sum(new int[] {n - 2, n - 1}, true),
                            s.get(n - 2) * s.get(n - 1))
                    : Constants.divide(image.sum(new int[] {n - 3, n - 2, n - 1}, true),
                            s.size() / (n == 4 ? s.get(0) : 1));
            return image.mul(f).add(mean.mul(f.neg().add(1))).clip(0, 1);
        }, image, factor);
    }

    /**
     * Kornia's {@code adjust_gamma}: {@code clamp(gain * image^gamma, 0, 1)}.
     *
     * <pre>{@code
     * NDArray darker = Adjust.adjustGamma(img, 2.2, 1.0);
     * }</pre>
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param gamma >= 0; above 1 darkens the shadows, below 1 lightens them
     * @param gain >= 0, the multiplier (Kornia's default 1)
     * @return the corrected image, clipped to [0, 1]
     * @throws IllegalArgumentException for a wrong rank/dtype or a negative gamma or gain
     */
    public static NDArray adjustGamma(NDArray image, double gamma, double gain) {
        Checks.image(image, "adjust_gamma", "image");
        return Scoped.run(() -> adjustGamma(image, Constants.scalar(image, gamma), Constants.scalar(image, gain)), image);
    }

    /**
     * {@link #adjustGamma(NDArray, double, double)} with tensor parameters.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param gamma >= 0, {@code ()} or aligned with the image's leading dimensions, e.g. {@code (B,)}
     * @param gain >= 0, same forms as {@code gamma}
     * @return the corrected image, clipped to [0, 1]
     * @throws IllegalArgumentException for a wrong rank/dtype, negative values or shapes that do not broadcast
     */
    public static NDArray adjustGamma(NDArray image, NDArray gamma, NDArray gain) {
        String op = "adjust_gamma";
        Checks.image(image, op, "image");
        return Scoped.run(() -> {
            Factors.nonNegative(gamma, op, "gamma");
            Factors.nonNegative(gain, op, "gain");
            NDArray g = Factors.leading(gamma, image, op, "gamma");
            return image.pow(g).mul(Factors.leading(gain, image, op, "gain")).clip(0, 1);
        }, image, gamma, gain);
    }

    /**
     * Kornia's {@code adjust_hue}: turns the hue of an RGB image by {@code factor} radians (RGB -> HSV, hue +
     * factor modulo 2 pi, HSV -> RGB, with {@link Hsv}'s conventions).
     *
     * <pre>{@code
     * NDArray turned = Adjust.adjustHue(rgb, Math.PI / 4);
     * }</pre>
     *
     * @param image RGB {@code (B, 3, H, W)} or {@code (3, H, W)} in [0, 1]
     * @param factor the turn in radians, in [-pi, pi]; 0 leaves the image unchanged
     * @return the adjusted image
     * @throws IllegalArgumentException for a wrong rank, dtype or channel count, or a factor outside [-pi, pi]
     */
    public static NDArray adjustHue(NDArray image, double factor) {
        Checks.imageWithChannels(image, 3, "adjust_hue", "image");
        return Scoped.run(() -> adjustHue(image, Constants.scalar(image, factor)), image);
    }

    /**
     * {@link #adjustHue(NDArray, double)} with a tensor factor, e.g. one turn per image.
     *
     * @param image RGB {@code (*, 3, H, W)}
     * @param factor {@code ()} or aligned with the image's leading dimensions, e.g. {@code (B,)}; in [-pi, pi]
     * @return the adjusted image
     * @throws IllegalArgumentException for a wrong image, or a factor that does not broadcast or is out of range
     */
    public static NDArray adjustHue(NDArray image, NDArray factor) {
        String op = "adjust_hue";
        Checks.imageWithChannels(image, 3, op, "image");
        return Scoped.run(() -> {
            NDArray f = Factors.leading(factor, image, op, "factor");
            Factors.within(f, -Math.PI, Math.PI, op, "factor");
            int axis = image.getShape().dimension() - 3;
            NDArray[] hsv = Hsv.rgbToHsv(image).split(3, axis).toArray(new NDArray[0]);
            NDArray hue = hsv[0].add(f).mod(2 * Math.PI);
            return Hsv.hsvToRgb(NDArrays.concat(new NDList(hue, hsv[1], hsv[2]), axis));
        }, image, factor);
    }

    /**
     * Kornia's {@code adjust_saturation}: scales the HSV saturation of an RGB image, {@code clamp(s * factor,
     * 0, 1)}, keeping hue and value.
     *
     * <pre>{@code
     * NDArray vivid = Adjust.adjustSaturation(rgb, 1.5);
     * }</pre>
     *
     * @param image RGB {@code (B, 3, H, W)} or {@code (3, H, W)} in [0, 1]
     * @param factor >= 0; 0 gives gray, 1 leaves the image unchanged
     * @return the adjusted image
     * @throws IllegalArgumentException for a wrong rank, dtype or channel count, or a negative factor
     */
    public static NDArray adjustSaturation(NDArray image, double factor) {
        Checks.imageWithChannels(image, 3, "adjust_saturation", "image");
        return Scoped.run(() -> adjustSaturation(image, Constants.scalar(image, factor)), image);
    }

    /**
     * {@link #adjustSaturation(NDArray, double)} with a tensor factor, e.g. one per image.
     *
     * @param image RGB {@code (*, 3, H, W)}
     * @param factor {@code ()} or aligned with the image's leading dimensions, e.g. {@code (B,)}; >= 0
     * @return the adjusted image
     * @throws IllegalArgumentException for a wrong image, or a factor that does not broadcast or is negative
     */
    public static NDArray adjustSaturation(NDArray image, NDArray factor) {
        String op = "adjust_saturation";
        Checks.imageWithChannels(image, 3, op, "image");
        return Scoped.run(() -> {
            NDArray f = Factors.leading(factor, image, op, "factor");
            Factors.nonNegative(f, op, "factor");
            int axis = image.getShape().dimension() - 3;
            NDArray[] hsv = Hsv.rgbToHsv(image).split(3, axis).toArray(new NDArray[0]);
            NDArray saturation = hsv[1].mul(f).clip(0, 1);
            return Hsv.hsvToRgb(NDArrays.concat(new NDList(hsv[0], saturation, hsv[2]), axis));
        }, image, factor);
    }

    /**
     * Kornia's {@code adjust_saturation_with_gray_subtraction} (PIL's colour enhance): blends an RGB image with
     * its BT.601 grayscale, {@code clamp((1 - f) * gray + f * image, 0, 1)}; a 1-channel image is returned
     * unchanged (as a copy).
     *
     * @param image {@code (B, 3, H, W)}, {@code (3, H, W)} or the 1-channel forms
     * @param factor 0 gives gray, 1 the unchanged image, 2 doubles the saturation
     * @return the adjusted image
     * @throws IllegalArgumentException for a wrong rank/dtype or a channel count other than 1 or 3
     */
    public static NDArray adjustSaturationWithGraySubtraction(NDArray image, double factor) {
        Checks.image(image, "adjust_saturation_with_gray_subtraction", "image");
        return Scoped.run(() -> adjustSaturationWithGraySubtraction(image, Constants.scalar(image, factor)), image);
    }

    /**
     * {@link #adjustSaturationWithGraySubtraction(NDArray, double)} with a tensor factor.
     *
     * @param image {@code (*, 3, H, W)} or {@code (*, 1, H, W)}
     * @param factor {@code ()} or aligned with the image's leading dimensions, e.g. {@code (B,)}
     * @return the adjusted image
     * @throws IllegalArgumentException for a wrong rank/dtype/channel count or a factor that does not broadcast
     */
    public static NDArray adjustSaturationWithGraySubtraction(NDArray image, NDArray factor) {
        String op = "adjust_saturation_with_gray_subtraction";
        Checks.image(image, op, "image");
        Shape s = image.getShape();
        long c = s.get(s.dimension() - 3);
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException(op + ": expected image with 1 or 3 channels (dimension -3), got shape "
                    + Checks.describe(s));
        }
        return Scoped.run(() -> {
            NDArray f = Factors.leading(factor, image, op, "factor");
            if (c == 1) {
                return image.duplicate();
            }
            return Gray.rgbToGrayscale(image).mul(f.neg().add(1)).add(image.mul(f)).clip(0, 1);
        }, image, factor);
    }

    /**
     * Kornia's {@code adjust_log}: {@code gain * log2(1 + image)}, or with {@code inv} the inverse correction
     * {@code gain * (2^image - 1)}; optionally clipped.
     *
     * <pre>{@code
     * NDArray out = Adjust.adjustLog(img, 1.0, false, true);
     * }</pre>
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param gain the multiplier (Kornia's default 1)
     * @param inv apply the inverse correction (default false)
     * @param clipOutput clamp the result to [0, 1] (default true)
     * @return the corrected image
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray adjustLog(NDArray image, double gain, boolean inv, boolean clipOutput) {
        Checks.image(image, "adjust_log", "image");
        Checks.finite("adjust_log", "gain", gain);
        return Scoped.run(() -> {
            NDArray curve = inv ? Constants.scale(image, Math.log(2)).exp().sub(1) : image.add(1).log2();
            return clip(Constants.scale(curve, gain), clipOutput);
        }, image);
    }

    /**
     * Kornia's {@code adjust_sigmoid} (Braun's sigmoidal contrast): {@code 1 / (1 + exp(gain * (cutoff - image)))},
     * or with {@code inv} one minus that. Not clipped (the result is in (0, 1)).
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param cutoff the input value mapped to 0.5 (Kornia's default 0.5)
     * @param gain the slope (default 10)
     * @param inv return the inverse correction (default false)
     * @return the corrected image
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray adjustSigmoid(NDArray image, double cutoff, double gain, boolean inv) {
        Checks.image(image, "adjust_sigmoid", "image");
        Checks.finite("adjust_sigmoid", "cutoff", cutoff);
        Checks.finite("adjust_sigmoid", "gain", gain);
        return Scoped.run(() -> {
            NDArray s = Constants.power(Constants.scale(image.neg().add(cutoff), gain).exp().add(1), -1);
            return inv ? s.neg().add(1) : s;
        }, image);
    }

    /**
     * Kornia's {@code invert} with {@code max_val = 1}: {@code 1 - image}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @return the inverted image
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray invert(NDArray image) {
        Checks.image(image, "invert", "image");
        return image.neg().add(1);
    }

    /**
     * Kornia's {@code invert}: {@code maxVal - image}, where {@code maxVal} broadcasts against the image the
     * usual (trailing) way, e.g. {@code ()} or {@code (1, 1, 1, 1)}.
     *
     * <pre>{@code
     * NDArray out = Adjust.invert(img255, manager.create(255f));
     * }</pre>
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param maxVal the expected maximum; gradients flow to it too
     * @return the inverted image, the image's shape
     * @throws IllegalArgumentException for a wrong rank/dtype or a {@code maxVal} that does not broadcast
     */
    public static NDArray invert(NDArray image, NDArray maxVal) {
        String op = "invert";
        Checks.image(image, op, "image");
        Checks.floating(maxVal, op, "max_val");
        Shape s = image.getShape();
        Shape m = maxVal.getShape();
        boolean ok = m.dimension() <= s.dimension();
        for (int i = 1; ok && i <= m.dimension(); i++) {
            long d = m.get(m.dimension() - i);
            ok = d == 1 || d == s.get(s.dimension() - i);
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": expected max_val broadcastable to the input's "
                    + Checks.describe(s) + ", got " + Checks.describe(m));
        }
        return Scoped.run(() -> maxVal.toType(image.getDataType(), false).sub(image), image, maxVal);
    }

    /**
     * Kornia's {@code posterize}: keeps the {@code bits} high bits of each 8-bit level, PIL's
     * {@code ImageOps.posterize}. Computed as Kornia does: {@code q = trunc(255 x)}, then
     * {@code trunc(255 * (q / 2^s / 255)) * 2^s / 255} with {@code s = 8 - bits}; 0 bits gives zeros, 8 bits the
     * unchanged image. Not differentiable (piecewise constant).
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1] (levels are clamped to [0, 255])
     * @param bits in [0, 8]
     * @return the posterized image
     * @throws IllegalArgumentException for a wrong rank/dtype or bits outside [0, 8]
     */
    public static NDArray posterize(NDArray image, int bits) {
        Checks.image(image, "posterize", "image");
        return Scoped.run(() -> posterize(image, Constants.scalar(image, bits)), image);
    }

    /**
     * {@link #posterize(NDArray, int)} with a tensor of bits: {@code ()}, {@code (B,)} per image or
     * {@code (B, C)} per image and channel (a {@code (C, H, W)} image counts as a batch of one).
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param bits integers in [0, 8]
     * @return the posterized image
     * @throws IllegalArgumentException for a wrong rank/dtype, bits that are not integers in [0, 8], or a shape
     *     that does not broadcast
     */
    public static NDArray posterize(NDArray image, NDArray bits) {
        String op = "posterize";
        Checks.image(image, op, "image");
        Checks.floating(bits, op, "bits");
        return Rank.batched(image, x -> Scoped.run(() -> {
            NDArray b = Factors.leading(bits, x, op, "bits");
            boolean valid = b.eq(b.floor()).logicalAnd(b.gte(0)).logicalAnd(b.lte(8)).all().getBoolean();
            if (!valid) {
                throw new IllegalArgumentException(op + ": expected bits to be integers in [0, 8], got "
                        + java.util.Arrays.toString(bits.toType(DataType.FLOAT64, false).toDoubleArray()));
            }
            NDArray step = Constants.scalar(x, 2).pow(b.neg().add(8));
            // only the product ahead of floor needs Constants: floor's zero gradient stops what follows
            NDArray levels = Constants.scale(x, 255).clip(0, 255).floor();
            NDArray kept = levels.div(step).div(255).mul(255).floor().mul(step).div(255);
            Shape shape = x.getShape();
            return Factors.where(b.eq(0), x.zerosLike(), Factors.where(b.eq(8), x, kept, shape), shape);
        }, x, bits));
    }

    /**
     * Kornia's {@code solarize} with a single threshold and no addition: {@code where(x < t, x, 1 - x)}.
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param thresholds values below it are kept, the others inverted (Kornia's default 0.5)
     * @return the solarized image
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray solarize(NDArray image, double thresholds) {
        Checks.image(image, "solarize", "image");
        return Scoped.run(() -> solarize(image, Constants.scalar(image, thresholds), null), image);
    }

    /**
     * Kornia's {@code solarize}: {@code x' = clamp(x + additions, 0, 1)} (when additions are given), then
     * {@code where(x' < thresholds, x', 1 - x')}. Differentiable almost everywhere.
     *
     * <pre>{@code
     * NDArray out = Adjust.solarize(batch, manager.create(new float[] {0.8f, 0.5f}), null);
     * }</pre>
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @param thresholds {@code ()} or {@code (B,)} per image (a {@code (C, H, W)} image is a batch of one)
     * @param additions null for none, else values in (-0.5, 0.5) of the same forms
     * @return the solarized image
     * @throws IllegalArgumentException for a wrong rank/dtype, a NaN or infinite threshold or addition, additions
     *     outside (-0.5, 0.5) or shapes that do not broadcast
     */
    public static NDArray solarize(NDArray image, NDArray thresholds, NDArray additions) {
        String op = "solarize";
        Checks.image(image, op, "image");
        Checks.floating(thresholds, op, "thresholds");
        NDArray[] inputs = additions == null ? new NDArray[] {image, thresholds}
                : new NDArray[] {image, thresholds, additions};
        return Rank.batched(image, x -> Scoped.run(() -> {
            NDArray shifted = x;
            if (additions != null) {
                NDArray a = Factors.leading(additions, x, op, "additions");
                if (!a.abs().lt(0.5).all().getBoolean()) {
                    throw new IllegalArgumentException(op + ": expected additions in (-0.5, 0.5), got "
                            + java.util.Arrays.toString(additions.toType(DataType.FLOAT64, false).toDoubleArray()));
                }
                shifted = x.add(a).clip(0, 1);
            }
            NDArray t = Factors.leading(thresholds, x, op, "thresholds");
            return Factors.where(shifted.lt(t), shifted, shifted.neg().add(1), x.getShape());
        }, inputs));
    }

    /**
     * Kornia's {@code sharpness} (PIL's {@code ImageEnhance.Sharpness}): blends the image with a smoothed copy
     * ({@code [[1,1,1],[1,5,1],[1,1,1]] / 13}, valid convolution clamped to [0, 1], the one-pixel border kept
     * from the image). Factor 0 gives the smoothed image, 1 the original, other values
     * {@code smooth + (image - smooth) * factor}, clamped to [0, 1] outside (0, 1).
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}, H and W >= 3
     * @param factor the sharpness strength, >= 0
     * @return the sharpened image
     * @throws IllegalArgumentException for a wrong rank/dtype or an image smaller than 3x3
     */
    public static NDArray sharpness(NDArray image, double factor) {
        Checks.image(image, "sharpness", "image");
        return Scoped.run(() -> sharpness(image, Constants.scalar(image, factor)), image);
    }

    /**
     * {@link #sharpness(NDArray, double)} with a tensor factor: {@code ()} or {@code (B,)} per image.
     *
     * <pre>{@code
     * NDArray out = Adjust.sharpness(batch, manager.create(new float[] {0.8f, 1.3f}));
     * }</pre>
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)}, H and W >= 3
     * @param factor the strength per image
     * @return the sharpened image
     * @throws IllegalArgumentException for a wrong rank/dtype, a small image, or a factor that is NaN, infinite or
     *     does not broadcast
     */
    public static NDArray sharpness(NDArray image, NDArray factor) {
        String op = "sharpness";
        Checks.image(image, op, "image");
        Shape s = image.getShape();
        if (s.get(s.dimension() - 1) < 3 || s.get(s.dimension() - 2) < 3) {
            throw new IllegalArgumentException(op + ": expected image with H >= 3 and W >= 3, got shape "
                    + Checks.describe(s));
        }
        return Rank.batched(image, x -> Scoped.run(() -> {
            Shape xs = x.getShape();
            long b = xs.get(0);
            long c = xs.get(1);
            long h = xs.get(2);
            long w = xs.get(3);
            NDArray weight = Kernels.convWeight(SMOOTH, x.getManager(), x.getDataType());
            NDArray smooth = Conv2d.conv2d(x.reshape(b * c, 1, h, w), weight).singletonOrThrow().clip(0, 1);
            NDArray padded = Padding.pad2d(smooth, 1, 1, 1, 1, BorderType.CONSTANT, 0).reshape(b, c, h, w);
            NDArray inner = Padding.pad2d(x.getManager().ones(new Shape(1, 1, h - 2, w - 2), x.getDataType()),
                    1, 1, 1, 1, BorderType.CONSTANT, 0).gt(0.5);
            NDArray degenerate = Factors.where(inner, padded, x, xs);
            NDArray f = Factors.leading(factor, x, op, "factor");
            NDArray blend = degenerate.add(x.sub(degenerate).mul(f));
            NDArray kept = Factors.where(f.gt(0).logicalAnd(f.lt(1)), blend, blend.clip(0, 1), xs);
            return Factors.where(f.eq(0), degenerate, Factors.where(f.eq(1), x, kept, xs), xs);
        }, x, factor));
    }

    /**
     * Kornia's {@code equalize}: PIL's histogram equalisation of each channel on 256 levels (the TPU
     * autoaugment port). Per channel: the 256-bin histogram of {@code 255 x} ({@code torch.histc} bins),
     * {@code step = (pixels - count of the highest occupied bin) // 255}; if {@code step == 0} the channel is
     * unchanged, otherwise {@code lut[k] = clamp((cdf[k - 1] + step // 2) // step, 0, 255)} ({@code lut[0] = 0})
     * and the result is {@code lut[trunc(255 x)] / 255}. Not differentiable.
     *
     * <p>Convention difference from OpenCV's {@code equalizeHist}: OpenCV maps through
     * {@code round((cdf - cdf_min) * 255 / (pixels - cdf_min))}; PIL's rule shifts the LUT by one level and
     * rounds differently, so the two agree only to within a few levels.
     *
     * <pre>{@code
     * NDArray flat = Adjust.equalize(img);
     * }</pre>
     *
     * @param image {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]
     * @return the equalized image
     * @throws IllegalArgumentException for a wrong rank/dtype or values outside [0, 1] (strictly: outside
     *     (-1/255, 256/255), Kornia's check)
     */
    public static NDArray equalize(NDArray image) {
        String op = "equalize";
        Checks.image(image, op, "image");
        return Scoped.run(() -> {
            Shape s = image.getShape();
            int n = s.dimension();
            NDArray levels = Constants.scale(image, 255).reshape(-1, s.get(n - 2) * s.get(n - 1));
            if (!levels.gt(-1).logicalAnd(levels.lt(256)).all().getBoolean()) {
                throw new IllegalArgumentException(op + ": expected input values in [0, 1], got values outside "
                        + "(-1/255, 256/255)");
            }
            // torch.histc(bins=256, min=0, max=255) bin of each level; values outside [0, 255] are not counted
            NDArray inRange = levels.gte(0).logicalAnd(levels.lte(255));
            NDArray bin = levels.mul(LEVELS).div(255).floor().clip(0, LEVELS - 1);
            NDArray cdf = cumulativeCounts(NDArrays.where(inRange, bin, bin.zerosLike().add(2 * LEVELS)), LEVELS);
            NDArray total = cdf.get(":, " + (LEVELS - 1) + ":");
            NDArray belowTop = NDArrays.where(cdf.lt(total), cdf, cdf.zerosLike()).max(new int[] {1}, true);
            NDArray step = belowTop.div(255).floor();
            NDArray safeStep = NDArrays.where(step.eq(0), step.onesLike(), step);
            NDArray shifted = cdf.get(":, :" + (LEVELS - 1)).add(safeStep.div(2).floor()).div(safeStep).floor();
            NDArray lut = shifted.zerosLike().get(":, :1").concat(shifted, 1).clip(0, 255);
            NDArray index = levels.clip(0, 255).floor().toType(DataType.INT64, false);
            NDArray mapped = lut.gather(index, 1).toType(image.getDataType(), false);
            return Constants.divide(Factors.where(step.eq(0), levels, mapped, levels.getShape()), 255).reshape(s);
        }, image);
    }

    /**
     * Cumulative histogram counts without a scatter kernel: each row's values are sorted together with markers
     * {@code k + 0.5}; the number of values before marker {@code k} is {@code #(values <= k)}.
     *
     * @param bins {@code (N, P)} integral bin indices; values >= {@code levels} are never counted
     * @param levels the number of bins {@code K}
     * @return {@code (N, K)} float64 counts {@code C[n, k] = #(bins[n] <= k)}
     */
    static NDArray cumulativeCounts(NDArray bins, int levels) {
        long rows = bins.getShape().get(0);
        NDArray values = bins.toType(DataType.FLOAT64, false);
        NDArray markers = bins.getManager().arange(0, levels, 1, DataType.FLOAT64).add(0.5).reshape(1, levels)
                .repeat(0, rows);
        NDArray sorted = values.concat(markers, 1).sort(1);
        NDArray isMarker = sorted.sub(sorted.floor()).gt(0.25);
        NDArray before = isMarker.logicalNot().toType(DataType.FLOAT64, false).cumSum(1);
        return before.booleanMask(isMarker).reshape(rows, levels);
    }

    private static NDArray clip(NDArray x, boolean clipOutput) {
        return clipOutput ? x.clip(0, 1) : x;
    }
}
