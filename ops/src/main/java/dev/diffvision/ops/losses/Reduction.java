package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Names;

/**
 * Kornia's {@code reduction} argument of the losses: what to do with the element-wise loss.
 */
public enum Reduction {
    /** Return the element-wise loss unchanged ({@code 'none'}). */
    NONE,
    /** The mean over every element ({@code 'mean'}), a scalar. */
    MEAN,
    /** The sum over every element ({@code 'sum'}), a scalar. */
    SUM;

    /**
     * Parses Kornia's spelling.
     *
     * @param text {@code none}, {@code mean} or {@code sum}
     * @param op the calling op, for the message
     * @return the reduction
     * @throws IllegalArgumentException for anything else
     */
    public static Reduction parse(String text, String op) {
        return Names.parse(values(), text, op, "reduction");
    }

    /**
     * Applies the reduction.
     *
     * @param loss the element-wise loss
     * @return {@code loss}, its mean or its sum
     */
    public NDArray apply(NDArray loss) {
        return switch (this) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
        };
    }
}
