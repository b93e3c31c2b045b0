package dev.diffvision.ops.morphology;

import ai.djl.ndarray.NDArray;

/**
 * The {@code kornia.morphology} facade: every morphology op by its functional name, delegating to
 * {@link BasicOperators} (one implementation, two doors). Each takes the image {@code (B, C, H, W)} or
 * {@code (C, H, W)}, a {@code (kh, kw)} neighbourhood mask and {@link MorphologyOptions}.
 *
 * <pre>{@code
 * NDArray d = Morphology.dilation(img, BasicOperators.ones3x3());   // geodesic border, flat element
 * }</pre>
 */
public final class Morphology {

    private Morphology() {}

    /**
     * See {@link BasicOperators#dilation}, with {@link MorphologyOptions#DEFAULTS}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} mask
     * @return the dilated image
     */
    public static NDArray dilation(NDArray input, double[][] kernel) {
        return BasicOperators.dilation(input, kernel, MorphologyOptions.DEFAULTS);
    }

    /**
     * See {@link BasicOperators#dilation}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} mask
     * @param options element, origin, border
     * @return the dilated image
     */
    public static NDArray dilation(NDArray input, double[][] kernel, MorphologyOptions options) {
        return BasicOperators.dilation(input, kernel, options);
    }

    /**
     * See {@link BasicOperators#erosion}, with {@link MorphologyOptions#DEFAULTS}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} mask
     * @return the eroded image
     */
    public static NDArray erosion(NDArray input, double[][] kernel) {
        return BasicOperators.erosion(input, kernel, MorphologyOptions.DEFAULTS);
    }

    /**
     * See {@link BasicOperators#erosion}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} mask
     * @param options element, origin, border
     * @return the eroded image
     */
    public static NDArray erosion(NDArray input, double[][] kernel, MorphologyOptions options) {
        return BasicOperators.erosion(input, kernel, options);
    }

    /**
     * See {@link BasicOperators#opening}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} mask
     * @param options element, origin, border
     * @return the opened image
     */
    public static NDArray opening(NDArray input, double[][] kernel, MorphologyOptions options) {
        return BasicOperators.opening(input, kernel, options);
    }

    /**
     * See {@link BasicOperators#closing}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} mask
     * @param options element, origin, border
     * @return the closed image
     */
    public static NDArray closing(NDArray input, double[][] kernel, MorphologyOptions options) {
        return BasicOperators.closing(input, kernel, options);
    }

    /**
     * See {@link BasicOperators#gradient}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} mask
     * @param options element, origin, border
     * @return dilation minus erosion
     */
    public static NDArray gradient(NDArray input, double[][] kernel, MorphologyOptions options) {
        return BasicOperators.gradient(input, kernel, options);
    }

    /**
     * See {@link BasicOperators#topHat}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} mask
     * @param options element, origin, border
     * @return input minus opening
     */
    public static NDArray topHat(NDArray input, double[][] kernel, MorphologyOptions options) {
        return BasicOperators.topHat(input, kernel, options);
    }

    /**
     * See {@link BasicOperators#bottomHat}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} mask
     * @param options element, origin, border
     * @return closing minus input
     */
    public static NDArray bottomHat(NDArray input, double[][] kernel, MorphologyOptions options) {
        return BasicOperators.bottomHat(input, kernel, options);
    }
}
