package dev.diffvision.ops.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The raster fast paths of {@link RasterPixels} against the obviously correct, slow {@link Raster#getSample} and
 * {@link BufferedImage#getRGB} (BoofCV-style naive reference).
 */
class RasterPixelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"gray8.png", "rgb8.png", "rgba8.png", "gray16.png", "rgb16.png", "rgba16.png", "ga8.png",
        "ga16.png", "rgb.jpg", "gray.jpg"})
    void interleavedFastPathMatchesGetSample(String name) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(IoFixtures.resource("images/" + name)));
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int w = image.getWidth();
        int h = image.getHeight();
        int[] expected = new int[bands * h * w];
        for (int c = 0; c < bands; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    expected[(c * h + y) * w + x] = raster.getSample(x, y, c);
                }
            }
        }
        HostTensor actual = RasterPixels.extract(image, false).toHostTensor();
        assertArrayEquals(new long[] {bands, h, w}, actual.shape());
        assertArrayEquals(expected, IoFixtures.ints(actual));
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_ARGB_PRE,
        BufferedImage.TYPE_4BYTE_ABGR_PRE, BufferedImage.TYPE_USHORT_565_RGB})
    void otherLayoutsFallBackToGetRgb(int type) {
        BufferedImage image = new BufferedImage(5, 3, type);
        Random random = new Random(type);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        assertMatchesGetRgb(image, RasterPixels.extract(image, false).toHostTensor());
    }

    @Test
    void subimageWithTranslatedRasterFallsBackToGetRgb() {
        BufferedImage image = new BufferedImage(6, 5, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(3);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 6; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        BufferedImage sub = image.getSubimage(1, 2, 4, 3);
        assertMatchesGetRgb(sub, RasterPixels.extract(sub, false).toHostTensor());
    }

    private static void assertMatchesGetRgb(BufferedImage image, HostTensor actual) {
        boolean alpha = image.getColorModel().hasAlpha();
        int channels = alpha ? 4 : 3;
        int w = image.getWidth();
        int h = image.getHeight();
        assertEquals(DType.UINT8, actual.dtype());
        assertArrayEquals(new long[] {channels, h, w}, actual.shape());
        int[] v = IoFixtures.ints(actual);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                int i = y * w + x;
                int plane = w * h;
                assertEquals((argb >> 16) & 0xFF, v[i]);
                assertEquals((argb >> 8) & 0xFF, v[plane + i]);
                assertEquals(argb & 0xFF, v[2 * plane + i]);
                if (alpha) {
                    assertEquals(argb >>> 24, v[3 * plane + i]);
                }
            }
        }
    }
}
