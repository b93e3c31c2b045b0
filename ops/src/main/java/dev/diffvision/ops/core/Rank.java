package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;

import java.util.function.UnaryOperator;

/**
 * Lets a batched {@code (B, C, H, W)} implementation serve {@code (C, H, W)} inputs too, returning the same
 * rank it was given (Kornia's convention for ops that accept both).
 */
public final class Rank {

    private Rank() {}

    /**
     * Applies {@code batched} to {@code x}, adding and removing a leading batch dimension when {@code x} is
     * {@code (C, H, W)}.
     *
     * @param x a {@code (B, C, H, W)} or {@code (C, H, W)} tensor, already checked by the caller
     * @param batched the implementation for 4-D input; its output's first dimension is the batch
     * @return the output, without the batch dimension if {@code x} had none; owned by {@code x}'s manager
     */
    public static NDArray batched(NDArray x, UnaryOperator<NDArray> batched) {
        if (x.getShape().dimension() == 4) {
            return batched.apply(x);
        }
        return Scoped.run(() -> batched.apply(x.expandDims(0)).squeeze(0), x);
    }
}
