package dev.diffvision.ops.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Compresses bytes into a zlib stream (RFC 1950) with zlib's {@code Z_RLE} strategy, in Java: the only matches
 * are runs of the previous byte (distance 1, length 3..258), everything else is a literal. {@link PngWriter}
 * uses it for PNG's IDAT data by default; on filtered image rows it compresses to about zlib level 1's size
 * (mostly smaller, see {@link PngWriter}) in 0.3-0.6x of the time: the match search finds the literals among 6
 * bytes with one 8-byte word comparison, and each symbol is written by one table look-up into a 64-bit bit
 * buffer.
 *
 * <p>Stream layout: the two-byte zlib header {@code 78 01} (deflate, 32 KiB window, "fastest" level), deflate
 * data (RFC 1951), and the Adler-32 of the input, big-endian (RFC 1950, section 2.2). The data is cut into
 * blocks of {@value #BLOCK_SYMBOLS} symbols (literals and runs, as zlib's default memory level does), and each
 * block is written whichever way is smallest (RFC 1951, section 3.2.3): stored (section 3.2.4; split into
 * pieces of at most 65,535 bytes), with the fixed Huffman codes (3.2.6), or with dynamic Huffman codes built
 * for the block (3.2.7: literal/length and distance codes at most 15 bits long, the code-length code at most
 * 7, code lengths run-length coded with symbols 16, 17 and 18). So incompressible data grows by about 5 bytes
 * per 64 KiB plus 6 bytes, and empty input is a fixed block holding only end-of-block.
 *
 * <p>One pass over the input finds the runs and counts symbol frequencies into an int symbol buffer; the
 * block is then written through a 64-bit bit buffer into a byte array. Runs may reach back across block
 * boundaries (distance 1 is always inside the window).
 */
final class RunLengthDeflater {
    /** Symbols (literals and runs) per deflate block; zlib's default. */
    static final int BLOCK_SYMBOLS = 1 << 14;
    private static final int MIN_RUN = 3;
    private static final int MAX_RUN = 258;
    private static final int LITLEN_CODES = 286;
    /**
     * Distance codes sent: code 0 (distance 1) and code 1, unused, both one bit long, so that the distance code
     * is complete (zlib's inflate accepts an incomplete code only as a single one-bit code; this is simpler).
     */
    private static final int DIST_CODES = 2;
    private static final byte[] DIST_LENGTHS = {1, 1};
    private static final int CODE_LENGTH_CODES = 19;
    private static final int MAX_CODE_LENGTH_BITS = 7;
    private static final int MAX_STORED = 65_535;
    /** Length code (0..28, i.e. symbol 257..285) of each run length 3..258. */
    private static final byte[] LENGTH_CODE = new byte[MAX_RUN + 1];
    private static final byte[] FIXED_LENGTHS = DeflateFormat.fixedLitlenLengths();
    private static final int[] FIXED_CODES = new int[DeflateFormat.FIXED_LITLEN_SYMBOLS];
    private static final int FIXED_DIST_BITS = 5;
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** The low seven bits of every byte of a long. */
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;
    /** The high bits of bytes 0..5: the positions whose run test fits in one 8-byte word. */
    private static final long RUN_STARTS = 0x0000808080808080L;
    /** Bytes decided per word by {@link #literalsAhead}. */
    private static final int LITERAL_STRIDE = 6;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int code = 0; code < 28; code++) {
            for (int k = 0; k < 1 << DeflateFormat.LENGTH_EXTRA[code]; k++) {
                LENGTH_CODE[DeflateFormat.LENGTH_BASE[code] + k] = (byte) code;
            }
        }
        LENGTH_CODE[MAX_RUN] = 28; // 258 has its own code, 285, without extra bits
        HuffmanCodes.codes(FIXED_LENGTHS, DeflateFormat.FIXED_LITLEN_SYMBOLS, FIXED_CODES);
    }

    private final int blockSymbols;
    private final int[] symbols;
    private int symbolCount;
    /** Input bytes of consecutive blocks chosen to be stored, written together to save the block headers. */
    private int storedStart;
    private int storedLen;
    private final int[] litFreq = new int[LITLEN_CODES];
    private final byte[] litLengths = new byte[LITLEN_CODES];
    private final int[] litCodes = new int[LITLEN_CODES];
    private final byte[] allLengths = new byte[LITLEN_CODES + DIST_CODES];
    private final int[] lengthSymbols = new int[LITLEN_CODES + DIST_CODES];
    private final int[] clFreq = new int[CODE_LENGTH_CODES];
    private final byte[] clLengths = new byte[CODE_LENGTH_CODES];
    private final int[] clCodes = new int[CODE_LENGTH_CODES];
    private final int[] symbolTable = new int[256 + MAX_RUN + 1];
    private byte[] out;
    private int pos;
    private long bits;
    private int bitCount;

    private RunLengthDeflater(int blockSymbols, int capacity) {
        this.blockSymbols = blockSymbols;
        this.symbols = new int[blockSymbols];
        this.out = new byte[capacity];
    }

    /**
     * Compresses {@code data[off, off + len)} into a complete zlib stream.
     *
     * @param data the bytes; not modified
     * @param off index of the first byte
     * @param len number of bytes, >= 0
     * @return the zlib stream, decodable by {@link java.util.zip.Inflater}
     */
    static byte[] compress(byte[] data, int off, int len) {
        return compress(data, off, len, BLOCK_SYMBOLS);
    }

    /** {@link #compress(byte[], int, int)} with a chosen number of symbols per block (at least 1). */
    static byte[] compress(byte[] data, int off, int len, int blockSymbols) {
        RunLengthDeflater deflater = new RunLengthDeflater(blockSymbols, (len >>> 2) + 64);
        deflater.out[0] = 0x78; // CM 8 (deflate), CINFO 7 (32 KiB window)
        deflater.out[1] = 0x01; // FLEVEL 0, no dictionary, FCHECK: 0x7801 is a multiple of 31
        deflater.pos = 2;
        int end = off + len;
        int i = off;
        do {
            int start = i;
            i = deflater.scan(data, off, i, end);
            deflater.writeBlock(data, start, i - start, i == end);
        } while (i < end);
        deflater.alignToByte();
        deflater.ensure(4);
        int sum = ZlibChecksum.adler32(data, off, len);
        for (int shift = 24; shift >= 0; shift -= 8) {
            deflater.out[deflater.pos++] = (byte) (sum >>> shift);
        }
        return Arrays.copyOf(deflater.out, deflater.pos);
    }

    /**
     * The symbols the compressor's match search makes of {@code data[off, off + len)} as one block: literals
     * {@code 0..255} and runs {@code 256 + length}. What {@link #compress} codes, exposed for checking the search
     * against a byte-by-byte reading of the rule.
     *
     * @param data the bytes; not modified
     * @param off index of the first byte
     * @param len number of bytes, >= 1
     * @return the symbols in order
     */
    static int[] symbols(byte[] data, int off, int len) {
        RunLengthDeflater deflater = new RunLengthDeflater(len, 64);
        deflater.scan(data, off, off, off + len);
        return Arrays.copyOf(deflater.symbols, deflater.symbolCount);
    }

    /**
     * Turns bytes from {@code i} into symbols until the block is full or the input ends: a run of the previous
     * byte of length 3..258 becomes {@code 256 + length}, any other byte a literal {@code 0..255}.
     *
     * @return the index after the last byte taken
     */
    private int scan(byte[] data, int first, int i, int end) {
        Arrays.fill(litFreq, 0);
        int n = 0;
        int[] freq = litFreq;
        int[] symbols = this.symbols;
        int prev = i > first ? data[i - 1] : Integer.MIN_VALUE; // the byte before, none at the start
        while (i < end && n < blockSymbols) {
            if (i > first && i + Long.BYTES <= end && n + LITERAL_STRIDE <= blockSymbols) {
                int literals = literalsAhead(data, i);
                for (int k = 0; k < literals; k++) {
                    int b = data[i + k] & 0xFF;
                    symbols[n + k] = b;
                    freq[b]++;
                }
                n += literals;
                i += literals;
                prev = data[i - 1];
                if (literals == LITERAL_STRIDE) {
                    continue;
                } // otherwise data[i] starts a run, which the byte-wise step below takes
            }
            int b = data[i];
            if (b == prev) {
                int max = Math.min(MAX_RUN, end - i);
                int run = 1;
                while (run < max && data[i + run] == b) {
                    run++;
                }
                if (run >= MIN_RUN) {
                    symbols[n++] = 256 + run;
                    freq[257 + LENGTH_CODE[run]]++;
                    i += run;
                    continue;
                }
            }
            prev = b;
            symbols[n++] = b & 0xFF;
            freq[b & 0xFF]++;
            i++;
        }
        symbolCount = n;
        return i;
    }

    /**
     * How many of the bytes {@code data[i .. i + 5]} are certain literals: a run starts at byte {@code k} only if
     * {@code k}, {@code k + 1} and {@code k + 2} all repeat the byte before them, so the count is the position of
     * the first such {@code k}, or 6. Eight bytes at a time ({@code data[i - 1 .. i + 7]} are read): {@code x =
     * word(i) ^ word(i - 1)} has a zero byte exactly where a byte repeats its predecessor, found without branches
     * (high bit set in each zero byte), and three shifted copies of that mask ANDed mark the run starts. Most bytes
     * of filtered rows are literals, and this skips their one-by-one comparisons and mispredicted branches.
     */
    private static int literalsAhead(byte[] data, int i) {
        long x = (long) LONGS.get(data, i) ^ (long) LONGS.get(data, i - 1);
        long zero = ~(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN);
        long runStart = zero & (zero >>> 8) & (zero >>> 16) & RUN_STARTS;
        return runStart == 0 ? LITERAL_STRIDE : Long.numberOfTrailingZeros(runStart) >>> 3;
    }

    /** Writes the scanned symbols as one block (or several stored ones), whichever form is smallest. */
    private void writeBlock(byte[] data, int start, int len, boolean last) {
        litFreq[DeflateFormat.END_OF_BLOCK] = 1;
        int runs = 0;
        long extraBits = 0;
        for (int code = 0; code < 29; code++) {
            runs += litFreq[257 + code];
            extraBits += (long) litFreq[257 + code] * DeflateFormat.LENGTH_EXTRA[code];
        }
        HuffmanCodes.lengths(litFreq, LITLEN_CODES, DeflateFormat.MAX_BITS, litLengths);
        int litCount = LITLEN_CODES;
        while (litLengths[litCount - 1] == 0) { // stops at end-of-block at the latest
            litCount--;
        }
        int lengthCount = codeLengthSymbols(litCount);
        HuffmanCodes.lengths(clFreq, CODE_LENGTH_CODES, MAX_CODE_LENGTH_BITS, clLengths);
        int clCount = CODE_LENGTH_CODES;
        while (clCount > 4 && clLengths[DeflateFormat.CODE_LENGTH_ORDER[clCount - 1]] == 0) {
            clCount--;
        }
        long dynamicBits = 3 + 5 + 5 + 4 + 3L * clCount + extraBits + runs
                + cost(litFreq, litLengths, LITLEN_CODES) + cost(clFreq, clLengths, CODE_LENGTH_CODES);
        for (int r = 0; r < 3; r++) {
            dynamicBits += (long) clFreq[16 + r] * DeflateFormat.REPEAT_EXTRA[r];
        }
        long fixedBits = 3 + extraBits + (long) runs * FIXED_DIST_BITS + cost(litFreq, FIXED_LENGTHS, LITLEN_CODES);
        long storedBits = 8L * len + 42L * Math.max(1, (len + MAX_STORED - 1) / MAX_STORED);
        long best = Math.min(storedBits, Math.min(fixedBits, dynamicBits));
        if (storedBits == best) {
            storedStart = storedLen == 0 ? start : storedStart;
            storedLen += len;
            if (last) {
                writeStored(data, true);
            }
            return;
        }
        writeStored(data, false);
        ensure((int) (best >>> 3) + 16);
        if (fixedBits == best) {
            put((last ? 1 : 0) | 1 << 1, 3);
            writeSymbols(FIXED_CODES, FIXED_LENGTHS, FIXED_DIST_BITS);
        } else {
            put((last ? 1 : 0) | 2 << 1, 3);
            writeDynamicHeader(litCount, lengthCount, clCount);
            writeSymbols(litCodes, litLengths, DIST_LENGTHS[0]);
        }
    }

    /**
     * Run-length codes the literal/length and distance code lengths as one sequence (RFC 1951, section 3.2.7)
     * into {@link #lengthSymbols} ({@code symbol | extra << 8}) and counts them into {@link #clFreq}.
     *
     * @return the number of code-length symbols
     */
    private int codeLengthSymbols(int litCount) {
        System.arraycopy(litLengths, 0, allLengths, 0, litCount);
        System.arraycopy(DIST_LENGTHS, 0, allLengths, litCount, DIST_CODES);
        int total = litCount + DIST_CODES;
        Arrays.fill(clFreq, 0);
        int n = 0;
        for (int i = 0; i < total;) {
            int value = allLengths[i];
            int run = 1;
            while (i + run < total && allLengths[i + run] == value) {
                run++;
            }
            i += run;
            if (value != 0) {
                lengthSymbols[n++] = value;
                run--;
                for (; run >= 3; run -= Math.min(run, 6)) {
                    lengthSymbols[n++] = 16 | (Math.min(run, 6) - 3) << 8;
                }
            } else {
                for (; run >= 11; run -= Math.min(run, 138)) {
                    lengthSymbols[n++] = 18 | (Math.min(run, 138) - 11) << 8;
                }
                if (run >= 3) {
                    lengthSymbols[n++] = 17 | (run - 3) << 8;
                    run = 0;
                }
            }
            for (; run > 0; run--) {
                lengthSymbols[n++] = value;
            }
        }
        for (int k = 0; k < n; k++) {
            clFreq[lengthSymbols[k] & 0xFF]++;
        }
        return n;
    }

    private void writeDynamicHeader(int litCount, int lengthCount, int clCount) {
        HuffmanCodes.codes(litLengths, LITLEN_CODES, litCodes);
        HuffmanCodes.codes(clLengths, CODE_LENGTH_CODES, clCodes);
        put(litCount - 257, 5);
        put(DIST_CODES - 1, 5);
        put(clCount - 4, 4);
        for (int k = 0; k < clCount; k++) {
            put(clLengths[DeflateFormat.CODE_LENGTH_ORDER[k]], 3);
        }
        for (int k = 0; k < lengthCount; k++) {
            int symbol = lengthSymbols[k] & 0xFF;
            put(clCodes[symbol], clLengths[symbol]);
            if (symbol >= 16) {
                put(lengthSymbols[k] >>> 8, DeflateFormat.REPEAT_EXTRA[symbol - 16]);
            }
        }
    }

    /**
     * The block's symbols and end-of-block. A table maps each symbol value (literal, {@code 256 + run length},
     * and end-of-block at 256, which no run uses) to its bits, {@code code | count << 24}: for a run, the length
     * code, its extra bits and the distance code, whose code 0 is all zero bits in both the fixed and the
     * dynamic code, so the distance adds only its length.
     */
    private void writeSymbols(int[] codes, byte[] lengths, int distBits) {
        int[] table = symbolTable;
        for (int s = 0; s <= DeflateFormat.END_OF_BLOCK; s++) {
            table[s] = codes[s] | lengths[s] << 24;
        }
        for (int run = MIN_RUN; run <= MAX_RUN; run++) {
            int code = LENGTH_CODE[run];
            int symbol = 257 + code;
            table[256 + run] = codes[symbol] | (run - DeflateFormat.LENGTH_BASE[code]) << lengths[symbol]
                    | (lengths[symbol] + DeflateFormat.LENGTH_EXTRA[code] + distBits) << 24;
        }
        // put(), without its branch (whether 32 bits are full changes from symbol to symbol, unpredictably): the
        // low 32 bits are always stored, and kept only when full; the block's ensure() left room for the store
        long buffer = bits;
        int count = bitCount;
        int at = pos;
        byte[] bytes = out;
        for (int k = 0; k < symbolCount; k++) {
            int code = table[symbols[k]];
            buffer |= (long) (code & 0xFFFFFF) << count;
            count += code >>> 24;
            INTS.set(bytes, at, (int) buffer);
            int full = count >>> 5; // 1 when 32 or more bits are pending (count < 56)
            at += full << 2;
            buffer >>>= full << 5;
            count -= full << 5;
        }
        bits = buffer;
        bitCount = count;
        pos = at;
        put(codes[DeflateFormat.END_OF_BLOCK], lengths[DeflateFormat.END_OF_BLOCK]);
    }

    /**
     * Writes the pending stored bytes as stored blocks of at most 65,535 bytes each (RFC 1951, section 3.2.4);
     * only the last may be final. Without pending bytes it writes nothing, unless {@code last}.
     */
    private void writeStored(byte[] data, boolean last) {
        int start = storedStart;
        int len = storedLen;
        if (len == 0 && !last) {
            return;
        }
        ensure(len + 5 * (len / MAX_STORED + 1) + 16);
        storedLen = 0;
        int done = 0;
        do {
            int piece = Math.min(MAX_STORED, len - done);
            boolean fin = last && done + piece == len;
            put(fin ? 1 : 0, 3);
            alignToByte();
            out[pos++] = (byte) piece;
            out[pos++] = (byte) (piece >>> 8);
            out[pos++] = (byte) ~piece;
            out[pos++] = (byte) (~piece >>> 8);
            System.arraycopy(data, start + done, out, pos, piece);
            pos += piece;
            done += piece;
        } while (done < len);
    }

    private static long cost(int[] freq, byte[] lengths, int n) {
        long sum = 0;
        for (int s = 0; s < n; s++) {
            sum += (long) freq[s] * lengths[s];
        }
        return sum;
    }

    /** Appends {@code value}, {@code n <= 24} bits long, least significant bit first. */
    private void put(int value, int n) {
        bits |= (long) value << bitCount;
        bitCount += n;
        if (bitCount >= 32) {
            INTS.set(out, pos, (int) bits);
            pos += 4;
            bits >>>= 32;
            bitCount -= 32;
        }
    }

    /** Writes the pending bits, padding the last byte with zeros. */
    private void alignToByte() {
        for (; bitCount > 0; bitCount -= 8) {
            out[pos++] = (byte) bits;
            bits >>>= 8;
        }
        bits = 0;
        bitCount = 0;
    }

    private void ensure(int more) {
        if (pos + more > out.length) {
            out = Arrays.copyOf(out, Math.max(pos + more, 2 * out.length));
        }
    }
}
