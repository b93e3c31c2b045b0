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
        double[] points = new double[(int) (h * w * 2)];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int k = (int) (i * w + j) * 2;
                points[k] = linspace(j, w);
                points[k + 1] = linspace(i, h);
            }
        }
        NDArray grid = constant(homographies.getManager(), points, homographies.getDataType(), 1, h * w, 2);
        return transformPoints(homographies, grid).reshape(homographies.getShape().get(0), h, w, 2);
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
