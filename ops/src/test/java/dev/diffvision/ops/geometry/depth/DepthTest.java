package dev.diffvision.ops.geometry.depth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Depth} against Kornia's vectors and closed forms. Convention: pixel (u, v) = (column, row) at integer
 * centres, K = [[fx, 0, cx], [0, fy, cy], [0, 0, 1]], camera x right, y down, z forward. Float64, tolerances per
 * test.
 */
class DepthTest extends OpTestBase {

    @Test
    void passesKorniasVectors() {
        References.assertKorniaCasePasses("depth_to_3d__denormalized");
        References.assertKorniaCasePasses("depth_to_normals__normalized");
    }

    @Test
    void depthTo3dIsTheBackProjectionAndAPlaneHasItsNormal() {
        NDArray k = manager.create(new double[] {2, 0, 1.5, 0, 3, 2, 0, 0, 1}, new Shape(1, 3, 3));
        NDArray depth = rand(DataType.FLOAT64, 1, 1, 4, 5).add(1);
        NDArray xyz = Depth.depthTo3d(depth, k, false);
        // closed form at pixel (u, v) = (3, 2): d * ((3 - 1.5) / 2, (2 - 2) / 3, 1)
        double d = depth.getDouble(0, 0, 2, 3);
        assertClose(manager.create(new double[] {d * 0.75, 0, d}), xyz.get(0).get(":, 2, 3"), 1e-12);
        // normalize_points: the point lies at distance d along the ray
        NDArray along = Depth.depthTo3d(depth, k, true);
        assertClose(depth.squeeze(1), along.norm(new int[] {1}), 1e-12);

        // a fronto-parallel plane z = 2 has normal (0, 0, 1) (cross(dX/du, dX/dv) points along +z)
        NDArray flat = manager.full(new Shape(1, 1, 4, 5), 2f).toType(DataType.FLOAT64, false);
        NDArray normals = Depth.depthToNormals(flat, k, false);
        NDArray expected = manager.zeros(new Shape(1, 3, 4, 5), DataType.FLOAT64);
        expected.set(new ai.djl.ndarray.index.NDIndex(":, 2"), 1);
        assertClose(expected, normals, 1e-12);
    }

    @Test
    void depthFromDisparityAndGradientsInTheCameraMatrix() {
        NDArray disparity = rand(DataType.FLOAT64, 1, 1, 3, 4).add(1);
        assertClose(disparity.pow(-1).mul(0.5 * 3.0), Depth.depthFromDisparity(disparity, 0.5, 3.0), 1e-7);
        NDArray depth = rand(DataType.FLOAT64, 1, 1, 3, 4).add(1);
        NDArray k = manager.create(new double[] {2, 0, 1.5, 0, 3, 2, 0, 0, 1}, new Shape(1, 3, 3));
        GradientCheck.check(m -> Depth.depthTo3d(depth, m, true), k, GradientCheck.Options.defaults())
                .assertPassed("depth_to_3d (camera_matrix)");
        GradientCheck.check(m -> Depth.depthToNormals(depth, m, false), k, GradientCheck.Options.defaults())
                .assertPassed("depth_to_normals (camera_matrix)");
    }

