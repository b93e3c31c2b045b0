package dev.diffvision.ops.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;

/**
 * Confusion matrices and the IoU derived from them: Kornia's {@code kornia/metrics/confusion_matrix.py} and
 * {@code kornia/metrics/mean_iou.py}.
 *
 * <p>pred, target: class indices of equal shape {@code (B, *)}, in any numeric dtype (integers, or floats holding
 * integers as the registry passes them), values in {@code [0, K)}. Outputs are in the input's dtype when it is
 * floating, float32 otherwise (Kornia: float32), on its device, owned by {@code pred}'s manager. Not
 * differentiable (labels are discrete). Inputs are not modified.
 *
 * <p>Implementation: {@code conf[b] = T[b] P[b]^T} with one-hot {@code (K, N)} label matrices, one batched matrix
 * product instead of Kornia's per-image {@code bincount}.
 */
public final class ConfusionMatrix {

    private ConfusionMatrix() {}

    /**
     * Kornia's {@code confusion_matrix}: {@code conf[b, t, p]} counts the elements of image b with target t and
     * prediction p.
     *
     * <p>output: {@code (B, K, K)}; with {@code normalized}, each column (one predicted class) is divided by its
     * sum + 1e-6, as Kornia does.
     *
     * <pre>{@code
     * NDArray conf = ConfusionMatrix.confusionMatrix(predLabels, labels, 3, false);
     * }</pre>
     *
     * @param pred predicted classes
     * @param target true classes, same shape
     * @param numClasses {@code K >= 2}
     * @param normalized divide each column by its sum
     * @return the matrices
     * @throws IllegalArgumentException for mismatched shapes, K < 2 or labels outside [0, K)
     */
    public static NDArray confusionMatrix(NDArray pred, NDArray target, int numClasses, boolean normalized) {
        String op = "confusion_matrix";
        return Scoped.run(() -> {
            NDArray conf = counts(op, pred, target, numClasses);
            return normalized ? conf.div(conf.sum(new int[] {1}, true).add(1e-6)) : conf;
        }, pred, target);
    }

    /**
     * Kornia's {@code mean_iou}: per image and class, {@code (TP + eps) / (TP + FP + FN + eps)}; a class absent from
     * both prediction and target scores 1.
     *
     * <p>output: {@code (B, K)}.
     *
     * <pre>{@code
     * NDArray iou = ConfusionMatrix.meanIou(predLabels, labels, 3, 1e-6);
     * }</pre>
     *
     * @param pred predicted classes
     * @param target true classes, same shape
     * @param numClasses {@code K >= 2}
     * @param eps added to numerator and denominator
     * @return the IoU of every class
     * @throws IllegalArgumentException for mismatched shapes, K < 2, labels outside [0, K) or a NaN or infinite eps
     */
    public static NDArray meanIou(NDArray pred, NDArray target, int numClasses, double eps) {
        String op = "mean_iou";
        Checks.finite(op, "eps", eps);
        return Scoped.run(() -> {
            NDArray conf = counts(op, pred, target, numClasses);
            NDArray diag = conf.diagonal(0, 1, 2);
            NDArray union = conf.sum(new int[] {1}).add(conf.sum(new int[] {2})).sub(diag);
            return diag.add(eps).div(union.add(eps));
        }, pred, target);
    }

    private static NDArray counts(String op, NDArray pred, NDArray target, int numClasses) {
        Checks.notNull(pred, op, "pred");
        Checks.notNull(target, op, "target");
        if (pred.getShape().dimension() < 2 || pred.getShape().size() == 0) {
            throw new IllegalArgumentException(op + ": expected pred of shape (B, *), got "
                    + Checks.describe(pred.getShape()));
        }
        if (!target.getShape().equals(pred.getShape())) {
            throw new IllegalArgumentException(op + ": expected target of pred's shape "
                    + Checks.describe(pred.getShape()) + ", got " + Checks.describe(target.getShape()));
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException(op + ": expected num_classes >= 2, got " + numClasses);
        }
        DataType dtype = outputType(pred);
        long b = pred.getShape().get(0);
        NDArray p = oneHot(op, "pred", pred, numClasses, dtype).reshape(b, numClasses, -1);
        NDArray t = oneHot(op, "target", target, numClasses, dtype).reshape(b, numClasses, -1);
        return t.matMul(p.transpose(0, 2, 1));
    }

    /**
     * The floating dtype of a metric's output: the labels' own if floating, else float32 (Kornia's).
     *
     * @param labels the labels
     * @return float32 or float64
     */
    static DataType outputType(NDArray labels) {
        return labels.getDataType() == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    /**
     * Checks class indices and returns them as {@code (B, K, *)} one-hot indicators.
     *
     * @param op the op
     * @param name the argument
     * @param labels class indices in any numeric dtype
     * @param classes {@code K}
     * @param dtype the indicators' dtype
     * @return the indicators
     */
    static NDArray oneHot(String op, String name, NDArray labels, int classes, DataType dtype) {
        NDArray l = labels.toType(DataType.FLOAT64, false);
        if (!l.gte(0).logicalAnd(l.lt(classes)).logicalAnd(l.eq(l.floor())).all().getBoolean()) {
            throw new IllegalArgumentException(op + ": expected " + name + " of integral class indices in [0, "
                    + classes + "), got values outside");
        }
        long[] shape = new long[labels.getShape().dimension() + 1];
        java.util.Arrays.fill(shape, 1);
        shape[1] = classes;
        NDArray ids = labels.getManager().arange(0, classes, 1, DataType.FLOAT64).reshape(new Shape(shape));
        return l.expandDims(1).eq(ids).toType(dtype, false);
    }
}
