package dev.diffvision.ops.io;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PngSamples}' 8-bit RGB split (eight pixels per step through longs, the rest byte by byte) against the
 * definition of the CHW layout: sample {@code c} of pixel {@code x} in row {@code y} (byte {@code 1 + 3x + c} of the
 * row, after its filter-type byte) lands at {@code (c * H + y) * W + x}. Convention: random (seeded) unfiltered
 * rows; widths on both sides of multiples of 8, so the tail loop runs with 0 to 7 pixels. Tolerance: exact bytes.
 */
class PngSamplesTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 15, 16, 17, 23, 256, 259})
    void rgbRowsSplitIntoPlanes(int width) throws Exception {
        int height = 5;
        int stride = 3 * width + 1;
        byte[] raw = new byte[height * stride];
        new Random(width).nextBytes(raw);
        Pixels pixels = PngSamples.toPixels(new PngHeader(width, height, 8, PngHeader.RGB, false), raw, null, null);
        byte[] expected = new byte[3 * height * width];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    expected[(c * height + y) * width + x] = raw[y * stride + 1 + 3 * x + c];
                }
            }
        }
        assertEquals(3, pixels.channels);
        assertArrayEquals(expected, pixels.samples, "width " + width);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 8, 13})
    void rgbWithColourKeyGetsItsAlphaPlaneAfterTheSplit(int width) throws Exception {
        int height = 3;
        int stride = 3 * width + 1;
        byte[] raw = new byte[height * stride];
        new Random(7 * width).nextBytes(raw);
        raw[1] = 10; // pixel (0, 0) is the key colour (10, 20, 30)
        raw[2] = 20;
        raw[3] = 30;
        byte[] key = {0, 10, 0, 20, 0, 30};
        Pixels pixels = PngSamples.toPixels(new PngHeader(width, height, 8, PngHeader.RGB, false), raw, null, key);
        int plane = width * height;
        assertEquals(4, pixels.channels);
        assertEquals(10, pixels.samples[0]);
        assertEquals(20, pixels.samples[plane]);
        assertEquals(30, pixels.samples[2 * plane]);
        assertEquals(0, pixels.samples[3 * plane]);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int s = y * stride + 1 + 3 * x;
                boolean keyed = raw[s] == 10 && raw[s + 1] == 20 && raw[s + 2] == 30;
                assertEquals(keyed ? 0 : (byte) 0xFF, pixels.samples[3 * plane + y * width + x], "alpha at " + x + ", " + y);
            }
        }
    }
}
