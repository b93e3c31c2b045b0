package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.nio.FloatBuffer;

/**
 * Kornia's {@code pyrdown} at exactly half size, as {@link Aten#pyrDown} computes it (a separable 6-tap correlation
 * of the plane padded by 2, at even positions only), with SIMD on float32 CPU tensors without gradients (see
 * {@link SimdKernels}). The plane is copied in one piece (one bulk copy streams from memory faster than a copy per
 * row); per output row {@code i}: the column taps sum padded rows {@code 2i .. 2i + 5} (rows outside the plane
 * mapped by the border rule, or a row of zeros) into one row, whose 2 border columns on each side are then filled
 * by the border rule, and whose even and odd columns are split into two halves (by lane permutations), so that the
 * row taps read each half contiguously:
 * {@code out[j] = t0 e[j] + t1 o[j] + t2 e[j + 1] + t3 o[j + 1] + t4 e[j + 2] + t5 o[j + 2]}.
 *
 * <pre>{@code
 * double[] taps = {1 / 32.0, 5 / 32.0, 10 / 32.0, 10 / 32.0, 5 / 32.0, 1 / 32.0};
 * NDArray half = PyramidSimd.pyrDown(x, BorderType.REFLECT, taps);
 * }</pre>
 */
public final class PyramidSimd {

    private static final int PAD = 2;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Lanes {@code 0, 2, 4, ...} then the same again: a vector's even lanes in both of its halves. */
    private static final VectorShuffle<Float> EVEN_FIRST = VectorShuffle.fromOp(FLOATS,
            i -> (2 * i) % FLOATS.length());
    /** The odd lanes likewise. */
    private static final VectorShuffle<Float> ODD_FIRST = VectorShuffle.fromOp(FLOATS,
            i -> (2 * i + 1) % FLOATS.length());
    /** The upper half of the lanes. */
    private static final VectorMask<Float> SECOND_HALF = VectorMask.fromLong(FLOATS,
            -1L << (FLOATS.length() / 2));

    private PyramidSimd() {}

