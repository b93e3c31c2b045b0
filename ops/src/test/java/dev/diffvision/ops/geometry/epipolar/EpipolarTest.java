package dev.diffvision.ops.geometry.epipolar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.geometry.homography.GeometryRefs;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Epipolar geometry against OpenCV on a noise-free synthetic two-view scene ({@code tools/gen_homography_refs.py}:
 * K with f = 500 px, camera 2 = [R | t], 20 points 4-8 units in front): findFundamentalMat (FM_8POINT),
 * decomposeEssentialMat, triangulatePoints; closed forms for the distances; float64 gradients. Matrices defined up
 * to scale and sign are compared after dividing by their Frobenius norm with the sign of the largest entry.
 */
class EpipolarTest extends OpTestBase {

    private NDArray ref(String name) {
        return GeometryRefs.load(manager, "epipolar/" + name);
    }

    /** M / (sign(M_k) |M|_F) with k the largest |entry|: a canonical representative of the projective class. */
    private static NDArray canonical(NDArray m) {
        double[] v = m.toDoubleArray();
        int k = 0;
        for (int i = 1; i < v.length; i++) {
            k = Math.abs(v[i]) > Math.abs(v[k]) ? i : k;
        }
        return m.div(m.norm().getDouble() * Math.signum(v[k]));
    }

    @Test
    void eightPointMatchesOpenCv() {
        NDArray f = Fundamental.findFundamental(ref("points1"), ref("points2"), null);
        // both float64; Kornia's eps terms (1e-8 in the normalisation and the final division) leave ~1e-8
        assertClose(canonical(ref("f_cv")), canonical(f), 1e-7);
        // x2^T F x1 = 0 on the scene's correspondences; rank 2
        NDArray residual = Metrics.leftToRightEpipolarDistance(ref("points1"), ref("points2"), f);
        assertTrue(residual.max().getDouble() < 1e-8, residual.toString());
        assertTrue(Math.abs(Essential.det3(canonical(f)).getDouble()) < 1e-12);
        // float32 points: estimated in float64 inside; epipolar distances stay below 1e-2 px in a 640 px frame
        NDArray f32 = Fundamental.findFundamental(ref("points1").toType(DataType.FLOAT32, false),
                ref("points2").toType(DataType.FLOAT32, false), null);
        assertEquals(DataType.FLOAT32, f32.getDataType());
        assertTrue(Metrics.leftToRightEpipolarDistance(ref("points1"), ref("points2"),
                f32.toType(DataType.FLOAT64, false)).max().getDouble() < 1e-2);
    }

