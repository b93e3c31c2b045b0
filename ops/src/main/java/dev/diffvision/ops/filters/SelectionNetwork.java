package dev.diffvision.ops.filters;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A min/max network that selects one order statistic of {@code n} values: Batcher's odd-even merge sort
 * network for {@code n} inputs [1], pruned to the comparators whose results reach the selected position.
 *
 * <p>Each comparator {@code (a, b)} with {@code a < b} replaces {@code v[a]} by {@code min(v[a], v[b])} and
 * {@code v[b]} by {@code max(v[a], v[b])}; after the full network {@code v} is sorted ascending. Pruning walks
 * the network backwards from the selected position and keeps, of each comparator, only the half (min, max or
 * both) that a later kept comparator or the output reads. For 25 values (a 5x5 median) 113 of the 140
 * comparators remain, 202 of 280 elementwise operations.
 *
 * <p>[1] K. E. Batcher, "Sorting networks and their applications", AFIPS 1968; the iterative form for any
 * {@code n} is Knuth, TAOCP vol. 3, 5.3.4, Algorithm M.
 */
final class SelectionNetwork {

    /** Keep the minimum of a comparator (written to its first index). */
    static final int MIN = 1;
    /** Keep the maximum of a comparator (written to its second index). */
    static final int MAX = 2;

    private SelectionNetwork() {}

    /**
     * The pruned network selecting the value of rank {@code k} (0 = smallest) of {@code n} values.
     *
     * @param n the number of values, >= 1
     * @param k the rank to select, {@code 0 <= k < n}
     * @return comparators as consecutive triples {@code (a, b, halves)}, {@code halves} a mask of {@link #MIN}
     *     and {@link #MAX}, in the order they must run
     */
    static int[] select(int n, int k) {
        List<int[]> full = sort(n);
        BitSet live = new BitSet(n);
        live.set(k);
        List<int[]> kept = new ArrayList<>();
        for (int i = full.size() - 1; i >= 0; i--) {
            int a = full.get(i)[0];
            int b = full.get(i)[1];
            int halves = (live.get(a) ? MIN : 0) | (live.get(b) ? MAX : 0);
            if (halves != 0) {
                kept.add(0, new int[] {a, b, halves});
                live.set(a);
                live.set(b);
            }
        }
        int[] out = new int[kept.size() * 3];
        for (int i = 0; i < kept.size(); i++) {
            System.arraycopy(kept.get(i), 0, out, 3 * i, 3);
        }
        return out;
    }

    /**
     * Batcher's odd-even merge sort network for {@code n} inputs, as {@code (a, b)} pairs with {@code a < b}.
     *
     * @param n the number of inputs
     * @return the comparators in order
     */
    static List<int[]> sort(int n) {
        List<int[]> out = new ArrayList<>();
        for (int p = 1; p < n; p <<= 1) {
            for (int k = p; k >= 1; k >>= 1) {
                for (int j = k % p; j + k < n; j += 2 * k) {
                    for (int i = 0; i < Math.min(k, n - j - k); i++) {
                        if ((i + j) / (2 * p) == (i + j + k) / (2 * p)) {
                            out.add(new int[] {i + j, i + j + k});
                        }
                    }
                }
            }
        }
        return out;
    }
}
