package dev.diffvision.ops.geometry.camera;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.geometry.conversions.Conversions;

/**
 * {@code kornia.geometry.camera.perspective}: pinhole projection of camera-frame points to pixels and back.
 *
 * <p>Conventions (Kornia's): {@code K = [[fx, 0, cx], [0, fy, cy], [0, 0, 1]]} in pixels (skew ignored), camera
 * x right, y down, z forward, pixels {@code (u, v)} = (column, row). {@code K}'s leading dimensions broadcast with
 * the points' (pass {@code K} as {@code (B, 1, 3, 3)} for points {@code (B, N, 3)}). Float32 or float64 on one
 * device; output in the points' dtype, owned by their manager; inputs unmodified; differentiable in every tensor.
 *
 * <pre>{@code
 * NDArray uv = Perspective.projectPoints(xyz, k);                  // (B, 2) from (B, 3), k (B, 3, 3)
 * NDArray back = Perspective.unprojectPoints(uv, z, k, false);     // == xyz
 * }</pre>
 */
public final class Perspective {

    private Perspective() {}

    /**
     * {@code project_points}: {@code u = fx x / z + cx}, {@code v = fy y / z + cy} (Kornia's homogeneous
     * division: {@code |z| <= 1e-8} divides by 1).
     *
     * @param point3d {@code (*, 3)} camera-frame points
     * @param cameraMatrix {@code (*, 3, 3)} intrinsics, leading dimensions broadcastable with the points'
     * @return {@code (*, 2)} pixels
     * @throws IllegalArgumentException for other shapes, dtypes or devices, or a NaN or infinite camera parameter
     */
    public static NDArray projectPoints(NDArray point3d, NDArray cameraMatrix) {
        Conversions.lastDim(point3d, 3, "project_points", "point_3d");
        Conversions.matrix3(cameraMatrix, "project_points", "camera_matrix");
        Checks.sameDevice(point3d, cameraMatrix, "project_points", "camera_matrix");
        Checks.finite(cameraMatrix, "project_points", "camera_matrix");
        return Scoped.run(() -> project(point3d, cameraMatrix), point3d, cameraMatrix);
    }

    /**
     * {@code unproject_points}: {@code X = d ((u - cx) / fx, (v - cy) / fy, 1)}, or with {@code normalize} the
     * unit ray scaled by {@code d} (depth along the ray).
     *
     * @param point2d {@code (*, 2)} pixels
     * @param depth {@code (*, 1)} depths
     * @param cameraMatrix {@code (*, 3, 3)} intrinsics, leading dimensions broadcastable with the points'
     * @param normalize whether the ray is normalised before scaling
     * @return {@code (*, 3)} camera-frame points
     * @throws IllegalArgumentException for other shapes, dtypes or devices, or a NaN or infinite camera parameter
     */
    public static NDArray unprojectPoints(NDArray point2d, NDArray depth, NDArray cameraMatrix, boolean normalize) {
        String op = "unproject_points";
        Conversions.lastDim(point2d, 2, op, "point_2d");
        Conversions.lastDim(depth, 1, op, "depth");
        Conversions.matrix3(cameraMatrix, op, "camera_matrix");
        Checks.sameDevice(point2d, depth, op, "depth");
        Checks.sameDevice(point2d, cameraMatrix, op, "camera_matrix");
        Checks.finite(cameraMatrix, op, "camera_matrix");
        return Scoped.run(() -> unproject(point2d, depth, cameraMatrix, normalize), point2d, depth, cameraMatrix);
    }

    /**
     * {@link #projectPoints} without checks or scope, for other ops' bodies (e.g. {@code warp_frame_depth}).
     *
     * @param point3d {@code (*, 3)}
     * @param k {@code (*, 3, 3)}
     * @return {@code (*, 2)}
     */
    public static NDArray project(NDArray point3d, NDArray k) {
        NDArray xy = Conversions.fromHomogeneous(point3d, Conversions.POINTS_EPS);
        NDArray u = xy.get("..., 0").mul(k.get("..., 0, 0")).add(k.get("..., 0, 2"));
        NDArray v = xy.get("..., 1").mul(k.get("..., 1, 1")).add(k.get("..., 1, 2"));
        return NDArrays.stack(new NDList(u, v), u.getShape().dimension());
    }

    /**
     * {@link #unprojectPoints} without checks or scope, for other ops' bodies (e.g. {@code depth_to_3d}).
     *
     * @param point2d {@code (*, 2)}
     * @param depth {@code (*, 1)}
     * @param k {@code (*, 3, 3)}
     * @param normalize whether the ray is normalised before scaling
     * @return {@code (*, 3)}
     */
    public static NDArray unproject(NDArray point2d, NDArray depth, NDArray k, boolean normalize) {
        NDArray x = point2d.get("..., 0").sub(k.get("..., 0, 2")).div(k.get("..., 0, 0"));
        NDArray y = point2d.get("..., 1").sub(k.get("..., 1, 2")).div(k.get("..., 1, 1"));
        NDArray ray = NDArrays.stack(new NDList(x, y, x.onesLike()), x.getShape().dimension());
        if (normalize) {
            ray = ray.div(Constants.atLeast(ray.norm(new int[] {-1}, true), 1e-12));
        }
        return ray.mul(depth);
    }
}
