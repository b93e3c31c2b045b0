package dev.diffvision.ops.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The classification, divergence, smoothness, total-variation and robust losses: Kornia's vectors, closed forms
 * computed here with plain loops on the host (the slow, obviously correct reference), and float64 gradient checks
 * of the parameters that change the code path (alpha, weights, pos_weight, ignore_index, macro averaging).
 * Tolerances: 1e-6 for float64 closed forms, each Kornia vector's own atol.
 */
class LossesTest extends OpTestBase {

    private static final double ATOL = 1e-6;

    @Test
    void korniaVectorsPass() {
        for (String name : new String[] {"binary_focal_loss_with_logits__stability", "dice_loss__macro",
                "tversky_loss__ignore_index", "kl_div_loss_2d", "js_div_loss_2d", "total_variation__3d"}) {
            References.assertKorniaCasePasses(name);
        }
    }

    @Test
    void focalLossMatchesItsDefinition() {
        // FL = -alpha_t (1 - p_t)^gamma log p_t at the target class, alpha_t = 1 - alpha for class 0
        NDArray logits = rand(DataType.FLOAT64, 2, 3, 2, 2).mul(4).sub(2);
        NDArray labels = manager.create(new float[] {0, 1, 2, -100, 2, 2, 1, 0}, new ai.djl.ndarray.types.Shape(2, 2, 2));
        double[] x = logits.toDoubleArray();
        float[] t = labels.toFloatArray();
        double alpha = 0.3;
        double gamma = 1.5;
        double sum = 0;
        for (int b = 0; b < 2; b++) {
            for (int pix = 0; pix < 4; pix++) {
                int label = (int) t[b * 4 + pix];
                if (label < 0) {
                    continue;
                }
                double norm = 0;
                for (int c = 0; c < 3; c++) {
                    norm += Math.exp(x[b * 12 + c * 4 + pix]);
                }
                double p = Math.exp(x[b * 12 + label * 4 + pix]) / norm;
                double w = label == 0 ? 1 - alpha : alpha;
                sum += -w * Math.pow(1 - p, gamma) * Math.log(p) * (label == 2 ? 0.5 : 1);
            }
        }
        NDArray weight = manager.create(new double[] {1, 1, 0.5});
        NDArray loss = Losses.focalLoss(logits, labels, alpha, gamma, Reduction.NONE, weight, -100);
        assertEquals(new ai.djl.ndarray.types.Shape(2, 3, 2, 2), loss.getShape());
        assertEquals(sum, loss.sum().getDouble(), ATOL);
        // Kornia's 'mean' divides by every element of the (B, C, *) map, ignored pixels included
        assertEquals(sum / 24, Losses.focalLoss(logits, labels, alpha, gamma, Reduction.MEAN, weight, -100)
                .getDouble(), ATOL);
        GradientCheck.check(p -> Focal.focalLoss(p, labels, alpha, gamma, Reduction.SUM, weight, -100), logits,
                GradientCheck.Options.defaults()).assertPassed("focal_loss alpha, weight, ignore_index");
    }

