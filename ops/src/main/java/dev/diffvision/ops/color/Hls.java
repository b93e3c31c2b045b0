package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * RGB and HLS: Kornia's {@code kornia/color/hls.py}.
 *
 * <p>Convention (Kornia's): channel order H, L, S; hue in <b>radians</b> [0, 2pi), lightness and saturation in
 * [0, 1]; RGB in [0, 1]. OpenCV's float HLS has the same order with hue in degrees [0, 360). Inputs are
 * float32/float64 {@code (B, 3, H, W)} or {@code (3, H, W)}; outputs keep dtype, device and rank, belong to the
 * input's manager, and are differentiable (away from the hue's wrap-around and from ties between the largest
 * channels). Inputs are not modified.
 *
 * <p>Implementation: as in {@link Hsv}, maximum and minimum are elementwise over the planes and the maximum's
 * channel is selected with comparisons and {@code where} (first channel on ties, like Kornia), never with
 * {@code argmax} or a reduction over the channel axis.
 */
public final class Hls {

    /** Kornia's default {@code eps} of {@link #rgbToHls}. */
    public static final double DEFAULT_EPS = 1e-8;

    private Hls() {}

    /**
     * {@link #rgbToHls(NDArray, double)} with Kornia's default {@code eps = 1e-8}.
     *
     * @param image RGB {@code (*, 3, H, W)} in [0, 1]
     * @return HLS {@code (*, 3, H, W)}
     */
    public static NDArray rgbToHls(NDArray image) {
        return rgbToHls(image, DEFAULT_EPS);
    }

    /**
     * Kornia's {@code rgb_to_hls}: {@code L = (max + min) / 2},
     * {@code S = (max - min) / (min(max + min, 2 - max - min) + eps)}, hue from the other two channels over
     * {@code max - min + eps}.
     *
     * <p>input: {@code (*, 3, H, W)} RGB in [0, 1]; output: {@code (*, 3, H, W)} as H (radians [0, 2pi)), L, S.
     *
     * <pre>{@code
     * NDArray hls = Hls.rgbToHls(rgb, 1e-8);
     * }</pre>
     *
     * @param image RGB image
     * @param eps added to the denominators of the hue and the saturation, >= 0
     * @return HLS image
     * @throws IllegalArgumentException if the input is not a 3-channel float image or eps is negative
     */
    public static NDArray rgbToHls(NDArray image, double eps) {
        Checks.imageWithChannels(image, 3, "rgb_to_hls", "image");
        Checks.atLeast(eps, 0, "rgb_to_hls", "eps");
        return Scoped.run(() -> {
            NDList rgb = Channels.planes(image);
            NDArray r = rgb.get(0);
            NDArray g = rgb.get(1);
            NDArray b = rgb.get(2);
            NDArray[] maxMin = Channels.maxMin(rgb);
            NDArray max = maxMin[0];
            NDArray sum = max.add(maxMin[1]);
            NDArray delta = max.sub(maxMin[1]);
            NDArray s = delta.div(sum.minimum(sum.neg().add(2)).add(eps));
            NDArray scale = delta.add(eps);
            // Hue in sixths of a turn: max = r: (g - b) / d mod 6; max = g: (b - r) / d + 2; else (r - g) / d + 4.
            NDArray sixths = NDArrays.where(r.eq(max), g.sub(b).div(scale).mod(6.0),
                    NDArrays.where(g.eq(max), b.sub(r).div(scale).add(2), r.sub(g).div(scale).add(4)));
            return Channels.concat(Constants.scale(sixths, Math.PI / 3), Constants.divide(sum, 2), s);
        }, image);
    }

    /**
     * Kornia's {@code hls_to_rgb}: {@code f(n) = L - a clamp(min(k - 3, 9 - k), -1, 1)} with
     * {@code a = S min(L, 1 - L)}, {@code k = (n + 6h/pi) mod 12}, {@code n = 0, 8, 4} for R, G, B.
     *
     * <p>input: {@code (*, 3, H, W)} as H (radians, wraps modulo 2pi), L, S in [0, 1]; output:
     * {@code (*, 3, H, W)} RGB in [0, 1].
     *
     * <pre>{@code
     * NDArray rgb = Hls.hlsToRgb(hls);
     * }</pre>
     *
     * @param image HLS image
     * @return RGB image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray hlsToRgb(NDArray image) {
        Checks.imageWithChannels(image, 3, "hls_to_rgb", "image");
        return Scoped.run(() -> {
            NDList hls = Channels.planes(image);
            NDArray h = hls.get(0);
            NDArray l = hls.get(1);
            NDArray s = hls.get(2);
            NDArray k = Constants.scale(h, 6 / Math.PI).add(Channels.perChannel(image, 0, 8, 4)).mod(12.0);
            NDArray a = s.mul(l.minimum(l.neg().add(1)));
            NDArray ramp = k.sub(3).minimum(k.neg().add(9)).clip(-1, 1);
            return l.sub(a.mul(ramp));
        }, image);
    }
}
