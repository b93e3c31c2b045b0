package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Rank;

/**
 * Box (mean) filtering: Kornia's {@code kornia/filters/blur.py} ({@code box_blur}).
 *
 * <p>Conventions (Kornia's): the kernel is {@code 1 / (kh kw)} over a {@code (kh, kw)} window (rows first),
 * centred as {@link Filter#filter2d} centres kernels (an even size reaches one pixel further after than before);
 * the border is {@link BorderType#REFLECT} (= OpenCV {@code BORDER_REFLECT_101}) by default, so
 * {@code box_blur(x, (3, 3))} equals OpenCV's {@code blur(x, (3, 3))}. Every channel is filtered on its own.
 * Inputs are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)}; the output has the input's shape, dtype
 * and device, belongs to the input's manager, and gradients flow to the input. Inputs are not modified.
 */
public final class Blur {

    private Blur() {}

    /**
     * Kornia's {@code box_blur}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; output: same shape.
     *
     * <pre>{@code
     * NDArray mean3 = Blur.boxBlur(img, new int[] {3, 3}, BorderType.REFLECT, false);
     * }</pre>
     *
     * @param input the image
     * @param kernelSize {@code (kh, kw)} or one size for both, each >= 1
     * @param border how the image is extended (reflect needs {@code k / 2 < H, W})
     * @param separable Kornia's choice of two 1-D passes or one 2-D pass (its default); the box kernel is the
     *     product of two 1-D boxes, so both give the same result up to rounding, and both run here as the
     *     faster two 1-D passes
     * @return the blurred image
     * @throws IllegalArgumentException for a wrong rank or dtype or sizes < 1
     */
    public static NDArray boxBlur(NDArray input, int[] kernelSize, BorderType border, boolean separable) {
        String op = "box_blur";
        Checks.image(input, op, "input");
        int[] k = FilterKernels.unpack2d(op, kernelSize);
        FilterKernels.checkSize(op, k[0], 0, true);
        FilterKernels.checkSize(op, k[1], 0, true);
        double[][] kx = FilterKernels.getBoxKernel1d(k[1]);
        double[][] ky = FilterKernels.getBoxKernel1d(k[0]);
        return Rank.batched(input, x -> Filter.filterHostSeparable(op, x, kx, ky, border));
    }

    /**
     * {@link #boxBlur(NDArray, int[], BorderType, boolean)} with Kornia's defaults (reflect, not separable).
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize {@code (kh, kw)} or one size for both
     * @return the blurred image
     */
    public static NDArray boxBlur(NDArray input, int[] kernelSize) {
        return boxBlur(input, kernelSize, BorderType.REFLECT, false);
    }
}
