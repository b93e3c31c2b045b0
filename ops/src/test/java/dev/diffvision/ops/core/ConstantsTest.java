package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.diffvision.ops.testing.NativeMemoryChurn;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Constants.scalar's constants survive garbage collection between forward and backward: the gradients of
 * {@code x * c}, {@code x / c} and {@code x ^ p} are the closed forms {@code c}, {@code 1 / c} and
 * {@code p x^(p-1)}, and of {@code A x} for a constant matrix {@code A} the column sums of A, exact to 1e-12 in float64, after the heap and the direct-buffer pool were churned (with
 * NaN-filled direct buffers) so that any freed Java buffer is reused.
 */
class ConstantsTest extends OpTestBase {

    @Test
    void constantsOutliveGarbageCollectionBeforeBackward() {
        NDArray x = manager.create(new double[] {0.5, 1.0, 2.0, 4.0});
        x.setRequiresGradient(true);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray y = x.mul(Constants.scalar(x, 3.0)).add(x.div(Constants.scalar(x, 8.0)))
                    .add(x.pow(Constants.scalar(x, -1.0)));
            NativeMemoryChurn.churn(3);
            collector.backward(y.sum());
        }
        double[] expected = new double[4];
        double[] v = x.toDoubleArray();
        for (int i = 0; i < 4; i++) {
            expected[i] = 3.0 + 1.0 / 8.0 - 1.0 / (v[i] * v[i]);
        }
        assertArrayEquals(expected, x.getGradient().toDoubleArray(), 1e-12);
    }

    @Test
    void matrixConstantOutlivesGarbageCollectionBeforeBackward() {
        NDArray x = manager.create(new double[] {1, 2}, new Shape(2, 1));
        x.setRequiresGradient(true);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray y = Constants.array(x, new double[] {1, 2, 3, 4}, new Shape(2, 2)).matMul(x);
            NativeMemoryChurn.churn(3);
            collector.backward(y.sum());
        }
        assertArrayEquals(new double[] {4, 6}, x.getGradient().toDoubleArray(), 1e-12);
    }

    @Test
    void keepsTheDtypeAndDevice() {
        NDArray f = manager.ones(new Shape(2), DataType.FLOAT32);
        NDArray c = Constants.scalar(f, 0.1);
        assertEquals(DataType.FLOAT32, c.getDataType());
        assertEquals(new Shape(), c.getShape());
        assertEquals(f.getDevice(), c.getDevice());
        assertEquals(0.1f, c.getFloat(), 0f);
    }
}
