package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code pyrdown}'s exact fast path ({@link Pyramid#halve}: factor 2, even sides, align_corners false) against its
 * general path, Kornia's formulation ({@link Pyramid#blurThenResample}: 5x5 binomial blur at full resolution with
 * the given border, then bilinear to half size; itself checked against Kornia vectors and OpenCV in ResizeTest and
 * the conformance runner). Convention: Kornia's, border = the blur's border for every {@link BorderType}. Tolerance
 * 1e-12 in float64 (the two differ only in summation order), 1e-6 in float32; float64 finite-difference
 * gradients; batch == per image.
 */
class PyrdownHalvingTest extends OpTestBase {

    /** Even sizes from the fast path's smallest, 4 (where every border, reflect included, can pad 2). */
    private static final int[][] SIZES = {{4, 4}, {4, 6}, {6, 8}, {10, 4}, {32, 48}};

    @Test
    void fastPathEqualsKorniasFormulationForEveryBorderAndSize() {
        for (BorderType border : BorderType.values()) {
            for (int[] hw : SIZES) {
                NDArray x = rand(DataType.FLOAT64, 3, 2, hw[0], hw[1]);
                NDArray expected = Pyramid.blurThenResample(x, border, false, hw[0] / 2, hw[1] / 2);
                assertEquals(new Shape(3, 2, hw[0] / 2, hw[1] / 2), expected.getShape());
                String what = border + " " + hw[0] + "x" + hw[1];
                assertClose(expected, Pyramid.halve(x, border), 1e-12);
                // the public op on a batch and on one (C, H, W) image takes the fast path and agrees
                assertClose(expected, Pyramid.pyrdown(x, border, false, 2.0), 1e-12);
                assertClose(expected.get(1), Pyramid.pyrdown(x.get(1), border, false, 2.0), 1e-12);
                for (int b = 0; b < 3; b++) {
                    assertClose(Pyramid.halve(x.get(b + ":" + (b + 1)), border), Pyramid.halve(x, border)
                            .get(b + ":" + (b + 1)), 1e-12);
                }
                assertEquals(DataType.FLOAT64, Pyramid.halve(x, border).getDataType(), what);
            }
        }
    }

    @Test
    void chunksOfPlanesCoverTheWholeBatch() {
        // 256 x 256 float64: 3 padded planes per 2 MiB chunk, so 10 planes run as 3 + 3 + 3 + 1
        NDArray x = rand(DataType.FLOAT64, 2, 5, 256, 256);
        assertClose(Pyramid.blurThenResample(x, BorderType.REFLECT, false, 128, 128), Pyramid.halve(x,
                BorderType.REFLECT), 1e-12);
        // float32, 8 planes per chunk, 12 planes as 8 + 4; values in [0, 1], taps summing to 1: rounding near 1e-7
        NDArray f = rand(DataType.FLOAT32, 4, 3, 256, 256);
        NDArray half = Pyramid.pyrdown(f, BorderType.CIRCULAR, false, 2.0);
        assertEquals(DataType.FLOAT32, half.getDataType());
        assertClose(Pyramid.blurThenResample(f, BorderType.CIRCULAR, false, 128, 128), half, 1e-6);
    }

    @Test
    void otherCasesKeepTheGeneralPath() {
        NDArray x = rand(DataType.FLOAT64, 2, 1, 9, 12);
        // odd height, align_corners true, factor 3, a side of 2: Kornia's formulation exactly
        assertClose(Pyramid.blurThenResample(x, BorderType.REFLECT, false, 4, 6),
                Pyramid.pyrdown(x, BorderType.REFLECT, false, 2.0), 0);
        NDArray even = rand(DataType.FLOAT64, 2, 1, 8, 12);
        assertClose(Pyramid.blurThenResample(even, BorderType.REFLECT, true, 4, 6),
                Pyramid.pyrdown(even, BorderType.REFLECT, true, 2.0), 0);
        assertClose(Pyramid.blurThenResample(even, BorderType.REFLECT, false, 2, 4),
                Pyramid.pyrdown(even, BorderType.REFLECT, false, 3.0), 0);
        // the smallest image the op accepts, 2 x 2 (every border but reflect)
        for (BorderType border : new BorderType[] {BorderType.CONSTANT, BorderType.REPLICATE, BorderType.CIRCULAR}) {
            NDArray tiny = rand(DataType.FLOAT64, 2, 1, 2, 2);
            assertClose(Pyramid.blurThenResample(tiny, border, false, 1, 1), Pyramid.pyrdown(tiny, border, false, 2.0),
                    0);
        }
    }

    @Test
    void fastPathGradientsMatchFiniteDifferences() {
        for (BorderType border : BorderType.values()) {
            NDArray x = rand(DataType.FLOAT64, 2, 1, 6, 8);
            GradientCheck.check(y -> Pyramid.pyrdown(y, border, false, 2.0), x, GradientCheck.Options.defaults())
                    .assertPassed("pyrdown fast path " + border);
        }
    }

    @Test
    void tooSmallForTheReflectBorderIsRejectedAlikeByBothPaths() {
        NDArray x = rand(DataType.FLOAT32, 1, 1, 2, 6);
        String expected = "pyrdown: expected reflect padding of at most 1 on H of size 2, got 2 and 2";
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> Pyramid.pyrdown(x, BorderType.REFLECT, false, 2.0)).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> Pyramid.blurThenResample(x, BorderType.REFLECT, false, 1, 3)).getMessage());
    }
}
