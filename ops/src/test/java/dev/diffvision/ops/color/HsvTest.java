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
 * rgb_to_hsv / hsv_to_rgb against Kornia's vectors and OpenCV on real crops, round trip, gradients, bad input.
 *
 * <p>Convention difference: OpenCV's float HSV hue is in degrees [0, 360); the generator converts it to radians
 * (Kornia's unit). Hues are compared modulo 2pi (0 and 2pi - tiny are the same hue).
 */
class HsvTest extends OpTestBase {

    @Test
    void matchesKorniaVectors() {
        ConformanceCase toHsv = KorniaVectors.load("rgb_to_hsv");
        NDArray hsv = Hsv.rgbToHsv(toHsv.input().toNDArray(manager), ((Number) toHsv.params().get("eps")).doubleValue());
        assertClose(toHsv.expected().toNDArray(manager), hsv, toHsv.atol());

        ConformanceCase toRgb = KorniaVectors.load("hsv_to_rgb");
        NDArray in = toRgb.input().toNDArray(manager);
        NDArray expected = toRgb.expected().toNDArray(manager);
        assertClose(expected, Hsv.hsvToRgb(in), toRgb.atol());
        // Kornia's test also shifts the hue by +2pi and then -4pi: the hue wraps.
        NDArray shift = manager.create(new float[] {(float) (2 * Math.PI), 0, 0}, new Shape(3, 1, 1));
        assertClose(expected, Hsv.hsvToRgb(in.add(shift)), toRgb.atol());
        assertClose(expected, Hsv.hsvToRgb(in.sub(shift)), toRgb.atol());

        ConformanceCase sextants = KorniaVectors.load("hsv_to_rgb__sextant_mid");
        assertClose(sextants.expected().toNDArray(manager), Hsv.hsvToRgb(sextants.input().toNDArray(manager)),
                sextants.atol());
    }

    @Test
    void matchesOpenCvOnRealCrops() {
        for (String image : ColorRefs.IMAGES) {
            NDArray rgb = ColorRefs.load(manager, image + "_rgb");
            NDArray expected = ColorRefs.load(manager, image + "_hsv");
            NDArray hsv = Hsv.rgbToHsv(rgb);
            // OpenCV's float hue path scales by a precomputed 60 / delta and is off by up to ~0.002 degrees (e.g.
            // 300.0018 for an exact 300): 1e-4 rad. Saturation: OpenCV divides by v + FLT_EPSILON (1.2e-7), Kornia
            // by v + 1e-8, a difference of up to 1.2e-7 / v = 3e-5 for the darkest 8-bit level v = 1/255: 5e-5.
            ColorRefs.assertHueClose(expected.get("0"), hsv.get("0"), 1e-4);
            assertClose(expected.get("1"), hsv.get("1"), 5e-5);
            assertClose(expected.get("2"), hsv.get("2"), 1e-6);
            // Inverse: back to the crop (hsv_to_rgb is exact up to float32 rounding).
            assertClose(rgb, Hsv.hsvToRgb(expected), 1e-5);
        }
    }

    @Test
    void roundTripAndBatching() {
        NDArray rgb = rand(DataType.FLOAT64, 3, 3, 6, 7);
        assertClose(rgb, Hsv.hsvToRgb(Hsv.rgbToHsv(rgb)), 1e-7);
        assertClose(Hsv.rgbToHsv(rgb.get(2)), Hsv.rgbToHsv(rgb).get(2), 0);
        // Gray pixels: hue 0, saturation 0, value = the level.
        NDArray gray = manager.full(new Shape(3, 2, 2), 0.4f);
        assertClose(manager.create(new float[] {0, 0, 0.4f}, new Shape(3, 1, 1)).broadcast(3, 2, 2),
                Hsv.rgbToHsv(gray), 1e-7);
    }

    @Test
    void gradientsAwayFromDegeneratePoints() {
        NDArray rgb = ColorRefs.distinctChannels(manager, random, 0.05, 2, 3, 4, 4);
        GradientCheck.check(x -> Hsv.rgbToHsv(x, 1e-3), rgb, GradientCheck.Options.defaults())
                .assertPassed("rgb_to_hsv eps=1e-3");
        GradientCheck.check(Hsv::rgbToHsv, rgb, GradientCheck.Options.defaults()).assertPassed("rgb_to_hsv");
        NDArray hsv = Hsv.rgbToHsv(rgb);
        GradientCheck.check(Hsv::hsvToRgb, hsv, GradientCheck.Options.defaults()).assertPassed("hsv_to_rgb");
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hsv.rgbToHsv(manager.zeros(new Shape(1, 4, 2, 2))));
        assertEquals("rgb_to_hsv: expected image with 3 channels (dimension -3), got shape (1, 4, 2, 2)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Hsv.rgbToHsv(manager.zeros(new Shape(3, 2, 2)), -1));
        assertEquals("rgb_to_hsv: expected eps >= 0.0, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Hsv.hsvToRgb(manager.zeros(new Shape(3, 2))));
        assertEquals("hsv_to_rgb: expected image of shape (B, C, H, W) or (C, H, W), got (3, 2)", e.getMessage());
    }
}
