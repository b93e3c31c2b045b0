package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;

/**
 * RGB and YUV 4:4:4: Kornia's {@code kornia/color/yuv.py} ({@code rgb_to_yuv}, {@code yuv_to_rgb}).
 *
 * <p>Convention (Kornia's, BT.470-5 M/PAL): {@code Y = 0.299 R + 0.587 G + 0.114 B} in [0, 1],
 * {@code U = -0.147 R - 0.289 G + 0.436 B} in [-0.436, 0.436], {@code V = 0.615 R - 0.515 G - 0.100 B} in
 * [-0.615, 0.615]; no offset on U and V (OpenCV's float {@code COLOR_RGB2YUV} adds 0.5 and uses slightly
 * different constants). Inputs are float32/float64 {@code (B, 3, H, W)} or {@code (3, H, W)}; outputs keep
 * dtype, device and rank, belong to the input's manager, and are differentiable. Inputs are not modified.
 */
public final class Yuv {

    private static final double[][] RGB_TO_YUV = {
        {0.299, 0.587, 0.114},
        {-0.147, -0.289, 0.436},
        {0.615, -0.515, -0.100},
    };
    private static final double[][] YUV_TO_RGB = {
        {1, 0, 1.14},
        {1, -0.396, -0.581},
        {1, 2.029, 0},
    };

    private Yuv() {}

    /**
     * Kornia's {@code rgb_to_yuv}.
     *
     * <p>input: {@code (*, 3, H, W)} RGB in [0, 1]; output: {@code (*, 3, H, W)} Y, U, V.
     *
     * <pre>{@code
     * NDArray yuv = Yuv.rgbToYuv(rgb);
     * }</pre>
     *
     * @param image RGB image
     * @return YUV image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray rgbToYuv(NDArray image) {
        Checks.imageWithChannels(image, 3, "rgb_to_yuv", "image");
        return Scoped.run(() -> Channels.mix(image, RGB_TO_YUV, null), image);
    }

    /**
     * Kornia's {@code yuv_to_rgb} with Kornia's rounded inverse constants (not clipped).
     *
     * <p>input: {@code (*, 3, H, W)} Y, U, V; output: {@code (*, 3, H, W)} RGB.
     *
     * @param image YUV image
     * @return RGB image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray yuvToRgb(NDArray image) {
        Checks.imageWithChannels(image, 3, "yuv_to_rgb", "image");
        return Scoped.run(() -> Channels.mix(image, YUV_TO_RGB, null), image);
    }
}
