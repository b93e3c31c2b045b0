package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Padding;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.core.internal.PyramidSimd;
import dev.diffvision.ops.core.internal.SimdKernels;
import dev.diffvision.ops.filters.Filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Gaussian and Laplacian pyramids: Kornia's {@code kornia/geometry/transform/pyramid.py} ({@code pyrdown},
 * {@code pyrup}, {@code build_pyramid}, {@code build_laplacian_pyramid}, {@code upscale_double}; its
 * {@code ScalePyramid} is {@link ScalePyramid}).
 *
 * <p>Kornia's algorithm, not OpenCV's: {@code pyrdown} blurs with the 5 x 5 binomial kernel
 * {@code [1 4 6 4 1]^T [1 4 6 4 1] / 256} ({@code filter2d}, border {@code reflect} = OpenCV's REFLECT_101) and then
 * resamples bilinearly to {@code (int(H / factor), int(W / factor))} (floor), whereas {@code cv2.pyrDown} keeps
 * the even rows and columns of the blurred image and rounds the size up. {@code pyrup} resamples bilinearly to
 * {@code (2H, 2W)} and then blurs with the same kernel. Images: {@code (B, C, H, W)} or {@code (C, H, W)},
 * float32/float64; outputs keep dtype, device and rank, belong to the input's manager and are differentiable in
 * the input. Inputs are not modified.
 *
 * <p>{@code pyrdown} with factor 2, even sides of at least 4 and align_corners false (the Gaussian pyramid's case)
 * takes an exact fast path, {@link #halve}: the blur and the 2x2 mean of exact halving fused into one 6-tap filter
 * evaluated at half resolution only. It equals Kornia's formulation ({@link #blurThenResample}, kept for every
 * other case) up to float rounding, gradients included.
 *
 * <pre>{@code
 * NDArray half = Pyramid.pyrdown(image, BorderType.REFLECT, false, 2.0);   // (B, C, H / 2, W / 2)
 * }</pre>
 */
public final class Pyramid {

    private static final double[] BINOMIAL = {1, 4, 6, 4, 1};
    /** The blur's taps convolved with the halving's {@code [1 1] / 2}: {@code [1 5 10 10 5 1] / 32}. */
    private static final double[] HALVING_TAPS = halvingTaps();

    private Pyramid() {}

    /**
     * Blurs and downsamples: Kornia's {@code pyrdown}.
     *
     * @param input the images
     * @param border the blur's border (Kornia's default reflect)
     * @param alignCorners the bilinear resampling's {@code align_corners} (default false)
     * @param factor the downsampling factor, > 0 (default 2)
     * @return {@code (B, C, int(H / factor), int(W / factor))}
     * @throws IllegalArgumentException for a wrong rank or dtype, a non-positive factor, an image smaller than
     *     the kernel's reach or an empty result
     */
    public static NDArray pyrdown(NDArray input, BorderType border, boolean alignCorners, double factor) {
        String op = "pyrdown";
        Checks.image(input, op, "input");
        if (!(factor > 0)) {
            throw new IllegalArgumentException(op + ": expected factor > 0, got " + factor);
        }
        Shape s = input.getShape();
        int d = s.dimension();
        int h = (int) (s.get(d - 2) / factor);
        int w = (int) (s.get(d - 1) / factor);
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException(op + ": expected an image of at least factor pixels per side, got "
                    + Checks.describe(s));
        }
        boolean halving = factor == 2 && !alignCorners && 2L * h == s.get(d - 2) && 2L * w == s.get(d - 1)
                && h >= 2 && w >= 2;
        return Rank.batched(input, x -> halving ? halve(x, border) : blurThenResample(x, border, alignCorners, h, w));
    }

    /**
     * {@link #pyrdown}'s general path, Kornia's formulation: the 5x5 binomial blur at full resolution, then
     * bilinear resampling to {@code (h, w)}.
     *
     * @param x {@code (B, C, H, W)}, checked
     * @param border the blur's border
     * @param alignCorners the resampling's {@code align_corners}
     * @param h output height
     * @param w output width
     * @return {@code (B, C, h, w)}, owned by {@code x}'s manager
     * @throws IllegalArgumentException (naming pyrdown) for an image too small for the border's padding
     */
    static NDArray blurThenResample(NDArray x, BorderType border, boolean alignCorners, int h, int w) {
        return Scoped.run(() -> Sampling.interpolate(blur(x, border, "pyrdown"), h, w, Sampling.Resize.BILINEAR,
                alignCorners), x);
    }

    /**
     * {@link #pyrdown}'s exact fast path for factor 2, even sides of at least 4 (every border can pad 2 there) and
     * align_corners false: equal to {@link #blurThenResample} to {@code (H / 2, W / 2)} up to float rounding, in
     * one fused call ({@code pyr_down.py}: padding and filter per cache-sized chunk of image planes) instead of a
     * padding, a full-resolution depthwise convolution and a resample.
     *
     * <p>Derivation, per axis: bilinear resampling from {@code H} to exactly {@code H / 2} (align_corners false,
     * scale 2) reads source position {@code 2 (i + 0.5) - 0.5 = 2i + 0.5}, weights 1/2 and 1/2, so output row
     * {@code i} is the mean of blurred rows {@code 2i} and {@code 2i + 1} (both inside the image for every
     * {@code i}). With {@code p} the input padded by 2 with the blur's border and {@code c = [1 4 6 4 1] / 16},
     * blurred row {@code y} is {@code sum_k c[k] p[y + k]}, hence
     * {@code out[i] = sum_m d[m] p[2i + m]}, {@code m = 0..5}, {@code d = c * [1 1] / 2 = [1 5 10 10 5 1] / 32}:
     * the same padded image filtered by {@code d} at even positions only (the last tap read is
     * {@code p[H + 3]}, the last padded row). The padding is the blur's, so every border mode agrees as well.
     *
     * @param x {@code (B, C, H, W)}, checked, {@code H} and {@code W} even and at least 4
     * @param border the blur's border
     * @return {@code (B, C, H / 2, W / 2)}, owned by {@code x}'s manager, differentiable in {@code x}
     */
    static NDArray halve(NDArray x, BorderType border) {
        return Scoped.run(() -> SimdKernels.applies(x) ? PyramidSimd.pyrDown(x, border, HALVING_TAPS)
                : Aten.pyrDown(x, Aten.borderCode(border), HALVING_TAPS), x);
    }

    /**
     * Upsamples by 2 and blurs: Kornia's {@code pyrup}.
     *
     * @param input the images
     * @param border the blur's border (Kornia's default reflect)
     * @param alignCorners the bilinear resampling's {@code align_corners} (default false)
     * @return {@code (B, C, 2H, 2W)}
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray pyrup(NDArray input, BorderType border, boolean alignCorners) {
        String op = "pyrup";
        Checks.image(input, op, "input");
        Shape s = input.getShape();
        int d = s.dimension();
        int h = (int) s.get(d - 2) * 2;
        int w = (int) s.get(d - 1) * 2;
        return Rank.batched(input, x -> Scoped.run(() -> blur(Sampling.interpolate(x, h, w, Sampling.Resize.BILINEAR,
                alignCorners), border, op), x));
    }

    /**
     * The Gaussian pyramid: Kornia's {@code build_pyramid}, the input followed by {@code maxLevel - 1} successive
     * {@link #pyrdown}s (factor 2). Java API only (not registered: it returns several tensors).
     *
     * @param input the images
     * @param maxLevel how many levels, >= 1
     * @param border the blur's border
     * @param alignCorners the resampling's {@code align_corners}
     * @return the levels, finest first; level 0 is {@code input} itself, the others belong to its manager
     * @throws IllegalArgumentException for a wrong rank or dtype, {@code maxLevel < 1} or a level that would be
     *     empty
     */
    public static List<NDArray> buildPyramid(NDArray input, int maxLevel, BorderType border, boolean alignCorners) {
        String op = "build_pyramid";
        Checks.image(input, op, "input");
        Checks.atLeast(maxLevel, 1, op, "max_level");
        List<NDArray> levels = new ArrayList<>();
        levels.add(input);
        try {
            for (int i = 1; i < maxLevel; i++) {
                levels.add(pyrdown(levels.get(i - 1), border, alignCorners, 2.0));
            }
        } catch (IllegalArgumentException e) {
            levels.subList(1, levels.size()).forEach(NDArray::close);
            throw new IllegalArgumentException(op + ": expected at most " + levels.size() + " levels for input "
                    + Checks.describe(input.getShape()) + ", got max_level " + maxLevel + " (" + e.getMessage() + ")",
                    e);
        }
        return levels;
    }

    /**
     * The Laplacian pyramid: Kornia's {@code build_laplacian_pyramid} [1]. The Gaussian pyramid {@code G} of
     * {@link #buildPyramid} gives levels {@code L_i = G_i - pyrup(G_{i+1})} for {@code i < maxLevel - 1} and keeps the
     * last level {@code L_{maxLevel-1} = G_{maxLevel-1}}. As Kornia, an image with neither side a power of two is
     * first reflect-padded (bottom and right) to the next powers of two, and the levels are those of the padded
     * image. A level with an odd side (possible when one side is a power of two and the other is odd) cannot be
     * restored by {@code pyrup} and is rejected (Kornia fails there with a size mismatch). Java API only (not
     * registered: it returns several tensors).
     *
     * <p>[1] P. Burt, E. Adelson, "The Laplacian Pyramid as a Compact Image Code", IEEE Trans. Commun. 1983.
     *
     * <pre>{@code
     * List<NDArray> lap = Pyramid.buildLaplacianPyramid(image, 3, BorderType.REFLECT, false);
     * // (B, C, H, W) band-pass, (B, C, H/2, W/2) band-pass, (B, C, H/4, W/4) low-pass
     * }</pre>
     *
     * @param input the images
     * @param maxLevel how many levels, >= 1
     * @param border the blurs' border
     * @param alignCorners the resamplings' {@code align_corners}
     * @return the levels, finest first, owned by the input's manager (a single level is the input itself, or its
     *     padded copy); differentiable in the input
     * @throws IllegalArgumentException for a wrong rank or dtype, {@code maxLevel < 1}, a level that would be empty
     *     or a level with an odd side below the last
     */
    public static List<NDArray> buildLaplacianPyramid(NDArray input, int maxLevel, BorderType border,
                                                      boolean alignCorners) {
        String op = "build_laplacian_pyramid";
        Checks.image(input, op, "input");
        Checks.atLeast(maxLevel, 1, op, "max_level");
        NDList levels = Scoped.runList(() -> {
            Shape s = input.getShape();
            int d = s.dimension();
            int h = (int) s.get(d - 2);
            int w = (int) s.get(d - 1);
            NDArray x = isPowerOfTwo(h) || isPowerOfTwo(w) ? input
                    : Padding.pad2d(input, 0, nextPowerOfTwo(h) - h, 0, nextPowerOfTwo(w) - w, BorderType.REFLECT, 0);
            List<NDArray> gaussian;
            try {
                gaussian = buildPyramid(x, maxLevel, border, alignCorners);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replaceFirst("^(build_pyramid|pyrdown)", op), e);
            }
            NDList out = new NDList();
            for (int i = 0; i + 1 < maxLevel; i++) {
                NDArray expanded = pyrup(gaussian.get(i + 1), border, alignCorners);
                if (!expanded.getShape().equals(gaussian.get(i).getShape())) {
                    throw new IllegalArgumentException(op + ": expected even sides at level " + i + " (pyrup of level "
                            + (i + 1) + " must restore its size), got " + Checks.describe(gaussian.get(i).getShape()));
                }
                out.add(gaussian.get(i).sub(expanded));
            }
            out.add(gaussian.get(maxLevel - 1));
            return out;
        }, input);
        return new ArrayList<>(levels);
    }

    /**
     * Doubles the resolution by linear interpolation: Kornia's {@code upscale_double}. Output pixel
     * {@code (2i, 2j)} is input pixel {@code (i, j)}; odd rows and columns are the means of their two even
     * neighbours, and the last odd row and column repeat the one before (no extrapolation). Used by
     * {@link ScalePyramid} for {@code double_image}.
     *
     * @param x the images {@code (B, C, H, W)} or {@code (C, H, W)}, float32/float64
     * @return {@code (B, C, 2H, 2W)} (or {@code (C, 2H, 2W)}), owned by the input's manager, differentiable in it
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray upscaleDouble(NDArray x) {
        Checks.image(x, "upscale_double", "x");
        return Scoped.run(() -> interleaveMeans(interleaveMeans(x, -1), -2), x);
    }

    /** Doubles {@code axis} (-1 or -2): originals at even indices, means of neighbours (or the last value) at odd. */
    private static NDArray interleaveMeans(NDArray x, int axis) {
        long n = x.getShape().get(x.getShape().dimension() + axis);
        String tail = axis == -1 ? "" : ", :";
        NDArray last = x.get("..., " + (n - 1) + ":" + tail);
        NDArray odd = n == 1 ? last
                : Constants.scale(x.get("..., :" + (n - 1) + tail).add(x.get("..., 1:" + tail)), 0.5)
                        .concat(last, axis);
        Shape s = x.getShape();
        long[] doubled = s.getShape().clone();
        doubled[doubled.length + axis] = 2 * n;
        return NDArrays.stack(new NDList(x, odd), axis == -1 ? s.dimension() : s.dimension() - 1)
                .reshape(new Shape(doubled));
    }

    private static boolean isPowerOfTwo(int n) {
        return n > 0 && (n & (n - 1)) == 0;
    }

    private static int nextPowerOfTwo(int n) {
        return Integer.highestOneBit(n - 1) << 1;
    }

    private static NDArray blur(NDArray x, BorderType border, String op) {
        double[] k = new double[25];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                k[i * 5 + j] = BINOMIAL[i] * BINOMIAL[j] / 256;
            }
        }
        NDArray kernel = Constants.array(x, k, new Shape(1, 5, 5));   // the convolution saves it
        try {
            return Filter.filter2d(x, kernel, border, false, Filter.PaddingMode.SAME, Filter.Behaviour.CORR);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^(filter2d|pad):", op + ":"), e);
        }
    }

    private static double[] halvingTaps() {
        double[] d = new double[BINOMIAL.length + 1];
        for (int m = 0; m < d.length; m++) {
            d[m] = ((m < BINOMIAL.length ? BINOMIAL[m] : 0) + (m > 0 ? BINOMIAL[m - 1] : 0)) / 32;
        }
        return d;
    }
}
