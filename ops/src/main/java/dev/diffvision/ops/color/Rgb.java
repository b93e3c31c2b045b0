package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * Channel order, alpha and sRGB transfer-curve conversions: Kornia's {@code kornia/color/rgb.py}.
 *
 * <p>Inputs are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)}; outputs keep dtype, device and rank,
 * belong to the input's manager, and are differentiable. Inputs are not modified.
 */
public final class Rgb {

    /** sRGB encoded value below which the curve is linear ({@code x / 12.92}). */
    private static final double SRGB_KNEE = 0.04045;
    /** Linear value below which the inverse curve is linear ({@code 12.92 x}). */
    private static final double LINEAR_KNEE = 0.0031308;

    private Rgb() {}

    /**
     * Kornia's {@code rgb_to_bgr}: reverses the channel order.
     *
     * <p>input: {@code (*, 3, H, W)}; output: {@code (*, 3, H, W)}.
     *
     * <pre>{@code
     * NDArray bgr = Rgb.rgbToBgr(rgb);
     * }</pre>
     *
     * @param image RGB image
     * @return BGR image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray rgbToBgr(NDArray image) {
        Checks.imageWithChannels(image, 3, "rgb_to_bgr", "image");
        return image.flip(Channels.axis(image));
    }

    /**
     * Kornia's {@code bgr_to_rgb}: reverses the channel order.
     *
     * <p>input: {@code (*, 3, H, W)}; output: {@code (*, 3, H, W)}.
     *
     * @param image BGR image
     * @return RGB image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray bgrToRgb(NDArray image) {
        Checks.imageWithChannels(image, 3, "bgr_to_rgb", "image");
        return image.flip(Channels.axis(image));
    }

    /**
     * Kornia's {@code rgb_to_rgba} with a constant alpha: appends an alpha channel filled with {@code alphaVal}.
     *
     * <p>input: {@code (*, 3, H, W)}; output: {@code (*, 4, H, W)}. Gradients flow to the colour channels.
     *
     * <pre>{@code
     * NDArray rgba = Rgb.rgbToRgba(rgb, 1.0);   // opaque
     * }</pre>
     *
     * @param image RGB image
     * @param alphaVal the alpha value, normally in [0, 1]
     * @return RGBA image
     * @throws IllegalArgumentException if the input is not a 3-channel float image, or alphaVal is NaN or infinite
     */
    public static NDArray rgbToRgba(NDArray image, double alphaVal) {
        Checks.imageWithChannels(image, 3, "rgb_to_rgba", "image");
        Checks.finite("rgb_to_rgba", "alpha_val", alphaVal);
        return appendAlpha(image, alphaVal);
    }

    /**
     * Kornia's {@code rgb_to_rgba} with a per-pixel alpha tensor.
     *
     * <p>input: {@code (*, 3, H, W)}, alpha: {@code (*, 1, H, W)} (same leading shape); output:
     * {@code (*, 4, H, W)}. Gradients flow to the image and to the alpha.
     *
     * @param image RGB image
     * @param alpha the alpha channel
     * @return RGBA image
     * @throws IllegalArgumentException if the image is not a 3-channel float image or the alpha's shape is not
     *     the image's with one channel
     */
    public static NDArray rgbToRgba(NDArray image, NDArray alpha) {
        Checks.imageWithChannels(image, 3, "rgb_to_rgba", "image");
        return appendAlpha(image, alpha, "rgb_to_rgba");
    }

    /**
     * Kornia's {@code bgr_to_rgba} with a constant alpha: BGR to RGB, then an alpha channel filled with
     * {@code alphaVal}.
     *
     * <p>input: {@code (*, 3, H, W)}; output: {@code (*, 4, H, W)}.
     *
     * @param image BGR image
     * @param alphaVal the alpha value
     * @return RGBA image
     * @throws IllegalArgumentException if the input is not a 3-channel float image, or alphaVal is NaN or infinite
     */
    public static NDArray bgrToRgba(NDArray image, double alphaVal) {
        Checks.imageWithChannels(image, 3, "bgr_to_rgba", "image");
        Checks.finite("bgr_to_rgba", "alpha_val", alphaVal);
        return Scoped.run(() -> appendAlpha(image.flip(Channels.axis(image)), alphaVal), image);
    }

    /**
     * Kornia's {@code bgr_to_rgba} with a per-pixel alpha tensor.
     *
     * @param image BGR image {@code (*, 3, H, W)}
     * @param alpha the alpha channel {@code (*, 1, H, W)}
     * @return RGBA image {@code (*, 4, H, W)}
     * @throws IllegalArgumentException for a wrong image or alpha shape
     */
    public static NDArray bgrToRgba(NDArray image, NDArray alpha) {
        Checks.imageWithChannels(image, 3, "bgr_to_rgba", "image");
        return Scoped.run(() -> appendAlpha(image.flip(Channels.axis(image)), alpha, "bgr_to_rgba"), image, alpha);
    }

