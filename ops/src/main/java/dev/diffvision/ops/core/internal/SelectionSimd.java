package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.nio.FloatBuffer;

/**
 * A rank filter by a min/max program over the zero-padded image (the program and its semantics are
 * {@link Aten#selectionFilter}'s: the median's), run with SIMD on float32 CPU tensors without gradients (see
 * {@link SimdKernels}), a band of output rows at a time: slots are bands of rows of the padded width, the first
 * {@code kh} are the windows' padded source rows (read in place from a padded copy of the plane), and each
 * instruction is one vector pass of {@code min} or {@code max} over two shifted slots into a scratch band that
 * stays in the CPU caches. A band is processed as one flat run of {@code rows x padded width} values: a value
 * near a row's end that reads past it into the next row is garbage, but only lands in columns beyond the slot's
 * valid width, which no valid value ever reads. Min and max are exact, so the result equals the TorchScript
 * module's. The 5x5 median has its program written out as generated stages ({@link #median5x5},
 * {@link Median5x5Stages}), which keep intermediate values in registers instead of one pass per instruction.
 *
 * <pre>{@code
 * WindowSelection program = WindowSelection.select(5, 5, 12);
 * NDArray median = SelectionSimd.filter(x, 5, 5, program.instructions(), program.slots(),
 *         program.outputSlot(), program.outputShift());
 * }</pre>
 */
public final class SelectionSimd {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Values per slot band: about 8 KiB, so that the live slots of a 5x5 median stay in the L2 cache. */
    private static final int BAND_VALUES = 2048;

    private SelectionSimd() {}

