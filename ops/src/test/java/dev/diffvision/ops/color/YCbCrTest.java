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
 * rgb_to_ycbcr / ycbcr_to_rgb / rgb_to_y against Kornia's vector and OpenCV on real crops, gradients.
 *
 * <p>Convention difference: OpenCV's COLOR_RGB2YCrCb returns the channels in the order <b>Y, Cr, Cb</b>;
 * Kornia's is Y, Cb, Cr. The constants (0.299, 0.587, 0.114; 0.564; 0.713) and the float chroma offset 0.5
 * are the same, so the comparison reorders OpenCV's channels and uses float32 rounding tolerance.
 */
class YCbCrTest extends OpTestBase {

    @Test
    void matchesKorniaVector() {
        ConformanceCase c = KorniaVectors.load("ycbcr_to_rgb");
        assertClose(c.expected().toNDArray(manager), YCbCr.ycbcrToRgb(c.input().toNDArray(manager)), c.atol());
    }

    @Test
    void matchesOpenCvOnRealCropsWithReorderedChannels() {
        for (String image : ColorRefs.IMAGES) {
            NDArray rgb = ColorRefs.load(manager, image + "_rgb");
            NDArray ycrcb = ColorRefs.load(manager, image + "_ycrcb");
            NDArray ycbcr = ycrcb.get(manager.create(new long[] {0, 2, 1}));
            assertClose(ycbcr, YCbCr.rgbToYcbcr(rgb), 1e-6);
            // The inverse uses Kornia's 3-decimal constants (1.403, 0.714, 0.344, 1.773): 2e-3.
            assertClose(rgb, YCbCr.ycbcrToRgb(ycbcr), 2e-3);
            assertClose(ycbcr.get("0:1"), YCbCr.rgbToY(rgb), 1e-6);
        }
    }

    @Test
    void gradientsAndBatching() {
        NDArray rgb = rand(DataType.FLOAT64, 2, 3, 4, 5);
        GradientCheck.check(YCbCr::rgbToYcbcr, rgb, GradientCheck.Options.defaults()).assertPassed("rgb_to_ycbcr");
        // Away from the clamp at 0 and 1.
        NDArray inside = YCbCr.rgbToYcbcr(rgb.mul(0.8).add(0.1));
        GradientCheck.check(YCbCr::ycbcrToRgb, inside, GradientCheck.Options.defaults()).assertPassed("ycbcr_to_rgb");
        assertClose(YCbCr.rgbToYcbcr(rgb.get(0)), YCbCr.rgbToYcbcr(rgb).get(0), 1e-15);
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> YCbCr.rgbToY(manager.zeros(new Shape(1, 2, 2))));
        assertEquals("rgb_to_y: expected image with 3 channels (dimension -3), got shape (1, 2, 2)", e.getMessage());
    }
}
