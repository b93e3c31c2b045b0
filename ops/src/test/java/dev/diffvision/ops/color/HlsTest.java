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
 * rgb_to_hls / hls_to_rgb against Kornia's vectors and OpenCV on real crops, round trip, gradients, bad input.
 *
 * <p>Convention difference: OpenCV's float HLS (same channel order H, L, S) has hue in degrees; the generator
 * converts it to radians. Hues are compared modulo 2pi.
 */
class HlsTest extends OpTestBase {

    @Test
    void matchesKorniaVectors() {
        ConformanceCase toHls = KorniaVectors.load("rgb_to_hls");
        NDArray hls = Hls.rgbToHls(toHls.input().toNDArray(manager), ((Number) toHls.params().get("eps")).doubleValue());
        assertClose(toHls.expected().toNDArray(manager), hls, toHls.atol());

        ConformanceCase toRgb = KorniaVectors.load("hls_to_rgb");
        NDArray in = toRgb.input().toNDArray(manager);
        NDArray expected = toRgb.expected().toNDArray(manager);
        assertClose(expected, Hls.hlsToRgb(in), toRgb.atol());
        NDArray shift = manager.create(new float[] {(float) (2 * Math.PI), 0, 0}, new Shape(3, 1, 1));
        assertClose(expected, Hls.hlsToRgb(in.add(shift)), toRgb.atol());
        assertClose(expected, Hls.hlsToRgb(in.sub(shift.mul(2))), toRgb.atol());
    }

    @Test
    void matchesOpenCvOnRealCrops() {
        for (String image : ColorRefs.IMAGES) {
            NDArray rgb = ColorRefs.load(manager, image + "_rgb");
            NDArray expected = ColorRefs.load(manager, image + "_hls");
            NDArray hls = Hls.rgbToHls(rgb);
            // Kornia divides by (max - min + 1e-8) and its saturation denominator + 1e-8; OpenCV has no eps.
            ColorRefs.assertHueClose(expected.get("0"), hls.get("0"), 1e-5);
            assertClose(expected.get("1:"), hls.get("1:"), 1e-5);
            assertClose(rgb, Hls.hlsToRgb(expected), 1e-5);
        }
    }

    @Test
    void roundTripAndBatching() {
        NDArray rgb = rand(DataType.FLOAT64, 3, 3, 6, 7);
        assertClose(rgb, Hls.hlsToRgb(Hls.rgbToHls(rgb)), 1e-7);
        assertClose(Hls.rgbToHls(rgb.get(1)), Hls.rgbToHls(rgb).get(1), 0);
    }

    @Test
    void gradientsAwayFromDegeneratePoints() {
        NDArray rgb = ColorRefs.distinctChannels(manager, random, 0.05, 2, 3, 4, 4);
        GradientCheck.check(x -> Hls.rgbToHls(x, 1e-3), rgb, GradientCheck.Options.defaults())
                .assertPassed("rgb_to_hls eps=1e-3");
        GradientCheck.check(Hls::rgbToHls, rgb, GradientCheck.Options.defaults()).assertPassed("rgb_to_hls");
        GradientCheck.check(Hls::hlsToRgb, Hls.rgbToHls(rgb), GradientCheck.Options.defaults())
                .assertPassed("hls_to_rgb");
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hls.hlsToRgb(manager.zeros(new Shape(1, 1, 2, 2))));
        assertEquals("hls_to_rgb: expected image with 3 channels (dimension -3), got shape (1, 1, 2, 2)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Hls.rgbToHls(manager.zeros(new Shape(3, 2, 2), DataType.INT32)));
        assertEquals("rgb_to_hls: expected image of dtype float32 or float64, got int32", e.getMessage());
    }
}