    /**
     * @param x {@code (B, C, H, W)}, float32 on the CPU, for which {@link SimdKernels#applies} holds
     * @param kh window rows, odd
     * @param kw window columns, odd
     * @param program instructions as 6-tuples {@code (op, dst, a, shiftA, b, shiftB)}, see
     *     {@link Aten#selectionFilter}
     * @param slots the number of slots, {@code >= kh}
     * @param result the slot read after the program
     * @param shift the column of that slot where the output starts
     * @return {@code (B, C, H, W)} in x's manager
     */
    public static NDArray filter(NDArray x, int kh, int kw, int[] program, int slots, int result, int shift) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDArray out = SimdKernels.newOutput(x, s);
        SimdKernels.forEachPlane(x, out, () -> new Rows(h, w, kh, kw, program, slots),
                (rows, in, from, o, to) -> rows.filter(in, from, o, result, shift));
        return out;
    }

    /**
     * The 5x5 median ({@code WindowSelection.select(5, 5, 12)}'s program, the same values as {@link #filter} with
     * it) by the generated stages of {@link Median5x5Stages}: three loops per band instead of one pass per
     * instruction, the intermediate values in registers.
     *
     * @param x {@code (B, C, H, W)}, float32 on the CPU, for which {@link SimdKernels#applies} holds
     * @return {@code (B, C, H, W)} in x's manager
     */
    public static NDArray median5x5(NDArray x) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDArray out = SimdKernels.newOutput(x, s);
        SimdKernels.forEachPlane(x, out, () -> new Median5x5(h, w), Median5x5::filter);
        return out;
    }

    /** One thread's padded plane and stage arrays for {@link #median5x5}, reused for every plane. */
    private static final class Median5x5 {
        private static final int SIDE = 5;
        private final int h;
        private final int w;
        private final int padded;
        private final int band;
        private final PaddedPlane plane;
        private final float[][] saved;
        private final float[] result;
        private final int[] rows = new int[SIDE];

        Median5x5(int h, int w) {
            this.h = h;
            this.w = w;
            this.padded = w + SIDE - 1;
            this.band = Math.max(1, Math.min(h, BAND_VALUES / padded));
            this.plane = new PaddedPlane(h, w, SIDE / 2, SIDE / 2, SIDE / 2, SIDE / 2, BorderType.CONSTANT);
            this.saved = new float[Median5x5Stages.SAVED][band * padded];
            this.result = new float[band * padded];
        }

        /** The plane at float index {@code at} of {@code in} into the same place of {@code out}, band by band. */
        void filter(FloatBuffer in, int at, FloatBuffer out, int to) {
            plane.load(in, at);
            float[] values = plane.values();
            for (int y = 0; y < h; y += band) {
                int count = Math.min(band, h - y);
                for (int i = 0; i < SIDE; i++) {
                    rows[i] = (y + i) * padded;
                }
                int n = (count - 1) * padded + w;
                Median5x5Stages.stage1(values, rows, saved, result, n + Median5x5Stages.EXTRA[1]);
                Median5x5Stages.stage2(values, rows, saved, result, n + Median5x5Stages.EXTRA[2]);
                Median5x5Stages.stage3(values, rows, saved, result, n + Median5x5Stages.EXTRA[3]);
                for (int r = 0; r < count; r++) {
                    out.put(to + (y + r) * w, result, r * padded, w);
                }
            }
        }
    }

    /** The padded plane and the slots, reused for every plane. */
    private static final class Rows {
        private final int h;
        private final int w;
        private final int kh;
        /** The padded width: a slot row's length. */
        private final int padded;
        /** Output rows per run of the program. */
        private final int band;
        private final int[] program;
        /** The plane with {@code kh / 2} zero rows above and below and {@code kw / 2} zero columns each side. */
        private final PaddedPlane plane;
        private final float[][] scratch;
        /** Where each slot lives now: the padded plane (input rows) or its scratch row, and from which index. */
        private final float[][] array;
        private final int[] offset;
        private final int[] width;

        Rows(int h, int w, int kh, int kw, int[] program, int slots) {
            this.h = h;
            this.w = w;
            this.kh = kh;
            this.padded = w + kw - 1;
            this.band = Math.max(1, Math.min(h, BAND_VALUES / padded));
            this.program = program;
            this.plane = new PaddedPlane(h, w, kh / 2, kh / 2, kw / 2, kw / 2, BorderType.CONSTANT);
            this.scratch = new float[slots][band * padded];
            this.array = new float[slots][];
            this.offset = new int[slots];
            this.width = new int[slots];
        }

        /**
         * Filters the plane at float index {@code at} of {@code in} into the same place of {@code out}: the program
         * band by band, then each band's output rows from slot {@code result}, columns {@code shift} on.
         */
        void filter(FloatBuffer in, int at, FloatBuffer out, int result, int shift) {
            plane.load(in, at);
            for (int y = 0; y < h; y += band) {
                int rows = Math.min(band, h - y);
                run(y, rows);
                for (int r = 0; r < rows; r++) {
                    out.put(at + (y + r) * w, array[result], offset[result] + r * padded + shift, w);
                }
            }
        }

        /** Runs the program for output rows {@code y .. y + rows - 1}. */
        void run(int y, int rows) {
            for (int i = 0; i < kh; i++) {
                array[i] = plane.values();
                offset[i] = (y + i) * padded;
                width[i] = padded;
            }
            for (int k = 0; k < program.length; k += 6) {
                int dst = program[k + 1];
                int a = program[k + 2];
                int shiftA = program[k + 3];
                int b = program[k + 4];
                int shiftB = program[k + 5];
                int n = Math.min(width[a] - shiftA, width[b] - shiftB);
                int run = (rows - 1) * padded + n;
                float[] target = scratch[dst];
                if (program[k] == 0) {
                    min(array[a], offset[a] + shiftA, array[b], offset[b] + shiftB, target, run);
                } else {
                    max(array[a], offset[a] + shiftA, array[b], offset[b] + shiftB, target, run);
                }
                array[dst] = target;
                offset[dst] = 0;
                width[dst] = n;
            }
        }
    }

    /** {@code out[i] = min(a[fromA + i], b[fromB + i])}; {@code out} may be {@code a} or {@code b} (reads lead). */
    private static void min(float[] a, int fromA, float[] b, int fromB, float[] out, int n) {
        int lanes = SPECIES.length();
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            FloatVector.fromArray(SPECIES, a, fromA + i).min(FloatVector.fromArray(SPECIES, b, fromB + i))
                    .intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = Math.min(a[fromA + i], b[fromB + i]);
        }
    }

    /** {@code out[i] = max(a[fromA + i], b[fromB + i])}; {@code out} may be {@code a} or {@code b} (reads lead). */
    private static void max(float[] a, int fromA, float[] b, int fromB, float[] out, int n) {
        int lanes = SPECIES.length();
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            FloatVector.fromArray(SPECIES, a, fromA + i).max(FloatVector.fromArray(SPECIES, b, fromB + i))
                    .intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = Math.max(a[fromA + i], b[fromB + i]);
        }
    }
}
