package dev.diffvision.ops.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * confusion_matrix, mean_iou and accuracy against counts made here with plain loops (numpy's closed forms:
 * {@code np.add.at(conf, (target, pred), 1)}, IoU = TP / (TP + FP + FN), top-k membership) and Kornia's doctest
 * examples; exact (counts), 1e-6 where eps enters.
 */
class ClassificationMetricsTest extends OpTestBase {

    @Test
    void korniaDoctests() {
        NDArray pred = manager.create(new long[] {0, 1, 0}, new Shape(1, 3));
        NDArray target = manager.create(new long[] {0, 1, 0}, new Shape(1, 3));
        assertArrayEquals(new float[] {2, 0, 0, 0, 1, 0, 0, 0, 0},
                Metrics.confusionMatrix(pred, target, 3, false).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, Metrics.meanIou(pred, target, 3, 1e-6).toFloatArray(), 1e-6f);
        NDArray logits = manager.create(new float[] {0, 1, 0}, new Shape(1, 3));
        assertArrayEquals(new float[] {100}, Metrics.accuracy(logits, manager.create(new long[] {1}, new Shape(1, 1)),
                new int[] {1}).toFloatArray());
    }

    @Test
    void countsMatchLoops() {
        int k = 4;
        float[] p = new float[2 * 30];
        float[] t = new float[2 * 30];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextInt(k);
            t[i] = random.nextBoolean() ? p[i] : random.nextInt(k);
        }
        NDArray pred = manager.create(p, new Shape(2, 5, 6));
        NDArray target = manager.create(t, new Shape(2, 5, 6));
        double[][][] conf = new double[2][k][k];
        for (int i = 0; i < p.length; i++) {
            conf[i / 30][(int) t[i]][(int) p[i]]++;
        }
        NDArray out = ConfusionMatrix.confusionMatrix(pred, target, k, false);
        NDArray normalized = ConfusionMatrix.confusionMatrix(pred.toType(DataType.INT64, false),
                target.toType(DataType.INT64, false), k, true);
        assertEquals(DataType.FLOAT32, normalized.getDataType());
        NDArray iou = ConfusionMatrix.meanIou(pred, target, k, 1e-6);
        for (int b = 0; b < 2; b++) {
            for (int r = 0; r < k; r++) {
                double row = 0;
                double col = 0;
                double colSum = 0;
                for (int c = 0; c < k; c++) {
                    assertEquals(conf[b][r][c], out.getFloat(b, r, c), 0);
                    row += conf[b][r][c];
                    col += conf[b][c][r];
                }
                for (int c = 0; c < k; c++) {
                    colSum += conf[b][c][r == 0 ? 0 : r];
                }
                double tp = conf[b][r][r];
                assertEquals((tp + 1e-6) / (row + col - tp + 1e-6), iou.getFloat(b, r), 1e-6);
                // Kornia normalises each column (one predicted class)
                assertEquals(tp / (colSum + 1e-6), normalized.getFloat(b, r, r), 1e-6);
            }
        }
    }

    @Test
    void topKAccuracy() {
        NDArray scores = rand(DataType.FLOAT32, 6, 5);
        float[] s = scores.toFloatArray();
        float[] labels = {0, 4, 2, 2, 1, 3};
        double[] hits = new double[3];
        int[] ks = {1, 2, 7};
        for (int b = 0; b < 6; b++) {
            int rank = 0;
            for (int c = 0; c < 5; c++) {
                rank += s[b * 5 + c] > s[b * 5 + (int) labels[b]] ? 1 : 0;
            }
            for (int i = 0; i < ks.length; i++) {
                hits[i] += rank < ks[i] ? 1 : 0;
            }
        }
        NDArray acc = Accuracy.accuracy(scores, manager.create(labels), ks);
        for (int i = 0; i < ks.length; i++) {
            assertEquals(hits[i] * 100 / 6, acc.getFloat(i), 1e-4);
        }
        assertEquals(100, acc.getFloat(2), 0, "k larger than C counts as C");
    }

    @Test
    void badInputIsRejected() {
        NDArray pred = manager.create(new float[] {0, 1, 3}, new Shape(1, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.confusionMatrix(pred, pred, 3, false));
        assertEquals("confusion_matrix: expected pred of integral class indices in [0, 3), got values outside",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.meanIou(pred, pred, 1, 1e-6));
        assertEquals("mean_iou: expected num_classes >= 2, got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.meanIou(pred, pred, 4, Double.NaN));
        assertEquals("mean_iou: expected finite values in eps, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Accuracy.accuracy(rand(DataType.FLOAT32, 2, 3), pred, new int[] {1}));
        assertEquals("accuracy: expected target of shape (2) or (2, 1), got (1, 3)", e.getMessage());
    }
}
