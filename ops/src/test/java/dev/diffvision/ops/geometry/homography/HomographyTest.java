package dev.diffvision.ops.geometry.homography;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.geometry.epipolar.Fundamental;
import dev.diffvision.ops.geometry.linalg.Linalg;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.geometry.homography.Homography.Solver;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Homography estimation and errors against the true homography and OpenCV's findHomography (method=0) on exact
 * correspondences ({@code tools/gen_homography_refs.py}: a random H, 20 points in a 640x480 frame), closed forms
 * and float64 gradients. The DLT recovers the true H to 1e-6; OpenCV's own estimate is off it by up to 4e-6 in the
 * translation column (its refinement stops early), so the comparison with OpenCV allows 1e-5. Matrices are
 * compared after scaling to H[2, 2] = 1 exactly: Kornia's (and our) final division by {@code H[2, 2] + 1e-8} leaves a relative offset of 1e-8 / H[2, 2] (here ~2e-7), a scale only.
 */
class HomographyTest extends OpTestBase {

    private NDArray points1() {
        return GeometryRefs.load(manager, "homography/points1");
    }

    private NDArray points2() {
        return GeometryRefs.load(manager, "homography/points2");
    }

    /** H / H[2, 2], exactly. */
    private static NDArray unitCorner(NDArray h) {
        return h.div(h.get(":, 2:3, 2:3"));
    }

    @Test
    void dltMatchesOpenCvOnExactCorrespondences() {
        NDArray truth = GeometryRefs.load(manager, "homography/h_true");
        NDArray openCv = GeometryRefs.load(manager, "homography/h_cv");
        for (Solver solver : Solver.values()) {
            NDArray h = Homography.findHomographyDlt(points1(), points2(), null, solver);
            assertEquals(DataType.FLOAT64, h.getDataType());
            assertClose(truth, unitCorner(h), 1e-6);
            assertClose(openCv, unitCorner(h), 1e-5);
        }
        // float32 points: estimated in float64 inside, cast back; maps points1 onto points2 to 1e-2 px (640 px frame)
        NDArray h32 = Homography.findHomographyDlt(points1().toType(DataType.FLOAT32, false),
                points2().toType(DataType.FLOAT32, false), null, Solver.LU);
        assertEquals(DataType.FLOAT32, h32.getDataType());
        assertClose(points2(), Linalg.transformEach(h32.toType(DataType.FLOAT64, false), points1()), 1e-2);
    }

    /**
     * The fast path (the normal matrix from per-problem moments, no design matrix) against the textbook DLT written
     * out here: Hartley-normalised points ({@link Fundamental#normalizePoints}), the two design rows of each pair
     * ([1] 4.1, {@code h33 = 1}: {@code [x, y, 1, 0, 0, 0, -xu, -yu | u]}, {@code [0, 0, 0, x, y, 1, -xv, -yv | v]})
     * accumulated into {@code A^T W A} in Java loops, then the 8x8 normal equations (LU) or the smallest eigenvector
     * (SVD), de-normalised and divided by {@code H[2, 2] + 1e-8}. Float64, noisy perspective correspondences around
     * a 256 px frame, with and without weights: equal to 1e-9 (the two sum the same products in another order).
     */
    @Test
    void dltMatchesExplicitDesignMatrix() {
        long batch = 5;
        long n = 30;
        NDArray p1 = rand(DataType.FLOAT64, batch, n, 2).mul(256);
        NDArray h = manager.eye(3).toType(DataType.FLOAT64, false)
                .add(rand(DataType.FLOAT64, batch, 3, 3).sub(0.5).mul(manager.create(new double[] {
                    0.2, 0.2, 40, 0.2, 0.2, 40, 2e-4, 2e-4, 0}).reshape(1, 3, 3)));
        NDArray p2 = Linalg.transformEach(h, p1).add(rand(DataType.FLOAT64, batch, n, 2).sub(0.5));
        NDArray w = rand(DataType.FLOAT64, batch, n).add(0.1);
        for (Solver solver : Solver.values()) {
            for (NDArray weights : new NDArray[] {null, w}) {
                assertClose(explicitDlt(p1, p2, weights, solver), Homography.findHomographyDlt(p1, p2, weights, solver),
                        1e-9);
            }
        }
    }