    @Test
    void warpFrameDepthShiftsAPlaneByTheParallax() {
        // a fronto-parallel plane at depth 4 and a translation t = (0.4, -0.2, 0): the source pixel of (u, v) is
        // (u + fx tx / d, v + fy ty / d) = (u + 0.2, v - 0.15); on a linear image bilinear sampling is exact
        long h = 6;
        long w = 7;
        NDArray u = manager.arange(0, (int) w, 1, DataType.FLOAT64).reshape(1, w).broadcast(h, w);
        NDArray v = manager.arange(0, (int) h, 1, DataType.FLOAT64).reshape(h, 1).broadcast(h, w);
        NDArray image = u.mul(0.5).add(v.mul(0.25)).reshape(1, 1, h, w);
        NDArray depth = manager.ones(new Shape(1, 1, h, w), DataType.FLOAT64).mul(4);
        NDArray k = manager.create(new double[] {2, 0, 3, 0, 3, 2.5, 0, 0, 1}, new Shape(1, 3, 3));
        NDArray t = manager.eye(4).toType(DataType.FLOAT64, false).expandDims(0);
        assertClose(image, Depth.warpFrameDepth(image, depth, t, k, false), 1e-6);
        t.set(new ai.djl.ndarray.index.NDIndex("0, 0, 3"), 0.4);
        t.set(new ai.djl.ndarray.index.NDIndex("0, 1, 3"), -0.2);
        NDArray out = Depth.warpFrameDepth(image, depth, t, k, false);
        // interior rows 1.. and columns ..w-2 read inside the image
        NDArray expected = u.add(0.2).mul(0.5).add(v.sub(0.15).mul(0.25));
        assertClose(expected.get("1:, :-1"), out.get("0, 0, 1:, :-1"), 1e-6);
        // gradient in the depth (float64; bumpy depths keep sample positions off the pixel grid)
        NDArray bumpy = depth.add(rand(DataType.FLOAT64, 1, 1, h, w).mul(0.5));
        GradientCheck.check(d -> Depth.warpFrameDepth(image, d, t, k, false), bumpy, GradientCheck.Options.defaults())
                .assertPassed("warp_frame_depth (depth_dst)");
    }

    @Test
    void aNanDepthStaysInItsOwnPixel() {
        // element-wise convention: an invalid depth marks its pixel and leaves the others as they were
        NDArray image = manager.randomUniform(0.5f, 1, new Shape(1, 1, 4, 5));
        NDArray depth = manager.ones(new Shape(1, 1, 4, 5));
        depth.set(new NDIndex("0, 0, 1, 2"), Float.NaN);
        NDArray k = manager.create(new float[] {2, 0, 2, 0, 2, 1.5f, 0, 0, 1}, new Shape(1, 3, 3));
        float[] out = Depth.warpFrameDepth(image, depth, manager.eye(4).expandDims(0), k, false).toFloatArray();
        float[] in = image.toFloatArray();
        for (int i = 0; i < out.length; i++) {
            if (i == 5 + 2) {
                assertTrue(Float.isNaN(out[i]), "the NaN depth's pixel");
            } else {
                assertEquals(in[i], out[i], 1e-5, "pixel " + i + " under the identity motion");
            }
        }
    }

    @Test
    void rejectsACameraMatrixPerOtherBatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Depth.depthTo3d(manager.ones(new Shape(2, 1, 3, 4)), manager.ones(new Shape(1, 3, 3)), false));
        assertEquals("depth_to_3d: expected camera_matrix of shape (2, 3, 3) (one per depth map), got (1, 3, 3)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Depth.depthToNormals(manager.ones(new Shape(2, 3, 4)), manager.ones(new Shape(2, 3, 3)), false));
        assertEquals("depth_to_normals: expected depth of shape (B, 1, H, W), got (2, 3, 4)", e.getMessage());
        NDArray nanCamera = manager.eye(3).expandDims(0).repeat(0, 2).mul(Float.NaN);
        e = assertThrows(IllegalArgumentException.class,
                () -> Depth.depthTo3d(manager.ones(new Shape(2, 1, 3, 4)), nanCamera, false));
        assertEquals("depth_to_3d: expected finite values in camera_matrix, got NaN in (2, 3, 3)", e.getMessage());
        NDArray infiniteMotion = manager.eye(4).expandDims(0).repeat(0, 2).mul(Float.POSITIVE_INFINITY);
        e = assertThrows(IllegalArgumentException.class, () -> Depth.warpFrameDepth(
                manager.ones(new Shape(2, 3, 3, 4)), manager.ones(new Shape(2, 1, 3, 4)), infiniteMotion,
                manager.eye(3).expandDims(0).repeat(0, 2), false));
        assertEquals("warp_frame_depth: expected finite values in src_trans_dst, got Infinity in (2, 4, 4)",
                e.getMessage());
    }
}
