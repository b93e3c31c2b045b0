package dev.diffvision.ops.geometry.camera;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.geometry.conversions.Conversions;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Projection and OpenCV's lens model against cv2.projectPoints / cv2.undistortPoints (tools/gen_camera_refs.py,
 * float64: K fx=500, fy=480, cx=320, cy=240, dist (k1, k2, p1, p2, k3) = (-0.2, 0.05, 1e-3, -5e-4, 0.01), 12
 * points with z in [2, 5]) and round trips. Pixels (u, v) = (column, row); camera x right, y down, z forward.
 */
class CameraTest extends OpTestBase {

    private static final String REFS = "geometry/camera";

    @Test
    void projectPointsMatchesOpenCvAndUnprojectInvertsIt() {
        NDArray points = References.npy(manager, REFS, "project_points3d");
        NDArray k = References.npy(manager, REFS, "project_K");
        NDArray pixels = Perspective.projectPoints(points, k);
        // Kornia divides by z + 1e-8 (z in [2, 5]): pixels in the hundreds move by up to ~1e-6
        assertClose(References.npy(manager, REFS, "project_pixels_nodist"), pixels, 1e-5);
        NDArray back = Perspective.unprojectPoints(pixels, points.get(":, 2:3"), k, false);
        assertClose(points, back, 1e-7);
        // normalize = true: the depth is the distance along the ray
        NDArray along = Perspective.unprojectPoints(pixels, points.norm(new int[] {1}, true), k, true);
        assertClose(points, along, 1e-7);
    }

    @Test
    void distortAndUndistortMatchOpenCv() {
        NDArray k = References.npy(manager, REFS, "project_K").expandDims(0);
        NDArray dist = References.npy(manager, REFS, "project_dist").expandDims(0);
        NDArray ideal = References.npy(manager, REFS, "project_pixels_nodist").expandDims(0);
        NDArray distorted = References.npy(manager, REFS, "project_pixels").expandDims(0);
        // cv2.projectPoints applies the same model: equal up to float64 rounding of pixels in the hundreds
        assertClose(distorted, Distortion.distortPoints(ideal, k, dist, null), 1e-9);
        // cv2.undistortPoints with P = K runs the same 5 fixed-point iterations: equal results
        assertClose(References.npy(manager, REFS, "undistort_pixels").expandDims(0),
                Distortion.undistortPoints(distorted, k, dist, null, 5), 1e-9);
        // without P OpenCV returns normalised coordinates: the same with new_K = I
        NDArray identity = manager.eye(3).toType(DataType.FLOAT64, false).expandDims(0);
        assertClose(References.npy(manager, REFS, "undistort_normalized").expandDims(0),
                Distortion.undistortPoints(distorted, k, dist, identity, 5), 1e-12);
        // iterated to convergence it inverts distort_points (5 iterations leave ~1e-3 px at these radii)
        assertClose(ideal, Distortion.undistortPoints(distorted, k, dist, null, 40), 1e-8);
    }

