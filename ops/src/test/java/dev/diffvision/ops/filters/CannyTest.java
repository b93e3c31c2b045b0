package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.color.Gray;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * canny against Kornia's vector and closed forms. OpenCV's and scikit-image's Canny differ from Kornia's in the
 * gradient scale, strictness of thresholds and direction quantisation, so instead of their outputs the tests
 * use images whose answer is known exactly: a step edge through a column of half-intensity pixels has its
 * unique gradient maximum on that column, so the edge map is exactly that column (and its transpose for a
 * horizontal step).
 */
class CannyTest extends OpTestBase {

    @Test
    void korniaVector() {
        References.assertKorniaCasePasses("canny__edges");
    }

    @Test
    void stepEdgesGiveExactlyTheStepLine() {
        int n = 12;
        int column = 5;
        double[] v = new double[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                v[y * n + x] = x < column ? 0 : x == column ? 0.5 : 1;
            }
        }
        NDArray vertical = manager.create(v, new Shape(1, 1, n, n));
        double[] line = new double[n * n];
        for (int y = 0; y < n; y++) {
            line[y * n + column] = 1;
        }
        NDArray expected = manager.create(line, new Shape(1, 1, n, n));
        assertClose(expected, Canny.canny(vertical).get(1), 0);
        NDArray horizontal = vertical.transpose(0, 1, 3, 2);
        assertClose(expected.transpose(0, 1, 3, 2), Canny.canny(horizontal).get(1), 0);
        // RGB input goes through BT.601 gray first: same edges as its gray version
        NDArray rgb = vertical.repeat(1, 3).mul(manager.create(new double[] {0.9, 0.5, 0.2}).reshape(1, 3, 1, 1));
        assertClose(Canny.canny(Gray.rgbToGrayscale(rgb)).get(1), Canny.canny(rgb).get(1), 0);
    }

    @Test
    void thresholdsWithoutHysteresisAndMagnitude() {
        NDArray x = rand(DataType.FLOAT64, 2, 1, 9, 10);
        NDList out = Canny.canny(x, 0.3, 0.6, new int[] {3, 3}, new double[] {1, 1}, false, 1e-6);
        NDArray magnitude = out.get(0);
        NDArray edges = out.get(1);
        // edges = 0.5 * (m > low) + 0.5 * (m > high) of the suppressed magnitude
        NDArray expected = magnitude.gt(0.3).toType(DataType.FLOAT64, false).mul(0.5)
                .add(magnitude.gt(0.6).toType(DataType.FLOAT64, false).mul(0.5));
        assertClose(expected, edges, 0);
        NDArray hyst = Canny.canny(x, 0.3, 0.6, new int[] {3, 3}, new double[] {1, 1}, true, 1e-6).get(1);
        // hysteresis keeps every strong pixel, drops or promotes weak ones, never invents edges
        assertEquals(0, hyst.lt(edges.eq(1).toType(DataType.FLOAT64, false)).sum().getLong());
        assertEquals(0, hyst.gt(edges.gt(0).toType(DataType.FLOAT64, false)).sum().getLong());
        // the magnitude is differentiable (where the suppression mask is locally constant)
        GradientCheck.check(t -> Canny.canny(t).get(0), x.get("0:1"), GradientCheck.Options.defaults())
                .assertPassed("canny magnitude");
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Canny.canny(manager.zeros(new Shape(1, 2, 5, 5))));
        assertEquals("canny: expected input with 1 or 3 channels (dimension -3), got shape (1, 2, 5, 5)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Canny.canny(manager.zeros(new Shape(1, 1, 5, 5)),
                0.5, 0.2, new int[] {5, 5}, new double[] {1, 1}, true, 1e-6));
        assertEquals("canny: expected 0 < low_threshold <= high_threshold < 1, got 0.5 and 0.2", e.getMessage());
    }
}
