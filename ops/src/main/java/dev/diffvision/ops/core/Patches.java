package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.internal.Aten;

import java.util.Arrays;

/**
 * Sliding-window patch extraction: torch's {@code F.unfold} (ATen's {@code im2col}), which Kornia's
 * {@code extract_tensor_patches} and window-based filters build on. Differentiable: the gradient is ATen's
 * {@code col2im}, so overlapping windows sum their gradients.
 *
 * <p>For a window of {@code (kh, kw)} with stride {@code s}, zero padding {@code p} and dilation {@code d}, the
 * number of positions along H is {@code Lh = (H + 2 ph - dh (kh - 1) - 1) / sh + 1} (floor), the same along W,
 * and {@code L = Lh * Lw}. Column {@code l = i * Lw + j} of the output holds the window at
 * {@code (i sh - ph, j sw - pw)}, flattened channel-major: row {@code c * kh * kw + u * kw + v} is
 * {@code input[c, i sh - ph + u dh, j sw - pw + v dw]} (0 outside the image).
 *
 * <pre>{@code
 * NDArray cols = Patches.extract(x, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
 * // x (B, C, H, W) -> cols (B, C * 9, H * W): every 3x3 neighbourhood, zero-padded
 * }</pre>
 */
public final class Patches {

    private static final String OP = "unfold";
    private static final int[] ONES = {1, 1};
    private static final int[] ZEROS = {0, 0};

    private Patches() {}

    /**
     * Every {@code (kh, kw)} window at stride 1, without padding or dilation; see
     * {@link #extract(NDArray, int[], int[], int[], int[])}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code {kh, kw}}, each >= 1
     * @return {@code (B, C * kh * kw, L)}, or {@code (C * kh * kw, L)} for 3-D input
     */
    public static NDArray extract(NDArray input, int[] kernel) {
        return extract(input, kernel, ONES, ZEROS, ONES);
    }

    /**
     * Extracts sliding windows as columns, like {@code torch.nn.functional.unfold} (see the class comment for the
     * layout).
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)} float32/float64; output: {@code (B, C * kh * kw, L)}
     * (or {@code (C * kh * kw, L)}), same dtype and device, owned by the input's manager. The input is not
     * modified.
     *
     * @param input the image
     * @param kernel {@code {kh, kw}}, each >= 1
     * @param stride {@code {sh, sw}}, each >= 1
     * @param padding {@code {ph, pw}} zeros added on both sides, each >= 0
     * @param dilation {@code {dh, dw}}, each >= 1
     * @return the columns
     * @throws IllegalArgumentException for a wrong input rank or dtype, parameters that are not pairs in range,
     *     or a window larger than the padded image
     */
    public static NDArray extract(NDArray input, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        Checks.image(input, OP, "input");
        pair(kernel, 1, "kernel_size");
        pair(stride, 1, "stride");
        pair(padding, 0, "padding");
        pair(dilation, 1, "dilation");
        Shape shape = input.getShape();
        int rank = shape.dimension();
        for (int axis = 0; axis < 2; axis++) {
            long size = shape.get(rank - 2 + axis) + 2L * padding[axis];
            long extent = (long) dilation[axis] * (kernel[axis] - 1) + 1;
            if (extent > size) {
                throw new IllegalArgumentException(OP + ": expected a window (extent " + extent + " with dilation)"
                        + " no larger than the padded input (" + size + ") along " + (axis == 0 ? "H" : "W")
                        + ", got input " + Checks.describe(shape) + " and kernel_size " + Arrays.toString(kernel));
            }
        }
        return Rank.batched(input, x -> Scoped.run(() -> Aten.im2col(x, kernel, dilation, padding, stride), x));
    }

    private static void pair(int[] values, int min, String argument) {
        if (values == null || values.length != 2 || values[0] < min || values[1] < min) {
            throw new IllegalArgumentException(OP + ": expected " + argument + " as two integers >= " + min
                    + ", got " + Arrays.toString(values));
        }
    }
}
