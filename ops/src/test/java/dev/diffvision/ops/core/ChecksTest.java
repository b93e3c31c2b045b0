package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The message format every op's bad-input error follows. */
class ChecksTest extends OpTestBase {

    @Test
    void wrongRankNamesOpExpectationAndShape() {
        NDArray x = manager.zeros(new Shape(3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checks.image(x, "sobel", "input"));
        assertEquals("sobel: expected input of shape (B, C, H, W) or (C, H, W), got (3, 4)", e.getMessage());
    }

    @Test
    void integerDtypeIsRejected() {
        NDArray x = manager.zeros(new Shape(1, 1, 2, 2), DataType.INT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checks.image(x, "sobel", "input"));
        assertEquals("sobel: expected input of dtype float32 or float64, got int32", e.getMessage());
    }

    @Test
    void emptyImageIsRejected() {
        NDArray x = manager.zeros(new Shape(1, 0, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Checks.image(x, "sobel", "input"));
    }

    @Test
    void channelCountIsChecked() {
        NDArray x = manager.zeros(new Shape(2, 4, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checks.imageWithChannels(x, 3, "rgb_to_grayscale", "image"));
        assertEquals("rgb_to_grayscale: expected image with 3 channels (dimension -3), got shape (2, 4, 4)",
                e.getMessage());
        assertDoesNotThrow(() -> Checks.imageWithChannels(manager.zeros(new Shape(5, 3, 4, 4)), 3, "op", "image"));
    }

    @Test
    void namedShapeChecksFixedSizes() {
        NDArray points = manager.zeros(new Shape(2, 5, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checks.shape(points, "transform_points", "points", "B", "N", "2"));
        assertEquals("transform_points: expected points of shape (B, N, 2), got (2, 5, 3)", e.getMessage());
    }

    @Test
    void finiteNamesTheFirstNonFiniteValueInEitherFloatType() {
        NDArray nan = manager.create(new float[] {1, 2, Float.NaN, Float.POSITIVE_INFINITY}, new Shape(1, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checks.finite(nan, "find_homography_dlt", "points1"));
        assertEquals("find_homography_dlt: expected finite values in points1, got NaN in (1, 2, 2)", e.getMessage());
        NDArray infinite = manager.create(new double[] {0, Double.NEGATIVE_INFINITY, 3}, new Shape(3));
        e = assertThrows(IllegalArgumentException.class, () -> Checks.finite(infinite, "inverse", "A"));
        assertEquals("inverse: expected finite values in A, got -Infinity in (3)", e.getMessage());
        // the largest finite values are finite; integer tensors have nothing to check
        assertDoesNotThrow(() -> Checks.finite(manager.create(new float[] {Float.MAX_VALUE, -Float.MAX_VALUE}),
                "op", "x"));
        assertDoesNotThrow(() -> Checks.finite(manager.create(new double[] {Double.MIN_VALUE, 0}), "op", "x"));
        assertDoesNotThrow(() -> Checks.finite(manager.zeros(new Shape(4), DataType.INT32), "op", "x"));
    }

    @Test
    void finiteReducesLargeTensorsOnTheirDeviceAndStillNamesTheBadValue() {
        // 10,000 values: above the host-read limit, so the device sum decides
        NDArray large = manager.randomUniform(-1e30f, 1e30f, new Shape(100, 50, 2));
        assertDoesNotThrow(() -> Checks.finite(large, "find_homography_dlt", "points1"));
        // finite values whose float32 sum overflows to infinity: the exact host check lets them through
        assertDoesNotThrow(() -> Checks.finite(manager.full(new Shape(100, 50, 2), 3e38f), "op", "x"));
        for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY}) {
            NDArray poisoned = large.duplicate();
            poisoned.set(new NDIndex("73, 41, 1"), bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Checks.finite(poisoned, "find_homography_dlt", "points1"));
            assertEquals("find_homography_dlt: expected finite values in points1, got " + bad + " in (100, 50, 2)",
                    e.getMessage());
        }
    }

    @Test
    void finiteReadsNonContiguousViews() {
        // a transposed view: the NaN sits at (0, 1) of the view, (1, 0) of the storage
        NDArray m = manager.create(new float[] {1, 2, Float.NaN, 4}, new Shape(2, 2)).transpose();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checks.finite(m, "op", "M"));
        assertEquals("op: expected finite values in M, got NaN in (2, 2)", e.getMessage());
        assertDoesNotThrow(() -> Checks.finite(manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2))
                .transpose(), "op", "M"));
    }
}
