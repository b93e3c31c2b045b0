package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Padding;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Scoped;

/**
 * Contrast-limited adaptive histogram equalisation (CLAHE): Kornia's {@code kornia/enhance/equalization.py}
 * ({@code equalize_clahe}), itself modelled on OpenCV's {@code clahe.cpp}.
 *
 * <p>Algorithm (Kornia's), per channel of each image, values in [0, 1]:
 * <ol>
 *   <li>Tiles: a {@code (GH, GW)} grid of {@code TH x TW} tiles, {@code TH = ceil(H / GH)} (likewise TW) raised
 *       to the next even number; the image is reflect-padded at the bottom and right to {@code GH TH x GW TW}.</li>
 *   <li>A 256-bin histogram per tile: {@code torch.histc} bins ({@code floor(256 x)}, 1 in the last bin, values
 *       outside [0, 1] not counted), or with {@code slow_and_differentiable} Kornia's Gaussian kernel-density
 *       {@link Histogram#histogram} at {@code linspace(0, 1, 256)}, bandwidth 0.001, times the tile's pixels.</li>
 *   <li>Clipping (when {@code clip_limit > 0}): counts are clamped to
 *       {@code max(floor(clip_limit P / 256), 1)} ({@code P = TH TW}); the clipped total is redistributed as
 *       {@code floor(clipped / 256)} to every bin plus 1 to each of the first {@code clipped mod 256} bins.</li>
 *   <li>LUT: {@code clamp(cumsum(hist) 255 / P, 0, 255)}, floored unless differentiable.</li>
 *   <li>Mapping: a pixel's level is {@code trunc(255 x)} (clamped to [0, 255] here; Kornia fails outside [0, 1]);
 *       its value is the bilinear interpolation of the LUTs of the (up to) four tiles whose centres surround it,
 *       with weight {@code 1 - r / (T - 1)} on the nearer-to-the-top/left tile at offset {@code r} from that tile's
 *       centre row/column (Kornia's interpolation tiles); pixels in the outer half-tiles use the nearest tile's
 *       LUT along that axis only; the result is divided by 255 and cropped to {@code (H, W)}.</li>
 * </ol>
 *
 * <p>Convention differences. From Kornia: Kornia's code indexes its right-border and bottom-border interpolation
 * tiles with the other axis's count, so it is correct only for square grids ({@code GH == GW}, including the
 * default 8 x 8); for other grids this implements the algorithm as described above. From OpenCV's
 * {@code createCLAHE} on 8-bit images: OpenCV interpolates between tile centres with weights
 * {@code (x - centre) / T} rather than {@code / (T - 1)} and pads differently, so results differ by a few levels.
 *
 * <p>Inputs are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)}; the output has the input's shape,
 * dtype and device and belongs to the input's manager. Gradients: none by default (integer LUTs); with
 * {@code slow_and_differentiable} they flow to the input through the LUTs (not through the level lookup).
 * Inputs are not modified.
 *
 * <pre>{@code
 * NDArray eq = Equalization.equalizeClahe(img, 40.0, new int[] {8, 8}, false);
 * }</pre>
 */
public final class Equalization {

    private static final int BINS = 256;
    /** Kornia's bandwidth of the differentiable histogram. */
    private static final double BANDWIDTH = 0.001;

    private Equalization() {}

    /**
     * Kornia's {@code equalize_clahe}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)} in [0, 1]; output: same shape, in [0, 1].
     *
     * @param input the image
     * @param clipLimit the contrast limit, >= 0; 0 disables clipping (Kornia's default 40)
     * @param gridSize {@code (GH, GW)} tiles, each >= 1 (Kornia's default (8, 8)); the padding each needs must be
     *     smaller than the image ({@code GH TH - H < H})
     * @param slowAndDifferentiable use the kernel-density histogram and unfloored LUTs (Kornia's default false)
     * @return the equalised image
     * @throws IllegalArgumentException for a wrong rank or dtype, a negative clip limit, a grid that is not two
     *     positive sizes, or one too fine for the image
     */
    public static NDArray equalizeClahe(NDArray input, double clipLimit, int[] gridSize,
                                        boolean slowAndDifferentiable) {
        String op = "equalize_clahe";
        Checks.image(input, op, "input");
        Checks.atLeast(clipLimit, 0, op, "clip_limit");
        if (gridSize.length != 2 || gridSize[0] < 1 || gridSize[1] < 1) {
            throw new IllegalArgumentException(op + ": expected grid_size two positive integers (GH, GW), got "
                    + java.util.Arrays.toString(gridSize));
        }
        Shape s = input.getShape();
        int n = s.dimension();
        int h = (int) s.get(n - 2);
        int w = (int) s.get(n - 1);
        int th = even((h + gridSize[0] - 1) / gridSize[0]);
        int tw = even((w + gridSize[1] - 1) / gridSize[1]);
        int padV = th * gridSize[0] - h;
        int padH = tw * gridSize[1] - w;
        if (padV >= h || padH >= w) {
            throw new IllegalArgumentException(op + ": expected a grid_size whose tiles fit the image (padding "
                    + "smaller than it), got grid " + java.util.Arrays.toString(gridSize) + " for input "
                    + Checks.describe(s) + " (tiles " + th + "x" + tw + ")");
        }
        Tiling t = new Tiling(gridSize[0], gridSize[1], th, tw);
        return Rank.batched(input, x -> Scoped.run(() -> {
            NDArray padded = Padding.pad2d(x, 0, padV, 0, padH, BorderType.REFLECT, 0);
            NDArray luts = luts(padded, t, clipLimit, slowAndDifferentiable);
            return map(padded, luts, t).get(":, :, :" + h + ", :" + w);
        }, x));
    }

