package dev.diffvision.ops.filters;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pruned selection network, proven exhaustively by the 0-1 principle (a comparator network selects rank
 * k of every input iff it does of every 0/1 input; a min/max network commutes with every monotone map) for
 * 9 and 25 values, and checked on random values with ties for 49. Exact equality: a network moves values.
 */
class SelectionNetworkTest {

    @Test
    void selectsTheMedianOfEveryZeroOneInput() {
        for (int n : new int[] {1, 3, 9, 15, 25}) {
            int k = n / 2;
            int[] net = SelectionNetwork.select(n, k);
            // 64 inputs per long: bit t of wire w is bit w of the input number base + t (base a multiple of 64)
            long[] low = new long[6];
            long[] atLeast = new long[8];
            for (int t = 0; t < 64; t++) {
                for (int w = 0; w < 6; w++) {
                    low[w] |= ((long) (t >> w) & 1) << t;
                }
                for (int ones = 0; ones <= Long.bitCount(t); ones++) {
                    atLeast[ones] |= 1L << t;
                }
            }
            for (long base = 0; base < 1L << n; base += 64) {
                long[] wire = new long[n];
                for (int w = 0; w < n; w++) {
                    wire[w] = w < 6 ? low[w] : ((base >> w) & 1) == 0 ? 0 : -1L;
                }
                // rank k (0 = smallest) of n bits is 1 iff at least n - k of them are 1
                int need = n - k - Long.bitCount(base);
                long expected = need <= 0 ? -1L : need < atLeast.length ? atLeast[need] : 0;
                long valid = base + 64 <= 1L << n ? -1L : (1L << ((1L << n) - base)) - 1;
                run(net, wire);
                assertEquals(expected & valid, wire[k] & valid, "n " + n + " inputs from " + base);
            }
        }
    }

    @Test
    void selectsEveryRankOfRandomValuesWithTies() {
        Random random = new Random(7);
        for (int n : new int[] {7, 25, 49}) {
            for (int k : new int[] {0, n / 3, n / 2, n - 1}) {
                int[] net = SelectionNetwork.select(n, k);
                for (int trial = 0; trial < 2000; trial++) {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = random.nextInt(5);
                    }
                    double[] sorted = v.clone();
                    Arrays.sort(sorted);
                    double[] w = v.clone();
                    for (int i = 0; i < net.length; i += 3) {
                        double a = w[net[i]];
                        double b = w[net[i + 1]];
                        if ((net[i + 2] & SelectionNetwork.MIN) != 0) {
                            w[net[i]] = Math.min(a, b);
                        }
                        if ((net[i + 2] & SelectionNetwork.MAX) != 0) {
                            w[net[i + 1]] = Math.max(a, b);
                        }
                    }
                    assertEquals(sorted[k], w[k], "n " + n + " rank " + k + " " + Arrays.toString(v));
                }
            }
        }
    }

    @Test
    void pruningKeepsFewerComparatorsThanTheSort() {
        // Batcher's network for 25 inputs has 140 comparators; the median needs 113 of them (202 min/max)
        assertEquals(140, SelectionNetwork.sort(25).size());
        int[] net = SelectionNetwork.select(25, 12);
        assertEquals(113, net.length / 3);
        int ops = 0;
        for (int i = 2; i < net.length; i += 3) {
            ops += Integer.bitCount(net[i]);
        }
        assertEquals(202, ops);
    }

    /** Bitwise: on 0/1 values min is AND and max is OR. */
    private static void run(int[] net, long[] wire) {
        for (int i = 0; i < net.length; i += 3) {
            long a = wire[net[i]];
            long b = wire[net[i + 1]];
            if ((net[i + 2] & SelectionNetwork.MIN) != 0) {
                wire[net[i]] = a & b;
            }
            if ((net[i + 2] & SelectionNetwork.MAX) != 0) {
                wire[net[i + 1]] = a | b;
            }
        }
    }
}
