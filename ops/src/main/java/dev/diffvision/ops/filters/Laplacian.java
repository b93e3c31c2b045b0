package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Kernels;
import dev.diffvision.ops.core.Rank;

/**
 * The Laplacian filter: Kornia's {@code kornia/filters/laplacian.py} ({@code laplacian}).
 *
 * <p>Conventions (Kornia's): the kernel is {@link FilterKernels#getLaplacianKernel2d} (for 3x3 the 8-neighbour
 * stencil {@code [[1, 1, 1], [1, -8, 1], [1, 1, 1]]}, not OpenCV's {@code Laplacian} stencils), divided by the
 * sum of its absolute values when {@code normalized} (Kornia's default: 16 for 3x3), applied by cross-correlation
 * with a {@link BorderType#REFLECT} border by default. Inputs are float32/float64 {@code (B, C, H, W)} or
 * {@code (C, H, W)}; the output has the input's shape, dtype and device, belongs to the input's manager, and
 * gradients flow to the input. Inputs are not modified.
 */
public final class Laplacian {

    private Laplacian() {}

    /**
     * Kornia's {@code laplacian}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; output: same shape. On {@code f = x^2 + y^2} the
     * normalised 3x3 filter answers {@code 12 / 16} in the interior.
     *
     * <pre>{@code
     * NDArray lap = Laplacian.laplacian(gray, new int[] {3}, BorderType.REFLECT, true);
     * }</pre>
     *
     * @param input the image
     * @param kernelSize {@code (kh, kw)} or one size for both, odd and positive
     * @param border how the image is extended
     * @param normalized divide the kernel by the sum of its absolute values
     * @return the filtered image
     * @throws IllegalArgumentException for a wrong rank or dtype or even/non-positive sizes
     */
    public static NDArray laplacian(NDArray input, int[] kernelSize, BorderType border, boolean normalized) {
        String op = "laplacian";
        Checks.image(input, op, "input");
        int[] k = FilterKernels.unpack2d(op, kernelSize);
        FilterKernels.checkSize(op, k[0], 0, false);
        FilterKernels.checkSize(op, k[1], 0, false);
        double[][][] kernel = {FilterKernels.getLaplacianKernel2d(k)};
        double[][][] weights = normalized ? Kernels.normalizeL1(kernel) : kernel;
        return Rank.batched(input, x -> Filter.filterHost(op, x, weights, border));
    }
}
