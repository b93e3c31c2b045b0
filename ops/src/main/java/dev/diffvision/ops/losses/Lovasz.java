package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * Lovász extensions of the Jaccard (IoU) loss, Berman et al. [1]: Kornia's {@code kornia/losses/lovasz_hinge.py}
 * ({@code lovasz_hinge_loss}, binary) and {@code kornia/losses/lovasz_softmax.py} ({@code lovasz_softmax_loss},
 * multi-class).
 *
 * <p>Errors of each image (and class) are sorted in decreasing order and weighted by the discrete gradient of the
 * Jaccard loss along that order. pred: float32/float64 logits; target: class indices {@code (B, H, W)} in any
 * numeric dtype. The output is a scalar in pred's dtype, on its device, owned by its manager; gradients flow to
 * the logits (almost everywhere: the loss is piecewise smooth, with kinks where two errors tie). Inputs are not
 * modified.
 *
 * <p>[1] M. Berman, A. Rannen Triki, M. B. Blaschko, The Lovász-Softmax loss: a tractable surrogate for the
 * optimization of the intersection-over-union measure in neural networks, CVPR 2018.
 */
public final class Lovasz {

    private Lovasz() {}

    /**
     * Kornia's {@code lovasz_hinge_loss}: hinge errors {@code 1 - x s} (s = +1 for label 1, -1 for label 0),
     * {@code relu} of the sorted errors dotted with the Jaccard gradient, averaged over the batch.
     *
     * <pre>{@code
     * NDArray loss = Lovasz.lovaszHingeLoss(logits, masks);   // logits (B, 1, H, W), masks (B, H, W) in {0, 1}
     * }</pre>
     *
     * @param pred {@code (B, 1, H, W)} logits
     * @param target {@code (B, H, W)} labels 0 or 1
     * @return the scalar loss
     * @throws IllegalArgumentException for bad shapes, dtypes or labels
     */
    public static NDArray lovaszHingeLoss(NDArray pred, NDArray target) {
        String op = "lovasz_hinge_loss";
        Checks.shape(pred, op, "pred", "B", "1", "H", "W");
        Checks.floating(pred, op, "pred");
        return Scoped.run(() -> {
            long b = pred.getShape().get(0);
            NDArray labels = Labels.check(target, pred, true, 2, null, op);
            NDArray t = labels.reshape(b, -1);
            NDArray errors = pred.reshape(b, -1).mul(t.mul(2).sub(1)).neg().add(1);
            NDArray order = errors.argSort(1, false);
            return Constants.atLeast(errors.gather(order, 1), 0).mul(jaccardGradient(t.gather(order, 1), 1))
                    .sum(new int[] {1}).mean();
        }, pred, target);
    }

    /**
     * Kornia's {@code lovasz_softmax_loss}: per image and class, errors {@code |softmax - onehot|} sorted and dotted
     * with the Jaccard gradient; averaged over the batch, optionally weighted per class, then averaged over the
     * classes.
     *
     * <pre>{@code
     * NDArray loss = Lovasz.lovaszSoftmaxLoss(logits, labels, null);   // logits (B, C, H, W), C > 1
     * }</pre>
     *
     * @param pred {@code (B, C, H, W)} logits, C > 1
     * @param target {@code (B, H, W)} class indices in [0, C)
     * @param weight {@code (C)} class weights, or null
     * @return the scalar loss
     * @throws IllegalArgumentException for bad shapes, dtypes or labels
     */
    public static NDArray lovaszSoftmaxLoss(NDArray pred, NDArray target, NDArray weight) {
        String op = "lovasz_softmax_loss";
        Checks.shape(pred, op, "pred", "B", "C", "H", "W");
        Checks.floating(pred, op, "pred");
        long b = pred.getShape().get(0);
        int c = Math.toIntExact(pred.getShape().get(1));
        if (c < 2) {
            throw new IllegalArgumentException(op + ": expected pred with C > 1 classes, got "
                    + Checks.describe(pred.getShape()));
        }
        if (weight != null && !weight.getShape().equals(new Shape(c))) {
            throw new IllegalArgumentException(op + ": expected weight of shape (" + c + "), got "
                    + Checks.describe(weight.getShape()));
        }
        return Scoped.run(() -> {
            NDArray labels = Labels.check(target, pred, true, c, null, op);
            NDArray p = pred.reshape(b, c, -1).softmax(1);
            NDArray fg = Labels.oneHot(labels.reshape(b, -1), c, pred.getDataType());
            NDArray errors = p.sub(fg).abs();
            NDArray order = errors.argSort(2, false);
            NDArray perClass = errors.gather(order, 2).mul(jaccardGradient(fg.gather(order, 2), 2))
                    .sum(new int[] {2}).mean(new int[] {0});
            if (weight != null) {
                perClass = perClass.mul(weight.toType(pred.getDataType(), false));
            }
            return perClass.mean();
        }, pred, target);
    }

    /**
     * The gradient of the Lovász extension of the Jaccard loss with respect to sorted errors (Berman et al.,
     * Alg. 1): {@code g = 1 - (P - cumsum(t)) / (P + cumsum(1 - t))}, then first differences along the axis.
     *
     * @param sorted ground-truth indicators in error order
     * @param axis the sorted axis (the last one)
     * @return the weights, same shape
     */
    private static NDArray jaccardGradient(NDArray sorted, int axis) {
        NDArray total = sorted.sum(new int[] {axis}, true);
        NDArray intersection = total.sub(sorted.cumSum(axis));
        NDArray union = total.add(sorted.neg().add(1).cumSum(axis));
        NDArray g = intersection.div(union).neg().add(1);
        long n = g.getShape().get(axis);
        if (n == 1) {
            return g;
        }
        String lead = axis == 1 ? ":, " : ":, :, ";
        return g.get(lead + ":1").concat(g.get(lead + "1:").sub(g.get(lead + ":-1")), axis);
    }
}
