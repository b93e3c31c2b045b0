package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Interpolation;
import dev.diffvision.ops.core.Linalg;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;

/**
 * Volume warps: the 3-D half of Kornia's {@code kornia/geometry/transform/imgwarp.py} ({@code warp_affine3d},
 * {@code warp_perspective3d}).
 *
 * <p>Conventions (Kornia's): volumes are float32/float64 {@code (B, C, D, H, W)}; matrices are in voxels and map
 * source to destination, acting on {@code (x, y, z, 1)} with x along W, y along H, z along D and voxel centres at
 * integers; the warps sample the source at {@code M^-1 dst}. As in 2-D, the voxel matrices are normalised with
 * corner-aligned normalisation whatever {@code align_corners} says, which is then handed to the sampler. A matrix
 * batch of 1 is broadcast over the volumes; matrices take the volume's dtype. Outputs keep the volume's dtype and
 * device, belong to its manager, and are differentiable in volumes and matrices. Inputs are not modified.
 *
 * <p>One deliberate difference: Kornia's {@code warp_perspective3d} samples a grid from
 * {@code create_meshgrid3d}, which stacks the coordinates as {@code (z, x, y)} while the matrix and
 * {@code grid_sample} use {@code (x, y, z)}, so its identity matrix does not reproduce a volume whose sides differ.
 * Here the grid is {@code (x, y, z)} throughout: the identity is the identity, and a perspective matrix that is
 * affine gives {@link #warpAffine3d}'s result (tested). {@code warp_affine3d} uses {@code affine_grid} in Kornia
 * and agrees with this class.
 *
 * <pre>{@code
 * NDArray shift = manager.create(new float[] {1, 0, 0, 2, 0, 1, 0, 0, 0, 0, 1, 1}, new Shape(1, 3, 4));
 * NDArray moved = ImgWarp3d.warpAffine3d(volume, shift, new int[] {d, h, w}, WarpOptions.defaults());
 * }</pre>
 */
public final class ImgWarp3d {

    private ImgWarp3d() {}

    /**
     * Warps volumes by affine maps: Kornia's {@code warp_affine3d} (defaults bilinear, zeros,
     * {@code align_corners=true}: {@link WarpOptions#defaults()}).
     *
     * <p>src: {@code (B, C, D, H, W)}; m: {@code (B, 3, 4)} or {@code (1, 3, 4)}; output:
     * {@code (B, C, dsize[0], dsize[1], dsize[2])}.
     *
     * @param src the volumes
     * @param m source-to-destination affine maps, in voxels
     * @param dsize the output size {@code (depth, height, width)}
     * @param options mode bilinear (trilinear) or nearest, padding, align_corners; no fill value
     * @return the warped volumes
     * @throws IllegalArgumentException for wrong shapes or dtypes, a non-positive size, a singular or non-finite
     *     matrix, bicubic or a fill value
     */
    public static NDArray warpAffine3d(NDArray src, NDArray m, int[] dsize, WarpOptions options) {
        String op = "warp_affine3d";
        check(src, m, dsize, options, op, "3");
        return Scoped.run(() -> {
            NDArray affine = broadcastBatch(m.toType(src.getDataType(), false), src);
            NDArray lastRow = Constants.array(affine, new double[] {0, 0, 0, 1}, new Shape(1, 1, 4))
                    .broadcast(new Shape(affine.getShape().get(0), 1, 4));
            NDArray inverse = inverseNormalized(affine.concat(lastRow, 1), src, dsize, op);
            NDArray grid = PixelGrid.affineGrid3d(inverse.get(":, 0:3, :"), dsize[0], dsize[1], dsize[2],
                    options.alignCorners());
            return Sampling.gridSample3d(src, grid, options.mode(), options.padding(), options.alignCorners());
        }, src, m);
    }

