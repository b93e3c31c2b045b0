package dev.diffvision.ops.io;

import java.util.Arrays;

/**
 * Length-limited canonical Huffman codes for deflate (RFC 1951, section 3.2.2), used by
 * {@link RunLengthDeflater}.
 *
 * <p>Code lengths come from Huffman's algorithm (two-queue form over the symbols sorted by frequency). When the
 * longest code exceeds the limit (15 bits for literal/length and distance codes, 7 for the code-length code,
 * RFC 1951 section 3.2.7), the frequencies are flattened, {@code f -> (f + 1) / 2}, and the tree is rebuilt until
 * it fits: a correct, slightly suboptimal method (it ends at the latest when every used symbol has frequency 1,
 * a balanced tree of depth {@code ceil(log2 n)} <= 9 for deflate's alphabets). At least two symbols always get a
 * code (unused ones with frequency 1 are added), so every tree is complete, which zlib's inflate requires.
 *
 * <p>Codes are returned bit-reversed, ready to be written least significant bit first as deflate packs them.
 */
final class HuffmanCodes {
    private HuffmanCodes() {
    }

    /**
     * Code lengths for the given symbol frequencies.
     *
     * @param freq frequency of each symbol, >= 0; not modified
     * @param n number of symbols in the alphabet, 2..{@code freq.length}
     * @param limit longest allowed code, in bits, with {@code 2^limit >= n}
     * @param lengths receives the code length of each of the {@code n} symbols, 0 for unused ones
     */
    static void lengths(int[] freq, int n, int limit, byte[] lengths) {
        int[] work = Arrays.copyOf(freq, n);
        for (int s = 0, used = countUsed(work, n); used < 2; s++) {
            if (work[s] == 0) {
                work[s] = 1;
                used++;
            }
        }
        long[] sorted = new long[n];
        int[] parent = new int[2 * n];
        int[] depth = new int[2 * n];
        while (build(work, n, sorted, parent, depth, lengths) > limit) {
            for (int s = 0; s < n; s++) {
                work[s] = (work[s] + 1) >>> 1;
            }
        }
    }

    /**
     * Canonical codes for the code lengths (RFC 1951, section 3.2.2), bit-reversed.
     *
     * @param lengths code length of each symbol, 0..15, 0 for unused symbols
     * @param n number of symbols
     * @param codes receives each used symbol's code, bit-reversed (first bit in bit 0)
     */
    static void codes(byte[] lengths, int n, int[] codes) {
        int[] count = new int[16];
        for (int s = 0; s < n; s++) {
            count[lengths[s]]++;
        }
        count[0] = 0;
        int[] next = new int[16];
        for (int bits = 1, code = 0; bits < 16; bits++) {
            code = (code + count[bits - 1]) << 1;
            next[bits] = code;
        }
        for (int s = 0; s < n; s++) {
            int len = lengths[s];
            if (len != 0) {
                codes[s] = Integer.reverse(next[len]++) >>> (32 - len);
            }
        }
    }

    private static int countUsed(int[] freq, int n) {
        int used = 0;
        for (int s = 0; s < n; s++) {
            used += freq[s] != 0 ? 1 : 0;
        }
        return used;
    }

    /**
     * One run of Huffman's algorithm. Leaves are nodes {@code 0..m-1} in ascending frequency, internal nodes
     * {@code m..2m-2} in the order they are made (so ascending weight, and a parent always after its children).
     *
     * @return the longest code length
     */
    private static int build(int[] freq, int n, long[] sorted, int[] parent, int[] depth, byte[] lengths) {
        int m = 0;
        for (int s = 0; s < n; s++) {
            if (freq[s] != 0) {
                sorted[m++] = (long) freq[s] << 32 | s;
            }
        }
        Arrays.sort(sorted, 0, m);
        long[] weight = new long[2 * m - 1];
        for (int i = 0; i < m; i++) {
            weight[i] = sorted[i] >>> 32;
        }
        int leaf = 0;
        int inner = m;
        for (int made = m; made < 2 * m - 1; made++) {
            int a = leaf < m && (inner >= made || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
            int b = leaf < m && (inner >= made || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
            weight[made] = weight[a] + weight[b];
            parent[a] = made;
            parent[b] = made;
        }
        depth[2 * m - 2] = 0;
        int longest = 0;
        Arrays.fill(lengths, 0, n, (byte) 0);
        for (int node = 2 * m - 3; node >= 0; node--) {
            depth[node] = depth[parent[node]] + 1;
            if (node < m) {
                lengths[(int) sorted[node]] = (byte) depth[node];
                longest = Math.max(longest, depth[node]);
            }
        }
        return longest;
    }
}
