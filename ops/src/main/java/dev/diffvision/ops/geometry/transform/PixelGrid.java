package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.geometry.linalg.Linalg;

/**
 * Package-private pixel &lt;-&gt; normalised coordinate plumbing of the warps, following Kornia's
 * {@code create_meshgrid} and {@code transform_points}. Normalised coordinates are
 * align-corners ones ({@code -1} and {@code 1} are the centres of the corner pixels) whatever the warp's
 * {@code align_corners}, exactly as Kornia. Points are mapped by {@code geometry.linalg}'s transform and
 * homographies normalised by {@code geometry.conversions}. Nothing here is public API.
 */
final class PixelGrid {

    private PixelGrid() {}

    /**
     * Applies homographies to the normalised pixel grid of an {@code h x w} image (Kornia's
     * {@code transform_points(M, create_meshgrid(h, w))}).
     *
     * @param homographies {@code (B, 3, 3)} in normalised coordinates
     * @param h grid height
     * @param w grid width
     * @return {@code (B, h, w, 2)} sampling positions {@code (x, y)}
     */
    static NDArray transformGrid(NDArray homographies, long h, long w) {
        NDArray grid = constant(homographies.getManager(), meshgrid((int) h, (int) w, true),
                homographies.getDataType(), 1, h * w, 2);
        return transformPoints(homographies, grid).reshape(homographies.getShape().get(0), h, w, 2);
    }

    /**
     * Kornia's {@code create_meshgrid} on the host: the {@code (x, y)} of every pixel, row-major, as normalised
     * corner-aligned coordinates ({@code -1 + 2 j / (w - 1)}, {@code -1} for a side of 1) or as pixel indices.
     *
     * @param h grid height
     * @param w grid width
     * @param normalized normalised or pixel coordinates
     * @return {@code h * w * 2} values, the {@code (1, h, w, 2)} grid flattened
     */
    static double[] meshgrid(int h, int w, boolean normalized) {
        double[] points = new double[h * w * 2];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int k = (i * w + j) * 2;
                points[k] = normalized ? linspace(j, w) : j;
                points[k + 1] = normalized ? linspace(i, h) : i;
            }
        }
        return points;
    }

    /**
     * Kornia's {@code transform_points}: {@code (x, y, 1) @ M^T}, divided by {@code z} only where
     * {@code |z| > 1e-8} (by {@code z + 1e-8} there, as Kornia's {@code convert_points_from_homogeneous}).
     *
     * @param homographies {@code (B, 3, 3)}
     * @param points {@code (B or 1, N, 2)}
     * @return {@code (B, N, 2)}
     */
    static NDArray transformPoints(NDArray homographies, NDArray points) {
        return Linalg.transformEach(homographies, points);
    }

    private static double linspace(int i, long n) {
        return n == 1 ? -1 : -1 + 2.0 * i / (n - 1);
    }

    private static NDArray constant(NDManager m, double[] values, DataType type, long... shape) {
        return m.create(values, new Shape(shape)).toType(type, false);
    }
}
