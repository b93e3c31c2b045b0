package dev.diffvision.ops.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link ZlibInflater}. The peer is java.util.zip (native zlib): streams written by {@link Deflater} at every level
 * and strategy, and by {@link RunLengthDeflater}, must inflate to exactly their input; corrupted streams must be
 * rejected exactly when zlib's {@link Inflater} rejects them, and otherwise give zlib's bytes; every prefix of a
 * stream must be rejected; hand-made streams check each named error. Exact equality throughout.
 */
class ZlibInflaterTest {
    private final Random rng = new Random(1951);

    /**
     * Every level 0-9 with the default, filtered and Huffman-only strategies over data that exercises stored
     * blocks (level 0, and a stored block longer than 65,535 bytes), fixed and dynamic codes, literals only,
     * runs (distance 1), short repeats (distances 2-7, as repeated pixels make) and long matches: sizes 0 to
     * 300,000 bytes.
     */
    @Test
    void inflatesZlibStreamsOfEveryLevelAndStrategy() throws DataFormatException {
        int[] strategies = {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY};
        int[] sizes = {0, 1, 2, 7, 100, 4_000, 70_000, 300_000};
        for (int level = 0; level <= 9; level++) {
            for (int strategy : strategies) {
                for (int kind = 0; kind < 5; kind++) {
                    byte[] data = sample(kind, sizes[rng.nextInt(sizes.length)]);
                    assertRoundTrip(data, deflate(data, level, strategy), "level " + level + " kind " + kind);
                }
            }
        }
        byte[] big = sample(0, 300_000);
        assertRoundTrip(big, deflate(big, 0, Deflater.DEFAULT_STRATEGY), "stored 300,000");
    }

    /** The library's own encoder: runs and literals, stored blocks for incompressible data. */
    @Test
    void inflatesRunLengthDeflaterStreams() throws DataFormatException {
        for (int kind = 0; kind < 5; kind++) {
            for (int size : new int[] {0, 1, 9, 1_000, 100_000}) {
                byte[] data = sample(kind, size);
                assertRoundTrip(data, RunLengthDeflater.compress(data, 0, data.length), "kind " + kind);
            }
        }
    }

    /**
     * The output's capacity: exactly enough is fine, more leaves the rest untouched and reports the bytes made,
     * one byte less fails as {@link ZlibInflater.OutputFull}; the input may sit at an offset inside a larger
     * array, and bytes after the checksum are ignored.
     */
    @Test
    void capacityOffsetsAndTrailingBytes() throws DataFormatException {
        byte[] data = sample(4, 5_000);
        byte[] z = deflate(data, 6, Deflater.DEFAULT_STRATEGY);
        byte[] roomy = new byte[data.length + 10];
        assertEquals(data.length, ZlibInflater.inflate(z, 0, z.length, roomy));
        assertArrayEquals(data, Arrays.copyOf(roomy, data.length));
        assertThrows(ZlibInflater.OutputFull.class, () -> ZlibInflater.inflate(z, 0, z.length,
                new byte[data.length - 1]));
        byte[] framed = new byte[z.length + 20];
        System.arraycopy(z, 0, framed, 7, z.length);
        byte[] out = new byte[data.length];
        assertEquals(data.length, ZlibInflater.inflate(framed, 7, z.length + 13, out));
        assertArrayEquals(data, out);
    }

    /**
     * 600 streams with one to three flipped bits after the header: rejected exactly when zlib rejects them (zlib
     * reading the same bytes into the same capacity, and failing on output past it too), else the same bytes.
     */
    @Test
    void corruptStreamsAreRejectedWhereZlibRejectsThem() {
        for (int t = 0; t < 600; t++) {
            byte[] data = sample(t % 5, 1 + rng.nextInt(20_000));
            byte[] z = t % 4 == 3 ? RunLengthDeflater.compress(data, 0, data.length)
                    : deflate(data, rng.nextInt(10), Deflater.DEFAULT_STRATEGY);
            for (int k = 1 + rng.nextInt(3); k > 0; k--) {
                z[2 + rng.nextInt(z.length - 2)] ^= (byte) (1 << rng.nextInt(8));
            }
            assertEquals(zlib(z, data.length), ours(z, data.length), "stream " + t);
        }
    }

    /** Every prefix of a few streams, stored, fixed and dynamic: never accepted, never hanging. */
    @Test
    void everyTruncationIsRejected() {
        byte[][] streams = {deflate(sample(0, 3_000), 0, Deflater.DEFAULT_STRATEGY),
            deflate(new byte[] {1, 2, 3}, 6, Deflater.DEFAULT_STRATEGY),
            deflate(sample(4, 3_000), 9, Deflater.DEFAULT_STRATEGY)};
        for (byte[] z : streams) {
            for (int cut = 0; cut < z.length; cut++) {
                int len = cut;
                assertThrows(DataFormatException.class, () -> ZlibInflater.inflate(z, 0, len, new byte[10_000]),
                        "cut at " + cut);
            }
        }
        byte[] whole = streams[2];
        assertThrows(ZlibInflater.Truncated.class,
                () -> ZlibInflater.inflate(whole, 0, whole.length - 4, new byte[10_000]));
    }

