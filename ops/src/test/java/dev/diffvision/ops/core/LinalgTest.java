package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * solve, inverse, svd and eigh against closed forms in float64: residuals (A X = B, A A^-1 = I), reconstruction
 * (U S Vh = A, V diag(w) V^T = A), orthogonality, a hand-solved system; float32 promotion; gradient checks;
 * batch == per-item; singular and malformed input.
 */
class LinalgTest extends OpTestBase {

    /** Well-conditioned random matrices: I * n + uniform noise. */
    private NDArray wellConditioned(DataType dtype, long b, int n) {
        return rand(DataType.FLOAT64, b, n, n).add(manager.eye(n, n, 0, DataType.FLOAT64).mul(n)).toType(dtype, false);
    }

    private static NDArray transpose(NDArray a) {
        return a.swapAxes(-1, -2);
    }

    @Test
    void solveSatisfiesTheSystem() {
        NDArray a = wellConditioned(DataType.FLOAT64, 4, 5);
        NDArray b = rand(DataType.FLOAT64, 4, 5, 3);
        NDArray x = Linalg.solve(a, b);
        assertEquals(new Shape(4, 5, 3), x.getShape());
        assertClose(b, a.matMul(x), 1e-12);
    }

    @Test
    void solveMatchesAHandSolvedSystem() {
        // 2x + y = 3, x + 3y = 5 -> x = 4/5, y = 7/5
        NDArray a = manager.create(new double[] {2, 1, 1, 3}, new Shape(1, 2, 2));
        NDArray b = manager.create(new double[] {3, 5}, new Shape(1, 2, 1));
        assertArrayEquals(new double[] {0.8, 1.4}, Linalg.solve(a, b).toDoubleArray(), 1e-15);
    }

    @Test
    void inverseTimesMatrixIsIdentity() {
        NDArray a = wellConditioned(DataType.FLOAT64, 3, 4);
        NDArray inv = Linalg.inverse(a);
        NDArray eye = manager.eye(4, 4, 0, DataType.FLOAT64).expandDims(0).repeat(0, 3);
        assertClose(eye, a.matMul(inv), 1e-12);
        assertClose(eye, inv.matMul(a), 1e-12);
    }

    @Test
    void svdReconstructsWithOrthonormalFactors() {
        // 9 x 8 like a 4-point DLT system plus one row; also the wide case 3 x 5.
        for (long[] shape : new long[][] {{2, 9, 8}, {2, 3, 5}}) {
            NDArray a = rand(DataType.FLOAT64, shape);
            Linalg.Svd svd = Linalg.svd(a);
            long k = Math.min(shape[1], shape[2]);
            assertEquals(new Shape(shape[0], shape[1], k), svd.u().getShape());
            assertEquals(new Shape(shape[0], k), svd.s().getShape());
            assertEquals(new Shape(shape[0], k, shape[2]), svd.vh().getShape());
            assertClose(a, svd.u().mul(svd.s().expandDims(1)).matMul(svd.vh()), 1e-12);
            NDArray eye = manager.eye((int) k, (int) k, 0, DataType.FLOAT64).expandDims(0).repeat(0, shape[0]);
            assertClose(eye, transpose(svd.u()).matMul(svd.u()), 1e-12);
            assertClose(eye, svd.vh().matMul(transpose(svd.vh())), 1e-12);
            double[] s = svd.s().toDoubleArray();
            for (int i = 1; i < k; i++) {
                assertTrue(s[i - 1] >= s[i] && s[i] >= 0, "descending, non-negative");
            }
        }
    }

    @Test
    void svdFindsTheNullVectorOfARankDeficientSystem() {
        // Rows orthogonal to h = (1, 2, 3): the smallest singular value is 0 and Vh's last row is ±h/|h| (DLT).
        NDArray a = manager.create(new double[] {2, -1, 0, 3, 0, -1, 0, 3, -2, 1, 1, -1}, new Shape(1, 4, 3));
        Linalg.Svd svd = Linalg.svd(a);
        assertEquals(0, svd.s().get("0, 2").getDouble(), 1e-12);
        double[] h = svd.vh().get("0, 2, :").toDoubleArray();
        double sign = Math.signum(h[0]);
        double norm = Math.sqrt(14);
        assertArrayEquals(new double[] {1 / norm, 2 / norm, 3 / norm},
                new double[] {sign * h[0], sign * h[1], sign * h[2]}, 1e-12);
    }

