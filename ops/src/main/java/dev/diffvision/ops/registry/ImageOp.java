package dev.diffvision.ops.registry;

import ai.djl.ndarray.NDArray;

/**
 * One configured operator, tensor in, tensor out: what pipelines, jobs and SQL functions run.
 *
 * <p>Contract: {@code apply} does not modify or close its input; the result belongs to the input's manager
 * and lives on the input's device. Implementations are immutable and safe to share between threads.
 */
@FunctionalInterface
public interface ImageOp {

    /**
     * Runs the op.
     *
     * @param input usually an image {@code (B, C, H, W)} or {@code (C, H, W)}; each op documents its shapes
     * @return the result, owned by {@code input.getManager()}
     * @throws IllegalArgumentException if the input does not suit the op
     */
    NDArray apply(NDArray input);
}
