package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * Overlap losses of softmax probabilities and one-hot labels: Kornia's {@code kornia/losses/dice.py}
 * ({@code dice_loss}) and {@code kornia/losses/tversky.py} ({@code tversky_loss}).
 *
 * <p>pred: float32/float64 logits {@code (B, C, H, W)}; target: class indices {@code (B, H, W)} (any numeric dtype,
 * values in {@code [0, C)} or {@code ignore_index}). As in Kornia only the spatial sizes of the two are compared:
 * a target batch other than B broadcasts against the prediction. Pixels labelled {@code ignore_index} are dropped
 * from both the prediction and the labels. The result is a scalar in pred's dtype, on its device, owned by its
 * manager; gradients flow to the logits. Inputs are not modified.
 */
public final class Dice {

    private Dice() {}

    /**
     * Kornia's {@code dice_loss}: {@code 1 - 2 |X ∩ Y| / (|X| + |Y| + eps)}, averaged over the batch.
     *
     * <p>{@code micro} pools every class of an image (with class weights applied to both sides); {@code macro}
     * computes one loss per class and averages them with the class weights.
     *
     * <pre>{@code
     * NDArray loss = Dice.diceLoss(logits, labels, "micro", 1e-8, null, -100);
     * }</pre>
     *
     * @param pred {@code (B, C, H, W)} logits
     * @param target {@code (B, H, W)} class indices
     * @param average {@code micro} or {@code macro}
     * @param eps added to the denominator
     * @param weight {@code (C)} class weights, or null for ones
     * @param ignoreIndex label to ignore (Kornia's default -100), or null
     * @return the scalar loss
     * @throws IllegalArgumentException for bad shapes, dtypes, labels or average, or a NaN or infinite eps or weight
     */
    public static NDArray diceLoss(NDArray pred, NDArray target, String average, double eps, NDArray weight,
                                   Integer ignoreIndex) {
        String op = "dice_loss";
        checkPred(pred, op);
        Checks.finite(op, "eps", eps);
        if (!"micro".equals(average) && !"macro".equals(average)) {
            throw new IllegalArgumentException(op + ": expected average 'micro' or 'macro', got '" + average + "'");
        }
        int classes = Math.toIntExact(pred.getShape().get(1));
        if (weight != null && !weight.getShape().equals(new Shape(classes))) {
            throw new IllegalArgumentException(op + ": expected weight of shape (" + classes + "), got "
                    + Checks.describe(weight.getShape()));
        }
        if (weight != null) {
            Checks.finite(weight, op, "weight");
        }
        return Scoped.run(() -> {
            NDArray[] pt = softmaxAndOneHot(pred, target, ignoreIndex, op);
            NDArray p = pt[0];
            NDArray t = pt[1];
            NDArray w = weight == null ? pred.getManager().ones(new Shape(classes), pred.getDataType())
                    : weight.toType(pred.getDataType(), false);
            int[] dims = {2, 3};
            if ("micro".equals(average)) {
                dims = new int[] {1, 2, 3};
                NDArray wv = w.reshape(classes, 1, 1);
                p = p.mul(wv);
                t = t.mul(wv);
            }
            NDArray intersection = p.mul(t).sum(dims);
            NDArray cardinality = p.add(t).sum(dims);
            NDArray loss = Constants.scale(intersection, 2).div(cardinality.add(eps)).neg().add(1);
            if ("macro".equals(average)) {
                loss = loss.mul(w).sum(new int[] {-1}).div(w.sum());
            }
            return loss.mean();
        }, pred, target);
    }

    /**
     * Kornia's {@code tversky_loss}: {@code 1 - |PG| / (|PG| + alpha |P \ G| + beta |G \ P| + eps)} per image,
     * averaged over the batch [1]. {@code alpha = beta = 0.5} is the Dice loss, {@code alpha = beta = 1} Tanimoto.
     *
     * <pre>{@code
     * NDArray loss = Dice.tverskyLoss(logits, labels, 0.5, 0.5, 1e-8, -100);
     * }</pre>
     *
     * <p>[1] S. S. M. Salehi et al., Tversky loss function for image segmentation using 3D fully convolutional deep
     * networks, 2017.
     *
     * @param pred {@code (B, C, H, W)} logits
     * @param target {@code (B, H, W)} class indices
     * @param alpha weight of false positives
     * @param beta weight of false negatives
     * @param eps added to the denominator
     * @param ignoreIndex label to ignore (Kornia's default -100), or null
     * @return the scalar loss
     * @throws IllegalArgumentException for bad shapes, dtypes or labels, or a NaN or infinite alpha, beta or eps
     */
    public static NDArray tverskyLoss(NDArray pred, NDArray target, double alpha, double beta, double eps,
                                      Integer ignoreIndex) {
        String op = "tversky_loss";
        checkPred(pred, op);
        Checks.finite(op, "alpha", alpha);
        Checks.finite(op, "beta", beta);
        Checks.finite(op, "eps", eps);
        return Scoped.run(() -> {
            NDArray[] pt = softmaxAndOneHot(pred, target, ignoreIndex, op);
            NDArray p = pt[0];
            NDArray t = pt[1];
            int[] dims = {1, 2, 3};
            NDArray intersection = p.mul(t).sum(dims);
            NDArray fps = p.mul(t.neg().add(1)).sum(dims);
            NDArray fns = p.neg().add(1).mul(t).sum(dims);
            NDArray denominator = intersection.add(Constants.scale(fps, alpha)).add(Constants.scale(fns, beta));
            return intersection.div(denominator.add(eps)).neg().add(1).mean();
        }, pred, target);
    }

    /** Softmax of the logits and one-hot labels, both with ignored pixels zeroed. */
    private static NDArray[] softmaxAndOneHot(NDArray pred, NDArray target, Integer ignoreIndex, String op) {
        int classes = Math.toIntExact(pred.getShape().get(1));
        NDArray labels = Labels.check(target, pred, false, classes, ignoreIndex, op);
        NDArray mask = Labels.validMask(labels, ignoreIndex);
        NDArray p = pred.softmax(1);
        NDArray t = Labels.oneHot(mask == null ? labels : labels.mul(mask), classes, pred.getDataType());
        if (mask != null) {
            NDArray m = mask.expandDims(1);
            p = p.mul(m);
            t = t.mul(m);
        }
        return new NDArray[] {p, t};
    }

    private static void checkPred(NDArray pred, String op) {
        Checks.shape(pred, op, "pred", "B", "C", "H", "W");
        Checks.floating(pred, op, "pred");
    }
}
