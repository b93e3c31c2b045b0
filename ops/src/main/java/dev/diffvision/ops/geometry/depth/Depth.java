package dev.diffvision.ops.geometry.depth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.GridPadding;
import dev.diffvision.ops.core.Interpolation;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.filters.Sobel;
import dev.diffvision.ops.geometry.camera.Perspective;
import dev.diffvision.ops.geometry.conversions.Conversions;
import dev.diffvision.ops.geometry.linalg.Linalg;

/**
 * {@code kornia.geometry.depth}: depth maps to 3-D points and surface normals. Kornia's module is one file, so
 * this class is both its family class and its facade.
 *
 * <p>Conventions (Kornia's): pixel {@code (u, v)} = (column, row) with pixel centres at integer coordinates;
 * a pinhole camera matrix {@code K = [[fx, 0, cx], [0, fy, cy], [0, 0, 1]]} (skew ignored, as Kornia's
 * {@code unproject_points}); camera coordinates x right, y down, z forward. Inputs float32 or float64, output in
 * the depth's dtype on its device, owned by the depth's manager; inputs unmodified; differentiable in the depth
 * and the camera matrix.
 *
 * <pre>{@code
 * NDArray xyz = Depth.depthTo3d(depth, k, false);          // (B, 3, H, W)
 * NDArray normals = Depth.depthToNormals(depth, k, false); // (B, 3, H, W), unit length
 * }</pre>
 */
public final class Depth {

    private Depth() {}

    /**
     * {@code depth_to_3d}: back-projects every pixel with {@code unproject_points},
     * {@code X = d * ((u - cx) / fx, (v - cy) / fy, 1)}, or with
     * {@code normalizePoints} {@code X = d * r / |r|} for that ray {@code r} (depth measured along the ray).
     *
     * @param depth {@code (B, 1, H, W)} depths
     * @param cameraMatrix {@code (B, 3, 3)} intrinsics in pixels
     * @param normalizePoints whether the ray is normalised to unit length before scaling by the depth
     * @return {@code (B, 3, H, W)} points {@code (x, y, z)} in the camera frame
     * @throws IllegalArgumentException for wrong shapes, batch sizes, dtypes or devices, or a NaN or infinite
     *     camera parameter
     */
    public static NDArray depthTo3d(NDArray depth, NDArray cameraMatrix, boolean normalizePoints) {
        check(depth, cameraMatrix, "depth_to_3d");
        return Scoped.run(() -> points3d(depth, cameraMatrix, normalizePoints), depth, cameraMatrix);
    }

    /**
     * {@code depth_to_normals}: unit normals {@code n = normalize(dX/du x dX/dv)} of the points of
     * {@link #depthTo3d}, with the derivatives from {@code spatial_gradient} (normalised Sobel, replicate border)
     * and {@code F.normalize}'s eps 1e-12.
     *
     * @param depth {@code (B, 1, H, W)} depths
     * @param cameraMatrix {@code (B, 3, 3)} intrinsics in pixels
     * @param normalizePoints as {@link #depthTo3d}
     * @return {@code (B, 3, H, W)} unit normals
     * @throws IllegalArgumentException for wrong shapes, batch sizes, dtypes or devices, or a NaN or infinite
     *     camera parameter
     */
    public static NDArray depthToNormals(NDArray depth, NDArray cameraMatrix, boolean normalizePoints) {
        check(depth, cameraMatrix, "depth_to_normals");
        return Scoped.run(() -> {
            NDArray g = Sobel.spatialGradient(points3d(depth, cameraMatrix, normalizePoints));
            NDArray a = g.get(":, :, 0");
            NDArray b = g.get(":, :, 1");
            NDArray n = cross(a, b);
            return n.div(Constants.atLeast(n.norm(new int[] {1}, true), 1e-12));
        }, depth, cameraMatrix);
    }

    /**
     * {@code depth_from_disparity}: {@code depth = baseline * focal / (disparity + 1e-8)} (Kornia's constant).
     *
     * @param disparity {@code (*, H, W)} disparities in pixels
     * @param baseline the stereo baseline
     * @param focal the focal length in pixels
     * @return depths, the input's shape
     * @throws IllegalArgumentException for a wrong shape or dtype
     */
    public static NDArray depthFromDisparity(NDArray disparity, double baseline, double focal) {
        Checks.notNull(disparity, "depth_from_disparity", "disparity");
        if (disparity.getShape().dimension() < 2) {
            throw new IllegalArgumentException("depth_from_disparity: expected disparity of shape (*, H, W), got "
                    + Checks.describe(disparity.getShape()));
        }
        Checks.floating(disparity, "depth_from_disparity", "disparity");
        return Scoped.run(() -> Constants.scale(Constants.power(disparity.add(1e-8), -1), baseline * focal),
                disparity);
    }

