package dev.diffvision.ops.contrib;

import ai.djl.ndarray.NDArray;

/**
 * The {@code kornia.contrib} facade (the patch functions): delegates to {@link ExtractPatches} — one
 * implementation, two doors.
 *
 * <pre>{@code
 * NDArray patches = Contrib.extractTensorPatches(img, new int[] {8}, new int[] {8}, new int[] {0}, false);
 * NDArray back = Contrib.combineTensorPatches(patches, new int[] {64}, new int[] {8}, new int[] {8}, false,
 *         new int[] {0}, 1e-8);
 * }</pre>
 */
public final class Contrib {

    private Contrib() {}

    /**
     * See {@link ExtractPatches#computePadding(int[], int[], int[])}.
     *
     * @param originalSize {@code (H, W)} or one size
     * @param windowSize {@code (kh, kw)} or one size
     * @param stride {@code (sh, sw)} or one size
     * @return {@code (top, bottom, left, right)}
     */
    public static int[] computePadding(int[] originalSize, int[] windowSize, int[] stride) {
        return ExtractPatches.computePadding(originalSize, windowSize, stride);
    }

    /**
     * See {@link ExtractPatches#extractTensorPatches(NDArray, int[], int[], int[], boolean)}.
     *
     * @param input the image
     * @param windowSize {@code (kh, kw)} or one size, >= 1
     * @param stride {@code (sh, sw)} or one size, >= 1
     * @param padding 1, 2 or 4 non-negative integers (see the class comment); all zeros = none
     * @param allowAutoPadding without padding, pad so that the windows tile the image
     * @return the patches
     * @throws IllegalArgumentException for a bad rank, dtype or size, or a window larger than the padded image
     */
    public static NDArray extractTensorPatches(NDArray input,
            int[] windowSize,
            int[] stride,
            int[] padding,
            boolean allowAutoPadding) {
        return ExtractPatches.extractTensorPatches(input, windowSize, stride, padding, allowAutoPadding);
    }

    /**
     * See {@link ExtractPatches#combineTensorPatches(NDArray, int[], int[], int[], boolean, int[], double)}.
     *
     * @param patches the patches, in {@link #extractTensorPatches}'s order
     * @param originalSize {@code (H, W)} or one size
     * @param windowSize {@code (kh, kw)}, the patches' size
     * @param stride {@code (sh, sw)}, each at most the window size
     * @param allowAutoUnpadding without unpadding, remove {@link #computePadding}'s padding
     * @param unpadding the padding used at extraction (1, 2 or 4 integers), removed here
     * @param eps added to the window count before dividing
     * @return the image
     * @throws IllegalArgumentException for a bad rank or dtype, a stride above the window, or a patch count that
     *     does not match the sizes
     */
    public static NDArray combineTensorPatches(NDArray patches,
            int[] originalSize,
            int[] windowSize,
            int[] stride,
            boolean allowAutoUnpadding,
            int[] unpadding,
            double eps) {
        return ExtractPatches.combineTensorPatches(patches, originalSize, windowSize, stride, allowAutoUnpadding, unpadding, eps);
    }
}
