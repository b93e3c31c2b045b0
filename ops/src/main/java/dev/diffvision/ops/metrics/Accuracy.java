package dev.diffvision.ops.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;

/**
 * Top-k classification accuracy: Kornia's {@code kornia/metrics/accuracy.py}.
 *
 * <p>pred: float32/float64 scores {@code (B, C)}; target: class indices {@code (B)} or {@code (B, 1)}, any
 * numeric dtype; output: {@code (len(topk))}, the percentage of images whose true class is among the k highest
 * scores for each k (Kornia returns a list of scalars; k larger than C counts as C). In pred's dtype, on its
 * device, owned by its manager; not differentiable. Ties are broken by libtorch's {@code topk}. Inputs are not
 * modified.
 */
public final class Accuracy {

    private Accuracy() {}

    /**
     * Kornia's {@code accuracy}.
     *
     * <pre>{@code
     * NDArray top1top5 = Accuracy.accuracy(logits, labels, new int[] {1, 5});   // percentages
     * }</pre>
     *
     * @param pred scores
     * @param target true classes
     * @param topk the k values, each >= 1
     * @return one percentage per k
     * @throws IllegalArgumentException for bad shapes or dtypes, or k < 1
     */
    public static NDArray accuracy(NDArray pred, NDArray target, int[] topk) {
        String op = "accuracy";
        Checks.shape(pred, op, "pred", "B", "C");
        Checks.floating(pred, op, "pred");
        Checks.notNull(target, op, "target");
        long b = pred.getShape().get(0);
        if (target.size() != b || target.getShape().dimension() > 2) {
            throw new IllegalArgumentException(op + ": expected target of shape (" + b + ") or (" + b
                    + ", 1), got " + Checks.describe(target.getShape()));
        }
        int maxk = 0;
        for (int k : topk) {
            if (k < 1) {
                throw new IllegalArgumentException(op + ": expected topk values >= 1, got " + k);
            }
            maxk = Math.max(maxk, k);
        }
        int kmax = (int) Math.min(maxk, pred.getShape().get(1));
        return Scoped.run(() -> {
            NDArray indices = pred.topK(kmax, 1, true, true).get(1);
            NDArray correct = indices.eq(target.toType(DataType.INT64, false).reshape(b, 1))
                    .toType(pred.getDataType(), false);
            double[] out = new double[topk.length];
            for (int i = 0; i < topk.length; i++) {
                out[i] = correct.get(":, :" + Math.min(topk[i], kmax)).sum().toType(DataType.FLOAT64, false).getDouble()
                        * 100.0 / b;
            }
            return pred.getManager().create(out).toType(pred.getDataType(), false);
        }, pred, target);
    }
}
