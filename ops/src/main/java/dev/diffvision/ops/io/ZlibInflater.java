package dev.diffvision.ops.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * Inflates a whole zlib stream (RFC 1950 around RFC 1951 deflate data) held in one array into an output array of
 * known capacity, in Java: what {@link PngDecoder} does with an image's IDAT data. About 1.3x as fast as
 * {@link java.util.zip.Inflater} (the system's zlib 1.2.13) on the connector benchmark's 256 x 256 RGB files
 * (0.82-0.93 against 1.09-1.21 ms each, checksums included), mostly from word-wise match copies and the
 * {@link ZlibChecksum} Adler-32.
 *
 * <p>How: the bits are read least significant first from a 64-bit buffer refilled eight bytes at a time without
 * branches (libdeflate's refill: after it at least 56 bits are buffered, enough for a literal/length code with its
 * extra bits and a distance code with its extra bits); each Huffman table entry holds everything its symbol needs
 * (literal value, or length base and extra-bit count, or distance base and extra-bit count, and the code length),
 * with an 11-bit root table for literals/lengths and an 8-bit one for distances plus sub-tables for longer codes.
 * Away from the ends of input and output ({@code fastCodes}) the state lives in locals, up to three literals are
 * decoded per refill and matches are copied eight bytes at a time; near the ends every refill and output byte is
 * checked ({@code carefulCodes}).
 *
 * <p>Checked like zlib's inflate: the header ({@code CM} 8, window at most 32 KiB, header checksum, no preset
 * dictionary), block types, over-subscribed or incomplete codes (accepted only as zlib does: a code without any
 * symbol, or a single one-bit literal/length or distance code), code-length repeats past the table, a missing
 * end-of-block code, invalid length/distance symbols, distances before the start of the output, the Adler-32 of the
 * output. Output past the capacity is an error at the first extra byte, and a stream that ends before its end marker
 * and checksum is an error ({@link OutputFull} and {@link Truncated}, the others plain); input after the checksum is
 * ignored. Every failure is a {@link DataFormatException}; no input loops forever (each step consumes bits or fails).
 *
 * <pre>{@code
 * byte[] rows = new byte[expectedSize];
 * int produced = ZlibInflater.inflate(idat, 0, idat.length, rows);   // throws DataFormatException if corrupt
 * }</pre>
 */
