package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * {@code unit_to_uint8.py}'s quantisation, {@code floor(clamp(x * 255 + 0.5, 0.5, 255.5))} (NaN to 0), with SIMD on
 * float32 CPU tensors (see {@link SimdKernels}), bit for bit the module's result. Java 17 does not compile a vector
 * float-to-int conversion to SIMD on AVX2, so the integer part comes from the float's own bits: adding and
 * subtracting {@code 2^23} rounds a value in [0, 256) to its nearest integer (half to even), one compare turns
 * that into the floor, and adding {@code 2^23} once more leaves the floor in the low bits of the float's pattern,
 * which an int-to-byte narrowing packs. The tensor is cut into chunks of 64 Ki values, split over libtorch's
 * intra-op threads; each is copied into an array, quantised, and copied out.
 *
 * <pre>{@code
 * NDArray pixels = UnitToUint8Simd.quantise(edges);   // uint8, edges' shape
 * }</pre>
 */
public final class UnitToUint8Simd {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(FLOATS.vectorBitSize() / 4));
    /** Values per work item: enough to amortise a task, few enough to split over threads. */
    private static final int CHUNK = 1 << 16;

    private UnitToUint8Simd() {}

    /**
     * @param x float32 on the CPU, for which {@link SimdKernels#applies} holds; any shape
     * @return uint8 of x's shape, in x's manager
     */
    public static NDArray quantise(NDArray x) {
        NDArray out = x.getManager().create(x.getShape(), DataType.UINT8);
        FloatBuffer in = SimdKernels.buffer(x).asFloatBuffer();
        ByteBuffer o = SimdKernels.buffer(out);
        int n = (int) x.size();
        SimdKernels.forEach((n + CHUNK - 1) / CHUNK, () -> new Chunk(Math.min(CHUNK, n)), (chunk, c) -> {
            int from = c * CHUNK;
            int len = Math.min(CHUNK, n - from);
            in.get(from, chunk.values, 0, len);
            chunk.quantise(len);
            o.put(from, chunk.pixels, 0, len);
        });
        return out;
    }

    /** One thread's copy of a chunk of values and its pixels. */
    private static final class Chunk {
        private final float[] values;
        private final byte[] pixels;

        Chunk(int size) {
            this.values = new float[size];
            this.pixels = new byte[size];
        }

        /** {@code pixels[i] = floor(clamp(values[i] * 255 + 0.5, 0.5, 255.5))}, NaN to 0, for {@code i < len}. */
        void quantise(int len) {
            int lanes = FLOATS.length();
            int i = 0;
            for (; i <= len - lanes; i += lanes) {
                FloatVector v = FloatVector.fromArray(FLOATS, values, i).mul(255f).add(0.5f);
                v = v.blend(0.5f, v.test(VectorOperators.IS_NAN)).max(0.5f).min(255.5f);
                FloatVector nearest = v.add(SimdKernels.ROUNDING).sub(SimdKernels.ROUNDING);
                FloatVector floor = nearest.sub(1f, nearest.compare(VectorOperators.GT, v));
                IntVector level = floor.add(SimdKernels.ROUNDING).reinterpretAsInts();
                ((ByteVector) level.convertShape(VectorOperators.I2B, BYTES, 0)).intoArray(pixels, i);
            }
            for (; i < len; i++) {
                float v = values[i] * 255f + 0.5f;
                pixels[i] = (byte) (Float.isNaN(v) ? 0 : (int) Math.min(255.5f, Math.max(0.5f, v))); // cast = floor
            }
        }
    }
}
