package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.diffvision.ops.core.BorderType;

/**
 * The {@code kornia.filters} facade: every filter op by its functional name, delegating to its topic class
 * (one implementation, two doors).
 *
 * <pre>{@code
 * NDArray edges = Filters.sobel(img);               // = Sobel.sobel(img)
 * NDArray grads = Filters.spatialGradient(img);     // (B, C, 2, H, W)
 * NDArray smooth = Filters.gaussianBlur2d(img, new int[] {5, 5}, 1.5, 1.5);
 * }</pre>
 *
 * <p>The kernel factories are host functions on {@link FilterKernels} (and {@link #getMotionKernel2d}).
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

    /**
     * See {@link Filter#filter2d(NDArray, NDArray)}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (1, kh, kw)} or {@code (B, kh, kw)}
     * @return the filtered image, same shape
     */
    public static NDArray filter2d(NDArray input, NDArray kernel) {
        return Filter.filter2d(input, kernel);
    }

    /**
     * See {@link Filter#filter2d(NDArray, NDArray, BorderType, boolean, Filter.PaddingMode, Filter.Behaviour)}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (1, kh, kw)} or {@code (B, kh, kw)}
     * @param border the border
     * @param normalized divide the kernel by its L1 norm
     * @param padding same or valid
     * @param behaviour corr or conv
     * @return the filtered image
     */
    public static NDArray filter2d(NDArray input, NDArray kernel, BorderType border, boolean normalized,
                                   Filter.PaddingMode padding, Filter.Behaviour behaviour) {
        return Filter.filter2d(input, kernel, border, normalized, padding, behaviour);
    }

    /**
     * See {@link Filter#filter2dSeparable}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelX {@code (1 or B, kw)}
     * @param kernelY {@code (1 or B, kh)}
     * @param border the border
     * @param normalized divide the kernels by their L1 norm
     * @param padding same or valid
     * @return the filtered image
     */
    public static NDArray filter2dSeparable(NDArray input, NDArray kernelX, NDArray kernelY, BorderType border,
                                            boolean normalized, Filter.PaddingMode padding) {
        return Filter.filter2dSeparable(input, kernelX, kernelY, border, normalized, padding);
    }

    /**
     * See {@link Gaussian#gaussianBlur2d(NDArray, int[], double, double)}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize {@code (kh, kw)} or one size, odd
     * @param sigmaY standard deviation along H
     * @param sigmaX standard deviation along W
     * @return the blurred image, same shape
     */
    public static NDArray gaussianBlur2d(NDArray input, int[] kernelSize, double sigmaY, double sigmaX) {
        return Gaussian.gaussianBlur2d(input, kernelSize, sigmaY, sigmaX);
    }

    /**
     * See {@link Gaussian#gaussianBlur2d(NDArray, int[], double[][], BorderType, boolean)}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize {@code (kh, kw)} or one size, odd
     * @param sigma {@code (1 or B, 2)} rows of {@code (sigma_y, sigma_x)}
     * @param border the border
     * @param separable two 1-D passes
     * @return the blurred image, same shape
     */
    public static NDArray gaussianBlur2d(NDArray input, int[] kernelSize, double[][] sigma, BorderType border,
                                         boolean separable) {
        return Gaussian.gaussianBlur2d(input, kernelSize, sigma, border, separable);
    }

    /**
     * See {@link Blur#boxBlur(NDArray, int[], BorderType, boolean)}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize {@code (kh, kw)} or one size
     * @param border the border
     * @param separable two 1-D passes
     * @return the blurred image, same shape
     */
    public static NDArray boxBlur(NDArray input, int[] kernelSize, BorderType border, boolean separable) {
        return Blur.boxBlur(input, kernelSize, border, separable);
    }

    /**
     * See {@link Median#medianBlur}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize {@code (kh, kw)} or one size, odd
     * @return the filtered image, same shape (zero padding)
     */
    public static NDArray medianBlur(NDArray input, int[] kernelSize) {
        return Median.medianBlur(input, kernelSize);
    }

    /**
     * See {@link Laplacian#laplacian}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize {@code (kh, kw)} or one size, odd
     * @param border the border
     * @param normalized divide the kernel by its L1 norm
     * @return the filtered image, same shape
     */
    public static NDArray laplacian(NDArray input, int[] kernelSize, BorderType border, boolean normalized) {
        return Laplacian.laplacian(input, kernelSize, border, normalized);
    }

    /**
     * See {@link Canny#canny(NDArray, double, double, int[], double[], boolean, double)}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}, C = 1 or 3
     * @param low lower threshold
     * @param high upper threshold
     * @param kernelSize Gaussian size
     * @param sigma Gaussian {@code (sigma_y, sigma_x)}
     * @param hysteresis track weak edges
     * @param eps added inside the square root
     * @return magnitude and edges, each {@code (B, 1, H, W)}
     */
    public static NDList canny(NDArray input, double low, double high, int[] kernelSize, double[] sigma,
                               boolean hysteresis, double eps) {
        return Canny.canny(input, low, high, kernelSize, sigma, hysteresis, eps);
    }

    /**
     * See {@link Filter#filter3d}.
     *
     * @param input {@code (B, C, D, H, W)}
     * @param kernel {@code (1 or B, kd, kh, kw)}
     * @param border the border (Kornia's default replicate)
     * @param normalized divide the kernel by its L1 norm
     * @return the filtered volume, same shape
     */
    public static NDArray filter3d(NDArray input, NDArray kernel, BorderType border, boolean normalized) {
        return Filter.filter3d(input, kernel, border, normalized);
    }

    /**
     * See {@link Sobel#spatialGradient3d}.
     *
     * @param input {@code (B, C, D, H, W)}
     * @param mode diff
     * @param order 1 or 2
     * @return {@code (B, C, 3 or 6, D, H, W)}
     */
    public static NDArray spatialGradient3d(NDArray input, GradientMode mode, int order) {
        return Sobel.spatialGradient3d(input, mode, order);
    }

    /**
     * See {@link Motion#getMotionKernel2d}.
     *
     * @param kernelSize odd, >= 3
     * @param angle degrees, one per kernel
     * @param direction in [-1, 1], one or one per angle
     * @param mode nearest or bilinear
     * @return {@code (B, k, k)}
     */
    public static double[][][] getMotionKernel2d(int kernelSize, double[] angle, double[] direction,
                                                 Motion.Mode mode) {
        return Motion.getMotionKernel2d(kernelSize, angle, direction, mode);
    }

    /**
     * See {@link Motion#motionBlur}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize odd, >= 3
     * @param angle degrees: one, or one per image
     * @param direction in [-1, 1]: one, or one per angle
     * @param border the border (Kornia's default constant)
     * @param mode nearest or bilinear
     * @return the blurred image, same shape
     */
    public static NDArray motionBlur(NDArray input, int kernelSize, double[] angle, double[] direction,
                                     BorderType border, Motion.Mode mode) {
        return Motion.motionBlur(input, kernelSize, angle, direction, border, mode);
    }

    /**
     * See {@link BlurPool#blurPool2d}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize {@code (kh, kw)} or one size
     * @param stride the subsampling step
     * @return the downsampled image
     */
    public static NDArray blurPool2d(NDArray input, int[] kernelSize, int stride) {
        return BlurPool.blurPool2d(input, kernelSize, stride);
    }

    /**
     * See {@link BlurPool#maxBlurPool2d}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize {@code (kh, kw)} or one size
     * @param stride the subsampling step
     * @param maxPoolSize the max-pool window
     * @param ceilMode torch's ceil_mode
     * @return the downsampled image
     */
    public static NDArray maxBlurPool2d(NDArray input, int[] kernelSize, int stride, int maxPoolSize,
                                        boolean ceilMode) {
        return BlurPool.maxBlurPool2d(input, kernelSize, stride, maxPoolSize, ceilMode);
    }

    /**
     * See {@link Unsharp#unsharpMask}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize {@code (kh, kw)} or one size, odd
     * @param sigma {@code (1 or B, 2)} rows of {@code (sigma_y, sigma_x)}
     * @param border the border
     * @return the sharpened image, same shape
     */
    public static NDArray unsharpMask(NDArray input, int[] kernelSize, double[][] sigma, BorderType border) {
        return Unsharp.unsharpMask(input, kernelSize, sigma, border);
    }

    /**
     * See {@link Bilateral#bilateralBlur}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernelSize {@code (ky, kx)} or one size, odd
     * @param sigmaColor one or one per image
     * @param sigmaSpace {@code (1 or B, 2)} rows of {@code (sigma_y, sigma_x)}
     * @param border the border
     * @param distance l1 or l2
     * @return the filtered image, same shape
     */
    public static NDArray bilateralBlur(NDArray input, int[] kernelSize, double[] sigmaColor,
                                        double[][] sigmaSpace, BorderType border, Bilateral.ColorDistance distance) {
        return Bilateral.bilateralBlur(input, kernelSize, sigmaColor, sigmaSpace, border, distance);
    }

    /**
     * See {@link Bilateral#jointBilateralBlur}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param guidance {@code (B or 1, Cg, H, W)} or {@code (Cg, H, W)}
     * @param kernelSize {@code (ky, kx)} or one size, odd
     * @param sigmaColor one or one per image
     * @param sigmaSpace {@code (1 or B, 2)} rows of {@code (sigma_y, sigma_x)}
     * @param border the border
     * @param distance l1 or l2
     * @return the filtered image, same shape
     */
    public static NDArray jointBilateralBlur(NDArray input, NDArray guidance, int[] kernelSize, double[] sigmaColor,
                                             double[][] sigmaSpace, BorderType border,
                                             Bilateral.ColorDistance distance) {
        return Bilateral.jointBilateralBlur(input, guidance, kernelSize, sigmaColor, sigmaSpace, border, distance);
    }

    /**
     * See {@link Guided#guidedBlur}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param guidance {@code (B or 1, Cg, H, W)}, {@code (Cg, H, W)} or null (self-guided)
     * @param kernelSize {@code (ky, kx)} or one size
     * @param eps one or one per image, > 0
     * @param border the border
     * @param subsample the fast guided filter's factor
     * @return the filtered image, same shape
     */
    public static NDArray guidedBlur(NDArray input, NDArray guidance, int[] kernelSize, double[] eps,
                                     BorderType border, int subsample) {
        return Guided.guidedBlur(input, guidance, kernelSize, eps, border, subsample);
    }
}
