package dev.diffvision.ops.io;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PngFilters#unfilter}'s hand-tuned loops (one-byte-pixel specialisations, the conditional-move Paeth
 * predictor) against a slow reference that spells out the PNG specification (section 9.2 and 9.4) byte by byte,
 * with the branching predictor of the specification's pseudo-code. Convention: rows of random bytes (seeded), each
 * with a random filter type 0-4; the first row has no row above (it counts as zeros). Tolerance: exact bytes, every
 * {@code bpp} a PNG can have (1 to 8) and row lengths shorter than, equal to and longer than one pixel.
 */
class PngFiltersTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 6, 8})
    void unfilterMatchesTheSpecificationsDefinition(int bpp) {
        Random rng = new Random(20261126L + bpp);
        for (int length : new int[] {1, bpp, bpp + 1, 7 * bpp + 3, 257 * bpp}) {
            int rows = 12;
            int stride = length + 1;
            byte[] filtered = new byte[rows * stride];
            rng.nextBytes(filtered);
            for (int y = 0; y < rows; y++) {
                filtered[y * stride] = (byte) (y < 5 ? y : rng.nextInt(5)); // every type, then at random
            }
            byte[] fast = filtered.clone();
            byte[] slow = filtered.clone();
            for (int y = 0, row = 1; y < rows; y++, row += stride) {
                int prior = y == 0 ? -1 : row - stride;
                assertTrue(PngFilters.unfilter(fast, row, prior, length, bpp, fast[row - 1]));
                referenceUnfilter(slow, row, prior, length, bpp, slow[row - 1]);
            }
            assertArrayEquals(slow, fast, "bpp " + bpp + ", row length " + length);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6, 255, -1})
    void unknownFilterTypesAreRefused(int type) {
        byte[] row = {7, 1, 2, 3};
        assertFalse(PngFilters.unfilter(row, 1, -1, 3, 1, type));
    }

    /** The specification's recurrences, one byte at a time, with x - bpp and the row above read as 0 when absent. */
    private static void referenceUnfilter(byte[] buf, int row, int prior, int length, int bpp, int type) {
        for (int i = 0; i < length; i++) {
            int a = i >= bpp ? buf[row + i - bpp] & 0xFF : 0;
            int b = prior >= 0 ? buf[prior + i] & 0xFF : 0;
            int c = prior >= 0 && i >= bpp ? buf[prior + i - bpp] & 0xFF : 0;
            int predictor = switch (type) {
                case 0 -> 0;
                case 1 -> a;
                case 2 -> b;
                case 3 -> (a + b) / 2;
                case 4 -> paethAsSpecified(a, b, c);
                default -> throw new IllegalArgumentException("filter type " + type);
            };
            buf[row + i] = (byte) (buf[row + i] + predictor);
        }
    }

    /** Section 9.4's pseudo-code, verbatim. */
    private static int paethAsSpecified(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        } else if (pb <= pc) {
            return b;
        }
        return c;
    }
}
