package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * sRGB and CIE L*a*b*: Kornia's {@code kornia/color/lab.py} (itself a port of scikit-image's {@code rgb2lab} /
 * {@code lab2rgb}).
 *
 * <p>Convention: sRGB input in [0, 1] is linearised ({@link Rgb#rgbToLinearRgb}), mapped to XYZ
 * ({@link Xyz}), normalised by the D65 white (observer 2 degrees); L in [0, 100], a and b roughly in
 * [-128, 127]. Inputs are float32/float64 {@code (B, 3, H, W)} or {@code (3, H, W)}; outputs keep dtype, device
 * and rank, belong to the input's manager, and are differentiable. Inputs are not modified.
 *
 * <p>Implementation: the XYZ matrix and the white normalisation are folded into one matrix, and L, a, b are
 * one more matrix of the cube-root terms, so each conversion is two matrix products plus the curves.
 */
public final class Lab {

    /** CIE's epsilon (216/24389 rounded as Kornia and scikit-image have it). */
    private static final double EPSILON = 0.008856;
    /** f value at {@link #EPSILON}: above it the inverse is the cube. */
    private static final double F_KNEE = 0.2068966;
    /** Slope of the linear segment (CIE's kappa / 116, rounded as Kornia has it). */
    private static final double SLOPE = 7.787;
    private static final double F_OFFSET = 4.0 / 29.0;

    /** Linear RGB to XYZ / white. */
    private static final double[][] RGB_TO_XYZ_WHITE = divideRows(Xyz.RGB_TO_XYZ, Xyz.D65_WHITE);
    /** XYZ / white to linear RGB. */
    private static final double[][] XYZ_WHITE_TO_RGB = scaleColumns(Xyz.XYZ_TO_RGB, Xyz.D65_WHITE);
    /** (f(x), f(y), f(z)) to (L, a, b), plus {@link #F_TO_LAB_OFFSET}. */
    private static final double[][] F_TO_LAB = {{0, 116, 0}, {500, -500, 0}, {0, 200, -200}};
    private static final double[] F_TO_LAB_OFFSET = {-16, 0, 0};
    /** (L, a, b) to (f(x), f(y), f(z)), plus {@link #LAB_TO_F_OFFSET}. */
    private static final double[][] LAB_TO_F = {
        {1 / 116.0, 1 / 500.0, 0}, {1 / 116.0, 0, 0}, {1 / 116.0, 0, -1 / 200.0}};
    private static final double[] LAB_TO_F_OFFSET = {16 / 116.0, 16 / 116.0, 16 / 116.0};

    private Lab() {}

    /**
     * Kornia's {@code rgb_to_lab}.
     *
     * <p>input: {@code (*, 3, H, W)} sRGB in [0, 1]; output: {@code (*, 3, H, W)} L in [0, 100], a, b.
     *
     * <pre>{@code
     * NDArray lab = Lab.rgbToLab(rgb);
     * }</pre>
     *
     * @param image sRGB image
     * @return Lab image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray rgbToLab(NDArray image) {
        Checks.imageWithChannels(image, 3, "rgb_to_lab", "image");
        return Scoped.run(() -> {
            NDArray t = Channels.mix(Rgb.linearize(image), RGB_TO_XYZ_WHITE, null);
            NDArray f = NDArrays.where(t.gt(EPSILON), Constants.power(Constants.atLeast(t, EPSILON), 1 / 3.0),
                    Constants.scale(t, SLOPE).add(F_OFFSET));
            return Channels.mix(f, F_TO_LAB, F_TO_LAB_OFFSET);
        }, image);
    }

    /**
     * {@link #labToRgb(NDArray, boolean)} with Kornia's default {@code clip = true}.
     *
     * @param image Lab {@code (*, 3, H, W)}
     * @return sRGB {@code (*, 3, H, W)} in [0, 1]
     */
    public static NDArray labToRgb(NDArray image) {
        return labToRgb(image, true);
    }

    /**
     * Kornia's {@code lab_to_rgb}. Out-of-gamut colours give sRGB values outside [0, 1] unless clipped (with
     * {@code clip} the gradient is zero where a value was clipped); {@code f(z)} is clamped at 0 as in Kornia.
     *
     * <p>input: {@code (*, 3, H, W)} L in [0, 100], a, b; output: {@code (*, 3, H, W)} sRGB.
     *
     * <pre>{@code
     * NDArray rgb = Lab.labToRgb(lab, false);
     * }</pre>
     *
     * @param image Lab image
     * @param clip clamp the result to [0, 1]
     * @return sRGB image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray labToRgb(NDArray image, boolean clip) {
        Checks.imageWithChannels(image, 3, "lab_to_rgb", "image");
        return Scoped.run(() -> {
            NDArray f = Channels.mix(image, LAB_TO_F, LAB_TO_F_OFFSET)
                    .maximum(Channels.perChannel(image, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 0));
            NDArray t = NDArrays.where(f.gt(F_KNEE), Constants.power(f, 3), Constants.divide(f.sub(F_OFFSET), SLOPE));
            NDArray rgb = Rgb.delinearize(Channels.mix(t, XYZ_WHITE_TO_RGB, null));
            return clip ? rgb.clip(0, 1) : rgb;
        }, image);
    }

    /** Divides row i of {@code m} by {@code v[i]}. */
    private static double[][] divideRows(double[][] m, double[] v) {
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[i][j] = m[i][j] / v[i];
            }
        }
        return out;
    }

    /** Multiplies column j of {@code m} by {@code v[j]}. */
    private static double[][] scaleColumns(double[][] m, double[] v) {
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[i][j] = m[i][j] * v[j];
            }
        }
        return out;
    }
}
