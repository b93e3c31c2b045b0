package dev.diffvision.spark.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The update rules against hand-computed closed forms of PyTorch's formulas, the row-weighted merge, and the
 * exchange and checkpoint encodings. Tolerance 1e-12 (float64 arithmetic throughout).
 */
class UpdateRuleTest {

    @Test
    void sgdWithMomentumUnderAConstantGradient() {
        // v1 = g, p1 = p0 - lr g; v2 = mu g + g, p2 = p1 - lr (1 + mu) g
        UpdateRule sgd = UpdateRule.sgd(0.1, 0.9);
        OptimizerState s = OptimizerState.start(new double[] {1, -1}, sgd);
        Evaluation g = Evaluation.ofMeans(1, 0, new double[] {2, -4});
        s = s.next(sgd, g);
        assertArrayEquals(new double[] {1 - 0.2, -1 + 0.4}, s.parameters(), 1e-12);
        s = s.next(sgd, g);
        assertArrayEquals(new double[] {0.8 - 0.1 * 1.9 * 2, -0.6 + 0.1 * 1.9 * 4}, s.parameters(), 1e-12);
    }

    @Test
    void adamFirstStepMovesEachParameterByTheLearningRateAgainstItsGradientSign() {
        // t = 1: m^ = g, v^ = g^2, so the step is lr * g / (|g| + eps)
        UpdateRule adam = UpdateRule.adam(0.01);
        OptimizerState s = OptimizerState.start(new double[] {0, 0, 0}, adam)
                .next(adam, Evaluation.ofMeans(3, 1, new double[] {5, -0.5, 0}));
        assertArrayEquals(new double[] {-0.01 * 5 / (5 + 1e-8), 0.01 * 0.5 / (0.5 + 1e-8), 0}, s.parameters(), 1e-12);
    }

    @Test
    void adamSecondStepFollowsTheBiasCorrectedMoments() {
        UpdateRule adam = UpdateRule.adam(0.1);
        OptimizerState s = OptimizerState.start(new double[] {0}, adam);
        s = s.next(adam, Evaluation.ofMeans(1, 0, new double[] {1}));
        s = s.next(adam, Evaluation.ofMeans(1, 0, new double[] {3}));
        double m = 0.9 * 0.1 + 0.1 * 3;
        double v = 0.999 * 0.001 + 0.001 * 9;
        double expected = -0.1 / (1 + 1e-8) - 0.1 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        assertEquals(expected, s.parameters()[0], 1e-12);
    }

    @Test
    void mergeWeightsPartitionsByRowCount() {
        // partition means 1 (3 rows) and 5 (1 row): the mean over 4 rows is (3 + 5) / 4 = 2
        Evaluation a = Evaluation.ofMeans(3, 10, new double[] {1});
        Evaluation b = Evaluation.ofMeans(1, 2, new double[] {5});
        Evaluation all = a.merge(Evaluation.empty(1)).merge(b);
        assertEquals(4, all.rows());
        assertArrayEquals(new double[] {2}, all.meanGradient(), 1e-12);
        assertEquals((30 + 2) / 4.0, all.meanLoss(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Evaluation.empty(1).meanLoss());
        assertTrue(e.getMessage().startsWith("DistributedOptimizer: expected at least one row"), e.getMessage());
    }

    @Test
    void encodingsRoundTrip() {
        Evaluation e = Evaluation.ofMeans(7, 0.25, new double[] {1.5, -3e-9, Math.PI});
        Evaluation back = Evaluation.fromBase64(e.toBase64());
        assertEquals(e.rows(), back.rows());
        assertEquals(e.lossSum(), back.lossSum(), 0);
        assertArrayEquals(e.gradientSum(), back.gradientSum(), 0);

        UpdateRule adam = UpdateRule.adam(0.1);
        OptimizerState s = OptimizerState.start(new double[] {1, 2}, adam)
                .next(adam, Evaluation.ofMeans(2, 0.5, new double[] {0.3, -0.7}));
        OptimizerState r = OptimizerState.fromBytes(s.toBytes());
        assertEquals(1, r.step());
        assertArrayEquals(s.parameters(), r.parameters(), 0);
        assertArrayEquals(s.slots()[0], r.slots()[0], 0);
        assertArrayEquals(s.slots()[1], r.slots()[1], 0);
        assertArrayEquals(s.losses(), r.losses(), 0);
    }

    @Test
    void badHyperParametersAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpdateRule.sgd(0.1, 1.0));
        assertEquals("DistributedOptimizer: expected momentum in [0, 1), got 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DistributedOptimizer.builder().setSteps(5).build());
        assertEquals("DistributedOptimizer: expected an update rule, got none", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DistributedOptimizer.builder().setUpdateRule(UpdateRule.adam(1)).setSteps(0).build());
        assertEquals("DistributedOptimizer: expected steps >= 1, got 0", e.getMessage());
    }

    @Test
    void inProcessLeastSquaresReachesTheNormalEquations() {
        List<double[]> rows = LeastSquares.rows(200, 7);
        TrainingResult fit = DistributedOptimizer.builder().setUpdateRule(UpdateRule.sgd(0.1, 0.9)).setSteps(200)
                .build().minimizeInProcess(rows, new LeastSquares(), new double[3]);
        // float32 gradients: 1e-4 absolute
        assertArrayEquals(LeastSquares.closedForm(rows), fit.parameters(), 1e-4);
        assertEquals(200, fit.losses().length);
        assertTrue(fit.losses()[199] < fit.losses()[0] / 100, "loss fell from " + fit.losses()[0]);
    }
}
