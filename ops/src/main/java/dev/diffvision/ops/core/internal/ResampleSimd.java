package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Separable resampling by per-axis tap tables ({@code resample_separable.py}'s: the CPU road of bilinear and area
 * resizing) with SIMD, for float32 or 8-bit images on the CPU without gradients (see {@link SimdKernels}). Per
 * output row: the row taps blend their source rows, copied from the tensor (8-bit pixels are widened to float on
 * the way), into one row, as a weighted sum; four such rows at a time then go through the column taps,
 * regrouped by {@link ColumnBlocks} into broadcast-multiply-adds without gathers, and the results are multiplied
 * by {@code scale}. The results agree with the module's to float rounding (the module blends two taps as
 * {@code a + w1 (b - a)}, this kernel as {@code w0 a + w1 b}).
 *
 * <pre>{@code
 * NDArray small = ResampleSimd.resample(x, 224, rowIndex, rowWeight, 224, columnIndex, columnWeight, 1f);
 * }</pre>
 */
public final class ResampleSimd {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** As many bytes as {@link #FLOATS} has lanes. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(FLOATS.vectorBitSize() / 4));

    private ResampleSimd() {}

    /**
     * @param x {@code (B, C, H, W)} float32 or uint8 on the CPU, without gradient
     * @param h output rows
     * @param rowIndex {@code (Kh, h)} row-major source rows, each in {@code [0, H)}
     * @param rowWeight {@code (Kh, h)} their weights
     * @param w output columns
     * @param columnIndex {@code (Kw, w)} row-major source columns, each in {@code [0, W)}
     * @param columnWeight {@code (Kw, w)} their weights
     * @param scale multiplies the result (1 / 255 to turn 8-bit pixels into unit floats)
     * @return {@code (B, C, h, w)} float32 in x's manager
     */
    public static NDArray resample(NDArray x, int h, int[] rowIndex, float[] rowWeight, int w, int[] columnIndex,
                                   float[] columnWeight, float scale) {
        Shape s = x.getShape();
        int inH = (int) s.get(2);
        int inW = (int) s.get(3);
        NDArray out = SimdKernels.newOutput(x, new Shape(s.get(0), s.get(1), h, w));
        ByteBuffer in = SimdKernels.buffer(x);
        FloatBuffer floats = x.getDataType() == DataType.UINT8 ? null : in.asFloatBuffer();
        FloatBuffer o = SimdKernels.buffer(out).asFloatBuffer();
        int rowTaps = rowIndex.length / h;
        ColumnBlocks columns = ColumnBlocks.of(columnIndex, columnWeight, w);
        SimdKernels.forEach((int) (s.get(0) * s.get(1)), () -> new Rows(inW, columns.paddedWidth()), (rows, p) -> {
            int plane = p * inH * inW;
            for (int first = 0; first < h; first += ColumnBlocks.ROWS) {
                for (int r = 0; r < ColumnBlocks.ROWS; r++) {
                    int i = Math.min(first + r, h - 1); // past the last row: a repeat, not stored
                    blendRows(in, floats, plane, inW, rowIndex, rowWeight, rowTaps, h, i, rows, rows.rows[r]);
                }
                columns.apply(rows.rows, scale, rows.results);
                for (int r = 0; r < ColumnBlocks.ROWS && first + r < h; r++) {
                    o.put(p * h * w + (first + r) * w, rows.results[r], 0, w);
                }
            }
        });
        return out;
    }

    /** One thread's row buffers: blended rows, two copied source rows (and an 8-bit one) and the result rows. */
    private static final class Rows {
        private final float[][] rows;
        private final float[] source;
        private final float[] second;
        private final byte[] pixels;
        private final float[][] results;

        Rows(int inW, int paddedW) {
            this.rows = new float[ColumnBlocks.ROWS][inW];
            this.source = new float[inW];
            this.second = new float[inW];
            this.pixels = new byte[inW];
            this.results = new float[ColumnBlocks.ROWS][paddedW];
        }
    }

    /**
     * {@code row = sum_k weight[k][i] x[index[k][i], :]} of the plane starting at element {@code plane}, two taps
     * per pass: their source rows are copied into {@code rows.source} and {@code rows.second} (8-bit pixels
     * widened to float on the way; a missing second tap is a row of zeros), then weighted into {@code row}.
     * {@code floats} is the float32 input's view of {@code in}, null for 8-bit input.
     */
    private static void blendRows(ByteBuffer in, FloatBuffer floats, int plane, int width, int[] index,
                                  float[] weight, int taps, int h, int i, Rows rows, float[] row) {
        float[] source = rows.source;
        float[] second = rows.second;
        for (int k = 0; k < taps; k += 2) {
            copyRow(in, floats, plane + index[k * h + i] * width, width, rows.pixels, source);
            float w1 = 0f;
            if (k + 1 < taps) {
                copyRow(in, floats, plane + index[(k + 1) * h + i] * width, width, rows.pixels, second);
                w1 = weight[(k + 1) * h + i];
            } else {
                Arrays.fill(second, 0f);
            }
            weigh(source, weight[k * h + i], second, w1, k > 0, row);
        }
    }

    /** {@code row = w0 a + w1 b}, plus the old {@code row} when {@code accumulate}. */
    private static void weigh(float[] a, float w0, float[] b, float w1, boolean accumulate, float[] row) {
        int lanes = FLOATS.length();
        FloatVector v0 = FloatVector.broadcast(FLOATS, w0);
        FloatVector v1 = FloatVector.broadcast(FLOATS, w1);
        int x = 0;
        for (; x <= row.length - lanes; x += lanes) {
            FloatVector sum = FloatVector.fromArray(FLOATS, b, x).mul(v1);
            if (accumulate) {
                sum = sum.add(FloatVector.fromArray(FLOATS, row, x));
            }
            FloatVector.fromArray(FLOATS, a, x).fma(v0, sum).intoArray(row, x);
        }
        for (; x < row.length; x++) {
            row[x] = Math.fma(a[x], w0, b[x] * w1 + (accumulate ? row[x] : 0f));
        }
    }

    /** The source row at element {@code from} into {@code out}: copied, or widened from 8-bit when {@code floats} is null. */
    private static void copyRow(ByteBuffer in, FloatBuffer floats, int from, int width, byte[] pixels, float[] out) {
        if (floats == null) {
            widenRow(in, from, width, pixels, out);
        } else {
            floats.get(from, out, 0, width);
        }
    }

    /** The 8-bit row of {@code width} pixels at byte {@code from} as floats in {@code out}. */
    private static void widenRow(ByteBuffer in, int from, int width, byte[] pixels, float[] out) {
        in.get(from, pixels, 0, width);
        int lanes = FLOATS.length();
        int x = 0;
        for (; x <= width - lanes; x += lanes) {
            widen(pixels, x).intoArray(out, x);
        }
        for (; x < width; x++) {
            out[x] = pixels[x] & 0xFF;
        }
    }

    /** {@code FLOATS.length()} unsigned bytes from {@code at} as floats. */
    private static FloatVector widen(byte[] source, int at) {
        ByteVector b = ByteVector.fromArray(BYTES, source, at);
        // signed widening, then the sign bits cleared (Java 17's ZERO_EXTEND_B2I fails on some shapes)
        IntVector i = ((IntVector) b.convertShape(VectorOperators.B2I, INTS, 0)).and(0xFF);
        return (FloatVector) i.convertShape(VectorOperators.I2F, FLOATS, 0);
    }
}
