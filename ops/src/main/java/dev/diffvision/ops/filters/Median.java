package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.core.internal.SelectionSimd;
import dev.diffvision.ops.core.internal.SimdKernels;

/**
 * Median filtering: Kornia's {@code kornia/filters/median.py} ({@code median_blur}).
 *
 * <p>Conventions (Kornia's): {@code (kh, kw)} rows first, both odd; the image is padded with <b>zeros</b>
 * (unlike OpenCV's {@code medianBlur}, which replicates the border), so windows that reach past the border
 * count zeros; every channel is filtered on its own. Inputs are float32/float64 {@code (B, C, H, W)} or
 * {@code (C, H, W)}; the output has the input's shape, dtype and device and belongs to the input's manager.
 * Gradients flow to the input pixel each median was taken from (as torch's {@code median}; where window values
 * tie, the gradient is shared among them). Inputs are not modified.
 *
 * <p>Implementation: one TorchScript call ({@code median_blur.py}) runs a min/max program
 * ({@link WindowSelection}: columns sorted once, blocks of neighbouring sorted columns merged once and shared
 * between windows, 90 min/max per pixel for 5x5) over shifted views of the zero-padded image, one image plane
 * at a time so that the intermediates stay in the CPU caches. It returns exactly the middle value of each
 * window, as torch's {@code median} over the window. float32 CPU images without gradients run the same program
 * as Java SIMD passes over bands of rows ({@code core.internal.SelectionSimd}, see {@code SimdKernels}), with
 * the same values.
 */
public final class Median {

    /**
     * Image planes (channels of all images) filtered together: one plane was 15% faster than four at B = 8,
     * 256x256 (51-64 against 59-75 ms/image, alternated in one JVM on the loaded 2-core machine); with the
     * shared-column program one plane was again ahead of 2, 3 and 4 planes and of bands of 8-64 rows at B = 64
     * (the interpreter's cost per instruction outweighs the smaller working set).
     */
    private static final int PLANES_PER_CHUNK = 1;

    private Median() {}

    /**
     * Kornia's {@code median_blur}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; output: same shape.
     *
     * <pre>{@code
     * NDArray clean = Median.medianBlur(noisy, new int[] {3, 3});
     * }</pre>
     *
     * @param input the image
     * @param kernelSize {@code (kh, kw)} or one size for both, odd and positive
     * @return the filtered image
     * @throws IllegalArgumentException for a wrong rank or dtype or even/non-positive sizes
     */
    public static NDArray medianBlur(NDArray input, int[] kernelSize) {
        String op = "median_blur";
        Checks.image(input, op, "input");
        int[] k = FilterKernels.unpack2d(op, kernelSize);
        FilterKernels.checkSize(op, k[0], 0, false);
        FilterKernels.checkSize(op, k[1], 0, false);
        boolean fiveByFive = k[0] == 5 && k[1] == 5;
        return Rank.batched(input, x -> Scoped.run(() -> {
            boolean simd = SimdKernels.applies(x);
            if (simd && fiveByFive) {
                return SelectionSimd.median5x5(x);   // its program is compiled into Median5x5Stages
            }
            WindowSelection program = WindowSelection.select(k[0], k[1], k[0] * k[1] / 2);
            int[] code = program.instructions();
            return simd ? SelectionSimd.filter(x, k[0], k[1], code, program.slots(), program.outputSlot(),
                    program.outputShift())
                    : Aten.selectionFilter(x, k[0], k[1], code, program.slots(), program.outputSlot(),
                            program.outputShift(), PLANES_PER_CHUNK);
        }, x));
    }
}
