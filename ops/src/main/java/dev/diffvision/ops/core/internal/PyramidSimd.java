package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;

import java.nio.FloatBuffer;

/**
 * Kornia's {@code pyrdown} at exactly half size, as {@link Aten#pyrDown} computes it (a separable 6-tap correlation
 * of the plane padded by 2, at even positions only), with SIMD on float32 CPU tensors without gradients (see
 * {@link SimdKernels}). Per output row {@code i}: the column taps sum padded rows {@code 2i .. 2i + 5} into one row,
 * whose even and odd columns are split into two halves, so that the row taps read each half contiguously:
 * {@code out[j] = t0 e[j] + t1 o[j] + t2 e[j + 1] + t3 o[j + 1] + t4 e[j + 2] + t5 o[j + 2]}.
 *
 * <pre>{@code
 * double[] taps = {1 / 32.0, 5 / 32.0, 10 / 32.0, 10 / 32.0, 5 / 32.0, 1 / 32.0};
 * NDArray half = PyramidSimd.pyrDown(x, BorderType.REFLECT, taps);
 * }</pre>
 */
public final class PyramidSimd {

    private static final int PAD = 2;

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
        float[] weights = SeparableSimd.toFloats(taps);
        SimdKernels.forEachPlane(x, out, () -> new Halving(h, w, border, weights), Halving::halve);
        return out;
    }

    /** One thread's padded plane and row buffers, reused for its planes. */
    private static final class Halving {
        private final PaddedPlane plane;
        private final float[] weights;
        private final int outH;
        private final int half;
        private final int[] rowStarts;
        private final int[] columnStarts;
        private final float[] row;
        private final float[] split;
        private final float[] result;

        Halving(int h, int w, BorderType border, float[] weights) {
            this.plane = new PaddedPlane(h, w, PAD, PAD, PAD, PAD, border);
            this.weights = weights;
            this.outH = h / 2;
            int width = plane.width();
            this.half = width / 2;
            this.rowStarts = new int[weights.length];
            this.columnStarts = new int[] {0, half, 1, half + 1, 2, half + 2};
            this.row = new float[width];
            this.split = new float[width];
            this.result = new float[w / 2];
        }

        /** The plane at float index {@code from} of {@code in} halved into float index {@code to} of {@code out}. */
        void halve(FloatBuffer in, int from, FloatBuffer out, int to) {
            plane.load(in, from);
            int width = plane.width();
            int outW = result.length;
            for (int i = 0; i < outH; i++) {
                for (int t = 0; t < weights.length; t++) {
                    rowStarts[t] = (2 * i + t) * width;
                }
                SeparableSimd.taps(plane.values(), rowStarts, weights, row, 0, width);
                for (int k = 0; k < half; k++) {
                    split[k] = row[2 * k];
                    split[half + k] = row[2 * k + 1];
                }
                SeparableSimd.taps(split, columnStarts, weights, result, 0, outW);
                out.put(to + i * outW, result, 0, outW);
            }
        }
    }
}
