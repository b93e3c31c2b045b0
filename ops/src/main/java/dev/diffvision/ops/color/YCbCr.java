package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;

/**
 * RGB and YCbCr: Kornia's {@code kornia/color/ycbcr.py}.
 *
 * <p>Convention (Kornia's): channel order <b>Y, Cb, Cr</b>; {@code Y = 0.299 R + 0.587 G + 0.114 B},
 * {@code Cb = 0.564 (B - Y) + 0.5}, {@code Cr = 0.713 (R - Y) + 0.5} (BT.601, full range, chroma offset 0.5 for
 * float images). OpenCV's {@code COLOR_RGB2YCrCb} uses the same constants in the order Y, Cr, Cb. Inputs are
 * float32/float64 {@code (B, 3, H, W)} or {@code (3, H, W)}; outputs keep dtype, device and rank, belong to the
 * input's manager, and are differentiable. Inputs are not modified.
 */
public final class YCbCr {

    private static final double[][] RGB_TO_YCBCR = {
        {0.299, 0.587, 0.114},
        {-0.564 * 0.299, -0.564 * 0.587, 0.564 * (1 - 0.114)},
        {0.713 * (1 - 0.299), -0.713 * 0.587, -0.713 * 0.114},
    };
    private static final double[] YCBCR_OFFSET = {0, 0.5, 0.5};
    /** Columns Y, Cb, Cr (chroma already centred) to R, G, B: Kornia's constants. */
    private static final double[][] YCBCR_TO_RGB = {
        {1, 0, 1.403},
        {1, -0.344, -0.714},
        {1, 1.773, 0},
    };
    /** {@code -YCBCR_TO_RGB * (0, 0.5, 0.5)}: removes the chroma offset. */
    private static final double[] RGB_OFFSET = {-0.5 * 1.403, 0.5 * (0.344 + 0.714), -0.5 * 1.773};

    private YCbCr() {}

    /**
     * Kornia's {@code rgb_to_ycbcr}.
     *
     * <p>input: {@code (*, 3, H, W)} RGB in [0, 1]; output: {@code (*, 3, H, W)} Y, Cb, Cr in [0, 1].
     *
     * <pre>{@code
     * NDArray ycbcr = YCbCr.rgbToYcbcr(rgb);
     * }</pre>
     *
     * @param image RGB image
     * @return YCbCr image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray rgbToYcbcr(NDArray image) {
        Checks.imageWithChannels(image, 3, "rgb_to_ycbcr", "image");
        return Scoped.run(() -> Channels.mix(image, RGB_TO_YCBCR, YCBCR_OFFSET), image);
    }

    /**
     * Kornia's {@code ycbcr_to_rgb}: the inverse with Kornia's rounded constants, clamped to [0, 1] (zero
     * gradient where clamped).
     *
     * <p>input: {@code (*, 3, H, W)} Y, Cb, Cr; output: {@code (*, 3, H, W)} RGB in [0, 1].
     *
     * @param image YCbCr image
     * @return RGB image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray ycbcrToRgb(NDArray image) {
        Checks.imageWithChannels(image, 3, "ycbcr_to_rgb", "image");
        return Scoped.run(() -> Channels.mix(image, YCBCR_TO_RGB, RGB_OFFSET).clip(0, 1), image);
    }

    /**
     * Kornia's {@code rgb_to_y}: the luma channel only, identical to {@link Gray#rgbToGrayscale(NDArray)}.
     *
     * <p>input: {@code (*, 3, H, W)}; output: {@code (*, 1, H, W)}.
     *
     * @param image RGB image
     * @return Y
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray rgbToY(NDArray image) {
        Checks.imageWithChannels(image, 3, "rgb_to_y", "image");
        return Gray.rgbToGrayscale(image);
    }
}
