package dev.diffvision.ops.core.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.Adler32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Adler32Simd} against java.util.zip's {@link Adler32} (zlib's), exactly: every length from 0 to 100
 * (tails shorter than a vector, one vector, vectors plus a tail), lengths around the kernel's 1024-chunk blocks,
 * offsets inside a larger array, and the sums' worst case (all bytes 0xFF, where every lane and the weighted sum
 * are largest) over 1 MiB.
 */
class Adler32SimdTest {

    @Test
    void matchesZlibOverLengthsOffsetsAndBlocks() {
        assertTrue(SimdKernels.available(), "the tests run with the Vector API module");
        byte[] data = new byte[70_000];
        new Random(8_2).nextBytes(data);
        for (int len = 0; len <= 100; len++) {
            assertAdler(data, 3, len);
        }
        for (int len : new int[] {8_191, 8_192, 8_193, 16_383, 16_384, 16_385, 65_520, 65_521, 65_536, 69_000}) {
            assertAdler(data, 0, len);
            assertAdler(data, 1, len);
        }
    }

    @Test
    void largestSumsDoNotOverflow() {
        byte[] ones = new byte[1 << 20];
        Arrays.fill(ones, (byte) 0xFF);
        assertAdler(ones, 0, ones.length);
        assertAdler(ones, 5, ones.length - 17);
    }

    @Test
    void rangeOutsideTheArrayIsRejected() {
        assertThrows(IndexOutOfBoundsException.class, () -> Adler32Simd.adler32(new byte[10], 4, 7));
    }

    private static void assertAdler(byte[] data, int off, int len) {
        Adler32 expected = new Adler32();
        expected.update(data, off, len);
        assertEquals((int) expected.getValue(), Adler32Simd.adler32(data, off, len),
                "offset " + off + " length " + len);
    }
}
