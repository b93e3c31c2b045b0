package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.nio.FloatBuffer;
import java.util.function.BiFunction;

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
        return byBands(x, (h, w) -> new Rows(h, w, kh, kw, program, slots, result, shift));
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
        return byBands(x, Median5x5::new);
    }

    /** Every plane of {@code x} filtered by {@link Bands} that {@code perThread} makes from the plane's (H, W). */
    private static NDArray byBands(NDArray x, BiFunction<Integer, Integer, Bands> perThread) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDArray out = SimdKernels.newOutput(x, s);
        SimdKernels.forEachPlane(x, out, () -> perThread.apply(h, w), Bands::filter);
        return out;
    }

    /**
     * What both selection kernels keep per thread and do per plane: the zero-padded plane, the bands of output rows
     * run at a time (each row {@link #padded} values long), and copying each band's output rows out.
     */
    private abstract static class Bands {
        final int h;
        final int w;
        final int kh;
        /** The padded width: a band row's length. */
        final int padded;
        /** Output rows per band. */
        final int band;
        /** The plane with {@code kh / 2} zero rows above and below and {@code kw / 2} zero columns each side. */
        final PaddedPlane plane;

        Bands(int h, int w, int kh, int kw) {
            this.h = h;
            this.w = w;
            this.kh = kh;
            this.padded = w + kw - 1;
            this.band = Math.max(1, Math.min(h, BAND_VALUES / padded));
            this.plane = new PaddedPlane(h, w, kh / 2, kh / 2, kw / 2, kw / 2, BorderType.CONSTANT);
        }

        /** Filters the plane at float index {@code at} of {@code in} into float index {@code to} of {@code out}. */
        final void filter(FloatBuffer in, int at, FloatBuffer out, int to) {
            plane.load(in, at);
            for (int y = 0; y < h; y += band) {
                int rows = Math.min(band, h - y);
                run(y, rows);
                for (int r = 0; r < rows; r++) {
                    out.put(to + (y + r) * w, result(), resultStart() + r * padded, w);
                }
            }
        }

        /** Computes output rows {@code y .. y + rows - 1} into {@link #result()}, {@link #padded} values per row. */
        abstract void run(int y, int rows);

        /** @return the array holding the band's output after {@link #run} */
        abstract float[] result();

        /** @return where the band's first output value is in {@link #result()} */
        abstract int resultStart();
    }

    /** {@link #median5x5}'s stage arrays, reused for every plane of a thread. */
    private static final class Median5x5 extends Bands {
        private static final int SIDE = 5;
        private final float[][] saved;
        private final float[] output;
        private final int[] rows = new int[SIDE];

        Median5x5(int h, int w) {
            super(h, w, SIDE, SIDE);
            this.saved = new float[Median5x5Stages.SAVED][band * padded];
            this.output = new float[band * padded];
        }

        @Override
        void run(int y, int count) {
            for (int i = 0; i < SIDE; i++) {
                rows[i] = (y + i) * padded;
            }
            float[] values = plane.values();
            int n = (count - 1) * padded + w;
            Median5x5Stages.stage1(values, rows, saved, output, n + Median5x5Stages.EXTRA[1]);
            Median5x5Stages.stage2(values, rows, saved, output, n + Median5x5Stages.EXTRA[2]);
            Median5x5Stages.stage3(values, rows, saved, output, n + Median5x5Stages.EXTRA[3]);
        }

        @Override
        float[] result() {
            return output;
        }

        @Override
        int resultStart() {
            return 0;
        }
    }

    /** {@link #filter}'s slots, reused for every plane of a thread. */
    private static final class Rows extends Bands {
        private final int[] program;
        private final float[][] scratch;
        /** Where each slot lives now: the padded plane (input rows) or its scratch row, and from which index. */
        private final float[][] array;
        private final int[] offset;
        private final int[] width;
        /** The slot read after the program, and the column of it where the output starts. */
        private final int resultSlot;
        private final int shift;

        Rows(int h, int w, int kh, int kw, int[] program, int slots, int resultSlot, int shift) {
            super(h, w, kh, kw);
            this.program = program;
            this.scratch = new float[slots][band * padded];
            this.array = new float[slots][];
            this.offset = new int[slots];
            this.width = new int[slots];
            this.resultSlot = resultSlot;
            this.shift = shift;
        }

        @Override
        float[] result() {
            return array[resultSlot];
        }

        @Override
        int resultStart() {
            return offset[resultSlot] + shift;
        }

        /** Runs the program for output rows {@code y .. y + rows - 1}. */
        @Override
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