    @Test
    void eighDiagonalisesSymmetricMatrices() {
        NDArray m = rand(DataType.FLOAT64, 3, 6, 4);
        NDArray a = transpose(m).matMul(m);
        Linalg.Eigh e = Linalg.eigh(a);
        NDArray v = e.eigenvectors();
        assertClose(a, v.mul(e.eigenvalues().expandDims(1)).matMul(transpose(v)), 1e-12);
        assertClose(manager.eye(4, 4, 0, DataType.FLOAT64).expandDims(0).repeat(0, 3), transpose(v).matMul(v), 1e-12);
        double[] w = e.eigenvalues().get(0).toDoubleArray();
        for (int i = 1; i < w.length; i++) {
            assertTrue(w[i - 1] <= w[i], "ascending");
        }
    }

    @Test
    void float32IsPromotedInsideAndReturnedAsFloat32() {
        // A Hilbert-like 5x5 (condition ~5e5): float32 LU loses ~3 digits more than a float64 solve cast back.
        double[] h = new double[25];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                h[i * 5 + j] = 1.0 / (i + j + 1);
            }
        }
        NDArray a64 = manager.create(h, new Shape(1, 5, 5));
        NDArray ones = manager.ones(new Shape(1, 5, 1), DataType.FLOAT64);
        NDArray b64 = a64.matMul(ones);
        NDArray a32 = a64.toType(DataType.FLOAT32, false);
        // The system solved is the float32-rounded one; its float64 solution is the reference.
        NDArray expected = Linalg.solve(a32.toType(DataType.FLOAT64, false), b64.toType(DataType.FLOAT32, false)
                .toType(DataType.FLOAT64, false));
        NDArray x = Linalg.solve(a32, b64.toType(DataType.FLOAT32, false));
        assertEquals(DataType.FLOAT32, x.getDataType());
        assertClose(expected.toType(DataType.FLOAT32, false), x, 0);
        assertEquals(DataType.FLOAT32, Linalg.svd(a32).s().getDataType());
        assertEquals(DataType.FLOAT32, Linalg.inverse(a32).getDataType());
        assertEquals(DataType.FLOAT32, Linalg.eigh(a32).eigenvectors().getDataType());
    }

    @Test
    void gradientsOfSolveFlowToBothArguments() {
        NDArray a = wellConditioned(DataType.FLOAT64, 2, 3);
        NDArray b = rand(DataType.FLOAT64, 2, 3, 2);
        GradientCheck.check(t -> Linalg.solve(t, b), a, GradientCheck.Options.defaults()).assertPassed("solve A");
        GradientCheck.check(t -> Linalg.solve(a, t), b, GradientCheck.Options.defaults()).assertPassed("solve B");
    }

    @Test
    void gradientsOfInverseSvdAndEigh() {
        NDArray a = wellConditioned(DataType.FLOAT64, 1, 3);
        GradientCheck.check(Linalg::inverse, a, GradientCheck.Options.defaults()).assertPassed("inverse");
        // Singular values are sign-free and distinct for a random matrix: their gradient is well defined.
        GradientCheck.check(t -> Linalg.svd(t).s(), rand(DataType.FLOAT64, 1, 4, 3), GradientCheck.Options.defaults())
                .assertPassed("svd S");
        // Eigenvalues of the symmetrised input (eigh reads the lower triangle only, so symmetrise first).
        GradientCheck.check(t -> Linalg.eigh(t.add(transpose(t))).eigenvalues(), rand(DataType.FLOAT64, 1, 3, 3),
                GradientCheck.Options.defaults()).assertPassed("eigh eigenvalues");
    }

    /**
     * Singular vectors with a fixed sign: each column of U, each row of Vh, multiplied by the sign of its dot
     * product with (sqrt 2, sqrt 3, sqrt 4, ...), which is non-zero for the matrices below (first entries may be 0).
     */
    private static NDArray signFixedU(NDArray t) {
        NDArray u = Linalg.svd(t).u();
        NDArray ramp = u.getManager().arange(2, u.getShape().get(1) + 2).toType(DataType.FLOAT64, false).sqrt();
        return u.mul(u.mul(ramp.reshape(1, -1, 1)).sum(new int[] {1}, true).sign());
    }

    private static NDArray signFixedVh(NDArray t) {
        NDArray vh = Linalg.svd(t).vh();
        NDArray ramp = vh.getManager().arange(2, vh.getShape().get(2) + 2).toType(DataType.FLOAT64, false).sqrt();
        return vh.mul(vh.mul(ramp.reshape(1, 1, -1)).sum(new int[] {2}, true).sign());
    }

    private static void checkGradient(String what, NDArray a, java.util.function.UnaryOperator<NDArray> f) {
        GradientCheck.check(f, a, GradientCheck.Options.defaults()).assertPassed(what);
    }

    @Test
    void gradientsOfEverySvdFactorMatchFiniteDifferences() {
        // Random matrices (distinct, non-zero singular values): U, S and Vh (signs fixed) against central
        // differences, tall, square and wide. Tolerances: GradientCheck's defaults (atol 1e-5, rtol 1e-3).
        for (long[] shape : new long[][] {{2, 5, 3}, {1, 3, 3}, {1, 3, 5}}) {
            NDArray a = rand(DataType.FLOAT64, shape);
            String name = java.util.Arrays.toString(shape);
            checkGradient("svd S " + name, a, t -> Linalg.svd(t).s());
            checkGradient("svd U " + name, a, LinalgTest::signFixedU);
            checkGradient("svd Vh " + name, a, LinalgTest::signFixedVh);
        }
    }

    @Test
    void svdGradientsStayExactAtAnExactlyZeroSingularValue() {
        // Tall: rows orthogonal to (1, 2, 3) (a DLT system); wide: rows e1, e2, 2 e1. LAPACK returns the wide
        // matrix's smallest singular value as exactly 0, where torch's backward divides 0 by 0 and returns NaN for
        // every gradient; the tall one's as 0 on some machines and 4.2e-17 on others (its CPU's LAPACK kernels). The gradients that are well defined there (the non-zero singular values, their singular
        // vectors, the null vector of the tall matrix, the left null vector of the wide one) must match central
        // differences (default tolerances).
        NDArray tall = manager.create(new double[] {2, -1, 0, 3, 0, -1, 0, 3, -2, 1, 1, -1}, new Shape(1, 4, 3));
        NDArray wide = manager.create(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 0}, new Shape(1, 3, 4));
        for (NDArray a : new NDArray[] {tall, wide}) {
            double smallest = Linalg.svd(a).s().get("0, 2").getDouble();
            if (a == wide) {
                assertEquals(0.0, smallest, "precondition: an exact zero");
            } else {
                assertTrue(smallest <= 1e-15, "precondition: zero up to rounding, got " + smallest);
            }
            String name = a.getShape().toString();
            checkGradient("svd S[0:2] " + name, a, t -> Linalg.svd(t).s().get(":, 0:2"));
            checkGradient("svd U[:, 0:2] " + name, a, t -> signFixedU(t).get(":, :, 0:2"));
            checkGradient("svd Vh[0:2] " + name, a, t -> signFixedVh(t).get(":, 0:2, :"));
        }
        checkGradient("svd null vector of the tall matrix", tall, t -> signFixedVh(t).get(":, 2, :"));
        checkGradient("svd U of the wide matrix", wide, LinalgTest::signFixedU);
    }

    @Test
    void svdValuesAreTheSameWithAndWithoutGradients() {
        NDArray a = rand(DataType.FLOAT64, 2, 5, 3);
        Linalg.Svd plain = Linalg.svd(a);
        try (ai.djl.training.GradientCollector collector =
                ai.djl.engine.Engine.getEngine(DiffVisionEngine.ENGINE_NAME).newGradientCollector()) {
            NDArray x = a.duplicate();
            x.setRequiresGradient(true);
            Linalg.Svd tracked = Linalg.svd(x);
            assertClose(plain.u(), tracked.u(), 0);
            assertClose(plain.s(), tracked.s(), 0);
            assertClose(plain.vh(), tracked.vh(), 0);
        }
    }

    @Test
    void batchEqualsPerItem() {
        NDArray a = wellConditioned(DataType.FLOAT64, 3, 4);
        NDArray b = rand(DataType.FLOAT64, 3, 4, 2);
        NDArray x = Linalg.solve(a, b);
        NDArray s = Linalg.svd(a).s();
        for (int n = 0; n < 3; n++) {
            assertClose(Linalg.solve(a.get(n), b.get(n)), x.get(n), 1e-14);
            assertClose(Linalg.svd(a.get(n)).s(), s.get(n), 1e-14);
        }
    }

    @Test
    void singularMatricesAreRejectedNamingTheOp() {
        NDArray singular = manager.create(new double[] {1, 2, 2, 4}, new Shape(1, 2, 2));
        assertMessage("solve: expected invertible matrices A, got a singular one",
                () -> Linalg.solve(singular, manager.ones(new Shape(1, 2, 1), DataType.FLOAT64)));
        assertMessage("inverse: expected invertible matrices A, got a singular one", () -> Linalg.inverse(singular));
    }

    @Test
    void nonFiniteMatricesAreRejectedNamingTheOp() {
        // LU would spread a NaN over the whole solution; libtorch's SVD and eigh fail to converge on one
        NDArray nan = manager.create(new double[] {2, 1, Double.NaN, 3}, new Shape(1, 2, 2));
        NDArray infinite = manager.create(new float[] {2, Float.POSITIVE_INFINITY, 1, 3}, new Shape(1, 2, 2));
        NDArray b = manager.ones(new Shape(1, 2, 1), DataType.FLOAT64);
        assertMessage("solve: expected finite values in A, got NaN in (1, 2, 2)", () -> Linalg.solve(nan, b));
        assertMessage("solve: expected finite values in B, got NaN in (1, 2, 1)", () -> Linalg.solve(
                wellConditioned(DataType.FLOAT64, 1, 2), manager.create(new double[] {1, Double.NaN},
                        new Shape(1, 2, 1))));
        assertMessage("svd: expected finite values in A, got NaN in (1, 2, 2)", () -> Linalg.svd(nan));
        assertMessage("eigh: expected finite values in A, got Infinity in (1, 2, 2)", () -> Linalg.eigh(infinite));
        // inverse does not check: an optimiser's batch may hold a diverged item (see the class comment)
        assertTrue(Double.isNaN(Linalg.inverse(nan).toDoubleArray()[0]));
    }

    @Test
    void rejectsMalformedInputNamingTheOp() {
        assertMessage("solve: expected A of shape (*, N, N) with no zero-sized dimension, got (2, 3, 4)",
                () -> Linalg.solve(rand(DataType.FLOAT64, 2, 3, 4), rand(DataType.FLOAT64, 2, 3, 1)));
        assertMessage("solve: expected B of shape (*, N, K) matching A (2, 3, 3), got (2, 4, 1)",
                () -> Linalg.solve(rand(DataType.FLOAT64, 2, 3, 3), rand(DataType.FLOAT64, 2, 4, 1)));
        assertMessage("inverse: expected A of dtype float32 or float64, got int32",
                () -> Linalg.inverse(manager.zeros(new Shape(2, 2), DataType.INT32)));
        assertMessage("svd: expected A of shape (*, M, N) with no zero-sized dimension, got (3)",
                () -> Linalg.svd(rand(DataType.FLOAT64, 3)));
        assertMessage("eigh: expected A of shape (*, N, N)", () -> Linalg.eigh(rand(DataType.FLOAT64, 2, 3)));
    }

    private static void assertMessage(String prefix, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
