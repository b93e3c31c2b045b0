package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The slow reference of {@link Padding#pad2d}'s non-constant modes (BoofCV's {@code _Naive} idea): one
 * index-select per padded axis with host-side index tables from {@link #indices}, DiffVision's padding
 * before ATen's kernels replaced it. Differentiable (an index-select's gradient is a scatter-add).
 */
public final class PaddingReference {

    private PaddingReference() {}

    static NDArray pad2d(NDArray x, int top, int bottom, int left, int right, BorderType border) {
        long h = x.getShape().get(x.getShape().dimension() - 2);
        long w = x.getShape().get(x.getShape().dimension() - 1);
        return Scoped.run(() -> {
            NDArray rows = x.get(new NDIndex("..., {}, :",
                    x.getManager().create(indices(h, top, bottom, border))));
            return rows.get(new NDIndex("..., {}", x.getManager().create(indices(w, left, right, border))));
        }, x);
    }

    /**
     * The source index of every output position along one axis of size {@code n} padded by
     * {@code before}/{@code after}: the definition of each border mode, host-side, for reference
     * implementations and tests.
     *
     * @param n the axis size, >= 1
     * @param before positions added before index 0
     * @param after positions added after index n - 1
     * @param border REFLECT, REPLICATE or CIRCULAR
     * @return {@code n + before + after} indices in {@code [0, n)}
     */
    public static long[] indices(long n, int before, int after, BorderType border) {
        long[] out = new long[(int) (n + before + after)];
        for (int i = 0; i < out.length; i++) {
            out[i] = sourceIndex(i - before, n, border);
        }
        return out;
    }

    private static long sourceIndex(long i, long n, BorderType border) {
        switch (border) {
            case REPLICATE:
                return Math.min(Math.max(i, 0), n - 1);
            case CIRCULAR:
                return Math.floorMod(i, n);
            case REFLECT:
                if (n == 1) {
                    return 0;
                }
                long period = 2 * (n - 1);
                long m = Math.floorMod(i, period);
                return m < n ? m : period - m;
            default:
                throw new IllegalArgumentException("pad: expected a non-constant border, got " + border.kornia());
        }
    }
}
