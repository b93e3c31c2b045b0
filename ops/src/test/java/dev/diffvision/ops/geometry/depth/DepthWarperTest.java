package dev.diffvision.ops.geometry.depth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.core.Linalg;
import dev.diffvision.ops.geometry.camera.PinholeCamera;
import dev.diffvision.ops.geometry.conversions.Conversions;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DepthWarper} against closed forms: a camera translated by {@code t_x} along x shifts every pixel of
 * depth {@code d} by {@code f_x t_x / d} (exact, float64), so a patch linear in u is sampled exactly; a general
 * pose against the projection computed independently ({@code K_dst E_dst E_src^-1} with a general 4 x 4 inverse,
 * then per-pixel back-projection and division); Kornia's sub-pixel step formula; batch == per-item; float64
 * gradients in the depth and the patch. Conventions: pixels (u, v) = (column, row), corner-aligned [-1, 1]
 * normalisation, align_corners true, zeros outside.
 */
class DepthWarperTest extends OpTestBase {

    private static final int H = 6;
    private static final int W = 7;

    private NDArray intrinsics(double fx, double fy, double cx, double cy) {
        return manager.create(new double[] {fx, 0, cx, 0, 0, fy, cy, 0, 0, 0, 1, 0, 0, 0, 0, 1}, new Shape(1, 4, 4));
    }

    private NDArray translation(double tx, double ty, double tz) {
        return manager.create(new double[] {1, 0, 0, tx, 0, 1, 0, ty, 0, 0, 1, tz, 0, 0, 0, 1}, new Shape(1, 4, 4));
    }

    private PinholeCamera camera(NDArray k, NDArray e) {
        long b = k.getShape().get(0);
        return new PinholeCamera(k, e, manager.full(new Shape(b), H).toType(DataType.FLOAT64, false),
                manager.full(new Shape(b), W).toType(DataType.FLOAT64, false));
    }

    @Test
    void aSidewaysCameraShiftsPixelsByFocalTimesBaselineOverDepth() {
        NDArray k = intrinsics(4, 3.5, 3, 2.5);
        DepthWarper warper = DepthWarper.of(camera(k, translation(0.3, 0, 0)), H, W)
                .computeProjectionMatrix(camera(k, translation(0, 0, 0)));
        NDArray depth = manager.full(new Shape(1, 1, H, W), 2f).toType(DataType.FLOAT64, false);
        // shift f_x t_x / d = 4 * 0.3 / 2 = 0.6 pixels
        NDArray grid = Depth.pixelGrid(depth, H, W);
        NDArray shifted = grid.add(manager.create(new double[] {0.6, 0}));
        // Kornia's transform_points divides by w + 1e-8 (w = 1) in pixel2cam and cam2pixel: ~2e-8 relative
        assertClose(Conversions.normalizePixelCoordinates(shifted, H, W, 1e-8), warper.warpGrid(depth), 1e-7);
        // a patch linear in (u, v) is sampled exactly; the last column reads 0.4 of its value (0.6 falls outside)
        NDArray u = grid.get("..., 0").expandDims(1);
        NDArray v = grid.get("..., 1").expandDims(1);
        NDArray patch = u.mul(0.1).add(v.mul(0.2)).add(0.05);                          // (1, 1, H, W)
        NDArray out = warper.forward(depth, patch);
        assertClose(u.add(0.6).mul(0.1).add(v.mul(0.2)).add(0.05).get("..., 0:6"), out.get("..., 0:6"), 1e-7);
        assertClose(patch.get("..., 6:7").mul(0.4), out.get("..., 6:7"), 1e-7);
        // Kornia's sub-pixel step at the centre (W / 2, H / 2) = (3.5, 3), inverse depth s in the third coordinate:
        // u(s) = (f_x (3.5 + t_x) + c_x s) / s, v(s) = (f_y 3 + c_y s) / s
        double du = 4 * 3.8 * (1 / 1.01 - 1 / 0.99);
        double dv = 3.5 * 3 * (1 / 1.01 - 1 / 0.99);
        double step = 0.5 / (Math.hypot(du, dv) / 2 / 0.01);
        assertEquals(step, warper.computeSubpixelStep().getDouble(), 1e-12);
    }

