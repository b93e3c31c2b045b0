package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.GridPadding;
import dev.diffvision.ops.core.Interpolation;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.internal.ProjectiveSampler;
import dev.diffvision.ops.geometry.conversions.Conversions;
import dev.diffvision.ops.geometry.linalg.Linalg;

/**
 * Package-private pixel &lt;-&gt; normalised coordinate plumbing of the warps, following Kornia's
 * {@code create_meshgrid} and {@code transform_points}, and the affine grid of ATen's {@code affine_grid_generator}.
 * The perspective grid's normalised coordinates are align-corners ones ({@code -1} and {@code 1} are the centres
 * of the corner pixels) whatever the warp's {@code align_corners}, exactly as Kornia; the affine grid follows
 * {@code align_corners}, as {@code F.affine_grid}. Points are mapped by {@code geometry.linalg}'s transform and
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
        NDArray homogeneous = linearGrid(homographies, axis(h), axis(w));
        return Conversions.fromHomogeneous(homogeneous, Conversions.POINTS_EPS);
    }

    /**
     * Samples images through {@link #transformGrid}'s grid without materialising it for the whole batch: the
     * grid is built and sampled chunk by chunk in one native call (same values, same gradients to the images and
     * the homographies).
     *
     * @param src {@code (B, C, H, W)}
     * @param homographies {@code (B, 3, 3)} in normalised coordinates, src's dtype
     * @param h output height
     * @param w output width
     * @param mode interpolation
     * @param padding padding of the samples outside the image
     * @param alignCorners as in {@code grid_sample}
     * @return {@code (B, C, h, w)}
     */
    static NDArray sampleTransformed(NDArray src, NDArray homographies, long h, long w, Interpolation mode,
                                     GridPadding padding, boolean alignCorners) {
        return Sampling.gridSampleProjective(src, homographies, axis(w), axis(h), mode, padding, alignCorners,
                Conversions.POINTS_EPS);
    }

    /**
     * Samples images through affine maps, as {@code grid_sample} over {@link #affineGrid} (Kornia's
     * {@code warp_affine} without a fill colour): by the Java kernel {@link ProjectiveSampler} where it applies (no
     * grid at all), otherwise by building the grid and calling {@link Sampling#gridSample}.
     *
     * @param src {@code (B, C, H, W)}
     * @param theta {@code (B, 3, 3)} output-to-input maps of normalised coordinates, last row {@code 0 0 1}, in
     *     src's dtype
     * @param h output height
     * @param w output width
     * @param mode interpolation
     * @param padding values outside the input
     * @param alignCorners as in {@code grid_sample}
     * @return {@code (B, C, h, w)}
     */
    static NDArray sampleAffine(NDArray src, NDArray theta, long h, long w, Interpolation mode, GridPadding padding,
                                boolean alignCorners) {
        if (ProjectiveSampler.applies(src, theta, mode, padding)) {
            return ProjectiveSampler.sample(src, theta, affineBase(w, alignCorners), affineBase(h, alignCorners), false,
                    padding, alignCorners, Conversions.POINTS_EPS);
        }
        return Sampling.gridSample(src, affineGrid(theta.get(":, 0:2, :"), h, w, alignCorners), mode, padding,
                alignCorners);
    }

    /**
     * The affine sampling grid of ATen's {@code affine_grid_generator} ({@code F.affine_grid} for 4-D sizes):
     * {@code theta (x, y, 1)^T} at every output pixel, {@code x, y} in {@code [-1, 1]} (pixel centres with
     * align_corners false).
     *
     * @param theta {@code (B, 2, 3)}, normalised coordinates
     * @param h grid height
     * @param w grid width
     * @param alignCorners as in {@code grid_sample}
     * @return {@code (B, h, w, 2)} sampling positions {@code (x, y)}
     */
    static NDArray affineGrid(NDArray theta, long h, long w, boolean alignCorners) {
        return linearGrid(theta, affineBase(h, alignCorners), affineBase(w, alignCorners));
    }

    /**
     * 3-D {@link #transformGrid}: 4 x 4 homographies applied to the normalised voxel grid of a
     * {@code d x h x w} volume, divided by the homogeneous coordinate where {@code |w| > 1e-8}. The grid holds
     * {@code (x, y, z)}, grid_sample's order (Kornia's {@code create_meshgrid3d} stacks {@code (z, x, y)}; see
     * {@link ImgWarp3d}).
     *
     * @param homographies {@code (B, 4, 4)} in normalised coordinates
     * @param d grid depth
     * @param h grid height
     * @param w grid width
     * @return {@code (B, d, h, w, 3)} sampling positions {@code (x, y, z)}
     */
    static NDArray transformGrid3d(NDArray homographies, long d, long h, long w) {
        NDArray homogeneous = linearGrid(homographies, axis(d), axis(h), axis(w));
        return Conversions.fromHomogeneous(homogeneous, Conversions.POINTS_EPS);
    }

    /**
     * 3-D {@link #affineGrid}: ATen's {@code affine_grid_generator} for 5-D sizes, {@code theta (x, y, z, 1)^T}
     * at every output voxel.
     *
     * @param theta {@code (B, 3, 4)}, normalised coordinates
     * @param d grid depth
     * @param h grid height
     * @param w grid width
     * @param alignCorners as in {@code grid_sample}
     * @return {@code (B, d, h, w, 3)} sampling positions {@code (x, y, z)}
     */
    static NDArray affineGrid3d(NDArray theta, long d, long h, long w, boolean alignCorners) {
        return linearGrid(theta, affineBase(d, alignCorners), affineBase(h, alignCorners),
                affineBase(w, alignCorners));
    }

    /**
     * {@code M (x, y[, z], 1)^T} at every grid point, as a broadcast sum of one small outer product per axis
     * plus the last column, so the grid is written without a materialised base grid (ATen's
     * {@code affine_grid_generator} multiplies a {@code (B, ..., k+1)} base grid by M, and {@code transform_points}
     * of a meshgrid appends ones to a repeated grid first).
     *
     * @param m {@code (B, R, k+1)}, its column j multiplying the j-th coordinate (x first)
     * @param axes the k axes' coordinates, slowest first: {@code (ys, xs)} or {@code (zs, ys, xs)}
     * @return {@code (B, len(axes[0]), ..., len(axes[k-1]), R)}, in m's dtype
     */
    private static NDArray linearGrid(NDArray m, double[]... axes) {
        int k = axes.length;
        long batch = m.getShape().get(0);
        long rows = m.getShape().get(1);
        NDArray columns = m.transpose(0, 2, 1);                                  // (B, k+1, R)
        long[] columnShape = new long[k + 2];
        java.util.Arrays.fill(columnShape, 1);
        columnShape[0] = batch;
        columnShape[k + 1] = rows;
        NDArray sum = columns.get(":, " + k + ", :").reshape(columnShape);
        for (int a = 0; a < k; a++) {
            long[] axisShape = new long[k + 2];
            java.util.Arrays.fill(axisShape, 1);
            axisShape[a + 1] = axes[a].length;
            NDArray column = columns.get(":, " + (k - 1 - a) + ", :").reshape(columnShape);
            sum = sum.add(Constants.array(m, axes[a], new Shape(axisShape)).mul(column));
        }
        return sum;
    }

    /** Kornia's {@code create_meshgrid} coordinates along one axis: {@code linspace(-1, 1, n)}. */
    private static double[] axis(long n) {
        double[] out = new double[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = linspace(i, n);
        }
        return out;
    }

    /**
     * ATen's {@code linspace_from_neg_one}: {@code linspace(-1, 1, n)}, scaled by {@code (n - 1) / n} without
     * align_corners; {@code 0} for {@code n = 1}.
     */
    private static double[] affineBase(long n, boolean alignCorners) {
        double[] out = new double[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = n == 1 ? 0 : alignCorners ? -1 + 2.0 * i / (n - 1) : (2.0 * i + 1) / n - 1;
        }
        return out;
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
}
