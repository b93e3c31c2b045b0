package dev.diffvision.ops.core.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adler-32 (RFC 1950, section 8.2) with SIMD: the checksum of zlib streams, which the JDK computes one byte at a
 * time (about 0.07-0.1 ms for a 256 x 256 RGB image's 197 KB here, a tenth of inflating it). Call only when
 * {@link SimdKernels#available()}: this class needs the Vector API module.
 *
 * <p>For bytes {@code x_0 .. x_(n-1)} and a running {@code (a, b)}: {@code a' = a + sum x_i}, {@code b' = b + n a
 * + sum (n - i) x_i}, both mod 65521. The bytes go in chunks of L (the preferred int vector's lanes): lane l of
 * {@code s1} sums the bytes at positions {@code = l (mod L)}, {@code s2} adds {@code s1} after every chunk, so
 * that over m chunks {@code sum (n - i) x_i = L sum s2 - sum_l l s1_l}. Blocks of 1024 chunks keep every lane
 * below 2^31 (at most {@code 255 * 1024 * 1025 / 2}) before the sums are reduced mod 65521 in longs.
 *
 * <pre>{@code
 * int adler = Adler32Simd.adler32(data, 0, data.length);   // as java.util.zip.Adler32's getValue()
 * }</pre>
 */
public final class Adler32Simd {

    private static final int MOD = 65_521;
    private static final int CHUNKS_PER_BLOCK = 1024;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** As many bytes as {@link #INTS} has lanes. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(INTS.vectorBitSize() / 4));
    private static final IntVector LANE_INDEX = IntVector.zero(INTS).addIndex(1);

    private Adler32Simd() {}

    /**
     * @param data the bytes
     * @param off index of the first byte
     * @param len number of bytes, >= 0
     * @return the Adler-32 of {@code data[off, off + len)}, as {@code java.util.zip.Adler32} computes it
     */
    public static int adler32(byte[] data, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        int lanes = INTS.length();
        long a = 1;
        long b = 0;
        int i = off;
        int end = off + len;
        while (end - i >= lanes) {
            int chunks = Math.min(CHUNKS_PER_BLOCK, (end - i) / lanes);
            IntVector s1 = IntVector.zero(INTS);
            IntVector s2 = s1;
            for (int c = 0; c < chunks; c++, i += lanes) {
                IntVector x = ((IntVector) ByteVector.fromArray(BYTES, data, i)
                        .convertShape(VectorOperators.B2I, INTS, 0)).and(0xFF);
                s1 = s1.add(x);
                s2 = s2.add(s1);
            }
            long n = (long) chunks * lanes;
            long sum1 = s1.reduceLanesToLong(VectorOperators.ADD);
            long weighted = (long) lanes * s2.reduceLanesToLong(VectorOperators.ADD)
                    - s1.mul(LANE_INDEX).reduceLanesToLong(VectorOperators.ADD);
            b = (b + n % MOD * a + weighted) % MOD;
            a = (a + sum1) % MOD;
        }
        for (; i < end; i++) {
            a += data[i] & 0xFF;
            b += a;
        }
        return (int) ((b % MOD) << 16 | a % MOD);
    }
}
