package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Affwarp} and {@link Flips} against exact closed forms (align_corners=true, centre ((W-1)/2, (H-1)/2)):
 * rotating a square image by 90 degrees counter-clockwise is a transpose then a vertical flip, by 180 degrees it is
 * {@code rot180}; an integer translation is a shift with zeros; scaling by 1 is the identity; float64 gradients with
 * respect to the angle, the translation and the scale; per-image parameters equal per-image calls.
 */
class AffwarpTest extends OpTestBase {

    @Test
    void quarterAndHalfTurnsArePermutations() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 5, 5);
        NDArray quarter = Affwarp.rotate(x, manager.create(new double[] {90}), null, WarpOptions.defaults());
        // counter-clockwise on screen: out[i][j] = in[j][W - 1 - i]
        assertClose(Flips.vflip(x.transpose(0, 1, 3, 2)), quarter, 1e-12);
        NDArray half = Affwarp.rotate(x, manager.create(new double[] {180, 180}), null, WarpOptions.defaults());
        assertClose(Flips.rot180(x), half, 1e-12);
        assertClose(Flips.rot180(x), Flips.hflip(Flips.vflip(x)), 0);
        NDArray mirrored = Flips.hflip(x);
        for (int j = 0; j < 5; j++) {
            assertClose(x.get(":, :, :, " + (4 - j)), mirrored.get(":, :, :, " + j), 0);
        }
    }

    @Test
    void integerTranslationShiftsAndUnitScaleIsTheIdentity() {
        NDArray x = rand(DataType.FLOAT64, 1, 2, 4, 6);
        NDArray moved = Affwarp.translate(x, manager.create(new double[] {2, 1}, new Shape(1, 2)),
                WarpOptions.defaults());
        assertClose(x.get(":, :, 0:3, 0:4"), moved.get(":, :, 1:, 2:"), 1e-12);
        assertClose(manager.zeros(new Shape(1, 2, 1, 6), DataType.FLOAT64), moved.get(":, :, 0:1, :"), 1e-12);
        assertClose(x, Affwarp.scale(x, manager.ones(new Shape(1, 2), DataType.FLOAT64), null, WarpOptions.defaults()),
                1e-12);
        assertClose(x, Affwarp.shear(x, manager.zeros(new Shape(1, 2), DataType.FLOAT64), WarpOptions.defaults()),
                1e-12);
    }

    @Test
    void perImageParametersEqualPerImageCallsAndTheUnbatchedForm() {
        NDArray x = rand(DataType.FLOAT32, 2, 3, 6, 7);
        NDArray angles = manager.create(new float[] {30, -50});
        NDArray both = Affwarp.rotate(x, angles, null, WarpOptions.defaults());
        for (int i = 0; i < 2; i++) {
            NDArray one = Affwarp.rotate(x.get(i), angles.get(i + ":" + (i + 1)), null, WarpOptions.defaults());
            assertClose(one, both.get(i), 1e-6);
        }
    }

    @Test
    void gradientsFlowToTheParameters() {
        NDArray x = rand(DataType.FLOAT64, 1, 2, 5, 6);
        GradientCheck.check(a -> Affwarp.rotate(x, a, null, WarpOptions.defaults()),
                manager.create(new double[] {23.0}), GradientCheck.Options.defaults()).assertPassed("rotate d/dangle");
        GradientCheck.check(t -> Affwarp.translate(x, t, WarpOptions.defaults()),
                manager.create(new double[] {0.3, -0.6}, new Shape(1, 2)), GradientCheck.Options.defaults())
                .assertPassed("translate d/dtranslation");
        GradientCheck.check(s -> Affwarp.scale(x, s, null, WarpOptions.defaults()),
                manager.create(new double[] {0.8, 1.3}, new Shape(1, 2)), GradientCheck.Options.defaults())
                .assertPassed("scale d/dscale_factor");
        GradientCheck.check(s -> Affwarp.shear(x, s, WarpOptions.defaults().withAlignCorners(false)),
                manager.create(new double[] {0.3, -0.1}, new Shape(1, 2)), GradientCheck.Options.defaults())
                .assertPassed("shear d/dshear");
    }

    @Test
    void badParametersAreRejectedWithTheOpsName() {
        NDArray x = rand(DataType.FLOAT32, 2, 3, 5, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Affwarp.rotate(x, manager.zeros(new Shape(3)), null, WarpOptions.defaults()));
        assertTrue(e.getMessage().startsWith("rotate: expected angle of shape (2) or (1), got (3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Affwarp.translate(x, manager.zeros(new Shape(2)), WarpOptions.defaults()));
        assertTrue(e.getMessage().startsWith("translate: expected translation of shape (2, 2) or (1, 2), got (2)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Affwarp.scale(x,
                manager.zeros(new Shape(1, 2)), null, WarpOptions.defaults()));
        assertTrue(e.getMessage().startsWith("scale: expected invertible matrices"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Flips.hflip(manager.zeros(new Shape(4))));
        assertTrue(e.getMessage().startsWith("hflip: expected input of shape"), e.getMessage());
    }
}
