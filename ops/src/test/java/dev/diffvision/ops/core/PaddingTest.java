package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Padding against closed forms (the rows of torch.nn.functional.pad / OpenCV copyMakeBorder by hand) and against
 * the slow index-select reference ({@link PaddingReference}) that ATen's kernels replaced.
 */
class PaddingTest extends OpTestBase {

    private NDArray row() {
        return manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 1, 4));
    }

    @Test
    void gradientsFlowWhenOneOrBothAxesAreNotPadded() {
        // zero pads on an axis used to return a detached duplicate()
        NDArray x = rand(DataType.FLOAT64, 2, 3, 4);
        for (int[] p : new int[][] {{1, 2, 0, 0}, {0, 0, 1, 1}, {0, 0, 0, 0}}) {
            GradientCheck.check(t -> Padding.pad2d(t, p[0], p[1], p[2], p[3], BorderType.REPLICATE, 0), x,
                    GradientCheck.Options.defaults()).assertPassed("pad2d " + java.util.Arrays.toString(p));
        }
        // an op given the same array twice must leave it open (Scoped attaches each distinct input once)
        NDArray y = Scoped.run(() -> x.add(x), x, x);
        assertEquals(2 * x.getDouble(0, 0, 0), y.getDouble(0, 0, 0), 1e-12);
    }

    @Test
    void reflectIsOpenCvReflect101() {
        // OpenCV BORDER_REFLECT_101 of "1 2 3 4" by 2: "3 2 | 1 2 3 4 | 3 2"
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 4, 3, 2},
                Padding.pad2d(row(), 0, 0, 2, 2, BorderType.REFLECT, 0).toFloatArray());
    }

    @Test
    void replicateRepeatsTheEdge() {
        assertArrayEquals(new float[] {1, 1, 1, 2, 3, 4, 4, 4},
                Padding.pad2d(row(), 0, 0, 2, 2, BorderType.REPLICATE, 0).toFloatArray());
    }

    @Test
    void circularWraps() {
        assertArrayEquals(new float[] {3, 4, 1, 2, 3, 4, 1, 2},
                Padding.pad2d(row(), 0, 0, 2, 2, BorderType.CIRCULAR, 0).toFloatArray());
    }

    @Test
    void constantFills() {
        assertArrayEquals(new float[] {7, 1, 2, 3, 4, 7, 7},
                Padding.pad2d(row(), 0, 0, 1, 2, BorderType.CONSTANT, 7).toFloatArray());
    }

    @Test
    void padsRowsAndColumnsOfEveryPlane() {
        NDArray x = manager.arange(0f, 12f).reshape(2, 1, 2, 3);
        NDArray y = Padding.pad2d(x, 1, 0, 0, 1, BorderType.REPLICATE, 0);
        assertEquals(new Shape(2, 1, 3, 4), y.getShape());
        // second plane: rows [6 7 8] [9 10 11]; replicate one row on top and one column on the right
        assertArrayEquals(new float[] {6, 7, 8, 8, 6, 7, 8, 8, 9, 10, 11, 11},
                y.get(1).toFloatArray());
    }

    @Test
    void matchesTheIndexSelectReferenceForEveryModeAndRank() {
        // Same values exactly: both only copy elements.
        long[][] shapes = {{5, 6}, {3, 5, 6}, {2, 3, 5, 6}, {2, 1, 2, 5, 6}};
        for (BorderType border : new BorderType[] {BorderType.REFLECT, BorderType.REPLICATE, BorderType.CIRCULAR}) {
            for (long[] shape : shapes) {
                NDArray x = rand(DataType.FLOAT32, shape);
                for (int[] p : new int[][] {{1, 2, 3, 4}, {4, 0, 0, 5}, {0, 0, 0, 0}}) {
                    NDArray expected = PaddingReference.pad2d(x, p[0], p[1], p[2], p[3], border);
                    assertClose(expected, Padding.pad2d(x, p[0], p[1], p[2], p[3], border, 0), 0);
                }
            }
        }
    }

    @Test
    void gradientMatchesTheReferencesGradient() {
        // The backward of ATen's pads (scatter-add of the mirrored positions) equals the index-select's.
        for (BorderType border : new BorderType[] {BorderType.REFLECT, BorderType.REPLICATE, BorderType.CIRCULAR}) {
            NDArray x = rand(DataType.FLOAT64, 1, 2, 4, 5);
            NDArray weights = rand(DataType.FLOAT64, 1, 2, 7, 9);
            assertClose(inputGradient(t -> PaddingReference.pad2d(t, 2, 1, 3, 1, border), x, weights),
                    inputGradient(t -> Padding.pad2d(t, 2, 1, 3, 1, border, 0), x, weights), 1e-12);
        }
    }

    private NDArray inputGradient(java.util.function.UnaryOperator<NDArray> f, NDArray x, NDArray weights) {
        NDArray point = x.duplicate();
        point.setRequiresGradient(true);
        try (ai.djl.training.GradientCollector collector = ai.djl.engine.Engine
                .getEngine(DiffVisionEngine.ENGINE_NAME).newGradientCollector()) {
            collector.backward(f.apply(point).mul(weights).sum());
        }
        return point.getGradient().duplicate();
    }

    @Test
    void leavesTheInputUnmodified() {
        NDArray x = rand(DataType.FLOAT32, 1, 1, 3, 4);
        float[] before = x.toFloatArray();
        Padding.pad2d(x, 1, 1, 1, 1, BorderType.REFLECT, 0);
        assertArrayEquals(before, x.toFloatArray());
    }

    @Test
    void gradientFlowsForEveryMode() {
        for (BorderType border : BorderType.values()) {
            NDArray x = rand(DataType.FLOAT64, 1, 2, 3, 4);
            GradientCheck.check(t -> Padding.pad2d(t, 1, 2, 2, 1, border, 0.5), x, GradientCheck.Options.defaults())
                    .assertPassed("pad " + border.kornia());
        }
    }

    @Test
    void rejectsReflectPadAsLargeAsTheAxis() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Padding.pad2d(row(), 0, 0, 4, 0, BorderType.REFLECT, 0));
        assertTrue(e.getMessage().startsWith("pad: expected reflect padding of at most 3"), e.getMessage());
    }

    @Test
    void rejectsNegativePad() {
        assertThrows(IllegalArgumentException.class, () -> Padding.pad2d(row(), -1, 0, 0, 0, BorderType.REPLICATE, 0));
    }
}