final class ZlibInflater {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int LITLEN_ROOT = 11;
    private static final int DIST_ROOT = 8;
    private static final int CODE_LENGTH_ROOT = 7;
    private static final int DIST_SYMBOLS = 32;
    private static final int CODE_LENGTH_SYMBOLS = 19;
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513,
        769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
        10, 11, 11, 12, 12, 13, 13};

    /*
     * Table entries (int): bits 0-5 the bits to consume (the code length, or within a sub-table what is left of it;
     * a long shift by the entry itself consumes a literal), bits 6-9 the extra bits of a length or distance, or a
     * sub-table's index bits; bits 10-27 the value (literal, length or distance base, sub-table offset); bits 28-31
     * the kind. Literals are negative, so one sign test finds them.
     */
    private static final int LITERAL = 0x8 << 28;
    private static final int LENGTH = 0x1 << 28;
    private static final int END = 0x2 << 28;
    private static final int SUBTABLE = 0x3 << 28;
    private static final int INVALID = 0x4 << 28;
    private static final int DISTANCE = 0x5 << 28;
    private static final int KIND = 0xF << 28;
    /** Entries of the largest tables: root plus sub-tables, at most one of 2^(15 - root) per long code. */
    private static final int LITLEN_ENTRIES = (1 << LITLEN_ROOT)
            + DeflateFormat.FIXED_LITLEN_SYMBOLS * (1 << (DeflateFormat.MAX_BITS - LITLEN_ROOT));
    private static final int DIST_ENTRIES = (1 << DIST_ROOT)
            + DIST_SYMBOLS * (1 << (DeflateFormat.MAX_BITS - DIST_ROOT));

    /** The three codes of deflate, each with its own table entries and name in messages. */
    private enum Alphabet {
        LITERAL_LENGTH("literal/lengths"), DISTANCE("distances"), CODE_LENGTH("code lengths");

        private final String label;

        Alphabet(String label) {
            this.label = label;
        }
    }

    private static final int[] FIXED_LITLEN = new int[LITLEN_ENTRIES];
    private static final int[] FIXED_DIST = new int[DIST_ENTRIES];

    static {
        byte[] lengths = DeflateFormat.fixedLitlenLengths();
        byte[] dist = new byte[DIST_SYMBOLS];
        Arrays.fill(dist, (byte) 5);
        try {
            build(lengths, 0, lengths.length, LITLEN_ROOT, FIXED_LITLEN, Alphabet.LITERAL_LENGTH);
            build(dist, 0, DIST_SYMBOLS, DIST_ROOT, FIXED_DIST, Alphabet.DISTANCE);
        } catch (DataFormatException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The stream holds more data than the output's capacity. */
    static final class OutputFull extends DataFormatException {
        private static final long serialVersionUID = 1L;

        OutputFull(int capacity) {
            super("more data than the " + capacity + " bytes expected");
        }
    }

    /** The input ends before the stream's end marker and checksum. */
    static final class Truncated extends DataFormatException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super("zlib stream ends before its end marker and checksum");
        }
    }

    private final byte[] in;
    private final int inEnd;
    private int inPos;
    /** Bytes of zeros read past the input's end into the bit buffer. */
    private int padding;
    private long bits;
    /** Valid bits in {@link #bits}; its higher bits hold the next input bytes or zeros. */
    private int bitCount;
    private final byte[] out;
    private int outPos;
    private int[] dynamicLitlen;
    private int[] dynamicDist;

    private ZlibInflater(byte[] in, int off, int len, byte[] out) {
        this.in = in;
        this.inPos = off;
        this.inEnd = off + len;
        this.out = out;
    }

    /**
     * Inflates the zlib stream {@code in[off, off + len)} into {@code out}, from index 0.
     *
     * @param in the stream; not modified
     * @param off index of its first byte
     * @param len bytes available; input after the stream's checksum is ignored
     * @param out receives the data; its length is the capacity
     * @return the number of bytes produced
     * @throws OutputFull if the stream holds more than {@code out.length} bytes
     * @throws Truncated if the input ends before the stream's end marker and checksum
     * @throws DataFormatException if the stream is corrupt
     */
    static int inflate(byte[] in, int off, int len, byte[] out) throws DataFormatException {
        java.util.Objects.checkFromIndexSize(off, len, in.length);
        ZlibInflater inflater = new ZlibInflater(in, off, len, out);
        inflater.header();
        boolean last;
        do {
            last = inflater.take(1) == 1;
            switch (inflater.take(2)) {
                case 0 -> inflater.stored();
                case 1 -> inflater.codes(FIXED_LITLEN, FIXED_DIST);
                case 2 -> inflater.dynamic();
                default -> throw new DataFormatException("invalid block type 3");
            }
        } while (!last);
        inflater.checksum();
        return inflater.outPos;
    }

    private void header() throws DataFormatException {
        int cmf = take(8);
        int flg = take(8);
        if ((cmf & 0x0F) != 8) {
            throw new DataFormatException("unknown compression method " + (cmf & 0x0F) + ", expected 8 (deflate)");
        }
        if ((cmf >>> 4) > 7) {
            throw new DataFormatException("invalid window size 2^" + ((cmf >>> 4) + 8));
        }
        if ((cmf << 8 | flg) % 31 != 0) {
            throw new DataFormatException("incorrect header check");
        }
        if ((flg & 0x20) != 0) {
            throw new DataFormatException("needs a preset dictionary");
        }
    }

    /** Skips to a byte boundary and compares the big-endian Adler-32 that follows with the output's. */
    private void checksum() throws DataFormatException {
        take(bitCount & 7);
        int expected = 0;
        for (int i = 0; i < 4; i++) {
            expected = expected << 8 | take(8);
        }
        if (ZlibChecksum.adler32(out, 0, outPos) != expected) {
            throw new DataFormatException("incorrect data check");
        }
    }

    /** Fills the bit buffer to at least 56 bits; past the input's end with zeros, until that cannot be right. */
    private void refill() throws DataFormatException {
        if (inPos <= inEnd - Long.BYTES) {
            bits |= (long) LONGS.get(in, inPos) << bitCount;
            inPos += (63 - bitCount) >>> 3;
            bitCount |= 56;
            return;
        }
        while (bitCount <= 56) {
            if (inPos < inEnd) {
                bits |= (in[inPos++] & 0xFFL) << bitCount;
            } else if (++padding > Long.BYTES) { // a whole buffer of padding consumed: the stream is cut short
                throw new Truncated();
            }
            bitCount += 8;
        }
    }

    /** The next {@code n} (0..32) bits as a number, first bit lowest. */
    private int take(int n) throws DataFormatException {
        if (bitCount < n) {
            refill();
        }
        int v = (int) (bits & ((1L << n) - 1));
        consume(n);
        return v;
    }

    private void consume(int n) throws DataFormatException {
        bits >>>= n;
        bitCount -= n;
        if (padding > 0 && 8 * padding > bitCount) {
            throw new Truncated();
        }
    }

    private void stored() throws DataFormatException {
        take(bitCount & 7);
        int len = take(16);
        int nlen = take(16);
        if (len != (~nlen & 0xFFFF)) {
            throw new DataFormatException("invalid stored block lengths");
        }
        // whole bytes still in the bit buffer come first, then the rest straight from the input
        for (; len > 0 && bitCount >= 8; len--) {
            write(take(8));
        }
        if (len == 0) {
            return;
        }
        if (len > inEnd - inPos) {
            throw new Truncated();
        }
        if (len > out.length - outPos) {
            throw tooMuch();
        }
        System.arraycopy(in, inPos, out, outPos, len);
        inPos += len;
        outPos += len;
        bits = 0; // the buffer was empty (bitCount 0); its higher bits held bytes now copied
    }

    private void write(int b) throws DataFormatException {
        if (outPos == out.length) {
            throw tooMuch();
        }
        out[outPos++] = (byte) b;
    }

    private DataFormatException tooMuch() {
        return new OutputFull(out.length);
    }

    private void dynamic() throws DataFormatException {
        int nlen = take(5) + 257;
        int ndist = take(5) + 1;
        int ncode = take(4) + 4;
        if (nlen > 286 || ndist > 30) {
            throw new DataFormatException("too many length or distance symbols");
        }
        byte[] lengths = new byte[DeflateFormat.FIXED_LITLEN_SYMBOLS + DIST_SYMBOLS];
        for (int i = 0; i < ncode; i++) {
            lengths[DeflateFormat.CODE_LENGTH_ORDER[i]] = (byte) take(3);
        }
        int[] codeLengthTable = new int[1 << CODE_LENGTH_ROOT];
        build(lengths, 0, CODE_LENGTH_SYMBOLS, CODE_LENGTH_ROOT, codeLengthTable, Alphabet.CODE_LENGTH);
        Arrays.fill(lengths, (byte) 0);
        for (int i = 0; i < nlen + ndist;) {
            if (bitCount < 16) {
                refill();
            }
            int e = codeLengthTable[(int) bits & ((1 << CODE_LENGTH_ROOT) - 1)];
            if ((e & KIND) == INVALID) {
                throw new DataFormatException("invalid code lengths set");
            }
            consume(e & 0x3F);
            int symbol = value(e);
            if (symbol < 16) {
                lengths[i++] = (byte) symbol;
                continue;
            }
            byte fill = 0;
            if (symbol == 16) {
                if (i == 0) {
                    throw new DataFormatException("invalid bit length repeat");
                }
                fill = lengths[i - 1];
            }
            int repeat = (symbol == 18 ? 11 : 3) + take(DeflateFormat.REPEAT_EXTRA[symbol - 16]);
            if (i + repeat > nlen + ndist) {
                throw new DataFormatException("invalid bit length repeat");
            }
            Arrays.fill(lengths, i, i + repeat, fill);
            i += repeat;
        }
        if (lengths[DeflateFormat.END_OF_BLOCK] == 0) {
            throw new DataFormatException("invalid code -- missing end-of-block");
        }
        if (dynamicLitlen == null) {
            dynamicLitlen = new int[LITLEN_ENTRIES];
            dynamicDist = new int[DIST_ENTRIES];
        }
        build(lengths, 0, nlen, LITLEN_ROOT, dynamicLitlen, Alphabet.LITERAL_LENGTH);
        build(lengths, nlen, ndist, DIST_ROOT, dynamicDist, Alphabet.DISTANCE);
        codes(dynamicLitlen, dynamicDist);
    }

    /** Decodes one block's symbols with the given tables, through its end-of-block code. */
    private void codes(int[] litlen, int[] dist) throws DataFormatException {
        if (!fastCodes(litlen, dist)) {
            carefulCodes(litlen, dist);
        }
    }

    /**
     * Decodes symbols while at least eight input bytes and room for the longest match remain, so that neither the
     * refill nor the output needs a check: the state lives in locals, a refill brings the buffer to 56 bits or
     * more, and up to three literals are decoded per refill (3 x 15 bits), a length with its distance (at most
     * 48 bits) after a fresh one.
     *
     * @return true at the end-of-block code, false where {@link #carefulCodes} must go on
     */
    private boolean fastCodes(int[] litlen, int[] dist) throws DataFormatException {
        byte[] in = this.in;
        byte[] out = this.out;
        int inLimit = inEnd - Long.BYTES;
        int outLimit = out.length - 258 - Long.BYTES; // room for the longest match and a word copy's overshoot
        int litMask = (1 << LITLEN_ROOT) - 1;
        int distMask = (1 << DIST_ROOT) - 1;
        long bb = bits;
        int bc = bitCount;
        int ip = inPos;
        int op = outPos;
        boolean end = false;
        try {
            while (ip <= inLimit && op <= outLimit) {
                bb |= (long) LONGS.get(in, ip) << bc;
                ip += (63 - bc) >>> 3;
                bc |= 56;
                int e = litlen[(int) bb & litMask];
                if (e < 0) {
                    bb >>>= e;
                    bc -= e & 0x3F;
                    out[op++] = (byte) (e >>> 10);
                    e = litlen[(int) bb & litMask];
                    if (e < 0) {
                        bb >>>= e;
                        bc -= e & 0x3F;
                        out[op++] = (byte) (e >>> 10);
                        e = litlen[(int) bb & litMask];
                        if (e < 0) {
                            bb >>>= e;
                            bc -= e & 0x3F;
                            out[op++] = (byte) (e >>> 10);
                        }
                    }
                    continue; // a length after a literal waits for the next refill
                }
                if ((e & KIND) == SUBTABLE) {
                    bb >>>= LITLEN_ROOT;
                    bc -= LITLEN_ROOT;
                    e = litlen[value(e) + ((int) bb & ((1 << extraBits(e)) - 1))];
                    if (e < 0) {
                        bb >>>= e;
                        bc -= e & 0x3F;
                        out[op++] = (byte) (e >>> 10);
                        continue;
                    }
                }
                int kind = e & KIND;
                if (kind != LENGTH) {
                    if (kind == END) {
                        bb >>>= e & 0x3F;
                        bc -= e & 0x3F;
                        end = true;
                        break;
                    }
                    throw new DataFormatException("invalid literal/length code");
                }
                int codeBits = e & 0x3F;
                int extra = extraBits(e);
                int length = value(e) + ((int) (bb >>> codeBits) & ((1 << extra) - 1));
                bb >>>= codeBits + extra;
                bc -= codeBits + extra;
                int d = dist[(int) bb & distMask];
                if ((d & KIND) == SUBTABLE) {
                    bb >>>= DIST_ROOT;
                    bc -= DIST_ROOT;
                    d = dist[value(d) + ((int) bb & ((1 << extraBits(d)) - 1))];
                }
                if ((d & KIND) != DISTANCE) {
                    throw new DataFormatException("invalid distance code");
                }
                codeBits = d & 0x3F;
                extra = extraBits(d);
                int distance = value(d) + ((int) (bb >>> codeBits) & ((1 << extra) - 1));
                bb >>>= codeBits + extra;
                bc -= codeBits + extra;
                op = fastCopy(out, op, length, distance);
            }
        } finally {
            bits = bb;
            bitCount = bc;
            inPos = ip;
            outPos = op;
        }
        return end;
    }

    /** Decodes symbols through the end-of-block code, checking every refill and every output byte. */
    private void carefulCodes(int[] litlen, int[] dist) throws DataFormatException {
        int litMask = (1 << LITLEN_ROOT) - 1;
        int distMask = (1 << DIST_ROOT) - 1;
        while (true) {
            if (bitCount < 48) {
                refill();
            }
            int e = litlen[(int) bits & litMask];
            if ((e & KIND) == SUBTABLE) {
                consume(LITLEN_ROOT);
                e = litlen[value(e) + ((int) bits & ((1 << extraBits(e)) - 1))];
            }
            consume(e & 0x3F);
            int kind = e & KIND;
            if (kind == LITERAL) {
                write(value(e));
                continue;
            }
            if (kind == END) {
                return;
            }
            if (kind != LENGTH) {
                throw new DataFormatException("invalid literal/length code");
            }
            int length = value(e) + take(extraBits(e));
            int d = dist[(int) bits & distMask];
            if ((d & KIND) == SUBTABLE) {
                consume(DIST_ROOT);
                d = dist[value(d) + ((int) bits & ((1 << extraBits(d)) - 1))];
            }
            if ((d & KIND) != DISTANCE) {
                throw new DataFormatException("invalid distance code");
            }
            consume(d & 0x3F);
            int distance = value(d) + take(extraBits(d));
            if (length > out.length - outPos) {
                throw tooMuch();
            }
            outPos = copyMatch(out, outPos, length, distance);
        }
    }

    /**
     * {@link #copyMatch} with word copies, where {@code at} leaves room for the longest match plus eight bytes: up
     * to eight bytes past the match are written too (its pattern continued) and overwritten by what follows. A
     * distance of eight or more copies words read from bytes already written; a shorter one (a repeated pixel or
     * run) copies its first eight bytes one by one, then words from the nearest multiple of the distance at least
     * eight bytes back.
     *
     * @return the index after the match
     */
    private static int fastCopy(byte[] out, int at, int length, int distance) throws DataFormatException {
        if (distance > at || at < 2 * Long.BYTES) {
            return copyMatch(out, at, length, distance);
        }
        int from = at - distance;
        int k = 0;
        int stride = distance;
        if (distance < Long.BYTES) {
            for (; k < Long.BYTES; k++) {
                out[at + k] = out[from + k];
            }
            stride = distance * ((Long.BYTES + distance - 1) / distance);
        }
        for (; k < length; k += Long.BYTES) {
            LONGS.set(out, at + k, (long) LONGS.get(out, at + k - stride));
        }
        return at + length;
    }

    /**
     * Copies {@code length} bytes from {@code distance} back to {@code at}, which the caller checked has room;
     * overlapping copies repeat the pattern.
     *
     * @return the index after the copy
     */
    private static int copyMatch(byte[] out, int at, int length, int distance) throws DataFormatException {
        if (distance > at) {
            throw new DataFormatException("invalid distance too far back");
        }
        int from = at - distance;
        if (distance >= length && length > 16) {
            System.arraycopy(out, from, out, at, length);
        } else if (distance == 1) {
            Arrays.fill(out, at, at + length, out[from]);
        } else { // short, or overlapping: byte by byte, so that the pattern repeats
            for (int k = 0; k < length; k++) {
                out[at + k] = out[from + k];
            }
        }
        return at + length;
    }

    private static int value(int entry) {
        return (entry >>> 10) & 0x3FFFF;
    }

    private static int extraBits(int entry) {
        return (entry >>> 6) & 0xF;
    }

    /**
     * Fills a decoding table for the canonical code of {@code lengths[from, from + n)}: a root table of
     * {@code 2^root} entries indexed by the next {@code root} bits, and for codes longer than {@code root}
     * sub-tables after it, one per root entry, as large as its longest code needs.
     *
     * @param alphabet what the symbols are
     */
    private static void build(byte[] lengths, int from, int n, int root, int[] table, Alphabet alphabet)
            throws DataFormatException {
        int[] count = new int[DeflateFormat.MAX_BITS + 1];
        int max = 0;
        for (int s = 0; s < n; s++) {
            count[lengths[from + s]]++;
            max = Math.max(max, lengths[from + s]);
        }
        count[0] = 0;
        int left = 1;
        for (int len = 1; len <= DeflateFormat.MAX_BITS; len++) {
            left = (left << 1) - count[len];
            if (left < 0) {
                throw new DataFormatException("invalid " + alphabet.label + " set: over-subscribed code");
            }
        }
        // as zlib: no codes at all (every use is then invalid), or an incomplete code only as a single one-bit
        // literal/length or distance code
        boolean single = max == 1 && count[1] == 1 && alphabet != Alphabet.CODE_LENGTH;
        if (left > 0 && max > 0 && !single) {
            throw new DataFormatException("invalid " + alphabet.label + " set: incomplete code");
        }
        int[] codes = new int[n];
        HuffmanCodes.codes(Arrays.copyOfRange(lengths, from, from + n), n, codes);
        int rootSize = 1 << root;
        Arrays.fill(table, 0, rootSize, INVALID);
        // sub-table sizes: the longest code under each root prefix
        int[] subBits = new int[rootSize];
        for (int s = 0; s < n; s++) {
            int len = lengths[from + s];
            if (len > root) {
                int prefix = codes[s] & (rootSize - 1);
                subBits[prefix] = Math.max(subBits[prefix], len - root);
            }
        }
        int next = rootSize;
        for (int p = 0; p < rootSize; p++) {
            if (subBits[p] > 0) {
                table[p] = SUBTABLE | next << 10 | subBits[p] << 6;
                Arrays.fill(table, next, next + (1 << subBits[p]), INVALID);
                next += 1 << subBits[p];
            }
        }
        for (int s = 0; s < n; s++) {
            int len = lengths[from + s];
            if (len == 0) {
                continue;
            }
            if (len <= root) {
                int entry = entry(s, len, alphabet);
                for (int i = codes[s]; i < rootSize; i += 1 << len) {
                    table[i] = entry;
                }
            } else {
                int prefix = codes[s] & (rootSize - 1);
                int entry = entry(s, len - root, alphabet);
                int offset = value(table[prefix]);
                int size = 1 << subBits[prefix];
                for (int i = codes[s] >>> root; i < size; i += 1 << (len - root)) {
                    table[offset + i] = entry;
                }
            }
        }
    }

    /** The table entry of symbol {@code s} consuming {@code bits} bits. */
    private static int entry(int s, int bits, Alphabet alphabet) {
        if (alphabet == Alphabet.CODE_LENGTH) {
            return LITERAL | s << 10 | bits; // the value is the symbol
        }
        if (alphabet == Alphabet.DISTANCE) {
            return s < DIST_BASE.length ? DISTANCE | DIST_BASE[s] << 10 | DIST_EXTRA[s] << 6 | bits : INVALID;
        }
        if (s < DeflateFormat.END_OF_BLOCK) {
            return LITERAL | s << 10 | bits;
        }
        if (s == DeflateFormat.END_OF_BLOCK) {
            return END | bits;
        }
        int code = s - 257;
        if (code >= DeflateFormat.LENGTH_BASE.length) {
            return INVALID;
        }
        return LENGTH | DeflateFormat.LENGTH_BASE[code] << 10 | DeflateFormat.LENGTH_EXTRA[code] << 6 | bits;
    }
}