    private NDArray explicitDlt(NDArray p1, NDArray p2, NDArray weights, Solver solver) {
        NDList n1 = Fundamental.normalizePoints(p1);
        NDList n2 = Fundamental.normalizePoints(p2);
        double[] src = n1.get(0).toDoubleArray();
        double[] dst = n2.get(0).toDoubleArray();
        int batch = (int) p1.getShape().get(0);
        int n = (int) p1.getShape().get(1);
        double[] w = weights == null ? null : weights.toDoubleArray();
        double[] gram = new double[batch * 81];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < n; k++) {
                int i = (b * n + k) * 2;
                double x = src[i];
                double y = src[i + 1];
                double u = dst[i];
                double v = dst[i + 1];
                double[][] rows = {{x, y, 1, 0, 0, 0, -x * u, -y * u, -u}, {0, 0, 0, x, y, 1, -x * v, -y * v, -v}};
                double weight = w == null ? 1 : w[b * n + k];
                for (double[] r : rows) {
                    for (int row = 0; row < 9; row++) {
                        for (int col = 0; col < 9; col++) {
                            gram[b * 81 + row * 9 + col] += weight * r[row] * r[col];
                        }
                    }
                }
            }
        }
        NDArray g = manager.create(gram, new Shape(batch, 9, 9));
        NDArray hn;
        if (solver == Solver.LU) {
            NDArray solution = dev.diffvision.ops.core.Linalg.solve(g.get(":, 0:8, 0:8"), g.get(":, 0:8, 8:9").neg());
            hn = NDArrays.concat(new NDList(solution.squeeze(-1), manager.ones(new Shape(batch, 1), DataType.FLOAT64)), 1)
                    .reshape(batch, 3, 3);
        } else {
            hn = dev.diffvision.ops.core.Linalg.eigh(g).eigenvectors().get(":, :, 0").reshape(batch, 3, 3);
        }
        NDArray h = dev.diffvision.ops.core.Linalg.inverse(n2.get(1)).matMul(hn).matMul(n1.get(1));
        return h.div(h.get(":, 2:3, 2:3").add(1e-8));
    }

    @Test
    void zeroWeightsIgnoreOutliers() {
        NDArray p2 = points2().duplicate();
        double[] v = p2.toDoubleArray();
        double[] w = new double[20];
        for (int i = 0; i < 20; i++) {
            w[i] = i < 5 ? 0 : 1 + i % 3;
            if (i < 5) {
                v[2 * i] += 50;
            }
        }
        NDArray corrupted = manager.create(v, p2.getShape());
        NDArray weights = manager.create(w, new Shape(1, 20));
        NDArray expected = GeometryRefs.load(manager, "homography/h_true");
        for (Solver solver : Solver.values()) {
            NDArray h = Homography.findHomographyDlt(points1(), corrupted, weights, solver);
            assertClose(expected, unitCorner(h), 1e-6);
        }
    }

    @Test
    void iteratedDownWeightsOutliers() {
        NDArray p1 = points1();
        double[] v = points2().toDoubleArray();
        for (int i = 0; i < 3; i++) {
            v[2 * i + 1] += 40;
        }
        NDArray p2 = manager.create(v, new Shape(1, 20, 2));
        NDArray ones = manager.ones(new Shape(1, 20), DataType.FLOAT64);
        NDArray clean = points2().get(":, 3:, :");
        NDArray plain = Homography.findHomographyDlt(p1, p2, ones, Solver.LU);
        // a 1 px soft threshold: the 40 px outliers get weights ~exp(-e / 2) and vanish within 5 solves
        NDArray iterated = Homography.findHomographyDltIterated(p1, p2, ones, 1.0, 5);
        double plainError = Linalg.transformEach(plain, p1).get(":, 3:, :").sub(clean).abs().max().getDouble();
        double iteratedError = Linalg.transformEach(iterated, p1).get(":, 3:, :").sub(clean).abs().max().getDouble();
        assertTrue(iteratedError < 0.01 * plainError, iteratedError + " vs " + plainError);
        // one solve is the plain LU DLT
        assertClose(plain, Homography.findHomographyDltIterated(p1, p2, ones, 3.0, 1), 0);
    }

    @Test
    void perspectiveTransformOfFourPoints() {
        NDArray src = points1().get(":, 0:4, :");
        NDArray dst = points2().get(":, 0:4, :");
        NDArray h = Homography.getPerspectiveTransform(src, dst);
        // four points define H: the true one
        assertClose(GeometryRefs.load(manager, "homography/h_true"), h, 1e-6);
        assertClose(unitCorner(Homography.findHomographyDlt(src, dst, null, Solver.LU)), h, 1e-6);
        NDArray collinear = manager.create(new double[] {0, 0, 1, 1, 2, 2, 0, 1}, new Shape(1, 4, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Homography.getPerspectiveTransform(collinear, collinear));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
    }

    @Test
    void transferErrorsClosedForm() {
        // H translates by (1, 2): one-way error = |p1 + (1, 2) - p2|^2; back = the same, so symmetric = 2x.
        // Kornia's transform_points divides by (z + 1e-8): a relative 1e-8 on the mapped points, hence 1e-6.
        NDArray h = manager.create(new double[] {1, 0, 1, 0, 1, 2, 0, 0, 1}, new Shape(1, 3, 3));
        NDArray p1 = manager.create(new double[] {0, 0, 3, 4, -1, 5}, new Shape(1, 3, 2));
        NDArray p2 = manager.create(new double[] {1, 2, 4, 7, 2, 3}, new Shape(1, 3, 2));
        NDArray expected = manager.create(new double[] {0, 0 + 1, 4 + 16}, new Shape(1, 3));
        assertClose(expected, Homography.onewayTransferError(p1, p2, h, true, 1e-8), 1e-6);
        assertClose(expected.add(1e-8).sqrt(), Homography.onewayTransferError(p1, p2, h, false, 1e-8), 1e-6);
        assertClose(expected.mul(2), Homography.symmetricTransferError(p1, p2, h, true, 1e-8), 1e-6);
        // exact correspondences: ~0 both ways
        NDArray hcv = GeometryRefs.load(manager, "homography/h_true");
        assertTrue(Homography.symmetricTransferError(points1(), points2(), hcv, true, 1e-8).max().getDouble() < 1e-6);
        // a singular H gives the dtype's largest value (Kornia's safe inverse), not NaN
        NDArray singular = manager.zeros(new Shape(1, 3, 3), DataType.FLOAT32);
        NDArray err = Homography.symmetricTransferError(p1.toType(DataType.FLOAT32, false),
                p2.toType(DataType.FLOAT32, false), singular, true, 1e-8);
        assertArrayEquals(new float[] {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE}, err.toFloatArray());
    }

    @Test
    void sampleValidityFollowsOrientation() {
        NDArray square = manager.create(new double[] {0, 0, 1, 0, 1, 1, 0, 1}, new Shape(1, 4, 2));
        NDArray rotated = manager.create(new double[] {0, 0, 0, 1, -1, 1, -1, 0}, new Shape(1, 4, 2));
        NDArray mirrored = manager.create(new double[] {1, 0, 0, 0, 0, 1, 1, 1}, new Shape(1, 4, 2));
        NDArray valid = Homography.sampleIsValidForHomography(
                NDArrays.concat(new NDList(square, square)), NDArrays.concat(new NDList(rotated, mirrored)));
        assertEquals(DataType.BOOLEAN, valid.getDataType());
        assertArrayEquals(new boolean[] {true, false}, valid.toBooleanArray());
    }

    @Test
    void gradientsInFloat64() {
        NDArray p1 = points1().get(":, 0:8, :").div(100);
        NDArray p2 = points2().get(":, 0:8, :").div(100).add(rand(DataType.FLOAT64, 1, 8, 2).mul(0.01));
        NDArray w = rand(DataType.FLOAT64, 1, 8).add(0.5);
        GradientCheck.Options options = GradientCheck.Options.defaults();
        for (Solver solver : Solver.values()) {
            GradientCheck.check(x -> Homography.findHomographyDlt(x, p2, w, solver), p1, options)
                    .assertPassed("find_homography_dlt " + solver);
        }
        // a minimal sample: the system has an exact null vector (zero eigenvalue), as in RANSAC
        GradientCheck.check(x -> Homography.findHomographyDlt(x, p2.get(":, 0:4, :"), null, Solver.SVD),
                p1.get(":, 0:4, :"), options).assertPassed("find_homography_dlt minimal");
        GradientCheck.check(x -> Homography.findHomographyDlt(p1, p2, x, Solver.SVD), w, options)
                .assertPassed("find_homography_dlt weights");
        GradientCheck.check(x -> Homography.findHomographyDltIterated(x, p2, w, 0.05, 3), p1, options)
                .assertPassed("find_homography_dlt_iterated");
        GradientCheck.check(x -> Homography.getPerspectiveTransform(x, p2.get(":, 0:4, :")), p1.get(":, 0:4, :"),
                options).assertPassed("get_perspective_transform");
        NDArray h = Homography.findHomographyDlt(p1, p2, null, Solver.LU);
        GradientCheck.check(x -> Homography.onewayTransferError(x, p2, h, false, 1e-8), p1, options)
                .assertPassed("oneway_transfer_error pts1");
        GradientCheck.check(x -> Homography.onewayTransferError(p1, p2, x, true, 1e-8), h, options)
                .assertPassed("oneway_transfer_error H");
        GradientCheck.check(x -> Homography.symmetricTransferError(p1, x, h, true, 1e-8), p2, options)
                .assertPassed("symmetric_transfer_error pts2");
        GradientCheck.check(x -> Homography.symmetricTransferError(p1, p2, x, false, 1e-8), h, options)
                .assertPassed("symmetric_transfer_error H");
    }

    @Test
    void rejectsBadInput() {
        NDArray p = points1();
        assertMessage("find_homography_dlt: expected at least 4 points, got 3",
                () -> Homography.findHomographyDlt(p.get(":, 0:3, :"), p.get(":, 0:3, :"), null, Solver.LU));
        assertMessage("find_homography_dlt: expected points2 of points1's shape (1, 20, 2), got (1, 19, 2)",
                () -> Homography.findHomographyDlt(p, p.get(":, 1:, :"), null, Solver.LU));
        assertMessage("find_homography_dlt: expected weights of shape (B, N) = (1, 20), got (20)",
                () -> Homography.findHomographyDlt(p, p, manager.ones(new Shape(20), DataType.FLOAT64), Solver.LU));
        assertMessage("find_homography_dlt: expected solver one of lu, svd, got 'qr'", () -> Solver.parse("qr",
                "find_homography_dlt"));
        assertMessage("oneway_transfer_error: expected H of shape (B, 3, 3), got (3, 3)",
                () -> Homography.onewayTransferError(p, p, manager.eye(3), true, 1e-8));
        assertMessage("find_homography_dlt_iterated: expected soft_inl_th > 0, got 0.0",
                () -> Homography.findHomographyDltIterated(p, p, null, 0, 5));
        assertMessage("sample_is_valid_for_homography: expected points1 of shape (B, 4, 2), got (1, 20, 2)",
                () -> Homography.sampleIsValidForHomography(p, p));
        // four copies of one point: the normalised points are all 0, so the 8x8 normal equations have zero rows
        NDArray same = manager.ones(new Shape(1, 4, 2), DataType.FLOAT64);
        String singular = assertThrows(IllegalArgumentException.class,
                () -> Homography.findHomographyDlt(same, same, null, Solver.LU)).getMessage();
        assertTrue(singular.startsWith("find_homography_dlt: expected a sample with invertible normal equations"
                + " (LU solver), got a singular one"), singular);
    }

    @Test
    void nonFinitePointsAreRejectedInsteadOfSpreadOverTheEstimate() {
        // One NaN point made the LU solution all NaN and stopped eigh (the SVD solver) from converging
        // (an EngineException); every estimator now names the argument.
        NDArray p = points1();
        NDArray bad = p.duplicate();
        bad.set(new NDIndex("0, 3, 1"), Double.NaN);
        NDArray weights = manager.ones(new Shape(1, 20), DataType.FLOAT64);
        for (Solver solver : Solver.values()) {
            assertMessage("find_homography_dlt: expected finite values in points1, got NaN in (1, 20, 2)",
                    () -> Homography.findHomographyDlt(bad, p, null, solver));
        }
        assertMessage("find_homography_dlt: expected finite values in points2, got NaN in (1, 20, 2)",
                () -> Homography.findHomographyDlt(p, bad, weights, Solver.LU));
        NDArray infiniteWeight = weights.duplicate();
        infiniteWeight.set(new NDIndex("0, 7"), Double.POSITIVE_INFINITY);
        assertMessage("find_homography_dlt: expected finite values in weights, got Infinity in (1, 20)",
                () -> Homography.findHomographyDlt(p, p, infiniteWeight, Solver.SVD));
        assertMessage("find_homography_dlt_iterated: expected finite values in points1, got NaN in (1, 20, 2)",
                () -> Homography.findHomographyDltIterated(bad, p, null, 3.0, 5));
        NDArray square = manager.create(new double[] {0, 0, 1, 0, 1, 1, Double.NaN, 1}, new Shape(1, 4, 2));
        assertMessage("get_perspective_transform: expected finite values in points_src, got NaN in (1, 4, 2)",
                () -> Homography.getPerspectiveTransform(square, square));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable body) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, body).getMessage());
    }
}