    /**
     * {@code warp_frame_depth}: renders the source image from the destination view: every destination pixel is
     * back-projected with its depth ({@link #depthTo3d}), moved into the source frame by {@code src_trans_dst},
     * projected with {@code K} and sampled from the source bilinearly (zeros outside, {@code align_corners=true}).
     *
     * @param imageSrc {@code (B, C, H, W)} the source image
     * @param depthDst {@code (B, 1, H, W)} depths of the destination view
     * @param srcTransDst {@code (B, 4, 4)} destination-to-source rigid transforms
     * @param cameraMatrix {@code (B, 3, 3)} intrinsics shared by both views
     * @param normalizePoints as {@link #depthTo3d}
     * @return {@code (B, C, H, W)} the source image seen from the destination
     * @throws IllegalArgumentException for wrong shapes, batch sizes, dtypes or devices, or a NaN or infinite
     *     camera parameter
     */
    public static NDArray warpFrameDepth(NDArray imageSrc, NDArray depthDst, NDArray srcTransDst,
            NDArray cameraMatrix, boolean normalizePoints) {
        String op = "warp_frame_depth";
        Checks.shape(imageSrc, op, "image_src", "B", "C", "H", "W");
        Checks.floating(imageSrc, op, "image_src");
        check(depthDst, cameraMatrix, op);
        long b = depthDst.getShape().get(0);
        Checks.shape(srcTransDst, op, "src_trans_dst", String.valueOf(b), "4", "4");
        Checks.floating(srcTransDst, op, "src_trans_dst");
        Checks.finite(srcTransDst, op, "src_trans_dst");
        if (imageSrc.getShape().get(0) != b) {
            throw new IllegalArgumentException(op + ": expected image_src with depth_dst's batch size " + b
                    + ", got " + Checks.describe(imageSrc.getShape()));
        }
        Checks.sameDevice(imageSrc, depthDst, op, "depth_dst");
        Checks.sameDevice(imageSrc, srcTransDst, op, "src_trans_dst");
        return Scoped.run(() -> {
            int h = (int) depthDst.getShape().get(2);
            int w = (int) depthDst.getShape().get(3);
            NDArray points = points3d(depthDst, cameraMatrix, normalizePoints).transpose(0, 2, 3, 1);
            NDArray moved = Linalg.transform(srcTransDst, points);                              // (B, H, W, 3)
            NDArray pixels = Perspective.project(moved, cameraMatrix.reshape(b, 1, 1, 3, 3));   // (B, H, W, 2)
            NDArray grid = Conversions.normalizePixelCoordinates(pixels, h, w, Conversions.POINTS_EPS);
            return Sampling.gridSample(imageSrc, grid, Interpolation.BILINEAR, GridPadding.ZEROS, true);
        }, imageSrc, depthDst, srcTransDst, cameraMatrix);
    }

    /**
     * The pixel grid {@code (u, v)} = (column, row) of an {@code h x w} image, Kornia's
     * {@code create_meshgrid(normalized_coordinates=False)}, in {@code like}'s dtype, device and manager.
     *
     * @return {@code (1, h, w, 2)}
     */
    static NDArray pixelGrid(NDArray like, long h, long w) {
        DataType type = like.getDataType();
        NDArray u = like.getManager().arange(0, (int) w, 1, type, like.getDevice()).reshape(1, w).broadcast(h, w);
        NDArray v = like.getManager().arange(0, (int) h, 1, type, like.getDevice()).reshape(h, 1).broadcast(h, w);
        return NDArrays.stack(new NDList(u, v), 2).expandDims(0);
    }

    private static NDArray points3d(NDArray depth, NDArray k, boolean normalizePoints) {
        long b = depth.getShape().get(0);
        long h = depth.getShape().get(2);
        long w = depth.getShape().get(3);
        NDArray grid = pixelGrid(depth, h, w);                                             // (1, H, W, 2)
        NDArray points = Perspective.unproject(grid, depth.transpose(0, 2, 3, 1), k.reshape(b, 1, 1, 3, 3),
                normalizePoints);                                                          // (B, H, W, 3)
        return points.transpose(0, 3, 1, 2);
    }

    /** The cross product along dimension 1 of (B, 3, H, W) tensors. */
    private static NDArray cross(NDArray a, NDArray b) {
        NDArray a0 = a.get(":, 0");
        NDArray a1 = a.get(":, 1");
        NDArray a2 = a.get(":, 2");
        NDArray b0 = b.get(":, 0");
        NDArray b1 = b.get(":, 1");
        NDArray b2 = b.get(":, 2");
        return NDArrays.stack(new NDList(a1.mul(b2).sub(a2.mul(b1)), a2.mul(b0).sub(a0.mul(b2)),
                a0.mul(b1).sub(a1.mul(b0))), 1);
    }

    private static void check(NDArray depth, NDArray k, String op) {
        Checks.shape(depth, op, "depth", "B", "1", "H", "W");
        Checks.floating(depth, op, "depth");
        Checks.shape(k, op, "camera_matrix", "B", "3", "3");
        Checks.floating(k, op, "camera_matrix");
        Checks.sameDevice(depth, k, op, "camera_matrix");
        Checks.finite(k, op, "camera_matrix");
        if (k.getShape().get(0) != depth.getShape().get(0)) {
            throw new IllegalArgumentException(op + ": expected camera_matrix of shape (" + depth.getShape().get(0)
                    + ", 3, 3) (one per depth map), got " + Checks.describe(k.getShape()));
        }
        if (depth.getShape().size() == 0) {
            throw new IllegalArgumentException(op + ": expected depth with no zero-sized dimension, got "
                    + Checks.describe(depth.getShape()));
        }
    }
}
