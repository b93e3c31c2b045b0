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
 * Float values in [0, 1] as 8-bit pixels with SIMD, for float32 CPU tensors without gradients (see
 * {@link SimdKernels}): {@code unit_to_uint8.py}'s {@code floor(clamp(x 255 + 0.5, 0.5, 255.5))}, NaN as 0, in one
 * pass. Equal to the module's result (the same float operations).
 *
 * <pre>{@code
 * NDArray pixels = QuantizeSimd.unitToUint8(image);   // uint8, image's shape
 * }</pre>
 */
public final class QuantizeSimd {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** As many bytes as {@link #FLOATS} has lanes. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(FLOATS.vectorBitSize() / 4));
    /** Values per pass: an L1-sized block read from the tensor, then written. */
    private static final int BLOCK = 4096;

    private QuantizeSimd() {}

    /**
     * @param x float32 on the CPU, any shape, for which {@link SimdKernels#applies} holds
     * @return uint8 of x's shape in x's manager
     */
    public static NDArray unitToUint8(NDArray x) {
        NDArray out = x.getManager().create(x.getShape(), DataType.UINT8);
        FloatBuffer in = SimdKernels.buffer(x).asFloatBuffer();
        ByteBuffer o = SimdKernels.buffer(out);
        int n = Math.toIntExact(x.size());
        float[] values = new float[BLOCK];
        byte[] pixels = new byte[BLOCK];
        int lanes = FLOATS.length();
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
            in.get(start, values, 0, len);
            int i = 0;
            for (; i <= len - lanes; i += lanes) {
                FloatVector v = FloatVector.fromArray(FLOATS, values, i).mul(255f).add(0.5f);
                v = v.blend(0.5f, v.test(VectorOperators.IS_NAN)).max(0.5f).min(255.5f);
                IntVector whole = (IntVector) v.convertShape(VectorOperators.F2I, INTS, 0);
                ((ByteVector) whole.convertShape(VectorOperators.I2B, BYTES, 0)).intoArray(pixels, i);
            }
            for (; i < len; i++) {
                float v = values[i] * 255f + 0.5f;
                pixels[i] = (byte) (int) (Float.isNaN(v) ? 0.5f : Math.min(Math.max(v, 0.5f), 255.5f));
            }
            o.put(start, pixels, 0, len);
        }
        return out;
    }
}