    @Test
    void pixel2camAndCam2pixelRoundTrip() {
        double[] k4 = {2, 0, 1.5, 0, 0, 3, 2, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        NDArray k = manager.create(k4, new Shape(1, 4, 4));
        NDArray kInv = k.inverse();
        NDArray depth = rand(DataType.FLOAT64, 1, 1, 3, 4).add(1);
        NDArray pixels = rand(DataType.FLOAT64, 1, 3, 4, 2).mul(4);
        NDArray cam = Pinhole.pixel2cam(depth, kInv, Conversions.convertPointsToHomogeneous(pixels));
        assertClose(depth.squeeze(1), cam.get("..., 2"), 1e-7);
        // transform_points divides by w + 1e-8 (w = 1): relative 1e-8
        assertClose(pixels, Pinhole.cam2pixel(cam, k, 1e-12), 1e-7);
    }

    @Test
    void gradientsInIntrinsicsAndCoefficients() {
        NDArray k = manager.create(new double[] {2, 0, 1.5, 0, 3, 2, 0, 0, 1}, new Shape(1, 3, 3));
        NDArray dist = manager.create(new double[] {-0.2, 0.05, 0.01, -0.005, 0.01, 0.1, -0.02, 0.03},
                new Shape(1, 8));
        NDArray points = rand(DataType.FLOAT64, 1, 6, 2).mul(3);
        GradientCheck.Options o = GradientCheck.Options.defaults();
        GradientCheck.check(m -> Distortion.distortPoints(points, m, dist, null), k, o).assertPassed("distort K");
        GradientCheck.check(d -> Distortion.distortPoints(points, k, d, null), dist, o).assertPassed("distort dist");
        GradientCheck.check(d -> Distortion.undistortPoints(points, k, d, null, 5), dist, o)
                .assertPassed("undistort dist");
        NDArray xyz = rand(DataType.FLOAT64, 1, 3).add(1);
        GradientCheck.check(m -> Perspective.projectPoints(xyz, m), k, o).assertPassed("project K");
    }

    @Test
    void pinholeCameraProjectsUnprojectsAndScales() {
        NDArray k = manager.create(new double[] {500, 0, 320, 0, 0, 480, 240, 0, 0, 0, 1, 0, 0, 0, 0, 1},
                new Shape(1, 4, 4));
        NDArray r = Conversions.axisAngleToRotationMatrix(manager.create(new double[] {0.1, -0.2, 0.05},
                new Shape(1, 3)));
        NDArray t = manager.create(new double[] {0.3, -0.1, 2}, new Shape(1, 3, 1));
        NDArray e = Conversions.rtToMatrix4x4(r, t);
        PinholeCamera camera = new PinholeCamera(k, e, manager.create(new double[] {480}),
                manager.create(new double[] {640}));
        NDArray world = rand(DataType.FLOAT64, 1, 6, 3).sub(0.5);
        NDArray inCamera = world.matMul(r.transpose(0, 2, 1)).add(t.transpose(0, 2, 1));
        NDArray uv = camera.project(world);
        // two homogeneous divisions by (w + 1e-8): ~1e-8 relative on pixels in the hundreds
        assertClose(Perspective.projectPoints(inCamera, camera.cameraMatrix().expandDims(1)), uv, 1e-5);
        assertClose(world, camera.unproject(uv, inCamera.get("..., 2:3")), 1e-7);
        PinholeCamera half = camera.scale(manager.create(new double[] {0.5}));
        assertClose(uv.mul(0.5), half.project(world), 1e-5);
        assertClose(manager.create(new double[] {320}), half.width(), 0);
    }

    @Test
    void undistortImageReadsEachPixelAtItsDistortedPosition() {
        // a linear image f(u, v) = 0.3 u - 0.2 v + 1: bilinear sampling reproduces it exactly wherever the
        // distorted position falls inside the image, so out(u, v) = f(distort(u, v)) there (zeros outside)
        long h = 9;
        long w = 11;
        NDArray u = manager.arange(0, (int) w, 1, DataType.FLOAT64).reshape(1, w).broadcast(h, w);
        NDArray v = manager.arange(0, (int) h, 1, DataType.FLOAT64).reshape(h, 1).broadcast(h, w);
        NDArray image = u.mul(0.3).sub(v.mul(0.2)).add(1).reshape(1, 1, h, w);
        NDArray k = manager.create(new double[] {8, 0, 5, 0, 7, 4, 0, 0, 1}, new Shape(1, 3, 3));
        NDArray dist = manager.create(new double[] {-0.1, 0.02, 0.003, -0.002}, new Shape(1, 4));
        NDArray out = Distortion.undistortImage(image, k, dist);
        NDArray grid = NDArrays.stack(new NDList(u, v), 2).reshape(1, h * w, 2);
        NDArray src = Distortion.distortPoints(grid, k, dist, null).reshape(h, w, 2);
        NDArray su = src.get("..., 0");
        NDArray sv = src.get("..., 1");
        NDArray inside = su.gte(0).logicalAnd(su.lte(w - 1)).logicalAnd(sv.gte(0)).logicalAnd(sv.lte(h - 1));
        NDArray expected = su.mul(0.3).sub(sv.mul(0.2)).add(1);
        NDArray diff = out.get(0, 0).sub(expected).abs().mul(inside.toType(DataType.FLOAT64, false));
        org.junit.jupiter.api.Assertions.assertTrue(diff.max().getDouble() < 1e-9, "max error " + diff.max());
        org.junit.jupiter.api.Assertions.assertTrue(inside.sum().getLong() > h * w / 2, "most pixels inside");
        // no distortion: the image itself
        assertClose(image, Distortion.undistortImage(image, k, dist.zerosLike()), 1e-9);
        GradientCheck.check(x -> Distortion.undistortImage(image, k, x), dist, GradientCheck.Options.defaults())
                .assertPassed("undistort_image dist");
    }

    @Test
    void rejectsBadInputNamingTheOp() {
        NDArray points = manager.zeros(new Shape(2, 5, 2), DataType.FLOAT64);
        NDArray k = manager.zeros(new Shape(2, 3, 3), DataType.FLOAT64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Distortion.distortPoints(points, k, manager.zeros(new Shape(2, 6), DataType.FLOAT64), null));
        assertEquals("distort_points: expected dist of shape (2, n) with n in {4, 5, 8, 12}, got (2, 6)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Distortion.undistortPoints(points,
                manager.zeros(new Shape(1, 3, 3), DataType.FLOAT64), manager.zeros(new Shape(2, 4)), null, 5));
        assertEquals("undistort_points: expected K of shape (2, 3, 3), got (1, 3, 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Perspective.projectPoints(manager.zeros(new Shape(4, 2)), k));
        assertEquals("project_points: expected point_3d of shape (*, 3), got (4, 2)", e.getMessage());
        // a NaN camera parameter made every point NaN, and undistort_image sample nothing but zeros
        NDArray eye = manager.eye(3, 3, 0, DataType.FLOAT64).expandDims(0).repeat(0, 2);
        NDArray nanDist = manager.create(new double[] {0, 0, 0, Double.NaN, 0, 0, 0, 0}, new Shape(2, 4));
        e = assertThrows(IllegalArgumentException.class, () -> Distortion.undistortPoints(points, eye, nanDist, null,
                5));
        assertEquals("undistort_points: expected finite values in dist, got NaN in (2, 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Distortion.undistortImage(
                manager.zeros(new Shape(2, 1, 4, 5), DataType.FLOAT64), eye.mul(Double.POSITIVE_INFINITY),
                manager.zeros(new Shape(2, 4), DataType.FLOAT64)));
        assertEquals("undistort_image: expected finite values in K, got Infinity in (2, 3, 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Perspective.projectPoints(manager.zeros(new Shape(4, 3)), eye.get(0).mul(Float.NaN)));
        assertEquals("project_points: expected finite values in camera_matrix, got NaN in (3, 3)", e.getMessage());
    }
}