    /**
     * Kornia's {@code rgba_to_rgb}: drops the alpha channel. (Kornia computes {@code (1 - a) r + a r}, which is
     * {@code r}; the colours are returned unchanged, not composited over a background.)
     *
     * <p>input: {@code (*, 4, H, W)}; output: {@code (*, 3, H, W)}.
     *
     * @param image RGBA image
     * @return RGB image
     * @throws IllegalArgumentException if the input is not a 4-channel float image
     */
    public static NDArray rgbaToRgb(NDArray image) {
        Checks.imageWithChannels(image, 4, "rgba_to_rgb", "image");
        return selectChannels(image, 0, 1, 2);
    }

    /**
     * Kornia's {@code rgba_to_bgr}: drops the alpha channel and reverses the colour channels.
     *
     * <p>input: {@code (*, 4, H, W)}; output: {@code (*, 3, H, W)}.
     *
     * @param image RGBA image
     * @return BGR image
     * @throws IllegalArgumentException if the input is not a 4-channel float image
     */
    public static NDArray rgbaToBgr(NDArray image) {
        Checks.imageWithChannels(image, 4, "rgba_to_bgr", "image");
        return selectChannels(image, 2, 1, 0);
    }

    /**
     * Kornia's {@code rgb_to_linear_rgb}: removes the sRGB transfer curve (IEC 61966-2-1),
     * {@code x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055)^2.4}.
     *
     * <p>input: {@code (*, 3, H, W)} sRGB in [0, 1]; output: {@code (*, 3, H, W)} linear RGB in [0, 1].
     *
     * <pre>{@code
     * NDArray linear = Rgb.rgbToLinearRgb(srgb);
     * }</pre>
     *
     * @param image sRGB image
     * @return linear RGB image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray rgbToLinearRgb(NDArray image) {
        Checks.imageWithChannels(image, 3, "rgb_to_linear_rgb", "image");
        return Scoped.run(() -> linearize(image), image);
    }

    /**
     * Kornia's {@code linear_rgb_to_rgb}: applies the sRGB transfer curve,
     * {@code x <= 0.0031308 ? 12.92 x : 1.055 x^(1/2.4) - 0.055}.
     *
     * <p>input: {@code (*, 3, H, W)} linear RGB; output: {@code (*, 3, H, W)} sRGB (not clipped).
     *
     * @param image linear RGB image
     * @return sRGB image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray linearRgbToRgb(NDArray image) {
        Checks.imageWithChannels(image, 3, "linear_rgb_to_rgb", "image");
        return Scoped.run(() -> delinearize(image), image);
    }

    /**
     * The sRGB decoding curve without checks, for use inside other ops' scoped bodies. The power branch is
     * evaluated on values clamped to the knee so that neither it nor its gradient is NaN for negative inputs.
     */
    static NDArray linearize(NDArray x) {
        NDArray curve = Constants.power(Constants.divide(Constants.atLeast(x, SRGB_KNEE).add(0.055), 1.055), 2.4);
        return NDArrays.where(x.gt(SRGB_KNEE), curve, Constants.divide(x, 12.92));
    }

    /** The sRGB encoding curve without checks (Kornia clamps the power branch to the knee the same way). */
    static NDArray delinearize(NDArray x) {
        NDArray power = Constants.power(Constants.atLeast(x, LINEAR_KNEE), 1 / 2.4);
        NDArray curve = Constants.scale(power, 1.055).sub(0.055);
        return NDArrays.where(x.gt(LINEAR_KNEE), curve, Constants.scale(x, 12.92));
    }

    private static NDArray appendAlpha(NDArray rgb, double alphaVal) {
        return Scoped.run(() -> {
            NDArray alpha = rgb.getManager().ones(alphaShape(rgb), rgb.getDataType()).mul(alphaVal);
            return Channels.concat(rgb, alpha);
        }, rgb);
    }

    private static NDArray appendAlpha(NDArray rgb, NDArray alpha, String op) {
        Checks.floating(alpha, op, "alpha_val");
        Shape expected = alphaShape(rgb);
        if (!alpha.getShape().equals(expected)) {
            throw new IllegalArgumentException(op + ": expected alpha_val of shape " + Checks.describe(expected)
                    + ", got " + Checks.describe(alpha.getShape()));
        }
        return Scoped.run(() -> Channels.concat(rgb, alpha.toType(rgb.getDataType(), false)), rgb, alpha);
    }

    /** @return the image's shape with one channel */
    private static Shape alphaShape(NDArray image) {
        Shape s = image.getShape();
        int axis = Channels.axis(image);
        return s.slice(0, axis).add(1).addAll(s.slice(axis + 1));
    }

    /** A new tensor of the given channels, in that order (one differentiable index-select). */
    private static NDArray selectChannels(NDArray image, long... channels) {
        return Scoped.run(() -> image.get(new NDIndex("..., {}, :, :", Constants.indices(image, channels))), image);
    }
}