    @Test
    void aGeneralPoseMatchesTheIndependentProjectionAndBatchIsPerItem() {
        NDArray kSrc = intrinsics(4, 3.5, 3, 2.5).concat(intrinsics(5, 4.5, 3.2, 2.4), 0);
        NDArray kDst = intrinsics(4.2, 3.9, 2.9, 2.6).concat(intrinsics(3.8, 3.6, 3.1, 2.2), 0);
        // rotations of a few degrees: every source pixel stays well in front of the destination camera
        NDArray eSrc = rigid(new double[] {1, 0.02, -0.03, 0.05, 1, -0.04, 0.02, 0.03}, 0.1);
        NDArray eDst = rigid(new double[] {1, -0.03, 0.04, -0.02, 1, 0.05, -0.01, 0.02}, -0.2);
        DepthWarper warper = DepthWarper.of(camera(kDst, eDst), H, W).computeProjectionMatrix(camera(kSrc, eSrc));
        NDArray depth = rand(DataType.FLOAT64, 2, 1, H, W).add(1.5);
        NDArray grid = warper.warpGrid(depth);

        // independent: P = K_dst E_dst inv(E_src) (general inverse), X = d K_src^-1 (u, v, 1), (u', v') = dehom(P X)
        NDArray p = kDst.matMul(eDst).matMul(Linalg.inverse(eSrc));
        NDArray pixels = Depth.pixelGrid(depth, H, W).reshape(1, H * W, 2);
        NDArray rays = pixels.concat(manager.ones(new Shape(1, H * W, 1), DataType.FLOAT64), 2)
                .matMul(Linalg.inverse(kSrc).get(":, :3, :3").transpose(0, 2, 1));     // (2, HW, 3)
        NDArray points = rays.mul(depth.reshape(2, H * W, 1));
        NDArray moved = points.concat(manager.ones(new Shape(2, H * W, 1), DataType.FLOAT64), 2)
                .matMul(p.transpose(0, 2, 1));
        NDArray projected = moved.get(":, :, 0:2").div(moved.get(":, :, 2:3"));
        // Kornia's two divisions by w + 1e-8 (w = 1): ~2e-8 relative, coordinates within a few units here
        assertClose(Conversions.normalizePixelCoordinates(projected, H, W, 1e-8).reshape(2, H, W, 2), grid, 1e-7);

        NDArray patch = rand(DataType.FLOAT64, 2, 3, H, W);
        NDArray out = warper.forward(depth, patch);
        for (int b = 0; b < 2; b++) {
            String i = b + ":" + (b + 1);
            DepthWarper single = DepthWarper.of(camera(kDst.get(i), eDst.get(i)), H, W)
                    .computeProjectionMatrix(camera(kSrc.get(i), eSrc.get(i)));
            assertClose(out.get(i), single.forward(depth.get(i), patch.get(i)), 1e-12);
        }
    }

    @Test
    void gradientsFlowToTheDepthAndThePatch() {
        NDArray k = intrinsics(4, 3.5, 3, 2.5);
        DepthWarper warper = DepthWarper.of(camera(k, translation(0.3, -0.1, 0.05)), H, W)
                .computeProjectionMatrix(camera(k, translation(0, 0, 0)));
        NDArray depth = rand(DataType.FLOAT64, 1, 1, H, W).add(1.5);
        NDArray patch = rand(DataType.FLOAT64, 1, 2, H, W);
        GradientCheck.check(d -> warper.forward(d, patch), depth, GradientCheck.Options.defaults())
                .assertPassed("DepthWarper d/ddepth");
        GradientCheck.check(x -> warper.forward(depth, x), patch, GradientCheck.Options.defaults())
                .assertPassed("DepthWarper d/dpatch");
    }

    @Test
    void rejectsBadInputAndMissingSource() {
        NDArray k = intrinsics(4, 3.5, 3, 2.5);
        DepthWarper unset = DepthWarper.of(camera(k, translation(0.3, 0, 0)), H, W);
        IllegalStateException state = assertThrows(IllegalStateException.class,
                () -> unset.warpGrid(manager.ones(new Shape(1, 1, H, W))));
        assertTrue(state.getMessage().startsWith("DepthWarper: no source camera yet"), state.getMessage());
        DepthWarper warper = unset.computeProjectionMatrix(camera(k, translation(0, 0, 0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> warper.warpGrid(manager.ones(new Shape(1, 1, H, W + 1))));
        assertEquals("DepthWarper: expected depth_src of shape (B, 1, 6, 7), got (1, 1, 6, 8)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> warper.forward(manager.ones(new Shape(1, 1, H, W)), manager.ones(new Shape(1, 3, H + 1, W))));
        assertEquals("DepthWarper: expected patch_dst of shape (1, C, 6, 7), got (1, 3, 7, 7)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> unset.computeProjectionMatrix(
                camera(k.repeat(0, 2), translation(0, 0, 0).repeat(0, 2))));
        assertEquals("DepthWarper: expected pinhole_src with pinhole_dst's batch size 1, got 2", e.getMessage());
    }

    /** {@code (2, 4, 4)} rigid transforms from two unnormalised quaternions and a translation scale. */
    private NDArray rigid(double[] quaternions, double t) {
        NDArray q = manager.create(quaternions, new Shape(2, 4));
        NDArray r = Conversions.quaternionToRotationMatrix(q.div(q.norm(new int[] {1}, true)));
        NDArray tv = manager.create(new double[] {t, -t, 2 * t, -t, t, 0.5 * t}, new Shape(2, 3, 1));
        NDArray row = manager.create(new double[] {0, 0, 0, 1}, new Shape(1, 1, 4)).repeat(0, 2);
        return NDArrays.concat(new NDList(r.concat(tv, 2), row), 1);
    }
}
