package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

/**
 * The cache-blocked HSV kernel ({@code rgb_to_hsv.py}) on batches large enough to run as several chunks of
 * images with a partial last chunk (chunks of about 4 MiB of working set, sized in {@code Aten}). Convention:
 * Kornia's (RGB in [0, 1], hue in radians, eps 1e-8). Peer: the same op image by image (one chunk each; the
 * single-image kernel is checked against Kornia vectors in HsvTest). Tolerance 1e-12 in float64, 1e-6 in
 * float32; float64 finite-difference gradients through a multi-chunk call.
 */
class CacheBlockedColorTest extends OpTestBase {

    @Test
    void hsvInChunksEqualsPerImage() {
        // 64 x 64 float64: 480 KiB per image (inputs, intermediates, outputs), 8 images per chunk; 10 as 8 + 2
        // (float32: 17 per chunk, 20 as 17 + 3)
        NDArray x = rand(DataType.FLOAT64, 10, 3, 64, 64);
        assertPerItem(Hsv.rgbToHsv(x), x, Hsv::rgbToHsv, 1e-12);
        NDArray f = rand(DataType.FLOAT32, 20, 3, 64, 64);
        assertPerItem(Hsv.rgbToHsv(f), f, Hsv::rgbToHsv, 1e-6);
    }

    @Test
    void gradientsPassThroughSeveralChunks() {
        GradientCheck.Options options = new GradientCheck.Options(1e-6, 1e-5, 1e-3, 120, 42);
        GradientCheck.check(Hsv::rgbToHsv, rand(DataType.FLOAT64, 10, 3, 64, 64), options)
                .assertPassed("rgb_to_hsv, 8 + 2 images");
    }
}
