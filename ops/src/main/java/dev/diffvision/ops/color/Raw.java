package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Kernels;
import dev.diffvision.ops.core.Padding;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Scoped;

/**
 * Bayer raw images and RGB: Kornia's {@code kornia/color/raw.py} ({@code raw_to_rgb}, {@code rgb_to_raw},
 * {@code raw_to_rgb_2x2_downscaled}).
 *
 * <p>Convention: a raw image is one channel in [0, 1] sampled through the 2x2 colour filter array
 * {@link Cfa}. Inputs are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)}; outputs keep dtype, device
 * and rank, belong to the input's manager, and are differentiable. Inputs are not modified.
 *
 * <p>Demosaicing follows Kornia's bilinear scheme, which keeps every measured sample: red and blue are the
 * bilinear interpolation of their quarter-resolution lattices (a known sample, the mean of 2 neighbours on its
 * row or column, or of 4 diagonal neighbours), green at red/blue sites is the mean of its 4 neighbours. Kornia
 * builds it from replicate padding of the sub-sampled planes and an {@code align_corners} bilinear upsampling;
 * on the full-resolution grid that is exactly a 3x3 convolution of the colour planes masked to their sites,
 * after reflect-101 padding — which is how it is computed here: one masked multiply, one pad and one grouped
 * convolution.
 */
public final class Raw {

    /** Bilinear interpolation of a quarter-resolution lattice (red, blue). */
    private static final double[][] LATTICE = {{0.25, 0.5, 0.25}, {0.5, 1, 0.5}, {0.25, 0.5, 0.25}};
    /** Green: the sample itself, or the mean of its four neighbours. */
    private static final double[][] QUINCUNX = {{0, 0.25, 0}, {0.25, 1, 0.25}, {0, 0.25, 0}};

    private Raw() {}

    /**
     * Kornia's {@code raw_to_rgb}: bilinear demosaicing.
     *
     * <p>input: {@code (*, 1, H, W)} with H and W even (Kornia's requirement); output: {@code (*, 3, H, W)}.
     *
     * <pre>{@code
     * NDArray rgb = Raw.rawToRgb(raw, Cfa.BG);
     * }</pre>
     *
     * @param image the raw image
     * @param cfa the filter layout
     * @return RGB image
     * @throws IllegalArgumentException if the input is not a 1-channel float image with even H and W
     */
    public static NDArray rawToRgb(NDArray image, Cfa cfa) {
        Checks.imageWithChannels(image, 1, "raw_to_rgb", "image");
        evenSize(image, "raw_to_rgb");
        return Rank.batched(image, x -> Scoped.run(() -> {
            NDArray planes = x.mul(siteMasks(x, cfa));
            NDArray padded = Padding.pad2d(planes, 1, 1, 1, 1, BorderType.REFLECT, 0);
            NDArray weight = Kernels.convWeight(new double[][][] {LATTICE, QUINCUNX, LATTICE}, x.getManager(),
                    x.getDataType());
            return Conv2d.conv2d(padded, weight, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 3)
                    .singletonOrThrow();
        }, x));
    }

    /**
     * Kornia's {@code rgb_to_raw}: keeps, at each pixel, the channel its filter passes.
     *
     * <p>input: {@code (*, 3, H, W)}; output: {@code (*, 1, H, W)}.
     *
     * <pre>{@code
     * NDArray raw = Raw.rgbToRaw(rgb, Cfa.BG);
     * }</pre>
     *
     * @param image RGB image
     * @param cfa the filter layout
     * @return the raw image
     * @throws IllegalArgumentException if the input is not a 3-channel float image
     */
    public static NDArray rgbToRaw(NDArray image, Cfa cfa) {
        Checks.imageWithChannels(image, 3, "rgb_to_raw", "image");
        return Scoped.run(() -> image.mul(siteMasks(image, cfa)).sum(new int[] {Channels.axis(image)}, true), image);
    }

    /**
     * Kornia's {@code raw_to_rgb_2x2_downscaled}: each 2x2 tile becomes one RGB pixel (red, mean of the two
     * greens, blue).
     *
     * <p>input: {@code (*, 1, H, W)} with H and W even; output: {@code (*, 3, H/2, W/2)}.
     *
     * @param image the raw image
     * @param cfa the filter layout
     * @return the half-resolution RGB image
     * @throws IllegalArgumentException if the input is not a 1-channel float image with even H and W
     */
    public static NDArray rawToRgb2x2Downscaled(NDArray image, Cfa cfa) {
        Checks.imageWithChannels(image, 1, "raw_to_rgb_2x2_downscaled", "image");
        evenSize(image, "raw_to_rgb_2x2_downscaled");
        return Rank.batched(image, x -> Scoped.run(() -> {
            Shape s = x.getShape();
            long h = s.get(2) / 2;
            long w = s.get(3) / 2;
            int[][] tile = cfa.tile();
            double[] weights = new double[12];
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 2; c++) {
                    weights[tile[r][c] * 4 + r * 2 + c] = tile[r][c] == 1 ? 0.5 : 1;
                }
            }
            NDArray wt = Constants.array(x, weights, new Shape(1, 3, 1, 2, 1, 2));   // mul saves it
            return x.reshape(s.get(0), 1, h, 2, w, 2).mul(wt).sum(new int[] {3, 5});
        }, x));
    }

    /**
     * The three colour-site masks of a filter layout.
     *
     * @param like an {@code (*, C, H, W)} image giving the size, manager and dtype
     * @param cfa the layout
     * @return {@code (3, H, W)}: 1 where the pixel samples that channel, else 0
     */
    private static NDArray siteMasks(NDArray like, Cfa cfa) {
        Shape s = like.getShape();
        long h = s.get(s.dimension() - 2);
        long w = s.get(s.dimension() - 1);
        int[][] tile = cfa.tile();
        double[] masks = new double[12];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                masks[tile[r][c] * 4 + r * 2 + c] = 1;
            }
        }
        return Constants.array(like, masks, new Shape(3, 2, 2))
                .tile(new long[] {1, (h + 1) / 2, (w + 1) / 2})
                .get("..., :{}, :{}", h, w);
    }

    private static void evenSize(NDArray image, String op) {
        Shape s = image.getShape();
        long h = s.get(s.dimension() - 2);
        long w = s.get(s.dimension() - 1);
        if (h % 2 != 0 || w % 2 != 0) {
            throw new IllegalArgumentException(op + ": expected image with even H and W, got shape "
                    + Checks.describe(s));
        }
    }
}
