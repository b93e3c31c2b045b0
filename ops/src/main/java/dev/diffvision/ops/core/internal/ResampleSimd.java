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

    /** One thread's row buffers: blended rows, a copied source row (float or 8-bit) and the result rows. */
    private static final class Rows {
        private final float[][] rows;
        private final float[] source;
        private final byte[] pixels;
        private final float[][] results;

        Rows(int inW, int paddedW) {
            this.rows = new float[ColumnBlocks.ROWS][inW];
            this.source = new float[inW];
            this.pixels = new byte[inW];
            this.results = new float[ColumnBlocks.ROWS][paddedW];
        }
    }

    /**
     * {@code row = sum_k weight[k][i] x[index[k][i], :]} of the plane starting at element {@code plane}: each
     * source row is copied into {@code rows.source} (8-bit pixels widened to float on the way), then weighted
     * into {@code row}. {@code floats} is the float32 input's view of {@code in}, null for 8-bit input.
     */
    private static void blendRows(ByteBuffer in, FloatBuffer floats, int plane, int width, int[] index,
                                  float[] weight, int taps, int h, int i, Rows rows, float[] row) {
        int lanes = FLOATS.length();
        float[] source = rows.source;
        for (int k = 0; k < taps; k++) {
            int from = plane + index[k * h + i] * width;
            if (floats == null) {
                widenRow(in, from, width, rows.pixels, source);
            } else {
                floats.get(from, source, 0, width);
            }
            float wk = weight[k * h + i];
            FloatVector wv = FloatVector.broadcast(FLOATS, wk);
            int x = 0;
            for (; x <= width - lanes; x += lanes) {
                FloatVector v = FloatVector.fromArray(FLOATS, source, x);
                (k == 0 ? v.mul(wv) : v.fma(wv, FloatVector.fromArray(FLOATS, row, x))).intoArray(row, x);
            }
            for (; x < width; x++) {
                float v = source[x];
                row[x] = k == 0 ? v * wk : Math.fma(v, wk, row[x]);
            }
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
