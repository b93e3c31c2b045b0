package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * Image blending: Kornia's {@code kornia/enhance/core.py}.
 */
public final class Core {

    private Core() {}

    /**
     * Kornia's {@code add_weighted} (OpenCV's {@code addWeighted}, without saturation):
     * {@code src1 * alpha + src2 * beta + gamma}.
     *
     * <p>input: {@code src1 (B, C, H, W)} or {@code (C, H, W)}; {@code src2} the same shape, or {@code (C, H, W)}
     * when {@code src1} is batched (one image blended into every image of the batch). Output: {@code src1}'s
     * shape and dtype, owned by {@code src1}'s manager; gradients flow to both images.
     *
     * <pre>{@code
     * NDArray blended = Core.addWeighted(a, 0.7, b, 0.3, 0.0);
     * }</pre>
     *
     * @param src1 the first image
     * @param alpha weight of {@code src1}
     * @param src2 the second image
     * @param beta weight of {@code src2}
     * @param gamma added to the sum
     * @return the weighted sum
     * @throws IllegalArgumentException for a wrong rank/dtype, a {@code src2} of another shape or a NaN or infinite
     *     weight
     */
    public static NDArray addWeighted(NDArray src1, double alpha, NDArray src2, double beta, double gamma) {
        String op = "add_weighted";
        Checks.image(src1, op, "src1");
        Checks.image(src2, op, "src2");
        Checks.finite(op, "alpha", alpha);
        Checks.finite(op, "beta", beta);
        Checks.finite(op, "gamma", gamma);
        Shape s1 = src1.getShape();
        Shape s2 = src2.getShape();
        boolean sameImage = s1.equals(s2) || (s1.dimension() == 4 && s2.equals(s1.slice(1)));
        if (!sameImage) {
            throw new IllegalArgumentException(op + ": expected src2 of shape " + Checks.describe(s1)
                    + (s1.dimension() == 4 ? " or " + Checks.describe(s1.slice(1)) : "") + ", got "
                    + Checks.describe(s2));
        }
        return Scoped.run(() -> Constants.scale(src1, alpha)
                .add(Constants.scale(src2.toType(src1.getDataType(), false), beta)).add(gamma), src1, src2);
    }
}
