package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;

/**
 * RGB and CIE XYZ: Kornia's {@code kornia/color/xyz.py}.
 *
 * <p>Convention (Kornia's and OpenCV's {@code COLOR_RGB2XYZ}): a linear 3x3 matrix (sRGB primaries, D65 white)
 * applied to the values as given — <b>no</b> sRGB linearisation, so the input is treated as linear RGB (Lab and
 * Luv linearise first). Inputs are float32/float64 {@code (B, 3, H, W)} or {@code (3, H, W)}; outputs keep
 * dtype, device and rank, belong to the input's manager, and are differentiable. Inputs are not modified.
 */
public final class Xyz {

    /** Rows X, Y, Z over columns R, G, B (Kornia's and OpenCV's constants). */
    static final double[][] RGB_TO_XYZ = {
        {0.412453, 0.357580, 0.180423},
        {0.212671, 0.715160, 0.072169},
        {0.019334, 0.119193, 0.950227},
    };

    /** Rows R, G, B over columns X, Y, Z: Kornia's inverse of {@link #RGB_TO_XYZ}. */
    static final double[][] XYZ_TO_RGB = {
        {3.2404813432005266, -1.5371515162713185, -0.4985363261688878},
        {-0.9692549499965682, 1.8759900014898907, 0.0415559265582928},
        {0.0556466391351772, -0.2040413383665112, 1.0573110696453443},
    };

    /** The D65 reference white (X, Y, Z) used by Lab and Luv. */
    static final double[] D65_WHITE = {0.95047, 1.0, 1.08883};

    private Xyz() {}

    /**
     * Kornia's {@code rgb_to_xyz}.
     *
     * <p>input: {@code (*, 3, H, W)} linear RGB in [0, 1]; output: {@code (*, 3, H, W)} X, Y, Z (Y in [0, 1]).
     *
     * <pre>{@code
     * NDArray xyz = Xyz.rgbToXyz(rgb);
     * }</pre>
     *
     * @param image RGB image
     * @return XYZ image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray rgbToXyz(NDArray image) {
        Checks.imageWithChannels(image, 3, "rgb_to_xyz", "image");
        return Scoped.run(() -> Channels.mix(image, RGB_TO_XYZ, null), image);
    }

    /**
     * Kornia's {@code xyz_to_rgb}: the inverse matrix (results are not clipped).
     *
     * <p>input: {@code (*, 3, H, W)} XYZ; output: {@code (*, 3, H, W)} linear RGB.
     *
     * @param image XYZ image
     * @return RGB image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray xyzToRgb(NDArray image) {
        Checks.imageWithChannels(image, 3, "xyz_to_rgb", "image");
        return Scoped.run(() -> Channels.mix(image, XYZ_TO_RGB, null), image);
    }
}
