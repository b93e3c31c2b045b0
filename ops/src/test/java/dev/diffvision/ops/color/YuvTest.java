package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * rgb_to_yuv / yuv_to_rgb (no Kornia vector exists) against OpenCV's COLOR_RGB2YUV on real crops, round trip,
 * gradients.
 *
 * <p>Convention difference: OpenCV's float YUV adds 0.5 to U and V and uses U = 0.492 (B - Y),
 * V = 0.877 (R - Y); Kornia's (BT.470 M/PAL) has no offset and rounds the same products to 3 decimals
 * (-0.147, -0.289, 0.436; 0.615, -0.515, -0.100). The test subtracts 0.5 and allows 5e-4 for the rounding.
 */
class YuvTest extends OpTestBase {

    @Test
    void matchesOpenCvOnRealCrops() {
        for (String image : ColorRefs.IMAGES) {
            NDArray rgb = ColorRefs.load(manager, image + "_rgb");
            NDArray opencv = ColorRefs.load(manager, image + "_yuv");
            NDArray expected = opencv.sub(manager.create(new float[] {0, 0.5f, 0.5f}, new Shape(3, 1, 1)));
            NDArray yuv = Yuv.rgbToYuv(rgb);
            assertClose(expected.get("0"), yuv.get("0"), 1e-6);
            assertClose(expected, yuv, 5e-4);
        }
    }

    @Test
    void roundTripGradientsAndBatching() {
        NDArray rgb = rand(DataType.FLOAT64, 2, 3, 4, 5);
        // Kornia's forward and inverse constants are each rounded to 3 decimals: they invert to ~1e-3.
        assertClose(rgb, Yuv.yuvToRgb(Yuv.rgbToYuv(rgb)), 2e-3);
        assertClose(Yuv.rgbToYuv(rgb.get(1)), Yuv.rgbToYuv(rgb).get(1), 1e-15);
        GradientCheck.check(Yuv::rgbToYuv, rgb, GradientCheck.Options.defaults()).assertPassed("rgb_to_yuv");
        GradientCheck.check(Yuv::yuvToRgb, rgb, GradientCheck.Options.defaults()).assertPassed("yuv_to_rgb");
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Yuv.yuvToRgb(manager.zeros(new Shape(3, 2, 2), DataType.UINT8)));
        assertEquals("yuv_to_rgb: expected image of dtype float32 or float64, got uint8", e.getMessage());
    }
}
