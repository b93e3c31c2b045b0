package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.core.internal.ColorSimd;
import dev.diffvision.ops.core.internal.SimdKernels;

/**
 * RGB and HSV: Kornia's {@code kornia/color/hsv.py}.
 *
 * <p>Convention (Kornia's): hue in <b>radians</b> [0, 2pi), saturation and value in [0, 1]; RGB in [0, 1].
 * OpenCV's float HSV has hue in degrees [0, 360) (and its 8-bit HSV hue/2), scikit-image's hue is in [0, 1).
 * Inputs are float32/float64 {@code (B, 3, H, W)} or {@code (3, H, W)}; outputs keep dtype, device and rank,
 * belong to the input's manager, and are differentiable (away from the hue's wrap-around and from pixels
 * whose largest channels tie). Inputs are not modified.
 *
 * <p>Implementation: one TorchScript call ({@code rgb_to_hsv.py}); the maximum and minimum are elementwise over
 * the three planes and the maximum's channel is selected with comparisons and {@code where}, rather than Kornia's {@code max(-3)} + {@code gather}
 * (libtorch's CPU reductions with indices over the channel axis are pathologically slow); ties resolve to the
 * first channel, as in Kornia. float32 CPU images without gradients take a Java SIMD pass with the same
 * arithmetic instead ({@code core.internal.ColorSimd}, see {@code SimdKernels}). The inverse uses the closed form
 * {@code f(n) = v - v s clamp(min(k, 4 - k), 0, 1)}, {@code k = (n + 3h/pi) mod 6}, {@code n = 5, 3, 1}, which
 * equals Kornia's six-sextant table.
 */
public final class Hsv {

    /** Kornia's default {@code eps} of {@link #rgbToHsv}. */
    public static final double DEFAULT_EPS = 1e-8;

    private Hsv() {}

    /**
     * {@link #rgbToHsv(NDArray, double)} with Kornia's default {@code eps = 1e-8}.
     *
     * @param image RGB {@code (*, 3, H, W)} in [0, 1]
     * @return HSV {@code (*, 3, H, W)}
     */
    public static NDArray rgbToHsv(NDArray image) {
        return rgbToHsv(image, DEFAULT_EPS);
    }

    /**
     * Kornia's {@code rgb_to_hsv}: {@code v = max}, {@code s = (max - min) / (max + eps)}, hue from the
     * differences of the other two channels over {@code max - min} (0 for gray pixels).
     *
     * <p>input: {@code (*, 3, H, W)} RGB in [0, 1]; output: {@code (*, 3, H, W)} with H in [0, 2pi), S and V in
     * [0, 1].
     *
     * <pre>{@code
     * NDArray hsv = Hsv.rgbToHsv(rgb, 1e-8);
     * NDArray hue = hsv.get(":, 0");              // radians
     * }</pre>
     *
     * @param image RGB image
     * @param eps added to the denominator of the saturation, >= 0
     * @return HSV image
     * @throws IllegalArgumentException if the input is not a 3-channel float image or eps is negative
     */
    public static NDArray rgbToHsv(NDArray image, double eps) {
        Checks.imageWithChannels(image, 3, "rgb_to_hsv", "image");
        Checks.atLeast(eps, 0, "rgb_to_hsv", "eps");
        return Scoped.run(() -> SimdKernels.applies(image) ? ColorSimd.rgbToHsv(image, eps) : Aten.rgbToHsv(image, eps),
                image);
    }

    /**
     * Kornia's {@code hsv_to_rgb}.
     *
     * <p>input: {@code (*, 3, H, W)} HSV with H in radians (any value; it wraps modulo 2pi), S and V in [0, 1];
     * output: {@code (*, 3, H, W)} RGB in [0, 1].
     *
     * <pre>{@code
     * NDArray rgb = Hsv.hsvToRgb(hsv);
     * }</pre>
     *
     * @param image HSV image
     * @return RGB image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray hsvToRgb(NDArray image) {
        Checks.imageWithChannels(image, 3, "hsv_to_rgb", "image");
        return Scoped.run(() -> {
            NDList hsv = Channels.planes(image);
            NDArray h = hsv.get(0);
            NDArray s = hsv.get(1);
            NDArray v = hsv.get(2);
            NDArray k = Constants.scale(h, 3 / Math.PI).add(Channels.perChannel(image, 5, 3, 1)).mod(6.0);
            NDArray ramp = k.minimum(k.neg().add(4)).clip(0, 1);
            return v.sub(v.mul(s).mul(ramp));
        }, image);
    }
}
