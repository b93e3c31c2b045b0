package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;

/**
 * The guidance image of the guided filters ({@code joint_bilateral_blur}, {@code guided_blur}) lined up with a
 * batched input: same batch (a guidance batch of 1 is shared by every image), same {@code (H, W)}, the input's
 * dtype; its channel count may differ.
 */
final class Guidance {

    private Guidance() {}

    /**
     * @param op the operator, for messages
     * @param guidance {@code (B or 1, Cg, H, W)} or {@code (Cg, H, W)}, already checked to be a float image
     * @param x the batched input {@code (B, C, H, W)}
     * @return {@code (B, Cg, H, W)} in x's dtype
     * @throws IllegalArgumentException for another batch or spatial size
     */
    static NDArray batched(String op, NDArray guidance, NDArray x) {
        NDArray g = guidance.getShape().dimension() == 3 ? guidance.expandDims(0) : guidance;
        Shape gs = g.getShape();
        Shape xs = x.getShape();
        boolean batchOk = gs.get(0) == 1 || gs.get(0) == xs.get(0);
        if (!batchOk || gs.get(2) != xs.get(2) || gs.get(3) != xs.get(3)) {
            throw new IllegalArgumentException(op + ": expected guidance of batch 1 or " + xs.get(0) + " and size ("
                    + xs.get(2) + ", " + xs.get(3) + "), got " + Checks.describe(guidance.getShape()));
        }
        NDArray typed = g.toType(x.getDataType(), false);
        return gs.get(0) == xs.get(0) ? typed : typed.broadcast(new Shape(xs.get(0), gs.get(1), gs.get(2), gs.get(3)));
    }
}
