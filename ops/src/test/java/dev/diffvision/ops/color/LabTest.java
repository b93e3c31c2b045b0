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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rgb_to_lab / lab_to_rgb against Kornia's vector and scikit-image on real crops, round trip, clip, gradients.
 *
 * <p>Same convention as scikit-image's rgb2lab (which Kornia ports): sRGB linearised, D65 white, observer 2
 * degrees, L in [0, 100]. scikit-image computes in float64, we in float32: tolerance 2e-4 on values up to 100.
 */
class LabTest extends OpTestBase {

    @Test
    void matchesKorniaVector() {
        ConformanceCase c = KorniaVectors.load("lab_to_rgb");
        NDArray out = Lab.labToRgb(c.input().toNDArray(manager), (Boolean) c.params().get("clip"));
        assertClose(c.expected().toNDArray(manager), out, c.atol());
    }

    @Test
    void matchesScikitImageOnRealCrops() {
        for (String image : ColorRefs.IMAGES) {
            NDArray rgb = ColorRefs.load(manager, image + "_rgb");
            NDArray lab = ColorRefs.load(manager, image + "_lab");
            assertClose(lab, Lab.rgbToLab(rgb), 2e-4);
            assertClose(rgb, Lab.labToRgb(lab), 2e-6);
        }
    }

    @Test
    void roundTripClipAndBatching() {
        NDArray rgb = rand(DataType.FLOAT64, 2, 3, 5, 6);
        assertClose(rgb, Lab.labToRgb(Lab.rgbToLab(rgb), false), 1e-10);
        assertClose(Lab.rgbToLab(rgb.get(1)), Lab.rgbToLab(rgb).get(1), 1e-12);
        // An out-of-gamut colour: saturated green beyond sRGB. Clipping keeps [0, 1]; without it R < 0.
        NDArray lab = manager.create(new double[] {60, -120, 60}, new Shape(3, 1, 1));
        NDArray unclipped = Lab.labToRgb(lab, false);
        assertTrue(unclipped.getDouble(0, 0, 0) < 0, unclipped.toString());
        assertClose(unclipped.clip(0, 1), Lab.labToRgb(lab), 0);
    }

    @Test
    void gradients() {
        NDArray rgb = ColorRefs.distinctChannels(manager, random, 0.01, 1, 3, 4, 4);
        GradientCheck.check(Lab::rgbToLab, rgb, GradientCheck.Options.defaults()).assertPassed("rgb_to_lab");
        NDArray lab = Lab.rgbToLab(rgb);
        GradientCheck.check(x -> Lab.labToRgb(x, false), lab, GradientCheck.Options.defaults())
                .assertPassed("lab_to_rgb clip=false");
        GradientCheck.check(Lab::labToRgb, lab, GradientCheck.Options.defaults()).assertPassed("lab_to_rgb");
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lab.rgbToLab(manager.zeros(new Shape(2, 2, 2, 2))));
        assertEquals("rgb_to_lab: expected image with 3 channels (dimension -3), got shape (2, 2, 2, 2)",
                e.getMessage());
    }
}
