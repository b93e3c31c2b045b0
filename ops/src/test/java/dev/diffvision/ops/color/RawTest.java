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
 * raw_to_rgb / rgb_to_raw / raw_to_rgb_2x2_downscaled (no Kornia vector exists) against OpenCV's bilinear
 * demosaicing on real crops, closed forms, gradients, bad input.
 *
 * <p>Convention: Kornia's CFA names (BG = red at (0, 0), blue at (1, 1)) are OpenCV's {@code COLOR_Bayer<P>2RGB}
 * names. OpenCV treats the one-pixel border differently (Kornia mirrors with reflect-101), so the comparison
 * is on the interior {@code [1, 31) x [1, 31)}; there both are the same bilinear means, exact for the 16-bit
 * mosaics of multiples of 4 the generator writes: tolerance 1e-6 (float32 rounding).
 */
class RawTest extends OpTestBase {

    @Test
    void matchesOpenCvInteriorForEveryLayout() {
        for (String image : ColorRefs.IMAGES) {
            for (Cfa cfa : Cfa.values()) {
                NDArray raw = ColorRefs.load(manager, image + "_raw_" + cfa.kornia());
                NDArray expected = ColorRefs.load(manager, image + "_demosaic_" + cfa.kornia());
                NDArray rgb = Raw.rawToRgb(raw, cfa);
                assertEquals(new Shape(3, 32, 32), rgb.getShape());
                assertClose(expected.get(":, 1:31, 1:31"), rgb.get(":, 1:31, 1:31"), 1e-6);
                // The measured samples survive demosaicing: raw -> rgb -> raw is the identity.
                assertClose(raw, Raw.rgbToRaw(rgb, cfa), 1e-7);
            }
        }
    }

    @Test
    void bordersMirrorLikeKornia() {
        // BG on a 2x2 image: R at (0, 0), G at (0, 1) and (1, 0), B at (1, 1). Reflect-101 replicates each
        // colour lattice across the border, so every pixel gets the single R, the mean G and the single B.
        NDArray raw = manager.create(new float[] {0.1f, 0.2f, 0.4f, 0.8f}, new Shape(1, 1, 2, 2));
        NDArray rgb = Raw.rawToRgb(raw, Cfa.BG);
        float[] expected = {
            0.1f, 0.1f, 0.1f, 0.1f,
            0.3f, 0.2f, 0.4f, 0.3f,
            0.8f, 0.8f, 0.8f, 0.8f,
        };
        assertClose(manager.create(expected, new Shape(1, 3, 2, 2)), rgb, 1e-7);
    }

    @Test
    void downscaledAveragesTheGreens() {
        for (Cfa cfa : Cfa.values()) {
            NDArray rgb = rand(DataType.FLOAT32, 2, 3, 4, 6);
            NDArray raw = Raw.rgbToRaw(rgb, cfa);
            NDArray small = Raw.rawToRgb2x2Downscaled(raw, cfa);
            assertEquals(new Shape(2, 3, 2, 3), small.getShape());
            int[][] tile = cfa.tile();
            double green = 0;
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 2; c++) {
                    if (tile[r][c] == 1) {
                        green += raw.getFloat(1, 0, 2 + r, 4 + c) / 2.0;
                    } else {
                        assertEquals(raw.getFloat(1, 0, 2 + r, 4 + c), small.getFloat(1, tile[r][c], 1, 2), 0);
                    }
                }
            }
            assertEquals(green, small.getFloat(1, 1, 1, 2), 1e-7);
        }
    }

    @Test
    void gradientsForEveryLayout() {
        NDArray raw = rand(DataType.FLOAT64, 1, 1, 4, 6);
        NDArray rgb = rand(DataType.FLOAT64, 1, 3, 4, 6);
        for (Cfa cfa : Cfa.values()) {
            GradientCheck.check(x -> Raw.rawToRgb(x, cfa), raw, GradientCheck.Options.defaults())
                    .assertPassed("raw_to_rgb " + cfa);
            GradientCheck.check(x -> Raw.rgbToRaw(x, cfa), rgb, GradientCheck.Options.defaults())
                    .assertPassed("rgb_to_raw " + cfa);
            GradientCheck.check(x -> Raw.rawToRgb2x2Downscaled(x, cfa), raw, GradientCheck.Options.defaults())
                    .assertPassed("raw_to_rgb_2x2_downscaled " + cfa);
        }
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Raw.rawToRgb(manager.zeros(new Shape(1, 1, 4, 5)), Cfa.RG));
        assertEquals("raw_to_rgb: expected image with even H and W, got shape (1, 1, 4, 5)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Raw.rawToRgb(manager.zeros(new Shape(1, 3, 4, 4)),
                Cfa.RG));
        assertEquals("raw_to_rgb: expected image with 1 channels (dimension -3), got shape (1, 3, 4, 4)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cfa.parse("RB", "raw_to_rgb"));
        assertEquals("raw_to_rgb: expected cfa one of BG, GB, RG, GR, got 'RB'", e.getMessage());
    }
}
