package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;

/**
 * Class-label handling shared by the segmentation losses: Kornia's {@code one_hot} and {@code mask_ignore_pixels}.
 * Labels are integral class indices held in any numeric dtype (the registry passes them as floats); they are
 * compared in the prediction's floating dtype, which is exact for class indices.
 */
final class Labels {

    private Labels() {}

    /**
     * Checks labels of shape {@code (B', *spatial)} against a prediction {@code (B, C, *spatial)}: the spatial
     * sizes must agree; values must be integers in {@code [0, classes)} or equal to {@code ignoreIndex}.
     *
     * @param target the labels
     * @param pred the prediction
     * @param sameBatch whether {@code B' == B} is required (Kornia's focal loss) or only the spatial sizes are
     *     compared (dice and Tversky, which broadcast)
     * @param classes the number of classes (C, or 2 for a binary prediction with one channel)
     * @param ignoreIndex the ignored label, or null
     * @param op the calling op
     * @return the labels in {@code pred}'s dtype
     */
    static NDArray check(NDArray target, NDArray pred, boolean sameBatch, int classes, Integer ignoreIndex,
                         String op) {
        Checks.notNull(target, op, "target");
        Shape p = pred.getShape();
        Shape t = target.getShape();
        Shape spatial = p.slice(2);
        boolean ok = t.dimension() == p.dimension() - 1 && t.slice(1).equals(spatial)
                && (!sameBatch || t.get(0) == p.get(0));
        if (!ok) {
            throw new IllegalArgumentException(op + ": expected target of shape " + (sameBatch ? "(B, " : "(*, ")
                    + Checks.describe(spatial).substring(1) + " for input " + Checks.describe(p) + ", got "
                    + Checks.describe(t));
        }
        NDArray labels = target.toType(pred.getDataType(), false);
        NDArray valid = labels.gte(0).logicalAnd(labels.lt(classes)).logicalAnd(labels.eq(labels.floor()));
        if (ignoreIndex != null) {
            valid = valid.logicalOr(labels.eq(ignoreIndex));
        }
        if (!valid.all().getBoolean()) {
            throw new IllegalArgumentException(op + ": expected target of integral class indices in [0, " + classes
                    + ")" + (ignoreIndex == null ? "" : " or " + ignoreIndex) + ", got values outside");
        }
        return labels;
    }

    /**
     * Kornia's {@code one_hot}: {@code (B, *)} labels to {@code (B, C, *)} indicators in {@code dtype}.
     *
     * @param labels integral class indices (ignored pixels already mapped to a valid class or masked after)
     * @param classes {@code C}
     * @param dtype the result's dtype
     * @return the indicators
     */
    static NDArray oneHot(NDArray labels, int classes, DataType dtype) {
        Shape s = labels.getShape();
        long[] classShape = new long[s.dimension() + 1];
        java.util.Arrays.fill(classShape, 1);
        classShape[1] = classes;
        NDArray ids = labels.getManager().arange(0, classes, 1, dtype).reshape(new Shape(classShape));
        return labels.toType(dtype, false).expandDims(1).eq(ids).toType(dtype, false);
    }

    /**
     * Kornia's {@code mask_ignore_pixels}: where a label is {@code ignoreIndex}, 0 in the mask.
     *
     * @param labels the labels
     * @param ignoreIndex the ignored label, or null for none
     * @return the mask in the labels' dtype (1 = counted), or null when nothing is ignored
     */
    static NDArray validMask(NDArray labels, Integer ignoreIndex) {
        if (ignoreIndex == null) {
            return null;
        }
        NDArray mask = labels.neq(ignoreIndex);
        return mask.all().getBoolean() ? null : mask.toType(labels.getDataType(), false);
    }
}
