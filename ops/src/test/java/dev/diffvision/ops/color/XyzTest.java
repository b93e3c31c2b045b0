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
 * rgb_to_xyz / xyz_to_rgb against Kornia's vector and OpenCV's COLOR_RGB2XYZ on real crops (same matrix, no
 * sRGB linearisation in either), round trip, gradients.
 */
class XyzTest extends OpTestBase {

    @Test
    void matchesKorniaVector() {
        ConformanceCase c = KorniaVectors.load("rgb_to_xyz");
        assertClose(c.expected().toNDArray(manager), Xyz.rgbToXyz(c.input().toNDArray(manager)), c.atol());
    }

    @Test
    void matchesOpenCvOnRealCrops() {
        for (String image : ColorRefs.IMAGES) {
            NDArray rgb = ColorRefs.load(manager, image + "_rgb");
            NDArray xyz = ColorRefs.load(manager, image + "_xyz");
            // Both float32 with the same constants; Kornia's inverse is the exact inverse matrix.
            assertClose(xyz, Xyz.rgbToXyz(rgb), 1e-6);
            assertClose(rgb, Xyz.xyzToRgb(xyz), 2e-6);
        }
    }

    @Test
    void roundTripGradientsAndBatching() {
        NDArray rgb = rand(DataType.FLOAT64, 2, 3, 4, 5);
        assertClose(rgb, Xyz.xyzToRgb(Xyz.rgbToXyz(rgb)), 1e-9);
        assertClose(Xyz.rgbToXyz(rgb.get(1)), Xyz.rgbToXyz(rgb).get(1), 1e-15);
        GradientCheck.check(Xyz::rgbToXyz, rgb, GradientCheck.Options.defaults()).assertPassed("rgb_to_xyz");
        GradientCheck.check(Xyz::xyzToRgb, rgb, GradientCheck.Options.defaults()).assertPassed("xyz_to_rgb");
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Xyz.xyzToRgb(manager.zeros(new Shape(4, 3))));
        assertEquals("xyz_to_rgb: expected image of shape (B, C, H, W) or (C, H, W), got (4, 3)", e.getMessage());
    }
}
