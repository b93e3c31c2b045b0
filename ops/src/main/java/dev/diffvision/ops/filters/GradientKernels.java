package dev.diffvision.ops.filters;

import dev.diffvision.ops.core.Kernels;

/**
 * The derivative kernels of Kornia's {@code kornia/filters/kernels.py} ({@code get_sobel_kernel2d},
 * {@code get_diff_kernel2d} and their second-order forms), as host arrays in cross-correlation orientation.
 *
 * <p>First order: {@code [d/dx, d/dy]}; second order: {@code [d2/dx2, d2/dxdy, d2/dy2]}. x runs along columns
 * (to the right), y along rows (downwards). Signs follow current Kornia: correlated with an image, each channel
 * is positive where the value increases with x or y (first order) and on {@code x^2}, {@code xy}, {@code y^2}
 * (second order). The stencils are raw integers: per unit slope Sobel answers 8 and diff 2.
 */
public final class GradientKernels {

    private static final double[][] SOBEL_X = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}};
    private static final double[][] DIFF_X = {{0, 0, 0}, {-1, 0, 1}, {0, 0, 0}};
    private static final double[][] SOBEL_XX = {
        {1, 0, -2, 0, 1}, {4, 0, -8, 0, 4}, {6, 0, -12, 0, 6}, {4, 0, -8, 0, 4}, {1, 0, -2, 0, 1}};
    private static final double[][] SOBEL_XY = {
        {1, 2, 0, -2, -1}, {2, 4, 0, -4, -2}, {0, 0, 0, 0, 0}, {-2, -4, 0, 4, 2}, {-1, -2, 0, 2, 1}};
    private static final double[][] DIFF_XX = {{0, 0, 0}, {1, -2, 1}, {0, 0, 0}};
    private static final double[][] DIFF_XY = {{1, 0, -1}, {0, 0, 0}, {-1, 0, 1}};

    private GradientKernels() {}

    /**
     * Kornia's {@code get_spatial_gradient_kernel2d(mode, order)}.
     *
     * @param mode sobel or diff
     * @param order 1 or 2
     * @return 2 (order 1) or 3 (order 2) kernels, 3x3 except second-order Sobel (5x5); fresh arrays
     * @throws IllegalArgumentException if order is not 1 or 2
     */
    public static double[][][] get(GradientMode mode, int order) {
        if (order == 1) {
            double[][] x = mode == GradientMode.SOBEL ? SOBEL_X : DIFF_X;
            return copy(new double[][][] {x, Kernels.transpose(x)});
        }
        if (order == 2) {
            double[][] xx = mode == GradientMode.SOBEL ? SOBEL_XX : DIFF_XX;
            double[][] xy = mode == GradientMode.SOBEL ? SOBEL_XY : DIFF_XY;
            return copy(new double[][][] {xx, xy, Kernels.transpose(xx)});
        }
        throw new IllegalArgumentException("spatial_gradient: expected order 1 or 2, got " + order);
    }

    private static double[][][] copy(double[][][] kernels) {
        double[][][] out = new double[kernels.length][][];
        for (int k = 0; k < kernels.length; k++) {
            out[k] = new double[kernels[k].length][];
            for (int r = 0; r < kernels[k].length; r++) {
                out[k][r] = kernels[k][r].clone();
            }
        }
        return out;
    }
}
