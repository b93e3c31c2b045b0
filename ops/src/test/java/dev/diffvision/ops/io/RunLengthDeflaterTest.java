package dev.diffvision.ops.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RunLengthDeflater} and {@link HuffmanCodes}. The peer is java.util.zip's {@link Inflater} (native zlib):
 * every stream must inflate to exactly the input, end where the stream ends (final block seen, no bytes left
 * over) and carry the right Adler-32 (zlib's inflate checks it and fails otherwise). Exact equality throughout.
 */
class RunLengthDeflaterTest {
    private final Random rng = new Random(1950);

    /**
     * Empty input, one byte, and a few different bytes (some needing 9-bit fixed codes): tiny literal-only inputs
     * take a fixed-code block, as zlib level 1 chooses for them, so the streams must equal java.util.zip's
     * {@code Deflater(1)} output byte for byte (same header {@code 78 01}, same fixed codes, same Adler-32). The
     * empty stream is 8 bytes: header, a final fixed block holding only end-of-block, checksum. (With runs the
     * streams differ: zlib's level-1 match finder is not run-length only.)
     */
    @Test
    void tinyInputsMatchZlibByteForByte() {
        byte[][] inputs = {{}, {42}, {(byte) 0xFF, 0}, {1, (byte) 200, 3, (byte) 144, (byte) 143, 0}};
        for (byte[] data : inputs) {
            assertArrayEquals(zlibLevel1(data), roundTrip(data), Arrays.toString(data));
        }
        assertEquals(8, roundTrip(new byte[0]).length);
    }

    /**
     * Runs at the length limits of a distance-1 match: after a different byte, runs whose match part is 2 (too
     * short: literals), 3 (shortest match), 258 (longest), 259 (a match and a literal or a second match), and
     * long runs, alone and as a whole image of zeros. 1 MiB of zeros is a literal and 4,065 runs of 258, each
     * a one-bit length code and a one-bit distance code: about 1,017 bytes plus block headers.
     */
    @Test
    void runsAroundTheMatchLengthLimits() {
        for (int run : new int[] {1, 2, 3, 4, 5, 10, 11, 257, 258, 259, 260, 261, 516, 517, 1000, 70_000}) {
            byte[] data = new byte[run + 2];
            Arrays.fill(data, 1, run + 1, (byte) 7);
            roundTrip(data);
            roundTrip(Arrays.copyOfRange(data, 1, run + 1)); // the run alone, from the first byte
        }
        byte[] zeros = new byte[1 << 20];
        int size = roundTrip(zeros).length;
        assertTrue(size > 1000 && size < 1100, "1 MiB of zeros: " + size);
    }

    /** Alternating bytes (no runs at all) and alternating short and long runs. */
    @Test
    void alternatingPatterns() {
        byte[] alternating = new byte[10_000];
        for (int i = 0; i < alternating.length; i++) {
            alternating[i] = (byte) (i & 1);
        }
        roundTrip(alternating);
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        for (int k = 0; k < 3000; k++) {
            byte[] run = new byte[1 + rng.nextInt(k % 3 == 0 ? 600 : 4)];
            Arrays.fill(run, (byte) rng.nextInt(3));
            mixed.writeBytes(run);
        }
        roundTrip(mixed.toByteArray());
    }

    /**
     * Inputs whose symbol counts fall just below, on and just above the block size, and several blocks, for
     * literal-only (random bytes, one symbol per byte) and run-heavy data; then tiny blocks (1 to 7 symbols)
     * so that runs reach back across many block boundaries and every block kind meets every other.
     */
    @Test
    void blockBoundaries() {
        int b = RunLengthDeflater.BLOCK_SYMBOLS;
        for (int n : new int[] {b - 1, b, b + 1, 2 * b, 3 * b + 7}) {
            roundTrip(random(n));
        }
        byte[] runs = runHeavy(5 * b);
        roundTrip(runs);
        for (int symbols = 1; symbols <= 7; symbols++) {
            byte[] mixed = runHeavy(3000);
            assertArrayEquals(mixed, inflate(RunLengthDeflater.compress(mixed, 0, mixed.length, symbols)));
            byte[] noise = random(500);
            assertArrayEquals(noise, inflate(RunLengthDeflater.compress(noise, 0, noise.length, symbols)));
        }
    }

    /**
     * The match search reads 8-byte words to skip literals; its symbols must be exactly those of the rule read
     * byte by byte (a byte repeating the one before it starts a run when at least 3 bytes repeat it, up to 258;
     * otherwise it is a literal). Runs of 1 to 5 planted at every offset modulo 8 in random bytes, pairs of
     * repeats (no run), runs at the very end, the slice's first byte never matching the byte before the slice,
     * and long random inputs with many short repeats (bytes drawn from 3 values).
     */
    @Test
    void wordWiseMatchSearchEqualsTheByteWiseRule() {
        for (int run = 1; run <= 5; run++) {
            for (int offset = 0; offset < 16; offset++) {
                byte[] data = random(40);
                Arrays.fill(data, 8 + offset, Math.min(data.length, 8 + offset + run + 1), (byte) 9);
                assertArrayEquals(byteWiseSymbols(data, 0, data.length), RunLengthDeflater.symbols(data, 0, data.length),
                        "run " + run + " at " + offset);
                byte[] tail = random(20);
                Arrays.fill(tail, 20 - run, 20, tail[19 - run]);
                assertArrayEquals(byteWiseSymbols(tail, 0, 20), RunLengthDeflater.symbols(tail, 0, 20), "tail " + run);
            }
        }
        byte[] few = new byte[20_000];
        for (int i = 0; i < few.length; i++) {
            few[i] = (byte) rng.nextInt(3);
        }
        assertArrayEquals(byteWiseSymbols(few, 0, few.length), RunLengthDeflater.symbols(few, 0, few.length));
        assertArrayEquals(byteWiseSymbols(few, 7, 9_000), RunLengthDeflater.symbols(few, 7, 9_000));
    }

    /** The rule of {@link RunLengthDeflater}'s match search, one byte at a time, as the reference. */
    private static int[] byteWiseSymbols(byte[] data, int off, int len) {
        int[] out = new int[len];
        int n = 0;
        for (int i = off; i < off + len;) {
            int run = 0;
            while (i > off && i + run < off + len && run < 258 && data[i + run] == data[i - 1]) {
                run++;
            }
            if (run >= 3) {
                out[n++] = 256 + run;
                i += run;
            } else {
                out[n++] = data[i++] & 0xFF;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** A slice of a larger array: only {@code [off, off + len)} is compressed, and the run before it is not used. */
    @Test
    void compressesOnlyTheSlice() {
        byte[] data = new byte[100];
        Arrays.fill(data, 40, 100, (byte) 5);
        byte[] z = RunLengthDeflater.compress(data, 50, 30);
        assertArrayEquals(Arrays.copyOfRange(data, 50, 80), inflate(z));
    }

    /**
     * Incompressible data is stored: 1 MiB of random bytes grows by at most 5 bytes per 65,535-byte stored block
     * plus the 6 bytes of zlib header and checksum.
     */
    @Test
    void incompressibleDataGrowsByTheStoredBlockHeadersOnly() {
        int n = 1 << 20;
        byte[] z = roundTrip(random(n));
        int bound = n + 5 * ((n + 65_534) / 65_535) + 6;
        assertTrue(z.length <= bound, z.length + " > " + bound);
    }

    /**
     * Random bytes with a skewed distribution (rounded Gaussian, sigma 6), as filtered image rows have: dynamic
     * blocks with codes of many lengths. Huffman coding of independent symbols comes close to their entropy;
     * the stream must be within 2% of the sample's zero-order entropy (block headers included).
     */
    @Test
    void skewedRandomDataCompressesToNearItsEntropy() {
        byte[] data = new byte[200_000];
        int[] counts = new int[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (int) Math.round(rng.nextGaussian() * 6);
            counts[data[i] & 0xFF]++;
        }
        double entropyBits = 0;
        for (int count : counts) {
            entropyBits -= count == 0 ? 0 : count * Math.log((double) count / data.length) / Math.log(2);
        }
        byte[] z = roundTrip(data);
        assertTrue(8.0 * z.length < 1.02 * entropyBits, z.length + " bytes, entropy " + entropyBits / 8);
    }

    /**
     * Fibonacci frequencies make the unlimited Huffman tree 29 deep; limited to 15 (and 7) bits the lengths must
     * fit and still form a complete prefix code (Kraft sum exactly 1). The limit is exercised end to end by
     * bytes drawn with those frequencies, whose dynamic blocks need the 15-bit limit.
     */
    @Test
    void huffmanLengthsAreLimitedAndComplete() {
        int[] fib = new int[30];
        fib[0] = 1;
        fib[1] = 1;
        for (int i = 2; i < fib.length; i++) {
            fib[i] = fib[i - 1] + fib[i - 2];
        }
        byte[] lengths = new byte[fib.length];
        HuffmanCodes.lengths(fib, fib.length, 64, lengths);
        assertEquals(29, max(lengths), "unlimited depth");
        for (int limit : new int[] {15, 7, 5}) {
            HuffmanCodes.lengths(fib, fib.length, limit, lengths);
            assertTrue(max(lengths) <= limit, "limit " + limit + ": " + Arrays.toString(lengths));
            long kraft = 0;
            for (byte len : lengths) {
                assertTrue(len > 0);
                kraft += 1L << (limit - len);
            }
            assertEquals(1L << limit, kraft, "complete code, limit " + limit);
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int s = 0; s < 24; s++) { // 24 symbols, counts 1 .. 46,368: needs more than 15 bits unlimited
            for (int k = 0; k < fib[s]; k++) {
                data.write(2 * s); // spread out below: no runs
            }
        }
        byte[] bytes = data.toByteArray();
        for (int i = bytes.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
        roundTrip(bytes);
    }

    /**
     * Without a binding limit the lengths are optimal: their cost (sum of frequency x length) equals the sum of
     * the merged weights of Huffman's algorithm run with a priority queue, on random frequencies with zeros.
     */
    @Test
    void huffmanLengthsAreOptimalWhenTheLimitDoesNotBind() {
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rng.nextInt(285);
            int[] freq = new int[n];
            PriorityQueue<Long> queue = new PriorityQueue<>();
            for (int s = 0; s < n; s++) {
                freq[s] = rng.nextInt(4) == 0 ? 0 : 1 + rng.nextInt(1000);
                if (freq[s] > 0) {
                    queue.add((long) freq[s]);
                }
            }
            if (queue.size() < 2) {
                continue;
            }
            long optimal = 0;
            while (queue.size() > 1) {
                long merged = queue.poll() + queue.poll();
                optimal += merged;
                queue.add(merged);
            }
            byte[] lengths = new byte[n];
            HuffmanCodes.lengths(freq, n, 15, lengths);
            assertTrue(max(lengths) <= 15);
            long cost = 0;
            for (int s = 0; s < n; s++) {
                cost += (long) freq[s] * lengths[s];
                assertEquals(freq[s] > 0, lengths[s] > 0, "symbol " + s);
            }
            assertEquals(optimal, cost, "trial " + trial);
        }
    }

    /** A single used symbol still gets a complete two-code tree, as zlib's inflate needs. */
    @Test
    void huffmanWithOneOrNoUsedSymbol() {
        byte[] lengths = new byte[4];
        HuffmanCodes.lengths(new int[] {0, 0, 9, 0}, 4, 15, lengths);
        assertArrayEquals(new byte[] {1, 0, 1, 0}, lengths);
        HuffmanCodes.lengths(new int[4], 4, 15, lengths);
        assertArrayEquals(new byte[] {1, 1, 0, 0}, lengths);
    }

    /** Canonical codes: RFC 1951 section 3.2.2's example, lengths (3, 3, 3, 3, 3, 2, 4, 4) for A..H. */
    @Test
    void canonicalCodesOfTheRfcExample() {
        byte[] lengths = {3, 3, 3, 3, 3, 2, 4, 4};
        int[] codes = new int[8];
        HuffmanCodes.codes(lengths, 8, codes);
        int[] expected = {0b010, 0b011, 0b100, 0b101, 0b110, 0b00, 0b1110, 0b1111};
        for (int s = 0; s < 8; s++) {
            assertEquals(Integer.reverse(expected[s]) >>> (32 - lengths[s]), codes[s], "symbol " + s);
        }
    }

    private byte[] random(int n) {
        byte[] data = new byte[n];
        rng.nextBytes(data);
        return data;
    }

    /** Runs of 1..300 equal bytes separated by a few random ones. */
    private byte[] runHeavy(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n;) {
            int run = Math.min(n - i, 1 + rng.nextInt(300));
            Arrays.fill(data, i, i + run, (byte) rng.nextInt(4));
            i += run;
            for (int k = 0; k < 3 && i < n; k++) {
                data[i++] = (byte) rng.nextInt();
            }
        }
        return data;
    }

    private static int max(byte[] lengths) {
        int m = 0;
        for (byte len : lengths) {
            m = Math.max(m, len);
        }
        return m;
    }

    private static byte[] zlibLevel1(byte[] data) {
        Deflater deflater = new Deflater(1);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] buf = new byte[data.length + 64];
            return Arrays.copyOf(buf, deflater.deflate(buf));
        } finally {
            deflater.end();
        }
    }

    /** Compresses, inflates, checks the bytes; returns the stream. */
    private static byte[] roundTrip(byte[] data) {
        byte[] z = RunLengthDeflater.compress(data, 0, data.length);
        assertArrayEquals(data, inflate(z), "round trip of " + data.length + " bytes");
        return z;
    }

    /** Inflates a whole zlib stream, checking that it ends exactly at its last byte. */
    private static byte[] inflate(byte[] z) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(z);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                out.write(buf, 0, n);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new AssertionError("stream ends early after " + out.size() + " bytes");
                }
            }
            assertEquals(0, inflater.getRemaining(), "bytes after the Adler-32");
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new AssertionError("invalid zlib stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
