package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * Focal losses: Kornia's {@code kornia/losses/focal.py} ({@code focal_loss}, {@code binary_focal_loss_with_logits}),
 * after Lin et al. [1]: {@code FL(p_t) = -alpha_t (1 - p_t)^gamma log(p_t)}.
 *
 * <p>Predictions are logits, float32/float64, {@code (B, C, *)} (at least two dimensions); the loss keeps their
 * dtype and device, belongs to their manager, and gradients flow to the logits (not to targets or weights).
 * Inputs are not modified.
 *
 * <p>[1] T.-Y. Lin et al., Focal Loss for Dense Object Detection, ICCV 2017.
 */
public final class Focal {

    private Focal() {}

    /**
     * Kornia's {@code focal_loss}: multi-class focal loss of softmax probabilities.
     *
     * <p>pred: {@code (B, C, *)} logits; target: {@code (B, *)} class indices in {@code [0, C)} or
     * {@code ignoreIndex}; output: {@code (B, C, *)} for {@link Reduction#NONE} (the target class's term, 0 in the
     * other slices and at ignored pixels), else a scalar whose mean counts every element of that map.
     *
     * <p>Convention (Kornia's): class 0 is weighted by {@code 1 - alpha}, classes 1..C-1 by {@code alpha}; null
     * alpha weights every class by 1.
     *
     * <pre>{@code
     * NDArray loss = Focal.focalLoss(logits, labels, 0.5, 2.0, Reduction.MEAN, null, -100);
     * }</pre>
     *
     * @param pred logits
     * @param target class indices, any numeric dtype
     * @param alpha weight of classes 1..C-1 (class 0: 1 - alpha), or null
     * @param gamma focusing parameter, >= 0
     * @param reduction none, mean or sum
     * @param weight {@code (C)} per-class weights, or null
     * @param ignoreIndex label to ignore (Kornia's default -100), or null
     * @return the loss
     * @throws IllegalArgumentException for bad shapes, dtypes or labels, or a NaN or infinite alpha or weight
     */
    public static NDArray focalLoss(NDArray pred, NDArray target, Double alpha, double gamma, Reduction reduction,
                                    NDArray weight, Integer ignoreIndex) {
        String op = "focal_loss";
        checkPred(pred, op);
        Checks.atLeast(gamma, 0, op, "gamma");
        checkAlpha(alpha, op);
        int classes = Math.toIntExact(pred.getShape().get(1));
        return Scoped.run(() -> {
            NDArray labels = Labels.check(target, pred, true, classes, ignoreIndex, op);
            NDArray mask = Labels.validMask(labels, ignoreIndex);
            NDArray oneHot = Labels.oneHot(mask == null ? labels : labels.mul(mask), classes, pred.getDataType());
            NDArray logits = pred;
            if (mask != null) {
                NDArray m = mask.expandDims(1);
                oneHot = oneHot.mul(m);
                logits = pred.mul(m); // ignored pixels: logits 0, so no overflowing log-probability meets a zero
            }
            NDArray logP = logits.logSoftmax(1);
            // (1 - p)^gamma; where p rounds to 1 the term's derivative is 0 (Kornia detaches the factor there)
            NDArray base = logP.exp().neg().add(1);
            NDArray saturated = base.eq(0);
            NDArray factor = NDArrays.where(saturated, base.stopGradient().pow(gamma),
                    Constants.power(NDArrays.where(saturated, base.onesLike(), base), gamma));
            NDArray logPt = NDArrays.where(oneHot.eq(0), logP.zerosLike(), logP);
            NDArray loss = factor.mul(logPt).mul(oneHot).neg();
            if (alpha != null) {
                double[] a = new double[classes];
                java.util.Arrays.fill(a, alpha);
                a[0] = 1 - alpha;
                loss = loss.mul(perClass(Constants.array(pred, a, new Shape(classes)), pred));
            }
            if (weight != null) {
                loss = loss.mul(perClass(checkWeight(weight, classes, op, "weight").toType(pred.getDataType(),
                        false), pred));
            }
            return reduction.apply(loss);
        }, pred, target);
    }

