package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The objective's gradients and the models' parameterisations, checked against float64 central finite
 * differences (closed forms where they exist).
 */
class RegistrationObjectiveTest extends OpTestBase {

    private Level level64() throws Exception {
        NDArray[] pair = RegistrationFixtures.similarityPair64(manager);
        return Level.of(pair[0], pair[1], manager);
    }

    private NDArray entries() {
        double[] e = {1.01, 0.02, 0.013, -0.015, 0.99, -0.021, 0.03, -0.02,
            0.98, -0.03, -0.017, 0.025, 1.02, 0.011, -0.02, 0.01};
        return manager.create(e, new Shape(2, 8));
    }

    /** Central differences, h = 1e-6, atol 1e-6, rtol 1e-3, over all 16 map entries, both directions. */
    @ParameterizedTest
    @EnumSource(value = RegistrationLoss.class, names = {"L2", "CHARBONNIER", "SSIM"})
    void gradientOfWholeSymmetricObjective(RegistrationLoss loss) throws Exception {
        Level level = level64();
        GradientCheck.Result r = GradientCheck.check(h -> Objective.perPair(level, h, loss, true), entries(),
                new GradientCheck.Options(1e-6, 1e-6, 1e-3, 16, 7));
        r.assertPassed("registration objective " + loss);
    }

    /**
     * The Levenberg-Marquardt normal equations: {@code 2 J^T r / n} must be the objective's gradient (L2), checked
     * on smooth images (sinusoids of period >= 20 px, where the Sobel derivative the Jacobian uses is within 2% of
     * the interpolant's) against central differences (h = 1e-6) at positions off the pixel grid (where the
     * interpolant is differentiable); tolerance 10% of the pair's largest gradient entry (the
     * Sobel derivative is halved on the border rows and columns, 12% of a 32x32 image).
     */
    @Test
    void normalEquationsGradientMatchesFiniteDifferences() {
        int n = 32;
        double[] src = new double[2 * n * n];
        double[] tgt = new double[2 * n * n];
        for (int b = 0; b < 2; b++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int i = (b * n + y) * n + x;
                    src[i] = 0.5 + 0.2 * Math.sin(0.25 * x + b) * Math.cos(0.2 * y) + 0.1 * Math.sin(0.3 * y - 0.1 * x);
                    tgt[i] = 0.5 + 0.2 * Math.sin(0.25 * x + 0.3 + b) * Math.cos(0.2 * y - 0.2)
                            + 0.1 * Math.sin(0.3 * y - 0.1 * x + 0.2);
                }
            }
        }
        Shape shape = new Shape(2, 1, n, n);
        Level level = Level.of(manager.create(src, shape), manager.create(tgt, shape), manager);
        double[] e = entries().toDoubleArray();
        double[][] maps = new double[2][9];
        for (int i = 0; i < 2; i++) {
            System.arraycopy(e, i * 8, maps[i], 0, 8);
            maps[i][8] = 1;
        }
        Linearization lin = Linearization.at(level.frame(), level.coordinates(), level.withGradients(level.source()),
                level.target(), new int[] {0, 1}, maps, RegistrationLoss.L2);
        double h = 1e-6;
        for (int pair = 0; pair < 2; pair++) {
            double[] numeric = new double[8];
            double scale = 0;
            for (int k = 0; k < 8; k++) {
                double[] plus = e.clone();
                double[] minus = e.clone();
                plus[pair * 8 + k] += h;
                minus[pair * 8 + k] -= h;
                numeric[k] = (loss(level, plus, pair) - loss(level, minus, pair)) / (2 * h);
                scale = Math.max(scale, Math.abs(numeric[k]));
            }
            for (int k = 0; k < 8; k++) {
                assertEquals(numeric[k], lin.gradient()[pair][k], 0.1 * scale, "pair " + pair + " entry " + k);
            }
        }
    }

    private double loss(Level level, double[] e, int pair) {
        NDArray v = Objective.perPair(level, manager.create(e, new Shape(2, 8)), RegistrationLoss.L2, false);
        return v.getDouble(pair);
    }

    /** dW/dp against central differences of W(p) (h = 1e-7, atol 1e-6); fromMatrix inverts matrix. */
    @ParameterizedTest
    @EnumSource(MotionModel.class)
    void modelJacobianAndInverse(MotionModel model) {
        double[] p = new double[model.parameterCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0.05 * (i + 1) * (i % 2 == 0 ? 1 : -1);
        }
        double[][] d = model.jacobian(p);
        for (int j = 0; j < p.length; j++) {
            double[] plus = p.clone();
            double[] minus = p.clone();
            plus[j] += 1e-7;
            minus[j] -= 1e-7;
            double[] wp = model.matrix(plus);
            double[] wm = model.matrix(minus);
            for (int k = 0; k < 8; k++) {
                assertEquals((wp[k] - wm[k]) / 2e-7, d[k][j], 1e-6, model + " entry " + k + " param " + j);
            }
        }
        assertArrayEquals(p, model.fromMatrix(model.matrix(p)), 1e-12, model.toString());
    }
}
