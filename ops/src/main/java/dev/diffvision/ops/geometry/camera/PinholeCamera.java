package dev.diffvision.ops.geometry.camera;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Linalg;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.geometry.conversions.Conversions;

/**
 * Kornia's {@code PinholeCamera}: a batch of pinhole cameras, intrinsics {@code K (B, 4, 4)} (the 3x3 camera
 * matrix padded with an identity row and column), extrinsics {@code E (B, 4, 4)} (world to camera, rigid),
 * image {@code height} and {@code width} {@code (B)}.
 *
 * <p>The camera keeps references to the tensors it is given (it does not copy or own them); every method
 * returns a new tensor owned by the manager of its first tensor argument (the points), or of the intrinsics for
 * the accessors. Points {@code (B, N, 3)} are world coordinates, pixels {@code (B, N, 2)} are (column, row).
 * Differentiable in the points and in the camera tensors.
 *
 * <pre>{@code
 * PinholeCamera cam = new PinholeCamera(k4x4, worldToCam, heights, widths);
 * NDArray uv = cam.project(worldPoints);                   // (B, N, 2)
 * NDArray back = cam.unproject(uv, depths);                // (B, N, 3), depths (B, N, 1)
 * }</pre>
 */
public final class PinholeCamera {

    private final NDArray intrinsics;
    private final NDArray extrinsics;
    private final NDArray height;
    private final NDArray width;

    /**
     * @param intrinsics {@code (B, 4, 4)}
     * @param extrinsics {@code (B, 4, 4)} world-to-camera
     * @param height {@code (B)} image heights
     * @param width {@code (B)} image widths
     * @throws IllegalArgumentException for other shapes, dtypes or batch sizes, or a NaN or infinite camera
     *     parameter
     */
    public PinholeCamera(NDArray intrinsics, NDArray extrinsics, NDArray height, NDArray width) {
        String op = "PinholeCamera";
        Checks.shape(intrinsics, op, "intrinsics", "B", "4", "4");
        Checks.floating(intrinsics, op, "intrinsics");
        long b = intrinsics.getShape().get(0);
        Checks.shape(extrinsics, op, "extrinsics", String.valueOf(b), "4", "4");
        Checks.floating(extrinsics, op, "extrinsics");
        Checks.shape(height, op, "height", String.valueOf(b));
        Checks.shape(width, op, "width", String.valueOf(b));
        Checks.sameDevice(intrinsics, extrinsics, op, "extrinsics");
        Checks.finite(intrinsics, op, "intrinsics");
        Checks.finite(extrinsics, op, "extrinsics");
        Checks.finite(height, op, "height");
        Checks.finite(width, op, "width");
        this.intrinsics = intrinsics;
        this.extrinsics = extrinsics;
        this.height = height;
        this.width = width;
    }

    /** @return the intrinsics {@code (B, 4, 4)} (the camera's reference, not a copy) */
    public NDArray intrinsics() {
        return intrinsics;
    }

    /** @return the extrinsics {@code (B, 4, 4)} (the camera's reference, not a copy) */
    public NDArray extrinsics() {
        return extrinsics;
    }

    /** @return the image heights {@code (B)} (the camera's reference) */
    public NDArray height() {
        return height;
    }

    /** @return the image widths {@code (B)} (the camera's reference) */
    public NDArray width() {
        return width;
    }

    /** @return the batch size {@code B} */
    public long batchSize() {
        return intrinsics.getShape().get(0);
    }

    /** @return {@code K[:, :3, :3]}, {@code (B, 3, 3)}, a new tensor */
    public NDArray cameraMatrix() {
        return Scoped.run(() -> intrinsics.get(":, :3, :3"), intrinsics);
    }

    /** @return {@code E[:, :3, :3]}, {@code (B, 3, 3)}, a new tensor */
    public NDArray rotationMatrix() {
        return Scoped.run(() -> extrinsics.get(":, :3, :3"), extrinsics);
    }

    /** @return {@code E[:, :3, 3:]}, {@code (B, 3, 1)}, a new tensor */
    public NDArray translationVector() {
        return Scoped.run(() -> extrinsics.get(":, :3, 3:"), extrinsics);
    }

    /** @return {@code K^-1}, {@code (B, 4, 4)} (solved in float64 inside) */
    public NDArray intrinsicsInverse() {
        return Linalg.inverse(intrinsics);
    }

    /**
     * Kornia's {@code PinholeCamera.scale}: a camera for images resized by {@code factor}: fx, fy, cx, cy and the
     * image size multiplied by it; the extrinsics are shared.
     *
     * @param factor {@code (B)} scale factors
     * @return the scaled camera
     * @throws IllegalArgumentException for another shape
     */
    public PinholeCamera scale(NDArray factor) {
        Checks.shape(factor, "PinholeCamera.scale", "scale_factor", String.valueOf(batchSize()));
        NDArray k = Scoped.run(() -> {
            double[] mask = new double[16];
            mask[0] = 1;
            mask[2] = 1;
            mask[5] = 1;
            mask[6] = 1;
            NDArray m = Constants.array(intrinsics, mask, new Shape(1, 4, 4));   // mul saves it
            NDArray f = factor.toType(intrinsics.getDataType(), false).reshape(-1, 1, 1);
            return intrinsics.mul(m.mul(f.sub(1)).add(1));
        }, intrinsics, factor);
        return new PinholeCamera(k, extrinsics, Scoped.run(() -> height.mul(factor), height, factor),
                Scoped.run(() -> width.mul(factor), width, factor));
    }

    /**
     * Kornia's {@code PinholeCamera.project}: {@code dehom(K E hom(X))}.
     *
     * @param point3d {@code (B, N, 3)} world points
     * @return {@code (B, N, 2)} pixels
     * @throws IllegalArgumentException for another shape or dtype
     */
    public NDArray project(NDArray point3d) {
        Checks.shape(point3d, "PinholeCamera.project", "point_3d", String.valueOf(batchSize()), "N", "3");
        Checks.floating(point3d, "PinholeCamera.project", "point_3d");
        return Scoped.run(() -> Conversions.fromHomogeneous(
                dev.diffvision.ops.geometry.linalg.Linalg.transform(intrinsics.matMul(extrinsics), point3d),
                Conversions.POINTS_EPS), point3d, intrinsics, extrinsics);
    }

    /**
     * Kornia's {@code PinholeCamera.unproject}: {@code (K E)^-1 (d (u, v, 1))}, the world point at depth
     * {@code d} on each pixel's ray.
     *
     * @param point2d {@code (B, N, 2)} pixels
     * @param depth {@code (B, N, 1)} depths
     * @return {@code (B, N, 3)} world points
     * @throws IllegalArgumentException for other shapes or dtypes
     */
    public NDArray unproject(NDArray point2d, NDArray depth) {
        String op = "PinholeCamera.unproject";
        Checks.shape(point2d, op, "point_2d", String.valueOf(batchSize()), "N", "2");
        Checks.floating(point2d, op, "point_2d");
        Checks.shape(depth, op, "depth", String.valueOf(batchSize()), String.valueOf(point2d.getShape().get(1)),
                "1");
        return Scoped.run(() -> dev.diffvision.ops.geometry.linalg.Linalg.transform(
                Linalg.inverse(intrinsics.matMul(extrinsics)), Conversions.appendOnes(point2d).mul(depth)),
                point2d, depth, intrinsics, extrinsics);
    }
}
