package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;

/**
 * RGB and YUV: Kornia's {@code kornia/color/yuv.py} ({@code rgb_to_yuv}, {@code yuv_to_rgb}, and the
 * chroma-subsampled {@code rgb_to_yuv420}, {@code rgb_to_yuv422}, {@code yuv420_to_rgb}, {@code yuv422_to_rgb}).
 *
 * <p>Convention (Kornia's, BT.470-5 M/PAL): {@code Y = 0.299 R + 0.587 G + 0.114 B} in [0, 1],
 * {@code U = -0.147 R - 0.289 G + 0.436 B} in [-0.436, 0.436], {@code V = 0.615 R - 0.515 G - 0.100 B} in
 * [-0.615, 0.615]; no offset on U and V (OpenCV's float {@code COLOR_RGB2YUV} adds 0.5 and uses slightly
 * different constants). Inputs are float32/float64 {@code (B, 3, H, W)} or {@code (3, H, W)}; outputs keep
 * dtype, device and rank, belong to the input's manager, and are differentiable. Inputs are not modified.
 *
 * <p>Subsampling (Kornia's): 4:2:0 keeps Y at full size and averages U and V over each 2x2 block (UV
 * {@code (*, 2, H/2, W/2)}); 4:2:2 averages each horizontal pair (UV {@code (*, 2, H, W/2)}); both require
 * even H and W, as Kornia does. The inverses repeat each chroma sample over its block (nearest neighbour,
 * Kornia's {@code repeat_interleave}) and apply {@link #yuvToRgb}'s matrix.
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

    /** Chroma subsampling: the block of pixels (rows x columns) one U/V sample covers. */
    private enum Subsampling {
        YUV420("rgb_to_yuv420", "yuv420_to_rgb", 2, 2),
        YUV422("rgb_to_yuv422", "yuv422_to_rgb", 1, 2);

        final String forward;
        final String inverse;
        final int rows;
        final int cols;

        Subsampling(String forward, String inverse, int rows, int cols) {
            this.forward = forward;
            this.inverse = inverse;
            this.rows = rows;
            this.cols = cols;
        }
    }

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

    /**
     * Kornia's {@code rgb_to_yuv420}: YUV with U and V averaged over each 2x2 block.
     *
     * <p>input: {@code (*, 3, H, W)} RGB in [0, 1], H and W even; output: {@code [Y (*, 1, H, W),
     * UV (*, 2, H/2, W/2)]}.
     *
     * <pre>{@code
     * NDList yuv = Yuv.rgbToYuv420(rgb);   // rgb (2, 3, 4, 6): Y (2, 1, 4, 6), UV (2, 2, 2, 3)
     * }</pre>
     *
     * @param image RGB image
     * @return the luma plane and the subsampled chroma planes
     * @throws IllegalArgumentException if the input is not a 3-channel float image with even H and W
     */
    public static NDList rgbToYuv420(NDArray image) {
        return toSubsampled(image, Subsampling.YUV420);
    }

    /**
     * Kornia's {@code rgb_to_yuv422}: YUV with U and V averaged over each horizontal pair of pixels.
     *
     * <p>input: {@code (*, 3, H, W)} RGB in [0, 1], H and W even (as Kornia); output: {@code [Y (*, 1, H, W),
     * UV (*, 2, H, W/2)]}.
     *
     * @param image RGB image
     * @return the luma plane and the subsampled chroma planes
     * @throws IllegalArgumentException if the input is not a 3-channel float image with even H and W
     */
    public static NDList rgbToYuv422(NDArray image) {
        return toSubsampled(image, Subsampling.YUV422);
    }

    /**
     * Kornia's {@code yuv420_to_rgb}: each chroma sample repeated over its 2x2 block, then {@link #yuvToRgb}.
     *
     * <p>input: {@code imagey (*, 1, H, W)} with H and W even, {@code imageuv (*, 2, H/2, W/2)} with the same
     * leading dimensions, dtype and device; output: {@code (*, 3, H, W)} RGB (not clipped), differentiable in both.
     *
     * <pre>{@code
     * NDArray rgb = Yuv.yuv420ToRgb(y, uv);   // y (2, 1, 4, 6), uv (2, 2, 2, 3): rgb (2, 3, 4, 6)
     * }</pre>
     *
     * @param imagey luma plane
     * @param imageuv chroma planes
     * @return RGB image
     * @throws IllegalArgumentException if a plane has the wrong shape, dtype or device
     */
    public static NDArray yuv420ToRgb(NDArray imagey, NDArray imageuv) {
        return fromSubsampled(imagey, imageuv, Subsampling.YUV420);
    }

    /**
     * Kornia's {@code yuv422_to_rgb}: each chroma sample repeated over its horizontal pair, then
     * {@link #yuvToRgb}.
     *
     * <p>input: {@code imagey (*, 1, H, W)} with H and W even, {@code imageuv (*, 2, H, W/2)} with the same
     * leading dimensions, dtype and device; output: {@code (*, 3, H, W)} RGB (not clipped), differentiable in both.
     *
     * @param imagey luma plane
     * @param imageuv chroma planes
     * @return RGB image
     * @throws IllegalArgumentException if a plane has the wrong shape, dtype or device
     */
    public static NDArray yuv422ToRgb(NDArray imagey, NDArray imageuv) {
        return fromSubsampled(imagey, imageuv, Subsampling.YUV422);
    }

    private static NDList toSubsampled(NDArray image, Subsampling sub) {
        Checks.imageWithChannels(image, 3, sub.forward, "image");
        checkEvenSize(image, sub.forward, "image");
        return Scoped.runList(() -> {
            NDArray yuv = Channels.mix(image, RGB_TO_YUV, null);
            Shape s = yuv.getShape();
            int c = Channels.axis(yuv);
            NDList planes = yuv.split(new long[] {1}, c);
            // (*, 2, H, W) -> (*, 2, H/r, r, W/q, q), averaged over the two block axes
            Shape blocks = s.slice(0, c).addAll(new Shape(2, s.get(c + 1) / sub.rows, sub.rows,
                    s.get(c + 2) / sub.cols, sub.cols));
            // libtorch's mean over several axes is not exposed by DJL: one axis at a time
            NDArray uv = planes.get(1).reshape(blocks).mean(new int[] {c + 4}).mean(new int[] {c + 2});
            return new NDList(planes.get(0), uv);
        }, image);
    }

    private static NDArray fromSubsampled(NDArray imagey, NDArray imageuv, Subsampling sub) {
        String op = sub.inverse;
        Checks.imageWithChannels(imagey, 1, op, "imagey");
        checkEvenSize(imagey, op, "imagey");
        Checks.imageWithChannels(imageuv, 2, op, "imageuv");
        Shape y = imagey.getShape();
        int c = Channels.axis(imagey);
        Shape expected = y.slice(0, c).addAll(new Shape(2, y.get(c + 1) / sub.rows, y.get(c + 2) / sub.cols));
        if (!imageuv.getShape().equals(expected)) {
            throw new IllegalArgumentException(op + ": expected imageuv of shape " + Checks.describe(expected)
                    + " (imagey's leading dimensions, H/" + sub.rows + ", W/" + sub.cols + "), got "
                    + Checks.describe(imageuv.getShape()));
        }
        if (imageuv.getDataType() != imagey.getDataType()) {
            throw new IllegalArgumentException(op + ": expected imageuv of imagey's dtype "
                    + imagey.getDataType().name().toLowerCase() + ", got "
                    + imageuv.getDataType().name().toLowerCase());
        }
        Checks.sameDevice(imagey, imageuv, op, "imageuv");
        return Scoped.run(() -> {
            NDArray uv = sub.rows == 1 ? imageuv : imageuv.repeat(c + 1, sub.rows);
            uv = uv.repeat(c + 2, sub.cols);
            return Channels.mix(Channels.concat(imagey, uv), YUV_TO_RGB, null);
        }, imagey, imageuv);
    }

    private static void checkEvenSize(NDArray image, String op, String argument) {
        Shape s = image.getShape();
        int d = s.dimension();
        if (s.get(d - 2) % 2 != 0 || s.get(d - 1) % 2 != 0) {
            throw new IllegalArgumentException(op + ": expected " + argument
                    + " with even height and width, got shape " + Checks.describe(s));
        }
    }
}
