package dev.diffvision.ops.geometry.camera;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.geometry.linalg.Linalg;

/**
 * {@code kornia.geometry.camera.pinhole}: the dense projections used by depth warping, on {@code (B, H, W, 3)}
 * grids with {@code (B, 4, 4)} matrices.
 *
 * <p>Conventions (Kornia's): a projection matrix {@code P = K_4x4 T} maps homogeneous camera points of the
 * source to homogeneous pixels of the destination; pixels {@code (u, v)} = (column, row). Float32 or float64 on
 * one device; output in the first tensor's dtype, owned by its manager; inputs unmodified; differentiable in
 * every tensor.
 *
 * <pre>{@code
 * NDArray cam = Pinhole.pixel2cam(depth, kInv4x4, pixelsHomogeneous);   // (B, H, W, 3)
 * NDArray uv = Pinhole.cam2pixel(cam, p4x4, 1e-12);                      // (B, H, W, 2)
 * }</pre>
 */
public final class Pinhole {

    private Pinhole() {}

    /**
     * {@code cam2pixel}: {@code (u, v) = (x / (z + eps), y / (z + eps))} of {@code (x, y, z) = P X}.
     *
     * @param camCoordsSrc {@code (B, H, W, 3)} camera-frame points
     * @param dstProjSrc {@code (B, 4, 4)} projection matrices
     * @param eps added to z (Kornia's default 1e-12)
     * @return {@code (B, H, W, 2)} pixels
     * @throws IllegalArgumentException for other shapes, batch sizes or dtypes, or a NaN or infinite matrix
     */
    public static NDArray cam2pixel(NDArray camCoordsSrc, NDArray dstProjSrc, double eps) {
        check(camCoordsSrc, dstProjSrc, "cam2pixel", "cam_coords_src", "dst_proj_src");
        return Scoped.run(() -> {
            NDArray p = Linalg.transform(dstProjSrc, camCoordsSrc);
            NDArray z = p.get("..., 2").add(eps);
            return NDArrays.stack(new NDList(p.get("..., 0").div(z), p.get("..., 1").div(z)), 3);
        }, camCoordsSrc, dstProjSrc);
    }

    /**
     * {@code pixel2cam}: {@code X = d * dehom(K^-1 hom(p))}.
     *
     * @param depth {@code (B, 1, H, W)} depths
     * @param intrinsicsInv {@code (B, 4, 4)} inverse intrinsics
     * @param pixelCoords {@code (B, H, W, 3)} homogeneous pixels {@code (u, v, 1)}
     * @return {@code (B, H, W, 3)} camera-frame points
     * @throws IllegalArgumentException for other shapes, batch sizes or dtypes, or a NaN or infinite matrix
     */
    public static NDArray pixel2cam(NDArray depth, NDArray intrinsicsInv, NDArray pixelCoords) {
        check(pixelCoords, intrinsicsInv, "pixel2cam", "pixel_coords", "intrinsics_inv");
        Checks.shape(depth, "pixel2cam", "depth", "B", "1", "H", "W");
        Checks.floating(depth, "pixel2cam", "depth");
        long[] ps = pixelCoords.getShape().getShape();
        long[] ds = depth.getShape().getShape();
        if (ds[0] != ps[0] || ds[2] != ps[1] || ds[3] != ps[2]) {
            throw new IllegalArgumentException("pixel2cam: expected depth of shape (" + ps[0] + ", 1, " + ps[1]
                    + ", " + ps[2] + "), got " + Checks.describe(depth.getShape()));
        }
        Checks.sameDevice(depth, pixelCoords, "pixel2cam", "pixel_coords");
        return Scoped.run(() -> Linalg.transform(intrinsicsInv, pixelCoords).mul(depth.transpose(0, 2, 3, 1)),
                depth, intrinsicsInv, pixelCoords);
    }

    private static void check(NDArray points, NDArray m, String op, String pointsName, String matrixName) {
        Checks.shape(points, op, pointsName, "B", "H", "W", "3");
        Checks.floating(points, op, pointsName);
        Checks.shape(m, op, matrixName, "B", "4", "4");
        Checks.floating(m, op, matrixName);
        Checks.sameDevice(points, m, op, matrixName);
        Checks.finite(m, op, matrixName);
        if (m.getShape().get(0) != points.getShape().get(0)) {
            throw new IllegalArgumentException(op + ": expected " + matrixName + " of shape ("
                    + points.getShape().get(0) + ", 4, 4), got " + Checks.describe(m.getShape()));
        }
    }
}