    /** Each header check, block type 3, stored-length mismatch, a match before the output, over-subscribed codes. */
    @Test
    void namedErrors() {
        assertError("unknown compression method 9, expected 8 (deflate)", 0x79, 0x9C);
        assertError("invalid window size 2^16", 0x88, 0x1C);
        assertError("incorrect header check", 0x78, 0x9D);
        assertError("needs a preset dictionary", 0x78, 0xBB);
        // final block of type 3
        assertError("invalid block type 3", 0x78, 0x01, 0b111);
        // final stored block: LEN 5, NLEN 0
        assertError("invalid stored block lengths", 0x78, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00);
        // final fixed block whose first symbol is a match (length 3: code 0000001) at distance 1 (code 00000)
        BitWriter match = new BitWriter().bits(1, 1).bits(1, 2).code(0b0000001, 7).code(0, 5).code(0, 7);
        assertError("invalid distance too far back", match.zlib());
        // dynamic block whose code-length code gives all 19 symbols one bit: over-subscribed
        BitWriter lengths = new BitWriter().bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(15, 4);
        for (int i = 0; i < 19; i++) {
            lengths.bits(1, 3);
        }
        assertError("invalid code lengths set: over-subscribed code", lengths.zlib());
        // a stream with the right data and a wrong checksum
        byte[] z = deflate(new byte[] {5, 6, 7}, 6, Deflater.DEFAULT_STRATEGY);
        z[z.length - 1] ^= 1;
        assertError("incorrect data check", toInts(z));
    }

    private static int[] toInts(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xFF;
        }
        return out;
    }

    private static void assertError(String message, int... stream) {
        byte[] z = new byte[stream.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (byte) stream[i];
        }
        assertError(message, z);
    }

    private static void assertError(String message, byte[] z) {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ZlibInflater.inflate(z, 0, z.length, new byte[100]));
        assertEquals(message, e.getMessage());
    }

    /** Bits written least significant first, Huffman codes most significant bit first, as deflate packs them. */
    private static final class BitWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int current;
        private int count;

        BitWriter bits(int value, int n) {
            for (int i = 0; i < n; i++) {
                bit((value >>> i) & 1);
            }
            return this;
        }

        BitWriter code(int code, int n) {
            for (int i = n - 1; i >= 0; i--) {
                bit((code >>> i) & 1);
            }
            return this;
        }

        private void bit(int b) {
            current |= b << count++;
            if (count == 8) {
                bytes.write(current);
                current = 0;
                count = 0;
            }
        }

        /** The deflate bits behind a zlib header, padded to a byte, with four zero bytes as the checksum. */
        byte[] zlib() {
            if (count > 0) {
                bytes.write(current);
            }
            byte[] body = bytes.toByteArray();
            byte[] z = new byte[body.length + 6];
            z[0] = 0x78;
            z[1] = 0x01;
            System.arraycopy(body, 0, z, 2, body.length);
            return z;
        }
    }

    private void assertRoundTrip(byte[] data, byte[] z, String what) throws DataFormatException {
        byte[] out = new byte[data.length];
        assertEquals(data.length, ZlibInflater.inflate(z, 0, z.length, out), what);
        assertArrayEquals(data, out, what);
    }

    /**
     * Test data by kind: 0 random bytes, 1 small values (literals with short codes), 2 runs of one byte, 3
     * repeated pixels (a few bytes repeated at distances 2-7, with noise), 4 text-like copies from up to 300
     * bytes back.
     */
    private byte[] sample(int kind, int n) {
        byte[] data = new byte[n];
        int period = 2 + rng.nextInt(6);
        for (int i = 0; i < n; i++) {
            data[i] = switch (kind) {
                case 0 -> (byte) rng.nextInt(256);
                case 1 -> (byte) rng.nextInt(8);
                case 2 -> (byte) (i / (1 + rng.nextInt(40)) % 3);
                case 3 -> i >= period && rng.nextInt(20) > 0 ? data[i - period] : (byte) rng.nextInt(256);
                default -> i > 10 && rng.nextBoolean() ? data[i - 1 - rng.nextInt(Math.min(i, 300))]
                        : (byte) (32 + rng.nextInt(64));
            };
        }
        return data;
    }

    private static byte[] deflate(byte[] data, int level, int strategy) {
        Deflater deflater = new Deflater(level);
        deflater.setStrategy(strategy);
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[data.length + data.length / 50 + 64];
        int n = 0;
        while (!deflater.finished()) {
            n += deflater.deflate(buffer, n, buffer.length - n);
        }
        deflater.end();
        return Arrays.copyOf(buffer, n);
    }

    /** What zlib makes of a stream with this capacity: "error", or the bytes produced. */
    private static String zlib(byte[] z, int capacity) {
        Inflater inflater = new Inflater();
        byte[] out = new byte[capacity];
        try {
            inflater.setInput(z);
            int produced = 0;
            while (!inflater.finished() && produced < capacity) {
                int n = inflater.inflate(out, produced, capacity - produced);
                produced += n;
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return "error";
                }
            }
            if (!inflater.finished() && inflater.inflate(new byte[1]) > 0 || !inflater.finished()) {
                return "error";
            }
            return Arrays.toString(Arrays.copyOf(out, produced));
        } catch (DataFormatException e) {
            return "error";
        } finally {
            inflater.end();
        }
    }

    private static String ours(byte[] z, int capacity) {
        byte[] out = new byte[capacity];
        try {
            int produced = ZlibInflater.inflate(z, 0, z.length, out);
            return Arrays.toString(Arrays.copyOf(out, produced));
        } catch (DataFormatException e) {
            return "error";
        }
    }
}
