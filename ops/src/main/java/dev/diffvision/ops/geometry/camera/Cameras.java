package dev.diffvision.ops.geometry.camera;

import ai.djl.ndarray.NDArray;

/**
 * The {@code kornia.geometry.camera} facade: the projection functions by their Kornia names, delegating to
 * {@link Perspective}, {@link Pinhole} and {@link Distortion} (Kornia keeps the last in
 * {@code kornia.geometry.calibration}) — one implementation, two doors. {@link PinholeCamera} is the camera
 * class.
 *
 * <pre>{@code
 * NDArray uv = Cameras.projectPoints(xyz, k);
 * NDArray ideal = Cameras.undistortPoints(observed, k, dist, null, 5);
 * }</pre>
 */
public final class Cameras {

    private Cameras() {}

    /**
     * See {@link Perspective#projectPoints}.
     *
     * @param point3d {@code (*, 3)}
     * @param cameraMatrix {@code (*, 3, 3)}
     * @return {@code (*, 2)} pixels
     */
    public static NDArray projectPoints(NDArray point3d, NDArray cameraMatrix) {
        return Perspective.projectPoints(point3d, cameraMatrix);
    }

    /**
     * See {@link Perspective#unprojectPoints}.
     *
     * @param point2d {@code (*, 2)} pixels
     * @param depth {@code (*, 1)}
     * @param cameraMatrix {@code (*, 3, 3)}
     * @param normalize depth along the unit ray
     * @return {@code (*, 3)}
     */
    public static NDArray unprojectPoints(NDArray point2d, NDArray depth, NDArray cameraMatrix, boolean normalize) {
        return Perspective.unprojectPoints(point2d, depth, cameraMatrix, normalize);
    }

    /**
     * See {@link Pinhole#cam2pixel}.
     *
     * @param camCoordsSrc {@code (B, H, W, 3)}
     * @param dstProjSrc {@code (B, 4, 4)}
     * @param eps added to z
     * @return {@code (B, H, W, 2)}
     */
    public static NDArray cam2pixel(NDArray camCoordsSrc, NDArray dstProjSrc, double eps) {
        return Pinhole.cam2pixel(camCoordsSrc, dstProjSrc, eps);
    }

    /**
     * See {@link Pinhole#pixel2cam}.
     *
     * @param depth {@code (B, 1, H, W)}
     * @param intrinsicsInv {@code (B, 4, 4)}
     * @param pixelCoords {@code (B, H, W, 3)}
     * @return {@code (B, H, W, 3)}
     */
    public static NDArray pixel2cam(NDArray depth, NDArray intrinsicsInv, NDArray pixelCoords) {
        return Pinhole.pixel2cam(depth, intrinsicsInv, pixelCoords);
    }

    /**
     * See {@link Distortion#distortPoints}.
     *
     * @param points {@code (*, N, 2)} ideal pixels
     * @param k {@code (*, 3, 3)}
     * @param dist {@code (*, n)}
     * @param newK {@code (*, 3, 3)} or null
     * @return {@code (*, N, 2)} distorted pixels
     */
    public static NDArray distortPoints(NDArray points, NDArray k, NDArray dist, NDArray newK) {
        return Distortion.distortPoints(points, k, dist, newK);
    }

    /**
     * See {@link Distortion#undistortPoints}.
     *
     * @param points {@code (*, N, 2)} distorted pixels
     * @param k {@code (*, 3, 3)}
     * @param dist {@code (*, n)}
     * @param newK {@code (*, 3, 3)} or null
     * @param iterations fixed-point iterations
     * @return {@code (*, N, 2)} ideal pixels
     */
    public static NDArray undistortPoints(NDArray points, NDArray k, NDArray dist, NDArray newK, int iterations) {
        return Distortion.undistortPoints(points, k, dist, newK, iterations);
    }

    /**
     * See {@link Distortion#undistortImage}.
     *
     * @param image {@code (B, C, H, W)}
     * @param k {@code (B, 3, 3)}
     * @param dist {@code (B, n)}
     * @return {@code (B, C, H, W)}
     */
    public static NDArray undistortImage(NDArray image, NDArray k, NDArray dist) {
        return Distortion.undistortImage(image, k, dist);
    }
}