    /**
     * Kornia's {@code binary_focal_loss_with_logits}: every element is an independent binary logit.
     *
     * <p>pred: {@code (B, C, *)} logits; target: the same shape, values in [0, 1] (or {@code ignoreIndex});
     * output: pred's shape for {@link Reduction#NONE}, else a scalar. Loss:
     * {@code t alpha (1 - p)^gamma (-log p) + (1 - t)(1 - alpha) p^gamma (-log(1 - p))} with {@code p =
     * sigmoid(x)}, computed from log-sigmoids so that large logits neither overflow nor give NaN.
     *
     * <pre>{@code
     * NDArray loss = Focal.binaryFocalLossWithLogits(logits, targets, 0.25, 2.0, Reduction.NONE, null, null, -100);
     * }</pre>
     *
     * @param pred logits
     * @param target targets in [0, 1], pred's shape
     * @param alpha weight of the positive term (negative: 1 - alpha), or null for none
     * @param gamma focusing parameter, >= 0
     * @param reduction none, mean or sum
     * @param posWeight {@code (C)} weights of the positive term per channel, or null
     * @param weight {@code (C)} weights per channel, or null
     * @param ignoreIndex target value to ignore (Kornia's default -100), or null
     * @return the loss
     * @throws IllegalArgumentException for bad shapes or dtypes, or a NaN or infinite alpha or weight
     */
    public static NDArray binaryFocalLossWithLogits(NDArray pred, NDArray target, Double alpha, double gamma,
                                                    Reduction reduction, NDArray posWeight, NDArray weight,
                                                    Integer ignoreIndex) {
        String op = "binary_focal_loss_with_logits";
        checkPred(pred, op);
        Checks.notNull(target, op, "target");
        if (!target.getShape().equals(pred.getShape())) {
            throw new IllegalArgumentException(op + ": expected target of the input's shape "
                    + Checks.describe(pred.getShape()) + ", got " + Checks.describe(target.getShape()));
        }
        Checks.atLeast(gamma, 0, op, "gamma");
        checkAlpha(alpha, op);
        int classes = Math.toIntExact(pred.getShape().get(1));
        return Scoped.run(() -> {
            NDArray t = target.toType(pred.getDataType(), false);
            NDArray logPos = logSigmoid(pred);
            NDArray logNeg = logSigmoid(pred.neg());
            NDArray mask = Labels.validMask(t, ignoreIndex);
            if (mask != null) {
                t = t.mul(mask);
                logPos = logPos.mul(mask);
                logNeg = logNeg.mul(mask);
            }
            NDArray pos = Constants.scale(logNeg, gamma).exp().mul(t).mul(logPos).neg();
            NDArray neg = Constants.scale(logPos, gamma).exp().mul(t.neg().add(1)).mul(logNeg).neg();
            if (alpha != null) {
                pos = Constants.scale(pos, alpha);
                neg = Constants.scale(neg, 1 - alpha);
            }
            if (posWeight != null) {
                pos = pos.mul(perClass(checkWeight(posWeight, classes, op, "pos_weight")
                        .toType(pred.getDataType(), false), pred));
            }
            NDArray loss = pos.add(neg);
            if (weight != null) {
                loss = loss.mul(perClass(checkWeight(weight, classes, op, "weight").toType(pred.getDataType(),
                        false), pred));
            }
            return reduction.apply(loss);
        }, pred, target);
    }

    /** {@code log(sigmoid(x)) = min(x, 0) - log(1 + exp(-|x|))}, stable for any x. */
    private static NDArray logSigmoid(NDArray x) {
        return Constants.atMost(x, 0).sub(x.abs().neg().exp().add(1).log());
    }

    private static void checkPred(NDArray pred, String op) {
        Checks.notNull(pred, op, "pred");
        if (pred.getShape().dimension() < 2 || pred.getShape().size() == 0) {
            throw new IllegalArgumentException(op + ": expected pred of shape (B, C, *), got "
                    + Checks.describe(pred.getShape()));
        }
        Checks.floating(pred, op, "pred");
    }

    private static NDArray checkWeight(NDArray weight, int classes, String op, String name) {
        if (!weight.getShape().equals(new Shape(classes))) {
            throw new IllegalArgumentException(op + ": expected " + name + " of shape (" + classes + "), got "
                    + Checks.describe(weight.getShape()));
        }
        Checks.finite(weight, op, name);
        return weight;
    }

    /** A NaN or infinite alpha would make the whole loss NaN. */
    private static void checkAlpha(Double alpha, String op) {
        if (alpha != null) {
            Checks.finite(op, "alpha", alpha);
        }
    }

    /** {@code (C)} values viewed as {@code (C, 1, ..., 1)} to broadcast along dimension 1 of {@code like}. */
    static NDArray perClass(NDArray values, NDArray like) {
        long[] shape = new long[like.getShape().dimension() - 1];
        java.util.Arrays.fill(shape, 1);
        shape[0] = values.size();
        return values.reshape(new Shape(shape));
    }
}
