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

/** rgb_to_grayscale against Kornia's vector (BT.601 weights), gradients, batching, bad input. */
class GrayTest extends OpTestBase {

    @Test
    void matchesKornia() {
        ConformanceCase c = KorniaVectors.load("rgb_to_grayscale");
        NDArray out = Gray.rgbToGrayscale(c.input().toNDArray(manager));
        assertClose(c.expected().toNDArray(manager), out, c.atol());
    }

    @Test
    void grayToRgbRepeatsTheChannel() {
        NDArray gray = rand(DataType.FLOAT32, 2, 1, 3, 3);
        NDArray rgb = Gray.grayscaleToRgb(gray);
        assertEquals(new Shape(2, 3, 3, 3), rgb.getShape());
        for (int c = 0; c < 3; c++) {
            assertClose(gray.get(":, 0"), rgb.get(":, " + c), 0);
        }
    }

    @Test
    void bgrToGrayscaleIsGrayOfTheFlippedImage() {
        NDArray rgb = rand(DataType.FLOAT32, 2, 3, 3, 3);
        assertClose(Gray.rgbToGrayscale(rgb), Gray.bgrToGrayscale(rgb.flip(1)), 1e-7);
        GradientCheck.check(Gray::bgrToGrayscale, rgb.toType(DataType.FLOAT64, false), GradientCheck.Options.defaults())
                .assertPassed("bgr_to_grayscale");
    }

    @Test
    void gradientsAndBatching() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 4, 4);
        GradientCheck.check(Gray::rgbToGrayscale, x, GradientCheck.Options.defaults()).assertPassed("rgb_to_grayscale");
        GradientCheck.check(Gray::grayscaleToRgb, x.get(":, :1"), GradientCheck.Options.defaults())
                .assertPassed("grayscale_to_rgb");
        NDArray out = Gray.rgbToGrayscale(x);
        assertClose(Gray.rgbToGrayscale(x.get(1)), out.get(1), 1e-15);
    }

    @Test
    void rejectsWrongChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gray.rgbToGrayscale(manager.zeros(new Shape(1, 4, 2, 2))));
        assertEquals("rgb_to_grayscale: expected image with 3 channels (dimension -3), got shape (1, 4, 2, 2)",
                e.getMessage());
    }
}
