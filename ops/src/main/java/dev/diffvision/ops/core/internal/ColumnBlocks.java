package dev.diffvision.ops.core.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;


/**
 * The column taps of a separable resampling ({@code out[j] = sum_k weight[k][j] row[index[k][j]]}) regrouped for
 * SIMD without gathers: the outputs are cut into blocks of one preferred float vector's lanes, and each block lists the source
 * columns its outputs read, each with a vector of weights (one lane per output of the block, 0 where that output
 * does not read the column). A block is then a chain of broadcast-multiply-adds over its source columns, and
 * {@link #apply} runs four rows through it at once so that each weight vector is loaded once for four independent
 * chains. A block reads at most {@code lanes * taps} columns (fewer where neighbouring outputs share them: bilinear
 * 256 -> 224 reads about 10 per 8 outputs); a vector gather costs several multiply-adds on Java 17, so this is the
 * cheaper road for every resize the library makes.
 *
 * <pre>{@code
 * ColumnBlocks blocks = ColumnBlocks.of(index, weight, 224);
 * blocks.apply(blendedRows, 1f, results);   // four rows of the source width -> four of blocks.paddedWidth()
 * }</pre>
 */
final class ColumnBlocks {

    /** How many rows {@link #apply} takes at once. */
    static final int ROWS = 4;

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private final int blocks;
    private final int[] blockEnd;
    private final int[] column;
    private final float[] weights;

    private ColumnBlocks(int blocks, int[] blockEnd, int[] column, float[] weights) {
        this.blocks = blocks;
        this.blockEnd = blockEnd;
        this.column = column;
        this.weights = weights;
    }

    /**
     * Regroups a tap table; taps of weight 0 are left out, taps of one output reading the same column add up.
     *
     * @param index {@code (K, w)} row-major source columns
     * @param weight {@code (K, w)} their weights
     * @param w the number of outputs, >= 1
     * @return the blocks
     */
    static ColumnBlocks of(int[] index, float[] weight, int w) {
        int lanes = FLOATS.length();
        int taps = index.length / w;
        int blocks = (w + lanes - 1) / lanes;
        int[] blockEnd = new int[blocks];
        int[] column = new int[blocks * lanes * taps];
        float[] weights = new float[blocks * lanes * taps * lanes];
        int entries = 0;
        for (int b = 0; b < blocks; b++) {
            int first = b * lanes;
            int last = Math.min(w, first + lanes); // exclusive
            int low = Integer.MAX_VALUE;
            int high = Integer.MIN_VALUE;
            for (int k = 0; k < taps; k++) {
                for (int j = first; j < last; j++) {
                    low = Math.min(low, index[k * w + j]);
                    high = Math.max(high, index[k * w + j]);
                }
            }
            float[] span = new float[(high - low + 1) * lanes]; // the block's weights by column, then lane
            boolean[] read = new boolean[high - low + 1];
            for (int k = 0; k < taps; k++) {
                for (int j = first; j < last; j++) {
                    float wk = weight[k * w + j];
                    if (wk != 0) {
                        int c = index[k * w + j] - low;
                        span[c * lanes + j - first] += wk;
                        read[c] = true;
                    }
                }
            }
            for (int c = 0; c < read.length; c++) {
                if (read[c]) {
                    column[entries] = low + c;
                    System.arraycopy(span, c * lanes, weights, entries * lanes, lanes);
                    entries++;
                }
            }
            blockEnd[b] = entries;
        }
        return new ColumnBlocks(blocks, blockEnd, column, weights);
    }

    /** @return the length of a result row: the outputs rounded up to whole blocks */
    int paddedWidth() {
        return blocks * FLOATS.length();
    }

    /**
     * {@code results[r][j] = scale * sum_k weight[k][j] rows[r][index[k][j]]} for the {@link #ROWS} rows at once;
     * lanes past the last output hold 0.
     *
     * @param rows {@link #ROWS} source rows, each at least as long as the largest source column + 1
     * @param scale multiplies every result
     * @param results {@link #ROWS} rows of {@link #paddedWidth()}
     */
    void apply(float[][] rows, float scale, float[][] results) {
        int lanes = FLOATS.length();
        float[] r0 = rows[0];
        float[] r1 = rows[1];
        float[] r2 = rows[2];
        float[] r3 = rows[3];
        int e = 0;
        for (int b = 0; b < blocks; b++) {
            FloatVector a0 = FloatVector.zero(FLOATS);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (; e < blockEnd[b]; e++) {
                FloatVector wv = FloatVector.fromArray(FLOATS, weights, e * lanes);
                int c = column[e];
                a0 = FloatVector.broadcast(FLOATS, r0[c]).fma(wv, a0);
                a1 = FloatVector.broadcast(FLOATS, r1[c]).fma(wv, a1);
                a2 = FloatVector.broadcast(FLOATS, r2[c]).fma(wv, a2);
                a3 = FloatVector.broadcast(FLOATS, r3[c]).fma(wv, a3);
            }
            int at = b * lanes;
            a0.mul(scale).intoArray(results[0], at);
            a1.mul(scale).intoArray(results[1], at);
            a2.mul(scale).intoArray(results[2], at);
            a3.mul(scale).intoArray(results[3], at);
        }
    }
}