    /**
     * Warps volumes by 4 x 4 homographies: Kornia's {@code warp_perspective3d} (Kornia's default
     * {@code align_corners} is false here: {@code WarpOptions.defaults().withAlignCorners(false)}).
     *
     * <p>src: {@code (B, C, D, H, W)}; m: {@code (B, 4, 4)} or {@code (1, 4, 4)}; output:
     * {@code (B, C, dsize[0], dsize[1], dsize[2])}. Where a destination voxel maps to {@code |w| <= 1e-8} it is
     * not divided by w (Kornia's {@code convert_points_from_homogeneous}), so nothing turns NaN.
     *
     * @param src the volumes
     * @param m source-to-destination homographies, in voxels
     * @param dsize the output size {@code (depth, height, width)}
     * @param options mode bilinear (trilinear) or nearest, padding ({@code border_mode}), align_corners; no fill
     * @return the warped volumes
     * @throws IllegalArgumentException for wrong shapes or dtypes, a non-positive size, a singular or non-finite
     *     matrix, bicubic or a fill value
     */
    public static NDArray warpPerspective3d(NDArray src, NDArray m, int[] dsize, WarpOptions options) {
        String op = "warp_perspective3d";
        check(src, m, dsize, options, op, "4");
        return Scoped.run(() -> {
            NDArray h = broadcastBatch(m.toType(src.getDataType(), false), src);
            NDArray inverse = inverseNormalized(h, src, dsize, op);
            NDArray grid = PixelGrid.transformGrid3d(inverse, dsize[0], dsize[1], dsize[2]);
            return Sampling.gridSample3d(src, grid, options.mode(), options.padding(), options.alignCorners());
        }, src, m);
    }

    /** {@code (N_dst H N_src^-1)^-1}: Kornia's {@code normalize_homography3d}, inverted for the sampler. */
    private static NDArray inverseNormalized(NDArray pixels, NDArray src, int[] dsize, String op) {
        Shape s = src.getShape();
        int[] srcSize = {(int) s.get(2), (int) s.get(3), (int) s.get(4)};
        NDArray normalised = Constants.array(pixels, normalTransform(dsize, false), new Shape(1, 4, 4))
                .matMul(pixels).matMul(Constants.array(pixels, normalTransform(srcSize, true), new Shape(1, 4, 4)));
        try {
            return Linalg.inverse(normalised);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": expected invertible matrices, got " + e.getMessage(), e);
        }
    }

    /**
     * Kornia's {@code normal_transform_pixel3d} of a {@code (D, H, W)} size, {@code diag(2/(W-1), 2/(H-1), 2/(D-1))}
     * with -1 in the last column (a side of 1 voxel divides by 1e-14), or its closed-form inverse.
     */
    private static double[] normalTransform(int[] dhw, boolean inverse) {
        double[] out = new double[16];
        for (int axis = 0; axis < 3; axis++) {
            int size = dhw[2 - axis];
            double scale = 2.0 / (size == 1 ? 1e-14 : size - 1.0);
            out[axis * 4 + axis] = inverse ? 1 / scale : scale;
            out[axis * 4 + 3] = inverse ? 1 / scale : -1;
        }
        out[15] = 1;
        return out;
    }

    private static NDArray broadcastBatch(NDArray m, NDArray src) {
        long batch = src.getShape().get(0);
        Shape ms = m.getShape();
        return ms.get(0) == batch ? m : m.broadcast(new Shape(batch, ms.get(1), ms.get(2)));
    }

    private static void check(NDArray src, NDArray m, int[] dsize, WarpOptions options, String op, String rows) {
        Checks.shape(src, op, "src", "B", "C", "D", "H", "W");
        Checks.floating(src, op, "src");
        Checks.shape(m, op, "M", "B", rows, "4");
        Checks.floating(m, op, "M");
        Checks.sameDevice(src, m, op, "M");
        Checks.finite(m, op, "M");
        long batch = src.getShape().get(0);
        if (m.getShape().get(0) != batch && m.getShape().get(0) != 1) {
            throw new IllegalArgumentException(op + ": expected M of shape (" + batch + ", " + rows + ", 4) or (1, "
                    + rows + ", 4), got " + Checks.describe(m.getShape()));
        }
        if (dsize == null || dsize.length != 3 || dsize[0] <= 0 || dsize[1] <= 0 || dsize[2] <= 0) {
            throw new IllegalArgumentException(op + ": expected dsize (depth, height, width) of positive sizes, got "
                    + java.util.Arrays.toString(dsize));
        }
        if (options == null) {
            throw new IllegalArgumentException(op + ": expected options, got null");
        }
        if (options.mode() == Interpolation.BICUBIC) {
            throw new IllegalArgumentException(op + ": expected flags bilinear or nearest, got bicubic");
        }
        if (options.fillValue() != null) {
            throw new IllegalArgumentException(op + ": expected no fill_value (padding zeros, border or reflection),"
                    + " got " + options.fillValue().length + " values");
        }
    }
}
