package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is rejected with a message naming image_registrator, what it expected and what it got. */
class RegistrationOptionsTest extends OpTestBase {

    private void rejects(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith("image_registrator: expected"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badImagesAreRejected() {
        NDArray a = rand(DataType.FLOAT32, 1, 1, 32, 32);
        RegistrationOptions o = RegistrationOptions.defaults();
        rejects("got (1, 32, 32)", () -> ImageRegistrator.register(rand(DataType.FLOAT32, 1, 32, 32), a, o, null));
        rejects("got (1, 1, 32, 30)", () -> ImageRegistrator.register(a, rand(DataType.FLOAT32, 1, 1, 32, 30), o,
                null));
        rejects("got int32", () -> ImageRegistrator.register(a.toType(DataType.INT32, false), a, o, null));
    }

    @Test
    void badOptionsAndInitialTransformsAreRejected() {
        NDArray a = rand(DataType.FLOAT32, 1, 1, 32, 32);
        RegistrationOptions o = RegistrationOptions.defaults();
        rejects("got ssim", () -> ImageRegistrator.register(a, a, o.withLoss(RegistrationLoss.SSIM), null));
        rejects("got levels=0", () -> ImageRegistrator.register(a, a, o.withLevels(0), null));
        rejects("got -1.0", () -> ImageRegistrator.register(a, a, o.withTolerance(-1), null));
        rejects("got 2", () -> ImageRegistrator.register(a, a, o, new double[2][]));
        rejects("invertible", () -> ImageRegistrator.register(a, a, o, new double[][] {new double[9]}));
        rejects("expected coarse_starts in [1, 5], got 0",
                () -> ImageRegistrator.register(a, a, o.withCoarseStarts(0), null));
        rejects("expected coarse_starts in [1, 5], got 6",
                () -> ImageRegistrator.register(a, a, o.withCoarseStarts(6), null));
        rejects("image_registrator: expected model one of homography, affine, similarity, rotation, scale,"
                + " translation, got 'bogus'", () -> MotionModel.parse("bogus"));
        rejects("image_registrator: expected loss one of l1, l2, charbonnier, ssim, got 'huber'",
                () -> RegistrationLoss.parse("huber"));
        rejects("image_registrator: expected optimizer one of lm, adam, sgd, got 'newton'",
                () -> RegistrationOptimizer.parse("newton"));
    }

    @Test
    void namesParse() {
        assertEquals(MotionModel.SIMILARITY, MotionModel.parse("Similarity"));
        assertEquals(RegistrationLoss.CHARBONNIER, RegistrationLoss.parse("charbonnier"));
        assertEquals(RegistrationOptimizer.LEVENBERG_MARQUARDT, RegistrationOptimizer.parse("lm"));
        assertEquals(RegistrationOptimizer.LEVENBERG_MARQUARDT, RegistrationOptimizer.parse(" Levenberg_Marquardt"));
        assertEquals("lm", RegistrationOptimizer.LEVENBERG_MARQUARDT.label());
    }
}
