package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;

/**
 * The {@code kornia.filters} facade: every filter op by its functional name, delegating to its topic class
 * (one implementation, two doors).
 *
 * <pre>{@code
 * NDArray edges = Filters.sobel(img);               // = Sobel.sobel(img)
 * NDArray grads = Filters.spatialGradient(img);     // (B, C, 2, H, W)
 * }</pre>
 */
public final class Filters {

    private Filters() {}

    /**
     * See {@link Sobel#spatialGradient(NDArray)}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @return {@code (B, C, 2, H, W)}: first-order normalised Sobel derivatives
     */
    public static NDArray spatialGradient(NDArray input) {
        return Sobel.spatialGradient(input);
    }

    /**
     * See {@link Sobel#spatialGradient(NDArray, GradientMode, int, boolean)}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param mode sobel or diff
     * @param order 1 or 2
     * @param normalized divide kernels by their L1 norm
     * @return {@code (B, C, K, H, W)}, K = 2 or 3
     */
    public static NDArray spatialGradient(NDArray input, GradientMode mode, int order, boolean normalized) {
        return Sobel.spatialGradient(input, mode, order, normalized);
    }

    /**
     * See {@link Sobel#sobel(NDArray)}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @return the gradient magnitude, same shape
     */
    public static NDArray sobel(NDArray input) {
        return Sobel.sobel(input);
    }

    /**
     * See {@link Sobel#sobel(NDArray, boolean, double)}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param normalized divide the kernels by their L1 norm
     * @param eps added inside the square root
     * @return the gradient magnitude, same shape
     */
    public static NDArray sobel(NDArray input, boolean normalized, double eps) {
        return Sobel.sobel(input, normalized, eps);
    }
}
