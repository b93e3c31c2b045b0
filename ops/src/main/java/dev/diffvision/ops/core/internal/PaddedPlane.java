package dev.diffvision.ops.core.internal;

import dev.diffvision.ops.core.BorderType;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One image plane copied out of a tensor into a float array with a border around it, for the SIMD kernels that
 * read shifted windows of the padded plane ({@link SelectionSimd}); its border rules ({@link #sources},
 * {@link #fillColumns}) also serve {@link PyramidSimd}. Reused for every plane of a batch: {@link #load} overwrites
 * the interior and the border.
 *
 * <pre>{@code
 * PaddedPlane p = new PaddedPlane(h, w, 2, 2, 2, 2, BorderType.REFLECT);
 * p.load(buffer, plane * h * w);
 * float v = p.values()[(y + 2) * p.width() + x + 2];   // pixel (y, x)
 * }</pre>
 */
final class PaddedPlane {

    private final int h;
    private final int w;
    private final int top;
    private final int left;
    private final int width;
    private final int[] rows;
    private final int[] columns;
    private final float[] values;

    /**
     * @param h the plane's rows
     * @param w the plane's columns
     * @param top rows added above
     * @param bottom rows added below
     * @param left columns added left
     * @param right columns added right
     * @param border how the added rows and columns are filled (pads already checked for the mode)
     */
    PaddedPlane(int h, int w, int top, int bottom, int left, int right, BorderType border) {
        this.h = h;
        this.w = w;
        this.top = top;
        this.left = left;
        this.width = left + w + right;
        this.rows = sources(h, top, bottom, border);
        this.columns = sources(w, left, right, border);
        this.values = new float[rows.length * width];
    }

    /** Copies the plane at float index {@code from} of {@code in} and fills the border. */
    void load(FloatBuffer in, int from) {
        for (int y = 0; y < h; y++) {
            int row = (top + y) * width;
            in.get(from + y * w, values, row + left, w);
            fillColumns(values, row, columns, left, w);
        }
        for (int p = 0; p < rows.length; p++) {
            if (p == top) {
                p += h - 1;
                continue;
            }
            int r = rows[p];
            if (r < 0) {
                Arrays.fill(values, p * width, (p + 1) * width, 0f);
            } else {
                System.arraycopy(values, (top + r) * width, values, p * width, width);
            }
        }
    }

    /**
     * For each of the {@code before + n + after} padded positions along an axis of {@code n}, the source index,
     * or -1 where the border is zeros: reflect mirrors without repeating the edge (OpenCV's BORDER_REFLECT_101),
     * replicate repeats it, circular wraps around.
     */
    static int[] sources(int n, int before, int after, BorderType border) {
        int[] index = new int[before + n + after];
        for (int p = 0; p < index.length; p++) {
            int i = p - before;
            index[p] = i >= 0 && i < n ? i : switch (border) {
                case REFLECT -> i < 0 ? -i : 2 * (n - 1) - i;
                case REPLICATE -> i < 0 ? 0 : n - 1;
                case CIRCULAR -> Math.floorMod(i, n);
                case CONSTANT -> -1;
            };
        }
        return index;
    }

    /**
     * Fills the padded columns of one padded row from its interior by the border rule.
     *
     * @param values the array holding the row
     * @param row where the padded row starts in {@code values}
     * @param columns the source column of each padded column, -1 for zero ({@link #sources})
     * @param left padded columns before the interior
     * @param w the interior's width
     */
    static void fillColumns(float[] values, int row, int[] columns, int left, int w) {
        for (int p = 0; p < columns.length; p++) {
            if (p == left) {
                p += w - 1;
                continue;
            }
            int c = columns[p];
            values[row + p] = c < 0 ? 0f : values[row + left + c];
        }
    }

    /** @return the padded plane, row-major, {@link #width()} values per row */
    float[] values() {
        return values;
    }

    /** @return the padded width */
    int width() {
        return width;
    }
}
