package dev.diffvision.ops.filters;

import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Kernels;

/**
 * The derivative kernels of Kornia's {@code kornia/filters/kernels.py} ({@code get_sobel_kernel2d},
 * {@code get_diff_kernel2d} and their second-order forms, and the 3-D {@code get_diff_kernel3d} pair), as host
 * arrays in cross-correlation orientation.
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

    /**
     * Kornia's {@code get_spatial_gradient_kernel3d('diff', order)}: {@code 3x3x3} central differences in derivative
     * units, indexed {@code [kernel][depth][row][column]}. Order 1: {@code (d/dx, d/dy, d/dz)} with taps
     * {@code -0.5, 0.5}; order 2: {@code (d2/dx2, d2/dy2, d2/dz2, d2/dxdy, d2/dydz, d2/dxdz)} with taps
     * {@code 1, -2, 1} and {@code +-0.25} (an order that differs from the 2-D {@code (xx, xy, yy)}). x runs along
     * W, y along H, z along D.
     *
     * @param order 1 or 2
     * @return 3 or 6 kernels, fresh arrays
     * @throws IllegalArgumentException if order is not 1 or 2
     */
    public static double[][][][] diff3d(int order) {
        Checks.oneOf(order, "spatial_gradient3d", "order", 1, 2);
        // each entry: {dz, dy, dx, weight} offsets from the centre
        double[][][] taps = order == 1
                ? new double[][][] {
                    {{0, 0, -1, -0.5}, {0, 0, 1, 0.5}},
                    {{0, -1, 0, -0.5}, {0, 1, 0, 0.5}},
                    {{-1, 0, 0, -0.5}, {1, 0, 0, 0.5}}}
                : new double[][][] {
                    {{0, 0, -1, 1}, {0, 0, 0, -2}, {0, 0, 1, 1}},
                    {{0, -1, 0, 1}, {0, 0, 0, -2}, {0, 1, 0, 1}},
                    {{-1, 0, 0, 1}, {0, 0, 0, -2}, {1, 0, 0, 1}},
                    {{0, -1, -1, 0.25}, {0, -1, 1, -0.25}, {0, 1, -1, -0.25}, {0, 1, 1, 0.25}},
                    {{-1, -1, 0, 0.25}, {-1, 1, 0, -0.25}, {1, -1, 0, -0.25}, {1, 1, 0, 0.25}},
                    {{-1, 0, -1, 0.25}, {-1, 0, 1, -0.25}, {1, 0, -1, -0.25}, {1, 0, 1, 0.25}}};
        double[][][][] out = new double[taps.length][3][3][3];
        for (int k = 0; k < taps.length; k++) {
            for (double[] t : taps[k]) {
                out[k][(int) t[0] + 1][(int) t[1] + 1][(int) t[2] + 1] = t[3];
            }
        }
        return out;
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
