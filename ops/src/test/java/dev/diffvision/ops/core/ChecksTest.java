package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
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
}
