package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.nio.FloatBuffer;

/**
 * Separable cross-correlation with the padding folded in, as SIMD passes over each plane (float32, CPU, no
 * gradient: see {@link SimdKernels}); the kernel behind the Gaussian and box blurs and SSIM's filterings. Per
 * output row: the column taps sum {@code kh} source rows (the border mapping the padded row to a source row) into
 * a padded row buffer, whose ends are then filled by the border rule, and the row taps sum {@code kw} shifted
 * reads of that buffer into the output row. Each output value is
 * {@code sum_j kernelX[j] sum_i kernelY[i] p[y + i, x + j]} with {@code p} the padded plane, in float32 (the
 * TorchScript module sums rows first; the results agree to float rounding).
 *
 * <pre>{@code
 * NDArray blurred = SeparableSimd.correlate(x, BorderType.REFLECT, new int[] {2, 2, 2, 2}, taps, taps);
 * }</pre>
 */
public final class SeparableSimd {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private SeparableSimd() {}

    /**
     * @param x {@code (B, C, H, W)}, float32 on the CPU, for which {@link SimdKernels#applies} holds
     * @param border how the plane is extended (pads already checked for the mode: reflect needs each pad below
     *     the side)
     * @param pads {@code {top, bottom, left, right}}
     * @param kernelX the row taps, {@code kw} values
     * @param kernelY the column taps, {@code kh} values
     * @return {@code (B, C, H + top + bottom - kh + 1, W + left + right - kw + 1)} in x's manager
     */
    public static NDArray correlate(NDArray x, BorderType border, int[] pads, double[] kernelX, double[] kernelY) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        int outH = h + pads[0] + pads[1] - kernelY.length + 1;
        int outW = w + pads[2] + pads[3] - kernelX.length + 1;
        NDArray out = SimdKernels.newOutput(x, new Shape(s.get(0), s.get(1), outH, outW));
        float[] kx = SimdKernels.toFloats(kernelX);
        float[] ky = SimdKernels.toFloats(kernelY);
        SimdKernels.forEachPlane(x, out, () -> new Plane(h, w, outH, outW, border, pads, kx, ky), Plane::filter);
        return out;
    }

    /** One plane's geometry, taps and buffers, reused for every plane of the batch. */
    private static final class Plane {
        private final int w;
        private final int outH;
        private final int outW;
        private final int left;
        private final float[] kx;
        private final float[] ky;
        /** Source row of each padded row, -1 for a row of zeros. */
        private final int[] rows;
        /** Source column of each padded column, -1 for zero. */
        private final int[] columns;
        /** One padded row of column sums. */
        private final float[] row;
        /** One output row. */
        private final float[] sums;
        /** The source plane, copied from the tensor once, then a row of zeros. */
        private final float[] source;
        /** Where the zero row starts in {@link #source}. */
        private final int zeroRow;
        /** The start in {@link #source} of each source row of the current output row. */
        private final int[] offsets;
        /** {@code 0, 1, ..., kw - 1}: the row taps' shifts. */
        private final int[] shifts;

        Plane(int h, int w, int outH, int outW, BorderType border, int[] pads, float[] kx, float[] ky) {
            this.w = w;
            this.outH = outH;
            this.outW = outW;
            this.left = pads[2];
            this.kx = kx;
            this.ky = ky;
            this.rows = PaddedPlane.sources(h, pads[0], pads[1], border);
            this.columns = PaddedPlane.sources(w, pads[2], pads[3], border);
            this.row = new float[columns.length];
            this.sums = new float[outW];
            this.zeroRow = h * w;
            this.source = new float[h * w + w];
            this.offsets = new int[ky.length];
            this.shifts = new int[kx.length];
            for (int j = 0; j < shifts.length; j++) {
                shifts[j] = j;
            }
        }

        /** The plane at float offset {@code from} of {@code in} into the plane at float offset {@code to}. */
        void filter(FloatBuffer in, int from, FloatBuffer out, int to) {
            in.get(from, source, 0, zeroRow);
            for (int y = 0; y < outH; y++) {
                sumRows(y);
                PaddedPlane.fillColumns(row, 0, columns, left, w);
                sumColumns();
                out.put(to + y * outW, sums, 0, outW);
            }
        }

        /** {@code row[left + x] = sum_i ky[i] * source row (y + i)[x]}; zero-border rows read the zero row. */
        private void sumRows(int y) {
            for (int i = 0; i < ky.length; i++) {
                int r = rows[y + i];
                offsets[i] = r < 0 ? zeroRow : r * w;
            }
            taps(source, offsets, ky, row, left, w);
        }

        /** {@code sums[x] = sum_j kx[j] * row[x + j]}, tap by tap over the row. */
        private void sumColumns() {
            taps(row, shifts, kx, sums, 0, outW);
        }
    }

    /**
     * {@code out[to + x] = sum_t weights[t] * in[starts[t] + x]} for {@code x} in {@code [0, n)}: four vectors of
     * outputs at a time, so that four independent chains of fused multiply-adds keep the FPU busy (one chain
     * waits on each addition's latency), then one vector at a time, then scalars.
     */
    static void taps(float[] in, int[] starts, float[] weights, float[] out, int to, int n) {
        int lanes = SPECIES.length();
        int x = 0;
        for (; x <= n - 4 * lanes; x += 4 * lanes) {
            FloatVector a0 = FloatVector.zero(SPECIES);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int t = 0; t < weights.length; t++) {
                FloatVector wt = FloatVector.broadcast(SPECIES, weights[t]);
                int at = starts[t] + x;
                a0 = FloatVector.fromArray(SPECIES, in, at).fma(wt, a0);
                a1 = FloatVector.fromArray(SPECIES, in, at + lanes).fma(wt, a1);
                a2 = FloatVector.fromArray(SPECIES, in, at + 2 * lanes).fma(wt, a2);
                a3 = FloatVector.fromArray(SPECIES, in, at + 3 * lanes).fma(wt, a3);
            }
            a0.intoArray(out, to + x);
            a1.intoArray(out, to + x + lanes);
            a2.intoArray(out, to + x + 2 * lanes);
            a3.intoArray(out, to + x + 3 * lanes);
        }
        for (; x <= n - lanes; x += lanes) {
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int t = 0; t < weights.length; t++) {
                FloatVector v = FloatVector.fromArray(SPECIES, in, starts[t] + x);
                acc = v.fma(FloatVector.broadcast(SPECIES, weights[t]), acc);
            }
            acc.intoArray(out, to + x);
        }
        for (; x < n; x++) {
            float acc = 0;
            for (int t = 0; t < weights.length; t++) {
                acc = Math.fma(in[starts[t] + x], weights[t], acc);
            }
            out[to + x] = acc;
        }
    }

}
