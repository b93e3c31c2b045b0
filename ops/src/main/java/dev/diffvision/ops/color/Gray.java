package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.core.internal.ColorSimd;
import dev.diffvision.ops.core.internal.SimdKernels;

/**
 * Grayscale conversions: Kornia's {@code kornia/color/gray.py}.
 *
 * <p>Inputs are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]; outputs keep dtype,
 * device and rank, belong to the input's manager, and are differentiable. Inputs are not modified.
 */
public final class Gray {

    /** ITU-R BT.601 luma weights (R, G, B), Kornia's and OpenCV's default. */
    public static final double[] BT601 = {0.299, 0.587, 0.114};

    private Gray() {}

    /**
     * Kornia's {@code rgb_to_grayscale}: {@code Y = 0.299 R + 0.587 G + 0.114 B}.
     *
     * <p>input: {@code (*, 3, H, W)}; output: {@code (*, 1, H, W)}.
     *
     * <pre>{@code
     * NDArray gray = Gray.rgbToGrayscale(rgb);
     * }</pre>
     *
     * @param image RGB image
     * @return the luma channel
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray rgbToGrayscale(NDArray image) {
        return rgbToGrayscale(image, BT601);
    }

    /**
     * {@link #rgbToGrayscale(NDArray)} with custom weights (Kornia's {@code rgb_weights}).
     *
     * @param image RGB image {@code (*, 3, H, W)}
     * @param rgbWeights three weights for R, G and B
     * @return {@code (*, 1, H, W)}
     * @throws IllegalArgumentException for a wrong input or not exactly three weights
     */
    public static NDArray rgbToGrayscale(NDArray image, double[] rgbWeights) {
        Checks.imageWithChannels(image, 3, "rgb_to_grayscale", "image");
        if (rgbWeights == null || rgbWeights.length != 3) {
            throw new IllegalArgumentException("rgb_to_grayscale: expected 3 rgb_weights, got "
                    + (rgbWeights == null ? "null" : rgbWeights.length));
        }
        return Scoped.run(() -> SimdKernels.applies(image) ? ColorSimd.rgbToGrayscale(image, rgbWeights)
                : Aten.rgbToGrayscale(image, Constants.array(image, rgbWeights, new Shape(3))), image);
    }

    /**
     * Kornia's {@code bgr_to_grayscale}: the BT.601 luma of a BGR image, {@code Y = 0.114 B + 0.587 G + 0.299 R}.
     *
     * <p>input: {@code (*, 3, H, W)} BGR; output: {@code (*, 1, H, W)}.
     *
     * <pre>{@code
     * NDArray gray = Gray.bgrToGrayscale(bgr);
     * }</pre>
     *
     * @param image BGR image
     * @return the luma channel
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray bgrToGrayscale(NDArray image) {
        Checks.imageWithChannels(image, 3, "bgr_to_grayscale", "image");
        return rgbToGrayscale(image, new double[] {BT601[2], BT601[1], BT601[0]});
    }

    /**
     * Kornia's {@code grayscale_to_rgb}: the single channel copied three times.
     *
     * <p>input: {@code (*, 1, H, W)}; output: {@code (*, 3, H, W)}.
     *
     * @param image gray image
     * @return RGB image
     * @throws IllegalArgumentException if the input is not a 1-channel float image
     */
    public static NDArray grayscaleToRgb(NDArray image) {
        Checks.imageWithChannels(image, 1, "grayscale_to_rgb", "image");
        int channelAxis = image.getShape().dimension() - 3;
        return image.repeat(channelAxis, 3);
    }
}
