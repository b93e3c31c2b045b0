package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The slow reference of {@link Padding#pad2d}'s non-constant modes (BoofCV's {@code _Naive} idea): one
 * index-select per padded axis with host-side index tables from {@link Padding#indices}, DiffVision's padding
 * before ATen's kernels replaced it. Differentiable (an index-select's gradient is a scatter-add).
 */
final class PaddingReference {

    private PaddingReference() {}

    static NDArray pad2d(NDArray x, int top, int bottom, int left, int right, BorderType border) {
        long h = x.getShape().get(x.getShape().dimension() - 2);
        long w = x.getShape().get(x.getShape().dimension() - 1);
        return Scoped.run(() -> {
            NDArray rows = x.get(new NDIndex("..., {}, :",
                    x.getManager().create(Padding.indices(h, top, bottom, border))));
            return rows.get(new NDIndex("..., {}", x.getManager().create(Padding.indices(w, left, right, border))));
        }, x);
    }
}
