package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * sRGB and CIE L*u*v*: Kornia's {@code kornia/color/luv.py} (a port of scikit-image's {@code rgb2luv} /
 * {@code luv2rgb}).
 *
 * <p>Convention: sRGB input in [0, 1] is linearised, mapped to XYZ ({@link Xyz}); D65 white, observer 2
 * degrees; L in [0, 100]. {@code eps} guards the divisions by {@code X + 15Y + 3Z} and by {@code 13L}. Inputs
 * are float32/float64 {@code (B, 3, H, W)} or {@code (3, H, W)}; outputs keep dtype, device and rank, belong to
 * the input's manager, and are differentiable (away from black, where u and v are 0/0). Inputs are not
 * modified.
 */
public final class Luv {

    /** Kornia's default {@code eps}. */
    public static final double DEFAULT_EPS = 1e-12;

    private static final double EPSILON = 0.008856;
    private static final double KAPPA = 903.3;
    /** L at which the two branches of the inverse meet (Kornia's constant). */
    private static final double L_KNEE = 7.999625;
    private static final double[] W = Xyz.D65_WHITE;
    private static final double U_WHITE = 4 * W[0] / (W[0] + 15 * W[1] + 3 * W[2]);
    private static final double V_WHITE = 9 * W[1] / (W[0] + 15 * W[1] + 3 * W[2]);

    private Luv() {}

    /**
     * {@link #rgbToLuv(NDArray, double)} with Kornia's default {@code eps = 1e-12}.
     *
     * @param image sRGB {@code (*, 3, H, W)} in [0, 1]
     * @return Luv {@code (*, 3, H, W)}
     */
    public static NDArray rgbToLuv(NDArray image) {
        return rgbToLuv(image, DEFAULT_EPS);
    }

    /**
     * Kornia's {@code rgb_to_luv}: {@code L = Y > 0.008856 ? 116 Y^(1/3) - 16 : 903.3 Y},
     * {@code u = 13 L (u' - u'_w)}, {@code v = 13 L (v' - v'_w)}.
     *
     * <p>input: {@code (*, 3, H, W)} sRGB in [0, 1]; output: {@code (*, 3, H, W)} L in [0, 100], u, v.
     *
     * <pre>{@code
     * NDArray luv = Luv.rgbToLuv(rgb, 1e-12);
     * }</pre>
     *
     * @param image sRGB image
     * @param eps added to the chromaticity denominators, >= 0
     * @return Luv image
     * @throws IllegalArgumentException if the input is not a 3-channel float image or eps is negative
     */
    public static NDArray rgbToLuv(NDArray image, double eps) {
        Checks.imageWithChannels(image, 3, "rgb_to_luv", "image");
        Checks.atLeast(eps, 0, "rgb_to_luv", "eps");
        return Scoped.run(() -> {
            NDArray xyz = Channels.mix(Rgb.linearize(image), Xyz.RGB_TO_XYZ, null);
            NDList planes = Channels.planes(xyz);
            NDArray x = planes.get(0);
            NDArray y = planes.get(1);
            NDArray z = planes.get(2);
            NDArray cubeRoot = Constants.power(Constants.atLeast(y, EPSILON), 1 / 3.0);
            NDArray l = NDArrays.where(y.gt(EPSILON), Constants.scale(cubeRoot, 116).sub(16),
                    Constants.scale(y, KAPPA));
            NDArray denominator = x.add(Constants.scale(y, 15)).add(Constants.scale(z, 3)).add(eps);
            NDArray l13 = Constants.scale(l, 13);
            NDArray u = l13.mul(Constants.scale(x, 4).div(denominator).sub(U_WHITE));
            NDArray v = l13.mul(Constants.scale(y, 9).div(denominator).sub(V_WHITE));
            return Channels.concat(l, u, v);
        }, image);
    }

    /**
     * {@link #luvToRgb(NDArray, double)} with Kornia's default {@code eps = 1e-12}.
     *
     * @param image Luv {@code (*, 3, H, W)}
     * @return sRGB {@code (*, 3, H, W)}
     */
    public static NDArray luvToRgb(NDArray image) {
        return luvToRgb(image, DEFAULT_EPS);
    }

    /**
     * Kornia's {@code luv_to_rgb} (the result is not clipped).
     *
     * <p>input: {@code (*, 3, H, W)} L in [0, 100], u, v; output: {@code (*, 3, H, W)} sRGB.
     *
     * <pre>{@code
     * NDArray rgb = Luv.luvToRgb(luv, 1e-12);
     * }</pre>
     *
     * @param image Luv image
     * @param eps added to the denominators, >= 0
     * @return sRGB image
     * @throws IllegalArgumentException if the input is not a 3-channel float image or eps is negative
     */
    public static NDArray luvToRgb(NDArray image, double eps) {
        Checks.imageWithChannels(image, 3, "luv_to_rgb", "image");
        Checks.atLeast(eps, 0, "luv_to_rgb", "eps");
        return Scoped.run(() -> {
            NDList luv = Channels.planes(image);
            NDArray l = luv.get(0);
            NDArray u = luv.get(1);
            NDArray v = luv.get(2);
            NDArray y = NDArrays.where(l.gt(L_KNEE), Constants.power(Constants.divide(l.add(16), 116), 3),
                    Constants.divide(l, KAPPA));
            NDArray l13 = Constants.scale(l, 13).add(eps);
            NDArray a = u.div(l13).add(U_WHITE);
            NDArray d = v.div(l13).add(V_WHITE);
            NDArray c = Constants.scale(y, 3).mul(Constants.scale(d, 5).sub(3));
            NDArray z = a.sub(4).mul(c).sub(Constants.scale(a.mul(d).mul(y), 15))
                    .div(Constants.scale(d, 12).add(eps));
            NDArray x = c.div(d.add(eps)).add(Constants.scale(z, 3)).neg();
            return Rgb.delinearize(Channels.mix(Channels.concat(x, y, z), Xyz.XYZ_TO_RGB, null));
        }, image);
    }
}
