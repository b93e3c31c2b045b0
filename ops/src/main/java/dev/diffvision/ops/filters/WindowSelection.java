package dev.diffvision.ops.filters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A min/max program that selects one order statistic of every {@code kh x kw} window of an image, sharing work
 * between neighbouring windows: each column of {@code kh} pixels is sorted once (Batcher's network on the
 * {@code kh} row-shifted views), sorted blocks of {@code 2^l} neighbouring columns are built once per position
 * by merging two blocks of {@code 2^(l-1)} (Batcher's odd-even merge [1]), and each window merges the blocks of
 * its binary decomposition ({@code 5 = 4 + 1}); only the min/max results that reach the selected rank are kept.
 * The last merge only computes the selected rank ({@link Builder#select}). For a 5x5 median this is
 * {@value #MEDIAN_5X5_OPS} elementwise min/max per pixel, against 202 for Batcher's 25-input sorting network
 * pruned to the middle rank and run on every window (the previous implementation).
 *
 * <p>The program runs on tensors of shape {@code (N, H, width)}: slots {@code 0 .. kh - 1} start as the
 * {@code kh} row-shifted views of the zero-padded image (width {@code W + kw - 1}); each instruction is a
 * 6-tuple {@code (op, dst, a, shiftA, b, shiftB)} setting slot {@code dst} to {@code min} ({@code op = 0}) or
 * {@code max} ({@code op = 1}) of slot {@code a} shifted left by {@code shiftA} columns and slot {@code b}
 * shifted by {@code shiftB}, cut to the common width; the result is slot {@link #outputSlot()} shifted by
 * {@link #outputShift()}, cut to {@code W}. Slots are reused once dead, so few tensors are alive at a time.
 *
 * <p>[1] K. E. Batcher, "Sorting networks and their applications", AFIPS 1968.
 */
final class WindowSelection {

    /** Elementwise operations of the 5x5 median's program (checked by the tests). */
    static final int MEDIAN_5X5_OPS = 90;

    /** An operand: a value (SSA number; -1 for the +infinity of merge padding) shifted left by some columns. */
    private record Wire(int value, int shift) {
        static final Wire INF = new Wire(-1, 0);

        Wire shifted(int by) {
            return value < 0 ? this : new Wire(value, shift + by);
        }
    }

    private final List<int[]> program = new ArrayList<>();
    private final int slots;
    private final int outputSlot;
    private final int outputShift;

    private WindowSelection(List<int[]> ssa, int inputs, Wire output) {
        boolean[] live = new boolean[inputs + ssa.size()];
        live[output.value()] = true;
        List<int[]> kept = new ArrayList<>();
        for (int i = ssa.size() - 1; i >= 0; i--) {
            int[] in = ssa.get(i);
            if (live[inputs + i]) {
                live[in[1]] = true;
                live[in[3]] = true;
                kept.add(0, new int[] {in[0], inputs + i, in[1], in[2], in[3], in[4]});
            }
        }
        // register allocation: a value's slot is free after its last read
        Map<Integer, Integer> lastRead = new HashMap<>();
        for (int i = 0; i < kept.size(); i++) {
            lastRead.put(kept.get(i)[2], i);
            lastRead.put(kept.get(i)[4], i);
        }
        lastRead.put(output.value(), kept.size());
        int[] slotOf = new int[live.length];
        Arrays.fill(slotOf, -1);
        List<Integer> free = new ArrayList<>();
        int used = inputs;
        for (int v = 0; v < inputs; v++) {
            slotOf[v] = v;
            if (!lastRead.containsKey(v)) {
                free.add(v);
            }
        }
        for (int i = 0; i < kept.size(); i++) {
            int[] in = kept.get(i);
            int a = slotOf[in[2]];
            int b = slotOf[in[4]];
            if (lastRead.get(in[2]) == i) {
                free.add(a);
            }
            if (lastRead.get(in[4]) == i && in[4] != in[2]) {
                free.add(b);
            }
            int dst = free.isEmpty() ? used++ : free.remove(free.size() - 1);
            slotOf[in[1]] = dst;
            program.add(new int[] {in[0], dst, a, in[3], b, in[5]});
        }
        slots = used;
        outputSlot = slotOf[output.value()];
        outputShift = output.shift();
    }

    /**
     * The program selecting rank {@code k} (0 = smallest) of every {@code kh x kw} window.
     *
     * @param kh window rows, >= 1
     * @param kw window columns, >= 1
     * @param k the rank, {@code 0 <= k < kh kw}
     * @return the program
     */
    static WindowSelection select(int kh, int kw, int k) {
        Builder b = new Builder(kh);
        List<Wire> column = new ArrayList<>();
        for (int i = 0; i < kh; i++) {
            column.add(new Wire(i, 0));
        }
        b.sort(column);
        // blocks[l]: the sorted 2^l columns starting at each position, as wires relative to that position
        List<List<Wire>> blocks = new ArrayList<>();
        blocks.add(column);
        while (2 << (blocks.size() - 1) <= kw) {
            int width = 1 << (blocks.size() - 1);
            List<Wire> half = blocks.get(blocks.size() - 1);
            blocks.add(b.merge(half, shift(half, width)));
        }
        List<Wire> window = null;
        Wire selected = null;
        int at = 0;
        for (int l = blocks.size() - 1; l >= 0; l--) {
            if ((kw & (1 << l)) != 0) {
                List<Wire> part = shift(blocks.get(l), at);
                at += 1 << l;
                if (window == null) {
                    window = part;
                } else if (at < kw) {
                    window = b.merge(window, part);
                } else {
                    selected = b.select(window, part, k);
                }
            }
        }
        return new WindowSelection(b.ssa, kh, selected == null ? window.get(k) : selected);
    }

    private static List<Wire> shift(List<Wire> wires, int by) {
        List<Wire> out = new ArrayList<>();
        for (Wire w : wires) {
            out.add(w.shifted(by));
        }
        return out;
    }

    /** Emits comparators as SSA instructions {@code (op, a, shiftA, b, shiftB)}, result {@code inputs + index}. */
    private static final class Builder {
        final List<int[]> ssa = new ArrayList<>();
        final int inputs;

        Builder(int inputs) {
            this.inputs = inputs;
        }

        /**
         * Rank {@code k} of the union of two sorted lists without merging them: by the 0-1 principle it is 1
         * exactly when {@code x[k]} is 1 and {@code x[k - 1 - i]} or {@code y[i]} is 1 for every {@code i < |y|},
         * so it is the minimum of {@code x[k]} and of {@code max(x[k - 1 - i], y[i])} over {@code i} ({@code x}
         * past its end counts as +infinity, before its start as -infinity): {@code 2 |y|} operations at most.
         */
        Wire select(List<Wire> x, List<Wire> y, int k) {
            Wire result = k < x.size() ? x.get(k) : null;
            for (int i = 0; i < y.size(); i++) {
                int j = k - 1 - i;
                if (j >= x.size()) {
                    continue;
                }
                Wire term = j < 0 ? y.get(i) : emit(1, x.get(j), y.get(i));
                result = result == null ? term : emit(0, result, term);
            }
            return result;
        }

        private Wire emit(int op, Wire a, Wire b) {
            ssa.add(new int[] {op, a.value(), a.shift(), b.value(), b.shift()});
            return new Wire(inputs + ssa.size() - 1, 0);
        }

        void compare(List<Wire> wires, int i, int j) {
            Wire a = wires.get(i);
            Wire b = wires.get(j);
            if (b == Wire.INF) {
                return;
            }
            if (a == Wire.INF) {
                wires.set(i, b);
                wires.set(j, a);
                return;
            }
            wires.set(i, emit(0, a, b));
            wires.set(j, emit(1, a, b));
        }

        /** Sorts the wires: Batcher's odd-even merge sort for any {@code n} (Knuth, TAOCP 3, 5.3.4, Algorithm M). */
        void sort(List<Wire> wires) {
            int n = wires.size();
            for (int p = 1; p < n; p <<= 1) {
                for (int k = p; k >= 1; k >>= 1) {
                    for (int j = k % p; j + k < n; j += 2 * k) {
                        for (int i = 0; i < Math.min(k, n - j - k); i++) {
                            if ((i + j) / (2 * p) == (i + j + k) / (2 * p)) {
                                compare(wires, i + j, i + j + k);
                            }
                        }
                    }
                }
            }
        }

        /** Merges two sorted lists, each padded with +infinity to a power of two. */
        List<Wire> merge(List<Wire> x, List<Wire> y) {
            int p = Integer.highestOneBit(Math.max(x.size(), y.size()) * 2 - 1);
            List<Wire> wires = new ArrayList<>();
            for (List<Wire> list : List.of(x, y)) {
                wires.addAll(list);
                for (int i = list.size(); i < p; i++) {
                    wires.add(Wire.INF);
                }
            }
            mergeStep(wires, 0, 2 * p, 1);
            return new ArrayList<>(wires.subList(0, x.size() + y.size()));
        }

        private void mergeStep(List<Wire> wires, int lo, int n, int r) {
            int m = 2 * r;
            if (m < n) {
                mergeStep(wires, lo, n, m);
                mergeStep(wires, lo + r, n, m);
                for (int i = lo + r; i + r < lo + n; i += m) {
                    compare(wires, i, i + r);
                }
            } else {
                compare(wires, lo, lo + r);
            }
        }
    }

    /** @return the instructions, 6 per entry: {@code (op, dst, a, shiftA, b, shiftB)} */
    int[] instructions() {
        int[] out = new int[program.size() * 6];
        for (int i = 0; i < program.size(); i++) {
            System.arraycopy(program.get(i), 0, out, 6 * i, 6);
        }
        return out;
    }

    /** @return the number of slots the program uses, inputs included */
    int slots() {
        return slots;
    }

    /** @return the slot holding the result */
    int outputSlot() {
        return outputSlot;
    }

    /** @return the columns the result is shifted by */
    int outputShift() {
        return outputShift;
    }
}
