package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static dev.diffvision.ops.enhance.EnhanceFixtures.assertKorniaCasePasses;
import static dev.diffvision.ops.enhance.EnhanceFixtures.load;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * adjust_hue and adjust_saturation (HSV adjustments) against scikit-image's rgb2hsv/hsv2rgb round trip on a
 * real crop (tools/gen_enhance_refs.py). Convention: Kornia turns the hue by {@code factor} radians, scikit-image
 * stores hue as a fraction of a turn; the generator converts. Both work in floating point, so the tolerance is
 * float32 rounding through the two conversions: 1e-5.
 */
class HueSaturationTest extends OpTestBase {

    private NDArray rgb() {
        return load(manager, "rgb", DataType.FLOAT32);
    }

    @Test
    void korniaZeroTurnIsTheIdentity() {
        assertKorniaCasePasses("adjust_hue__zero");
    }

    @Test
    void hueTurnsMatchScikitImage() {
        assertClose(load(manager, "hue_0.5", DataType.FLOAT32), Adjust.adjustHue(rgb(), 0.5), 1e-5);
        assertClose(load(manager, "hue_-2", DataType.FLOAT32), Adjust.adjustHue(rgb(), -2.0), 1e-5);
    }

    @Test
    void saturationMatchesScikitImage() {
        assertClose(load(manager, "saturation_1.7", DataType.FLOAT32), Adjust.adjustSaturation(rgb(), 1.7), 1e-5);
        NDArray gray = Adjust.adjustSaturation(rgb(), 0);
        // saturation 0: every pixel's channels equal its value, max(R, G, B)
        assertClose(rgb().max(new int[] {0}, true).repeat(0, 3), gray, 1e-6);
    }

    @Test
    void perImageFactorsEqualPerImageCalls() {
        NDArray batch = rgb().expandDims(0).repeat(0, 2);
        NDArray turns = manager.create(new float[] {0.5f, -2f});
        NDArray out = Adjust.adjustHue(batch, turns);
        assertClose(Adjust.adjustHue(rgb(), 0.5), out.get(0), 1e-6);
        assertClose(Adjust.adjustHue(rgb(), -2.0), out.get(1), 1e-6);
        NDArray sat = Adjust.adjustSaturation(batch, manager.create(new float[] {1.7f, 0.3f}));
        assertClose(Adjust.adjustSaturation(rgb(), 0.3), sat.get(1), 1e-6);
    }

    @Test
    void gradientsAwayFromChannelTies() {
        // no two channels of a pixel equal (R = G would be a kink of max/min), so the max/min channel does not switch within the finite-difference step
        double[] v = new double[3 * 4 * 4];
        for (int i = 0; i < 16; i++) {
            v[i] = 0.15 + 0.04 * i;
            v[16 + i] = 0.85 - 0.035 * i;
            v[32 + i] = (i % 2 == 0) ? 0.02 : 0.97;
        }
        NDArray x = manager.create(v, new Shape(1, 3, 4, 4));
        GradientCheck.check(t -> Adjust.adjustHue(t, 0.7), x, GradientCheck.Options.defaults()).assertPassed("adjust_hue");
        GradientCheck.check(t -> Adjust.adjustSaturation(t, 0.6), x, GradientCheck.Options.defaults())
                .assertPassed("adjust_saturation");
    }

    @Test
    void badArgumentsNameTheOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Adjust.adjustHue(rgb(), 4));
        assertTrue(e.getMessage().startsWith("adjust_hue: expected factor in [-3.14"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Adjust.adjustSaturation(rgb(), -1));
        assertTrue(e.getMessage().startsWith("adjust_saturation: expected factor >= 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Adjust.adjustHue(manager.zeros(new Shape(1, 4, 2, 2)), 0.1));
        assertTrue(e.getMessage().startsWith("adjust_hue: expected image with 3 channels"), e.getMessage());
    }
}