    @Test
    void binaryFocalLossMatchesItsDefinition() {
        NDArray logits = rand(DataType.FLOAT64, 2, 2, 3).mul(6).sub(3);
        NDArray target = rand(DataType.FLOAT64, 2, 2, 3);
        double[] x = logits.toDoubleArray();
        double[] t = target.toDoubleArray();
        double[] posWeight = {2, 0.5};
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double p = 1 / (1 + Math.exp(-x[i]));
            double pos = 0.25 * Math.pow(1 - p, 2) * t[i] * -Math.log(p) * posWeight[(i / 3) % 2];
            sum += pos + 0.75 * Math.pow(p, 2) * (1 - t[i]) * -Math.log(1 - p);
        }
        NDArray pw = manager.create(posWeight);
        assertEquals(sum, Losses.binaryFocalLossWithLogits(logits, target, 0.25, 2.0, Reduction.SUM, pw, null, -100)
                .getDouble(), ATOL);
        GradientCheck.check(p -> Focal.binaryFocalLossWithLogits(p, target, 0.25, 2.0, Reduction.NONE, pw,
                pw.mul(3), -100), logits, GradientCheck.Options.defaults()).assertPassed("binary focal pos_weight");
    }

    @Test
    void diceAndTverskyMatchTheirDefinitions() {
        NDArray logits = rand(DataType.FLOAT64, 2, 3, 2, 3).mul(4);
        NDArray labels = manager.create(new float[] {0, 1, 2, 2, 1, 0, 1, 1, -100, 0, 2, 2},
                new ai.djl.ndarray.types.Shape(2, 2, 3));
        NDArray p = logits.softmax(1);
        double[] pv = p.toDoubleArray();
        float[] t = labels.toFloatArray();
        double tv = 0;
        double dice = 0;
        for (int b = 0; b < 2; b++) {
            double inter = 0;
            double fp = 0;
            double fn = 0;
            double card = 0;
            for (int c = 0; c < 3; c++) {
                for (int pix = 0; pix < 6; pix++) {
                    int label = (int) t[b * 6 + pix];
                    if (label < 0) {
                        continue;
                    }
                    double prob = pv[b * 18 + c * 6 + pix];
                    double hot = label == c ? 1 : 0;
                    inter += prob * hot;
                    fp += prob * (1 - hot);
                    fn += (1 - prob) * hot;
                    card += prob + hot;
                }
            }
            tv += 1 - inter / (inter + 0.2 * fp + 0.8 * fn + 1e-8);
            dice += 1 - 2 * inter / (card + 1e-8);
        }
        assertEquals(tv / 2, Losses.tverskyLoss(logits, labels, 0.2, 0.8, 1e-8, -100).getDouble(), ATOL);
        assertEquals(dice / 2, Losses.diceLoss(logits, labels, "micro", 1e-8, null, -100).getDouble(), ATOL);
        // alpha = beta = 0.5 is the Dice loss
        assertEquals(dice / 2, Losses.tverskyLoss(logits, labels, 0.5, 0.5, 1e-8, -100).getDouble(), ATOL);
        NDArray weight = manager.create(new double[] {0.2, 1, 3});
        GradientCheck.check(x -> Dice.diceLoss(x, labels, "macro", 1e-8, weight, -100), logits,
                GradientCheck.Options.defaults()).assertPassed("dice_loss macro weight ignore_index");
        GradientCheck.check(x -> Dice.tverskyLoss(x, labels, 0.3, 0.7, 1e-8, -100), logits,
                GradientCheck.Options.defaults()).assertPassed("tversky_loss ignore_index");
    }

    @Test
    void lovaszLossesMatchAPlainSort() {
        NDArray logits = rand(DataType.FLOAT64, 2, 1, 2, 3).mul(2).sub(1);
        NDArray labels = manager.create(new float[] {1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0},
                new ai.djl.ndarray.types.Shape(2, 2, 3));
        double[] x = logits.toDoubleArray();
        float[] t = labels.toFloatArray();
        double total = 0;
        for (int b = 0; b < 2; b++) {
            double[] err = new double[6];
            double[] gt = new double[6];
            for (int i = 0; i < 6; i++) {
                gt[i] = t[b * 6 + i];
                err[i] = 1 - x[b * 6 + i] * (2 * gt[i] - 1);
            }
            total += lovaszReference(err, gt, true);
        }
        assertEquals(total / 2, Losses.lovaszHingeLoss(logits, labels).getDouble(), ATOL);

        NDArray multi = rand(DataType.FLOAT64, 2, 3, 2, 3).mul(4);
        NDArray classes = labels.add(manager.create(new float[] {0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1},
                new ai.djl.ndarray.types.Shape(2, 2, 3)));
        double[] p = multi.softmax(1).toDoubleArray();
        float[] c = classes.toFloatArray();
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            double perClass = 0;
            for (int b = 0; b < 2; b++) {
                double[] err = new double[6];
                double[] fg = new double[6];
                for (int i = 0; i < 6; i++) {
                    fg[i] = c[b * 6 + i] == k ? 1 : 0;
                    err[i] = Math.abs(p[b * 18 + k * 6 + i] - fg[i]);
                }
                perClass += lovaszReference(err, fg, false);
            }
            sum += perClass / 2 * (k + 1);
        }
        NDArray weight = manager.create(new double[] {1, 2, 3});
        assertEquals(sum / 3, Losses.lovaszSoftmaxLoss(multi, classes, weight).getDouble(), ATOL);
        GradientCheck.check(l -> Lovasz.lovaszHingeLoss(l, labels), logits, GradientCheck.Options.defaults())
                .assertPassed("lovasz_hinge_loss");
        GradientCheck.check(l -> Lovasz.lovaszSoftmaxLoss(l, classes, weight), multi,
                GradientCheck.Options.defaults()).assertPassed("lovasz_softmax_loss weight");
    }

    /** Berman et al., Alg. 1, with a plain selection sort: sum of sorted (relu'd) errors times the Jaccard steps. */
    private static double lovaszReference(double[] err, double[] gt, boolean relu) {
        int n = err.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(err[j], err[i]));
        double gts = 0;
        for (double g : gt) {
            gts += g;
        }
        double cumT = 0;
        double cumF = 0;
        double previous = 0;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double g = gt[order[i]];
            cumT += g;
            cumF += 1 - g;
            double jaccard = 1 - (gts - cumT) / (gts + cumF);
            double e = err[order[i]];
            loss += (relu ? Math.max(e, 0) : e) * (jaccard - previous);
            previous = jaccard;
        }
        return loss;
    }

    @Test
    void divergencesTotalVariationAndSmoothness() {
        NDArray p = rand(DataType.FLOAT64, 1, 2, 2, 2).add(0.1);
        NDArray q = rand(DataType.FLOAT64, 1, 2, 2, 2).add(0.1);
        p = p.div(p.sum(new int[] {2, 3}, true));
        q = q.div(q.sum(new int[] {2, 3}, true));
        double[] pv = p.toDoubleArray();
        double[] qv = q.toDoubleArray();
        double kl = 0;
        double js = 0;
        for (int i = 0; i < pv.length; i++) {
            double m = (pv[i] + qv[i]) / 2;
            kl += qv[i] * Math.log(qv[i] / pv[i]);
            js += 0.5 * qv[i] * Math.log(qv[i] / m) + 0.5 * pv[i] * Math.log(pv[i] / m);
        }
        // kl_div_loss_2d(pred, target) = KL(target || pred); sum over both maps
        assertEquals(kl, Losses.klDivLoss2d(p, q, Reduction.SUM).getDouble(), ATOL);
        assertEquals(js, Losses.jsDivLoss2d(p, q, Reduction.SUM).getDouble(), ATOL);
        NDArray target = q;
        GradientCheck.check(x -> Divergence.jsDivLoss2d(x, target, Reduction.NONE), p,
                GradientCheck.Options.defaults()).assertPassed("js_div_loss_2d");

        NDArray img = rand(DataType.FLOAT64, 2, 3, 4, 5);
        double[] v = img.toDoubleArray();
        NDArray tv = Losses.totalVariation(img, Reduction.SUM);
        NDArray tvMean = Losses.totalVariation(img, Reduction.MEAN);
        for (int bc = 0; bc < 6; bc++) {
            double dy = 0;
            double dx = 0;
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    double here = v[bc * 20 + y * 5 + x];
                    dy += y < 3 ? Math.abs(v[bc * 20 + (y + 1) * 5 + x] - here) : 0;
                    dx += x < 4 ? Math.abs(v[bc * 20 + y * 5 + x + 1] - here) : 0;
                }
            }
            assertEquals(dy + dx, tv.get(bc / 3, bc % 3).getDouble(), ATOL);
            assertEquals(dy / 15 + dx / 16, tvMean.get(bc / 3, bc % 3).getDouble(), ATOL);
        }

        // a constant image gives weights 1: the loss is the mean absolute depth gradient
        NDArray depth = rand(DataType.FLOAT64, 1, 1, 3, 4);
        double[] d = depth.toDoubleArray();
        double gx = 0;
        double gy = 0;
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                gx += x < 3 ? Math.abs(d[y * 4 + x] - d[y * 4 + x + 1]) : 0;
                gy += y < 2 ? Math.abs(d[y * 4 + x] - d[(y + 1) * 4 + x]) : 0;
            }
        }
        assertEquals(gx / 9 + gy / 8, Losses.inverseDepthSmoothnessLoss(depth, depth.zerosLike()
                .repeat(1, 3)).getDouble(), ATOL);
        NDArray image = rand(DataType.FLOAT64, 1, 3, 3, 4);
        GradientCheck.check(x -> DepthSmooth.inverseDepthSmoothnessLoss(x, image), depth,
                GradientCheck.Options.defaults()).assertPassed("inverse_depth_smoothness_loss");
    }

    @Test
    void robustLossesMatchBarronsForms() {
        NDArray a = rand(DataType.FLOAT64, 2, 3).mul(4);
        NDArray b = rand(DataType.FLOAT64, 2, 3);
        double[] r = a.sub(b).toDoubleArray();
        double[] sums = new double[4];
        for (double x : r) {
            sums[0] += Math.sqrt(x * x + 1) - 1;
            sums[1] += 1 - Math.exp(-x * x / 2);
            sums[2] += Math.log(x * x / 2 + 1);
            sums[3] += 2 * x * x / (x * x + 4);
        }
        assertEquals(sums[0], Losses.charbonnierLoss(a, b, Reduction.SUM).getDouble(), ATOL);
        assertEquals(sums[1], Losses.welschLoss(a, b, Reduction.SUM).getDouble(), ATOL);
        assertEquals(sums[2] / 6, Losses.cauchyLoss(a, b, Reduction.MEAN).getDouble(), ATOL);
        assertEquals(sums[3], Losses.gemanMcclureLoss(a, b, Reduction.NONE).sum().getDouble(), ATOL);
    }

    @Test
    void badInputIsRejected() {
        NDArray logits = rand(DataType.FLOAT32, 1, 3, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.focalLoss(logits, manager.zeros(new ai.djl.ndarray.types.Shape(1, 2, 3)), 0.5, 2,
                        Reduction.MEAN, null, -100));
        assertEquals("focal_loss: expected target of shape (B, 2, 2) for input (1, 3, 2, 2), got (1, 2, 3)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.diceLoss(logits,
                manager.full(new ai.djl.ndarray.types.Shape(1, 2, 2), 3f), "micro", 1e-8, null, -100));
        assertEquals("dice_loss: expected target of integral class indices in [0, 3) or -100, got values outside",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.diceLoss(logits,
                manager.zeros(new ai.djl.ndarray.types.Shape(1, 2, 2)), "weighted", 1e-8, null, -100));
        assertEquals("dice_loss: expected average 'micro' or 'macro', got 'weighted'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reduction.parse("avg", "welsch_loss"));
        assertEquals("welsch_loss: expected reduction one of none, mean, sum, got 'avg'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.totalVariation(logits, Reduction.NONE));
        assertEquals("total_variation: expected reduction 'mean' or 'sum', got 'none'", e.getMessage());
        // NaN parameters made the whole loss NaN
        NDArray labels = manager.zeros(new ai.djl.ndarray.types.Shape(1, 2, 2));
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.focalLoss(logits, labels, Double.NaN, 2, Reduction.MEAN, null, -100));
        assertEquals("focal_loss: expected finite values in alpha, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.diceLoss(logits, labels, "micro", 1e-8,
                manager.create(new float[] {1, Float.POSITIVE_INFINITY, 1}), -100));
        assertEquals("dice_loss: expected finite values in weight, got Infinity in (3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.tverskyLoss(logits, labels, 0.5, Double.NaN, 1e-8, -100));
        assertEquals("tversky_loss: expected finite values in beta, got NaN", e.getMessage());
    }
}