    /** The grid: {@code gh x gw} tiles of {@code th x tw} pixels (both even). */
    private record Tiling(int gh, int gw, int th, int tw) {}

    private static int even(int size) {
        return size % 2 == 0 ? size : size + 1;
    }

    /**
     * One LUT per tile and channel.
     *
     * @param padded {@code (B, C, GH TH, GW TW)}
     * @return {@code (B, C, GH GW 256)}: LUT of tile {@code (i, j)} at {@code (i GW + j) 256}
     */
    private static NDArray luts(NDArray padded, Tiling t, double clipLimit, boolean differentiable) {
        Shape s = padded.getShape();
        long b = s.get(0);
        long c = s.get(1);
        int pixels = t.th * t.tw;
        NDArray tiles = padded.reshape(b, c, t.gh, t.th, t.gw, t.tw).transpose(0, 1, 2, 4, 3, 5)
                .reshape(-1, pixels);
        NDArray hist;
        if (differentiable) {
            NDArray centres = padded.getManager().linspace(0f, 1f, BINS).toType(padded.getDataType(), false);
            hist = Constants.scale(Histogram.histogram(tiles, centres, BANDWIDTH, Histogram.DEFAULT_EPS), pixels);
        } else {
            NDArray inRange = tiles.gte(0).logicalAnd(tiles.lte(1));
            NDArray bin = tiles.mul(BINS).floor().clip(0, BINS - 1);
            NDArray cdf = Adjust.cumulativeCounts(NDArrays.where(inRange, bin, bin.zerosLike().add(2 * BINS)), BINS);
            NDArray counts = cdf.sub(cdf.zerosLike().get(":, :1").concat(cdf.get(":, :" + (BINS - 1)), 1));
            hist = counts.toType(padded.getDataType(), false);
        }
        if (clipLimit > 0) {
            double maxVal = Math.max(Math.floor(clipLimit * pixels / BINS), 1);
            hist = Constants.atMost(hist, maxVal);
            NDArray clipped = hist.sum(new int[] {1}, true).neg().add(pixels);
            NDArray redist = Constants.divide(clipped, BINS).floor();
            NDArray residual = clipped.sub(redist.mul(BINS));
            NDArray bins = padded.getManager().arange(0, BINS, 1, padded.getDataType()).reshape(1, BINS);
            hist = hist.add(redist).add(bins.lt(residual).toType(padded.getDataType(), false));
        }
        NDArray lut = Constants.scale(hist.cumSum(1), (double) (BINS - 1) / pixels).clip(0, BINS - 1);
        if (!differentiable) {
            lut = lut.floor();
        }
        return lut.reshape(b, c, (long) t.gh * t.gw * BINS);
    }

    /** Bilinear interpolation of the tile LUTs at every padded pixel: {@code (B, C, GH TH, GW TW)} in [0, 1]. */
    private static NDArray map(NDArray padded, NDArray luts, Tiling t) {
        Shape s = padded.getShape();
        long b = s.get(0);
        long c = s.get(1);
        int hp = t.gh * t.th;
        int wp = t.gw * t.tw;
        Axis rows = Axis.of(t.gh, t.th);
        Axis cols = Axis.of(t.gw, t.tw);
        NDArray level = padded.mul(BINS - 1).clip(0, BINS - 1).floor().toType(DataType.INT64, false)
                .reshape(b, c, (long) hp * wp);
        NDArray out = null;
        for (int vi = 0; vi < 2; vi++) {
            for (int hi = 0; hi < 2; hi++) {
                long[] offset = new long[hp * wp];
                double[] weight = new double[hp * wp];
                for (int y = 0; y < hp; y++) {
                    for (int x = 0; x < wp; x++) {
                        int tile = rows.tile[vi][y] * t.gw + cols.tile[hi][x];
                        offset[y * wp + x] = (long) tile * BINS;
                        weight[y * wp + x] = rows.weight[vi][y] * cols.weight[hi][x];
                    }
                }
                NDArray index = level.add(padded.getManager().create(offset).reshape(1, 1, (long) hp * wp));
                NDArray wts = Constants.array(padded, weight, new Shape(1, 1, (long) hp * wp));   // mul saves it
                NDArray term = luts.gather(index.broadcast(new Shape(b, c, (long) hp * wp)), 2).mul(wts);
                out = out == null ? term : out.add(term);
            }
        }
        return Constants.divide(out, BINS - 1).reshape(b, c, hp, wp);
    }

    /**
     * For every position along one axis: the two tiles whose LUTs it blends ({@code tile[0]} before,
     * {@code tile[1]} after; equal in the outer half-tiles) and their weights.
     */
    private record Axis(int[][] tile, double[][] weight) {

        static Axis of(int tiles, int size) {
            int n = tiles * size;
            int half = size / 2;
            int[][] tile = new int[2][n];
            double[][] weight = new double[2][n];
            for (int p = 0; p < n; p++) {
                int j = p / half;
                if (j == 0 || j == 2 * tiles - 1) {
                    tile[0][p] = j / 2;
                    tile[1][p] = j / 2;
                    weight[0][p] = 1;
                } else {
                    int before = (j - 1) / 2;
                    double r = p - (before * size + half);
                    tile[0][p] = before;
                    tile[1][p] = before + 1;
                    weight[0][p] = 1 - r / (size - 1);
                    weight[1][p] = r / (size - 1);
                }
            }
            return new Axis(tile, weight);
        }
    }
}
