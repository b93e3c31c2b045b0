package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.filters.Filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Gaussian pyramids: Kornia's {@code kornia/geometry/transform/pyramid.py} ({@code pyrdown}, {@code pyrup},
 * {@code build_pyramid}).
 *
 * <p>Kornia's algorithm, not OpenCV's: {@code pyrdown} blurs with the 5 x 5 binomial kernel
 * {@code [1 4 6 4 1]^T [1 4 6 4 1] / 256} ({@code filter2d}, border {@code reflect} = OpenCV's REFLECT_101) and then
 * resamples bilinearly to {@code (int(H / factor), int(W / factor))} (floor), whereas {@code cv2.pyrDown} keeps
 * the even rows and columns of the blurred image and rounds the size up. {@code pyrup} resamples bilinearly to
 * {@code (2H, 2W)} and then blurs with the same kernel. Images: {@code (B, C, H, W)} or {@code (C, H, W)},
 * float32/float64; outputs keep dtype, device and rank, belong to the input's manager and are differentiable in
 * the input. Inputs are not modified.
 *
 * <pre>{@code
 * NDArray half = Pyramid.pyrdown(image, BorderType.REFLECT, false, 2.0);   // (B, C, H / 2, W / 2)
 * }</pre>
 */
public final class Pyramid {

    private static final double[] BINOMIAL = {1, 4, 6, 4, 1};

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
        return Rank.batched(input, x -> Scoped.run(() -> Sampling.interpolate(blur(x, border, op), h, w,
                Sampling.Resize.BILINEAR, alignCorners), x));
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
        for (int i = 1; i < maxLevel; i++) {
            levels.add(pyrdown(levels.get(i - 1), border, alignCorners, 2.0));
        }
        return levels;
    }

    private static NDArray blur(NDArray x, BorderType border, String op) {
        double[] k = new double[25];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                k[i * 5 + j] = BINOMIAL[i] * BINOMIAL[j] / 256;
            }
        }
        NDArray kernel = x.getManager().create(k, new Shape(1, 5, 5)).toType(x.getDataType(), false);
        try {
            return Filter.filter2d(x, kernel, border, false, Filter.PaddingMode.SAME, Filter.Behaviour.CORR);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^filter2d", op), e);
        }
    }
}
