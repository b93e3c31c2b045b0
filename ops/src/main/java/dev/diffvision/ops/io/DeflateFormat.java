package dev.diffvision.ops.io;

/**
 * The constants of the deflate format (RFC 1951) that {@link RunLengthDeflater} writes and {@link ZlibInflater}
 * reads: one table each, so that the encoder and the decoder cannot disagree. The arrays are shared; callers only
 * read them.
 *
 * <pre>{@code
 * int symbol = 257 + code;                                  // a length code 0..28
 * int shortest = DeflateFormat.LENGTH_BASE[code];           // plus LENGTH_EXTRA[code] extra bits
 * }</pre>
 */
final class DeflateFormat {
    /** The literal/length symbol that ends a block. */
    static final int END_OF_BLOCK = 256;
    /** The longest literal/length or distance code, in bits. */
    static final int MAX_BITS = 15;
    /** Order in which the code-length code's lengths are sent (section 3.2.7). */
    static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    /** Extra bits of code-length symbols 16, 17, 18 (section 3.2.7). */
    static final int[] REPEAT_EXTRA = {2, 3, 7};
    /** The shortest match length of each length code 0..28 (symbols 257..285; section 3.2.5). */
    static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83,
        99, 115, 131, 163, 195, 227, 258};
    /** The extra bits of each length code 0..28. */
    static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5,
        5, 0};
    /** Symbols of the fixed literal/length code; the last two are never sent but shift the 9-bit codes' start. */
    static final int FIXED_LITLEN_SYMBOLS = 288;

    private DeflateFormat() {
    }

    /** @return the code lengths of the fixed literal/length code (section 3.2.6), a new array */
    static byte[] fixedLitlenLengths() {
        byte[] lengths = new byte[FIXED_LITLEN_SYMBOLS];
        for (int s = 0; s < FIXED_LITLEN_SYMBOLS; s++) {
            lengths[s] = (byte) (s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
        }
        return lengths;
    }
}