    /**
     * @param x {@code (B, C, H, W)}, float32 on the CPU, {@code H} and {@code W} even and at least 4, for which
     *     {@link SimdKernels#applies} holds
     * @param border how the plane is extended by 2 on each side
     * @param taps the 6 taps, the same along both axes
     * @return {@code (B, C, H / 2, W / 2)} in x's manager
     */
    public static NDArray pyrDown(NDArray x, BorderType border, double[] taps) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        int outH = h / 2;
        int outW = w / 2;
        NDArray out = SimdKernels.newOutput(x, new Shape(s.get(0), s.get(1), outH, outW));
        float[] weights = SimdKernels.toFloats(taps);
        SimdKernels.forEachPlane(x, out, () -> new Halving(h, w, border, weights), Halving::halve);
        return out;
    }

    /**
     * {@code split[k] = row[2k]}, {@code split[half + k] = row[2k + 1]} for {@code k < half}: two vectors of the row at
     * a time, each permuted so that its even (odd) lanes come first, and the two halves blended.
     */
    private static void deinterleave(float[] row, int half, float[] split) {
        int lanes = FLOATS.length();
        int k = 0;
        for (; k + lanes <= half; k += lanes) {
            FloatVector a = FloatVector.fromArray(FLOATS, row, 2 * k);
            FloatVector b = FloatVector.fromArray(FLOATS, row, 2 * k + lanes);
            a.rearrange(EVEN_FIRST).blend(b.rearrange(EVEN_FIRST), SECOND_HALF).intoArray(split, k);
            a.rearrange(ODD_FIRST).blend(b.rearrange(ODD_FIRST), SECOND_HALF).intoArray(split, half + k);
        }
        for (; k < half; k++) {
            split[k] = row[2 * k];
            split[half + k] = row[2 * k + 1];
        }
    }

    /**
     * {@code out[at + x] = sum_t weights[t] * in[starts[t] + x]} for {@code x} in {@code [0, n)} and the pyramid's 6
     * taps: {@link SeparableSimd}'s loop with the taps unrolled, so that the weights stay in registers and every
     * bounds check is hoisted out of the loop.
     */
    private static void sixTaps(float[] in, int[] starts, float[] weights, float[] out, int at, int n) {
        FloatVector w0 = FloatVector.broadcast(FLOATS, weights[0]);
        FloatVector w1 = FloatVector.broadcast(FLOATS, weights[1]);
        FloatVector w2 = FloatVector.broadcast(FLOATS, weights[2]);
        FloatVector w3 = FloatVector.broadcast(FLOATS, weights[3]);
        FloatVector w4 = FloatVector.broadcast(FLOATS, weights[4]);
        FloatVector w5 = FloatVector.broadcast(FLOATS, weights[5]);
        int s0 = starts[0];
        int s1 = starts[1];
        int s2 = starts[2];
        int s3 = starts[3];
        int s4 = starts[4];
        int s5 = starts[5];
        int x = 0;
        for (int bound = FLOATS.loopBound(n); x < bound; x += FLOATS.length()) {
            FloatVector a = FloatVector.fromArray(FLOATS, in, s0 + x).mul(w0);
            FloatVector b = FloatVector.fromArray(FLOATS, in, s1 + x).mul(w1);
            a = FloatVector.fromArray(FLOATS, in, s2 + x).fma(w2, a);
            b = FloatVector.fromArray(FLOATS, in, s3 + x).fma(w3, b);
            a = FloatVector.fromArray(FLOATS, in, s4 + x).fma(w4, a);
            b = FloatVector.fromArray(FLOATS, in, s5 + x).fma(w5, b);
            a.add(b).intoArray(out, at + x);
        }
        for (; x < n; x++) {
            float a = Math.fma(in[s4 + x], weights[4], Math.fma(in[s2 + x], weights[2], in[s0 + x] * weights[0]));
            float b = Math.fma(in[s5 + x], weights[5], Math.fma(in[s3 + x], weights[3], in[s1 + x] * weights[1]));
            out[at + x] = a + b;
        }
    }

    /** One thread's copy of a plane and row buffers, reused for its planes. */
    private static final class Halving {
        private final int h;
        private final int w;
        /** The plane, row-major, then one row of zeros that the rows of a zero border read. */
        private final float[] plane;
        /** Where each padded row starts in {@link #plane}. */
        private final int[] paddedRows;
        /** The input column of each padded column, -1 where the border is zeros. */
        private final int[] columns;
        private final float[] weights;
        private final int outH;
        private final int half;
        private final int[] rowStarts;
        private final int[] columnStarts;
        private final float[] row;
        private final float[] split;
        private final float[] result;

        Halving(int h, int w, BorderType border, float[] weights) {
            this.h = h;
            this.w = w;
            this.plane = new float[(h + 1) * w];
            int[] rows = PaddedPlane.sources(h, PAD, PAD, border);
            this.paddedRows = new int[rows.length];
            for (int p = 0; p < rows.length; p++) {
                paddedRows[p] = (rows[p] < 0 ? h : rows[p]) * w;
            }
            this.columns = PaddedPlane.sources(w, PAD, PAD, border);
            this.weights = weights;
            this.outH = h / 2;
            int width = w + 2 * PAD;
            this.half = width / 2;
            this.rowStarts = new int[weights.length];
            this.columnStarts = new int[] {0, half, 1, half + 1, 2, half + 2};
            this.row = new float[width];
            this.split = new float[width];
            this.result = new float[w / 2];
        }

        /**
         * The plane at float index {@code from} of {@code in} halved into float index {@code to} of {@code out}: the
         * plane copied in one piece, the column taps of each output row summed over its padded rows, the row's
         * border columns filled by the border rule (the column taps commute with it), then split and the row taps.
         */
        void halve(FloatBuffer in, int from, FloatBuffer out, int to) {
            in.get(from, plane, 0, h * w);
            int outW = result.length;
            for (int i = 0; i < outH; i++) {
                for (int t = 0; t < weights.length; t++) {
                    rowStarts[t] = paddedRows[2 * i + t];
                }
                sixTaps(plane, rowStarts, weights, row, PAD, w);
                PaddedPlane.fillColumns(row, 0, columns, PAD, w);
                deinterleave(row, half, split);
                sixTaps(split, columnStarts, weights, result, 0, outW);
                out.put(to + i * outW, result, 0, outW);
            }
        }
    }
}