    @Test
    void essentialAndMotionMatchTheScene() {
        NDArray k = ref("k");
        NDArray f = Fundamental.findFundamental(ref("points1"), ref("points2"), null);
        // the true F = K^-T E K^-1 is OpenCV's; E = K^T F K returns the true E
        NDArray fTrue = Essential.fundamentalFromEssential(ref("e"), k, k);
        assertClose(canonical(ref("f_cv")), canonical(fTrue), 1e-7);
        assertClose(ref("e"), Essential.essentialFromFundamental(fTrue, k, k), 1e-12);
        // from the estimated F: K (f = 500 px) amplifies F's ~1e-8 (relative) error of the tiny top-left block
        NDArray e = Essential.essentialFromFundamental(f, k, k);
        assertClose(canonical(ref("e")), canonical(e), 1e-3);

        Essential.Motion motion = Essential.motionFromEssential(ref("e"));
        assertEquals(new Shape(1, 4, 3, 3), motion.rotations().getShape());
        assertEquals(new Shape(1, 4, 3, 1), motion.translations().getShape());
        // OpenCV's decomposeEssentialMat: the same two rotations (in either order) and t up to sign
        NDArray cv = ref("decompose_cv");
        for (int c = 0; c < 2; c++) {
            double closest = Double.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                closest = Math.min(closest, cv.get(":, " + c).sub(motion.rotations().get(":, " + i)).abs().max()
                        .getDouble());
            }
            assertTrue(closest < 1e-9, "OpenCV's R" + (c + 1) + " is off by " + closest);
        }
        NDArray t = motion.translations().get(":, 0").squeeze(-1);
        NDArray tCv = cv.get(":, 2, :, 0");
        assertClose(tCv.mul(Math.signum(t.get("0, 0").getDouble() * tCv.get("0, 0").getDouble())), t, 1e-9);
        // the true motion is one of the four hypotheses (t unit length)
        NDArray rt = ref("rt");
        NDArray tTrue = rt.get(":, :, 3");
        tTrue = tTrue.div(tTrue.norm().getDouble());
        boolean found = false;
        for (int i = 0; i < 4; i++) {
            NDArray r = motion.rotations().get(":, " + i);
            NDArray ti = motion.translations().get(":, " + i).squeeze(-1);
            found |= r.sub(rt.get(":, :, 0:3")).abs().max().getDouble() < 1e-9
                    && ti.sub(tTrue).abs().max().getDouble() < 1e-9;
        }
        assertTrue(found, "true (R, t) among the hypotheses");
    }

    @Test
    void triangulationMatchesOpenCv() {
        NDArray k = ref("k");
        NDArray p1 = k.matMul(NDArrays.concat(new NDList(manager.eye(3, 3, 0, DataType.FLOAT64).expandDims(0),
                manager.zeros(new Shape(1, 3, 1), DataType.FLOAT64)), 2));
        NDArray p2 = k.matMul(ref("rt"));
        NDArray xyz = Triangulation.triangulatePoints(p1, p2, ref("points1"), ref("points2"));
        // Kornia's de-homogenisation divides by (w + 1e-8), w ~ 0.15 here: a relative ~1e-7
        assertClose(ref("world"), xyz, 1e-6);
        assertClose(ref("triangulate_cv"), xyz, 1e-6);
    }

    @Test
    void distancesClosedForm() {
        // pure translation along x with K = I: F = [t]x, epipolar lines are the rows y = const
        NDArray f = manager.create(new double[] {0, 0, 0, 0, 0, -1, 0, 1, 0}, new Shape(1, 3, 3));
        NDArray x1 = manager.create(new double[] {0, 0, 2, 3, -1, 1}, new Shape(1, 3, 2));
        NDArray x2 = manager.create(new double[] {5, 1, 4, 3, 0, -2}, new Shape(1, 3, 2));
        NDArray dy = manager.create(new double[] {1, 0, 3}, new Shape(1, 3));
        assertClose(dy, Metrics.leftToRightEpipolarDistance(x1, x2, f), 1e-8);
        assertClose(dy.square().div(2), Metrics.sampsonEpipolarDistance(x1, x2, f, true, 1e-8), 1e-12);
        assertClose(dy.square().mul(2), Metrics.symmetricalEpipolarDistance(x1, x2, f, true, 1e-8), 1e-12);
        assertClose(dy.square().mul(2).add(1e-8).sqrt(), Metrics.symmetricalEpipolarDistance(x1, x2, f, false, 1e-8),
                1e-12);
        // homogeneous input (B, N, 3) is the same
        NDArray ones = manager.ones(new Shape(1, 3, 1), DataType.FLOAT64);
        assertClose(dy.square().div(2), Metrics.sampsonEpipolarDistance(NDArrays.concat(new NDList(x1, ones), 2),
                x2, f, true, 1e-8), 1e-12);
    }

    @Test
    void gradientsInFloat64() {
        NDArray p1 = ref("points1").get(":, 0:10, :").div(100);
        NDArray p2 = ref("points2").get(":, 0:10, :").div(100).add(rand(DataType.FLOAT64, 1, 10, 2).mul(0.01));
        GradientCheck.Options options = GradientCheck.Options.defaults();
        GradientCheck.check(x -> Fundamental.findFundamental(x, p2, null), p1, options)
                .assertPassed("find_fundamental");
        NDArray w = rand(DataType.FLOAT64, 1, 10).add(0.5);
        GradientCheck.check(x -> Fundamental.findFundamental(p1, p2, x), w, options)
                .assertPassed("find_fundamental weights");
        NDArray f = Fundamental.findFundamental(p1, p2, null);
        GradientCheck.check(x -> Metrics.sampsonEpipolarDistance(x, p2, f, false, 1e-8), p1, options)
                .assertPassed("sampson_epipolar_distance");
        GradientCheck.check(x -> Metrics.symmetricalEpipolarDistance(p1, p2, x, true, 1e-8), f, options)
                .assertPassed("symmetrical_epipolar_distance");
        GradientCheck.check(x -> Metrics.leftToRightEpipolarDistance(x, p2, f), p1, options)
                .assertPassed("left_to_right_epipolar_distance");
        NDArray k = ref("k");
        GradientCheck.check(x -> Essential.essentialFromFundamental(x, k, k), f, options)
                .assertPassed("essential_from_fundamental");
        GradientCheck.check(x -> Essential.fundamentalFromEssential(ref("e"), x, k), k, options)
                .assertPassed("fundamental_from_essential");
        // an exact E has two equal singular values, where SVD gradients are undefined (NaN, as torch's): perturbed
        NDArray eNoisy = ref("e").add(rand(DataType.FLOAT64, 1, 3, 3).mul(0.1));
        GradientCheck.check(x -> Essential.motionFromEssential(x).rotations(), eNoisy, options)
                .assertPassed("motion_from_essential");
        NDArray proj1 = k.matMul(NDArrays.concat(new NDList(manager.eye(3, 3, 0, DataType.FLOAT64).expandDims(0),
                manager.zeros(new Shape(1, 3, 1), DataType.FLOAT64)), 2)).div(500);
        NDArray proj2 = k.matMul(ref("rt")).div(500);
        NDArray q1 = ref("points1").get(":, 0:5, :");
        NDArray q2 = ref("points2").get(":, 0:5, :");
        GradientCheck.check(x -> Triangulation.triangulatePoints(proj1, proj2, x, q2), q1, options)
                .assertPassed("triangulate_points points1");
        GradientCheck.check(x -> Triangulation.triangulatePoints(x, proj2, q1, q2), proj1, options)
                .assertPassed("triangulate_points P1");
    }

    @Test
    void rejectsBadInput() {
        NDArray p = ref("points1");
        assertEquals("find_fundamental: expected at least 8 points, got 7", assertThrows(
                IllegalArgumentException.class,
                () -> Fundamental.findFundamental(p.get(":, 0:7, :"), p.get(":, 0:7, :"), null)).getMessage());
        assertEquals("motion_from_essential: expected E_mat of shape (B, 3, 3), got (3, 3)", assertThrows(
                IllegalArgumentException.class, () -> Essential.motionFromEssential(manager.eye(3))).getMessage());
        assertEquals("triangulate_points: expected P1 of shape (B, 3, 4), got (1, 3, 3)", assertThrows(
                IllegalArgumentException.class,
                () -> Triangulation.triangulatePoints(ref("k"), ref("k"), p, p)).getMessage());
        assertEquals("sampson_epipolar_distance: expected Fm of shape (B, 3, 3), got (1, 3, 4)", assertThrows(
                IllegalArgumentException.class,
                () -> Metrics.sampsonEpipolarDistance(p, p, ref("rt"), true, 1e-8)).getMessage());
    }

    @Test
    void nonFiniteInputsOfTheSolversAreRejected() {
        // one NaN point stopped eigh from converging (an EngineException) or spread over the whole estimate
        NDArray p = ref("points1");
        NDArray bad = p.duplicate();
        bad.set(new NDIndex("0, 2, 0"), Double.NaN);
        assertEquals("find_fundamental: expected finite values in points2, got NaN in " + Checks.describe(p.getShape()),
                assertThrows(IllegalArgumentException.class, () -> Fundamental.findFundamental(p, bad, null))
                        .getMessage());
        NDArray camera = manager.create(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}, new Shape(1, 3, 4));
        NDArray infinite = manager.create(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, Double.POSITIVE_INFINITY},
                new Shape(1, 3, 4));
        NDArray q = p.get(":, 0:5, :");
        assertEquals("triangulate_points: expected finite values in P2, got Infinity in (1, 3, 4)", assertThrows(
                IllegalArgumentException.class, () -> Triangulation.triangulatePoints(camera, infinite, q, q))
                .getMessage());
        assertEquals("triangulate_points: expected finite values in points1, got NaN in (1, 5, 2)", assertThrows(
                IllegalArgumentException.class,
                () -> Triangulation.triangulatePoints(camera, camera, bad.get(":, 0:5, :"), q)).getMessage());
        NDArray eye = manager.eye(3, 3, 0, DataType.FLOAT64).expandDims(0);
        assertEquals("fundamental_from_essential: expected finite values in K2, got NaN in (1, 3, 3)", assertThrows(
                IllegalArgumentException.class,
                () -> Essential.fundamentalFromEssential(eye, eye, eye.mul(Double.NaN))).getMessage());
        NDArray e = manager.eye(3).expandDims(0).mul(Float.NaN);
        assertEquals("motion_from_essential: expected finite values in E_mat, got NaN in (1, 3, 3)", assertThrows(
                IllegalArgumentException.class, () -> Essential.motionFromEssential(e)).getMessage());
    }
}
