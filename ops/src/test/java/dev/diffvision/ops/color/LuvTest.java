package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.conformance.ConformanceCase;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.KorniaVectors;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * rgb_to_luv / luv_to_rgb against Kornia's vectors and scikit-image on real crops, round trip, gradients.
 *
 * <p>Same convention as scikit-image's rgb2luv / luv2rgb (which Kornia ports): D65, observer 2 degrees. Kornia
 * adds eps = 1e-12 to the denominators; scikit-image substitutes eps only where they are 0 (black), which the
 * crops do not contain. scikit-image computes in float64, we in float32: 5e-4 on values up to ~100.
 */
class LuvTest extends OpTestBase {

    @Test
    void matchesKorniaVectors() {
        for (String name : new String[] {"rgb_to_luv", "luv_to_rgb"}) {
            ConformanceCase c = KorniaVectors.load(name);
            double eps = ((Number) c.params().get("eps")).doubleValue();
            NDArray in = c.input().toNDArray(manager);
            NDArray out = name.equals("rgb_to_luv") ? Luv.rgbToLuv(in, eps) : Luv.luvToRgb(in, eps);
            assertClose(c.expected().toNDArray(manager), out, c.atol());
        }
    }

    @Test
    void matchesScikitImageOnRealCrops() {
        for (String image : ColorRefs.IMAGES) {
            NDArray rgb = ColorRefs.load(manager, image + "_rgb");
            NDArray luv = ColorRefs.load(manager, image + "_luv");
            assertClose(luv, Luv.rgbToLuv(rgb), 5e-4);
            assertClose(rgb, Luv.luvToRgb(luv), 5e-6);
        }
    }

    @Test
    void roundTripAndBatching() {
        NDArray rgb = rand(DataType.FLOAT64, 2, 3, 5, 6).mul(0.9).add(0.05);
        assertClose(rgb, Luv.luvToRgb(Luv.rgbToLuv(rgb)), 1e-9);
        assertClose(Luv.rgbToLuv(rgb.get(0)), Luv.rgbToLuv(rgb).get(0), 1e-12);
    }

    @Test
    void gradientsWithNonDefaultEps() {
        NDArray rgb = ColorRefs.distinctChannels(manager, random, 0.01, 1, 3, 4, 4);
        GradientCheck.check(x -> Luv.rgbToLuv(x, 1e-6), rgb, GradientCheck.Options.defaults())
                .assertPassed("rgb_to_luv eps=1e-6");
        GradientCheck.check(x -> Luv.luvToRgb(x, 1e-6), Luv.rgbToLuv(rgb), GradientCheck.Options.defaults())
                .assertPassed("luv_to_rgb eps=1e-6");
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Luv.luvToRgb(manager.zeros(new Shape(3, 2, 2)), -1e-3));
        assertEquals("luv_to_rgb: expected eps >= 0.0, got -0.001", e.getMessage());
    }
}
