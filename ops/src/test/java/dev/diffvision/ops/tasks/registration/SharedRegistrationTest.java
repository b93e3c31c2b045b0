package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SharedRegistration}: the shared objective's gradient in the model parameters against float64 central
 * finite differences, its value against the per-pair objective (closed form: the mean over pairs of
 * {@link Objective#perPair} at the model's map), and its pixel-matrix conversion against the per-pair results'
 * convention.
 */
class SharedRegistrationTest extends OpTestBase {

    private NDList prepared(int level) throws Exception {
        NDArray a = RegistrationFixtures.photo("camera.png", 3, 32, manager);
        NDArray b = RegistrationFixtures.photo("astronaut.png", 3, 32, manager);
        NDArray source = NDArrays.concat(new NDList(a, b)).toType(DataType.FLOAT64, false);
        double[] h = RegistrationFixtures.similarity(3, 1.02, 0.6, -0.4, 32);
        NDArray target = NDArrays.concat(new NDList(RegistrationFixtures.warp(a, h), RegistrationFixtures.warp(b, h)))
                .toType(DataType.FLOAT64, false);
        return SharedRegistration.prepare(source, target, level, manager);
    }

    private static double[] parameters(MotionModel model) {
        double[] all = {0.013, -0.02, 0.017, 0.011, -0.012, 0.009, 0.02, -0.015};
        return java.util.Arrays.copyOf(all, model.parameterCount());
    }

    /** Central differences, h = 1e-6, atol 1e-6, rtol 1e-3, symmetric L2 at pyramid level 1 (16x16). */
    @ParameterizedTest
    @EnumSource(MotionModel.class)
    void gradientMatchesFiniteDifferences(MotionModel model) throws Exception {
        NDList level = prepared(1);
        RegistrationOptions options = RegistrationOptions.defaults().withModel(model).withSymmetric(true);
        GradientCheck.Result r = GradientCheck.check(p -> SharedRegistration.meanLoss(p, level, options),
                manager.create(parameters(model)), new GradientCheck.Options(1e-6, 1e-6, 1e-3, 8, 7));
        r.assertPassed("shared registration " + model.label());
    }

    /** The shared loss is the mean of the per-pair objective at the model's map (float64, 1e-12). */
    @Test
    void lossIsTheMeanOfThePerPairObjective() throws Exception {
        NDList level = prepared(0);
        MotionModel model = MotionModel.ROTATION;
        double[] p = {0.05};
        double shared = SharedRegistration.meanLoss(manager.create(p), level,
                RegistrationOptions.defaults().withModel(model)).getDouble();
        double[] w = model.matrix(p);
        double[] both = new double[16];
        System.arraycopy(w, 0, both, 0, 8);
        System.arraycopy(w, 0, both, 8, 8);
        Level l = new Level(Frame.of(32, 32), level.get(2), level.get(0), level.get(1));
        double expected = Objective.perPair(l, manager.create(both, new ai.djl.ndarray.types.Shape(2, 8)),
                RegistrationLoss.L2, false).mean().getDouble();
        assertEquals(expected, shared, 1e-12);
    }

    /** Zero parameters are the identity; a translation of t frame units is t * L / 2 pixels the other way. */
    @Test
    void pixelMatrixFollowsTheResultConvention() {
        double[] identity = SharedRegistration.pixelMatrix(new double[2], MotionModel.TRANSLATION, 48, 64);
        assertEquals(1, identity[0], 1e-12);
        assertEquals(0, identity[2], 1e-12);
        double[] h = SharedRegistration.pixelMatrix(new double[] {0.25, -0.5}, MotionModel.TRANSLATION, 48, 64);
        // W samples the source at u + 0.25, so the source moves by -0.25 frame units = -8 px (L = 64)
        assertEquals(-8, h[2], 1e-9);
        assertEquals(16, h[5], 1e-9);
    }

    @Test
    void badInputNamesTheOperator() throws Exception {
        NDList level = prepared(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SharedRegistration.meanLoss(
                manager.create(new double[3]), level, RegistrationOptions.defaults()));
        assertTrue(e.getMessage().startsWith("shared_registration: expected 8 parameters for homography"),
                e.getMessage());
        NDArray image = level.get(0);
        e = assertThrows(IllegalArgumentException.class, () -> SharedRegistration.prepare(image, image, 3, manager));
        assertTrue(e.getMessage().startsWith("shared_registration: expected a level in [0, 1]"), e.getMessage());
    }
}
