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
 * Channel order, alpha and the sRGB curve (Kornia's rgb.py; no Kornia vectors exist): closed forms, round trips,
 * gradients, bad input.
 */
class RgbTest extends OpTestBase {

    @Test
    void channelOrderAndAlpha() {
        NDArray rgb = rand(DataType.FLOAT32, 2, 3, 3, 4);
        NDArray bgr = Rgb.rgbToBgr(rgb);
        assertClose(rgb.get(":, 0"), bgr.get(":, 2"), 0);
        assertClose(rgb.get(":, 2"), bgr.get(":, 0"), 0);
        assertClose(rgb, Rgb.bgrToRgb(bgr), 0);

        NDArray rgba = Rgb.rgbToRgba(rgb, 0.25);
        assertEquals(new Shape(2, 4, 3, 4), rgba.getShape());
        assertClose(manager.full(new Shape(2, 3, 4), 0.25f), rgba.get(":, 3"), 0);
        assertClose(rgb, Rgb.rgbaToRgb(rgba), 0);
        assertClose(bgr, Rgb.rgbaToBgr(rgba), 0);
        assertClose(rgba, Rgb.bgrToRgba(bgr, 0.25), 0);

        NDArray alpha = rand(DataType.FLOAT32, 2, 1, 3, 4);
        assertClose(alpha, Rgb.rgbToRgba(rgb, alpha).get(":, 3:"), 0);
        assertClose(Rgb.rgbToRgba(rgb, alpha), Rgb.bgrToRgba(bgr, alpha), 0);
        // (C, H, W) input keeps its rank.
        assertEquals(new Shape(4, 3, 4), Rgb.rgbToRgba(rgb.get(0), 1.0).getShape());
    }

    @Test
    void srgbCurveClosedForms() {
        // Below the knees the curve is linear; above, the power law (IEC 61966-2-1).
        double[] srgb = {0, 0.02, 0.5, 1};
        double[] linear = {0, 0.02 / 12.92, Math.pow((0.5 + 0.055) / 1.055, 2.4), 1};
        NDArray x = manager.create(srgb, new Shape(1, 1, 4)).repeat(0, 3);
        NDArray expected = manager.create(linear, new Shape(1, 1, 4)).repeat(0, 3);
        assertClose(expected, Rgb.rgbToLinearRgb(x), 1e-12);
        assertClose(x, Rgb.linearRgbToRgb(expected), 1e-12);
        NDArray img = rand(DataType.FLOAT64, 2, 3, 4, 5);
        assertClose(img, Rgb.linearRgbToRgb(Rgb.rgbToLinearRgb(img)), 1e-12);
        // Negative (out-of-gamut) linear values stay finite on both curves.
        NDArray negative = manager.full(new Shape(3, 1, 1), -0.1f);
        assertClose(negative.div(12.92), Rgb.rgbToLinearRgb(negative), 1e-8);
        assertClose(negative.mul(12.92), Rgb.linearRgbToRgb(negative), 1e-6);
    }

    @Test
    void gradients() {
        NDArray img = rand(DataType.FLOAT64, 1, 3, 4, 4);
        GradientCheck.check(Rgb::rgbToLinearRgb, img, GradientCheck.Options.defaults())
                .assertPassed("rgb_to_linear_rgb");
        GradientCheck.check(Rgb::linearRgbToRgb, img, GradientCheck.Options.defaults())
                .assertPassed("linear_rgb_to_rgb");
        // Both branches, including negative inputs where a naive power branch would give NaN gradients.
        NDArray mixed = img.sub(0.2);
        GradientCheck.check(Rgb::rgbToLinearRgb, mixed, GradientCheck.Options.defaults())
                .assertPassed("rgb_to_linear_rgb with negatives");
        GradientCheck.check(Rgb::linearRgbToRgb, mixed, GradientCheck.Options.defaults())
                .assertPassed("linear_rgb_to_rgb with negatives");
        NDArray alpha = rand(DataType.FLOAT64, 1, 1, 4, 4);
        GradientCheck.check(a -> Rgb.rgbToRgba(img, a), alpha, GradientCheck.Options.defaults())
                .assertPassed("rgb_to_rgba with respect to alpha");
        GradientCheck.check(Rgb::rgbaToBgr, rand(DataType.FLOAT64, 1, 4, 3, 3), GradientCheck.Options.defaults())
                .assertPassed("rgba_to_bgr");
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rgb.rgbaToRgb(manager.zeros(new Shape(1, 3, 2, 2))));
        assertEquals("rgba_to_rgb: expected image with 4 channels (dimension -3), got shape (1, 3, 2, 2)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Rgb.rgbToRgba(manager.zeros(new Shape(1, 3, 2, 2)), manager.zeros(new Shape(1, 1, 2, 3))));
        assertEquals("rgb_to_rgba: expected alpha_val of shape (1, 1, 2, 2), got (1, 1, 2, 3)", e.getMessage());
        // a NaN constant filled the whole alpha channel with NaN
        e = assertThrows(IllegalArgumentException.class,
                () -> Rgb.bgrToRgba(manager.zeros(new Shape(1, 3, 2, 2)), Double.NaN));
        assertEquals("bgr_to_rgba: expected finite values in alpha_val, got NaN", e.getMessage());
    }
}
