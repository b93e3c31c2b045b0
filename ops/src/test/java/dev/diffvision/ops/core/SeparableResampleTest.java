package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bilinear and area {@link Sampling#interpolate} on the CPU, two separable passes over tap tables on chunks of
 * planes ({@link ResampleTaps}, {@code resample_separable.py}), against ATen's own {@code upsample_bilinear2d} and
 * {@code adaptive_avg_pool2d} (the kernels behind torch's F.interpolate, which Kornia's resize calls) through
 * {@link Aten#interpolate}: down, up and mixed scales, one-pixel sides, both align_corners settings for bilinear.
 * Tolerance 1e-12 in float64 and 1e-6 in float32 on values in [0, 1] (same indices and weights; only the order of
 * the float operations differs). Also: the tables against closed forms, chunk boundaries, the gradient path
 * (concatenated chunks) against the no-gradient path (chunks written into the output), float64
 * finite-difference gradients and batch == per image.
 */
class SeparableResampleTest extends OpTestBase {

    /** {in H, in W, out h, out w}. */
    private static final int[][] SIZES = {
        {17, 23, 7, 9}, {5, 6, 13, 11}, {9, 30, 20, 7}, {8, 8, 8, 8}, {6, 7, 1, 1}, {1, 9, 4, 3}, {12, 10, 1, 25},
        {7, 5, 3, 2}, {512, 512, 224, 224}};

    private NDArray aten(NDArray x, int h, int w, Sampling.Resize mode, boolean align) {
        return Aten.interpolate(x, mode.ordinal(), h, w, align);
    }

    @Test
    void tablesFollowTorchsIndexArithmetic() {
        // bilinear 4 -> 2, half-pixel centres: src = 0.5, 2.5
        ResampleTaps linear = ResampleTaps.linear(4, 2, false, true);
        assertArrayEquals(new long[] {0, 2, 1, 3}, linear.index());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, linear.weight(), 0);
        // align_corners 3 -> 5: src = 0, 0.5, 1, 1.5, 2; the last position reads row 2 twice
        ResampleTaps aligned = ResampleTaps.linear(3, 5, true, false);
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 1, 1, 2, 2, 2}, aligned.index());
        assertArrayEquals(new double[] {1, 0.5, 1, 0.5, 1, 0, 0.5, 0, 0.5, 0}, aligned.weight(), 0);
        // area 5 -> 3: windows [0, 2), [1, 4), [3, 5); the short windows' third tap weighs 0
        ResampleTaps area = ResampleTaps.area(5, 3);
        assertEquals(3, area.taps());
        assertArrayEquals(new long[] {0, 1, 3, 1, 2, 4, 0, 3, 3}, area.index());
        assertArrayEquals(new double[] {0.5, 1 / 3.0, 0.5, 0.5, 1 / 3.0, 0.5, 0, 1 / 3.0, 0}, area.weight(), 0);
    }

    @Test
    void equalsAtensKernelsAtEveryScaleAndAlignment() {
        for (int[] size : SIZES) {
            long batch = size[0] == 512 ? 1 : 2;
            NDArray x = rand(DataType.FLOAT64, batch, 3, size[0], size[1]);
            NDArray f = x.toType(DataType.FLOAT32, false);
            for (Sampling.Resize mode : new Sampling.Resize[] {Sampling.Resize.BILINEAR, Sampling.Resize.AREA}) {
                for (boolean align : new boolean[] {false, true}) {
                    NDArray out = Sampling.interpolate(x, size[2], size[3], mode, align);
                    assertEquals(new Shape(batch, 3, size[2], size[3]), out.getShape());
                    assertEquals(DataType.FLOAT64, out.getDataType());
                    boolean used = align && mode == Sampling.Resize.BILINEAR;
                    assertClose(aten(x, size[2], size[3], mode, used), out, 1e-12);
                    NDArray outF = Sampling.interpolate(f, size[2], size[3], mode, align);
                    assertEquals(DataType.FLOAT32, outF.getDataType());
                    assertClose(aten(f, size[2], size[3], mode, used), outF, 1e-6);
                }
            }
        }
    }

    @Test
    void sameSizeIsTheIdentityExactly() {
        NDArray x = rand(DataType.FLOAT32, 2, 3, 11, 13);
        assertClose(x, Sampling.interpolate(x, 11, 13, Sampling.Resize.BILINEAR, false), 0);
        assertClose(x, Sampling.interpolate(x, 11, 13, Sampling.Resize.BILINEAR, true), 0);
        assertClose(x, Sampling.interpolate(x, 11, 13, Sampling.Resize.AREA, false), 0);
    }

    @Test
    void chunksOfPlanesCoverTheWholeBatch() {
        // 256 x 256 -> 100 x 90 bilinear in float64: (3 * 100 * 256 + 3 * 100 * 90) * 8 bytes per plane, 5 planes
        // per 4 MiB chunk, so 10 planes run as 5 + 5 and 15 float32 planes (10 per chunk) as 10 + 5
        NDArray x = rand(DataType.FLOAT64, 2, 5, 256, 256);
        assertClose(aten(x, 100, 90, Sampling.Resize.BILINEAR, false),
                Sampling.interpolate(x, 100, 90, Sampling.Resize.BILINEAR, false), 1e-12);
        assertClose(aten(x, 100, 90, Sampling.Resize.AREA, false),
                Sampling.interpolate(x, 100, 90, Sampling.Resize.AREA, false), 1e-12);
        NDArray f = rand(DataType.FLOAT32, 5, 3, 256, 256);
        NDArray out = Sampling.interpolate(f, 100, 90, Sampling.Resize.BILINEAR, true);
        assertClose(aten(f, 100, 90, Sampling.Resize.BILINEAR, true), out, 1e-6);
        assertPerItem(out, f, y -> Sampling.interpolate(y, 100, 90, Sampling.Resize.BILINEAR, true), 0);
        NDArray area = Sampling.interpolate(f, 100, 90, Sampling.Resize.AREA, false);
        assertPerItem(area, f, y -> Sampling.interpolate(y, 100, 90, Sampling.Resize.AREA, false), 0);
    }

    @Test
    void integerPixelsResampleLikeTheirScaledFloats() {
        // 8-bit pixels (a real photo crop's range, as decoded) and 16-bit-range int32 values
        NDArray bytes = rand(DataType.FLOAT64, 2, 3, 37, 45).mul(255).floor().toType(DataType.UINT8, false);
        NDArray words = rand(DataType.FLOAT64, 1, 2, 20, 16).mul(65535).floor().toType(DataType.INT32, false);
        for (Sampling.Resize mode : Sampling.Resize.values()) {
            for (boolean align : new boolean[] {false, true}) {
                NDArray expected = Sampling.interpolate(bytes.toType(DataType.FLOAT32, false).div(255f), 16, 50,
                        mode, align);
                NDArray actual = Sampling.interpolateScaled(bytes, 16, 50, mode, align, 1 / 255.0);
                assertEquals(DataType.FLOAT32, actual.getDataType());
                assertClose(expected, actual, 1e-6);
                assertClose(Sampling.interpolate(words.toType(DataType.FLOAT32, false).div(65535f), 31, 9, mode,
                        align), Sampling.interpolateScaled(words, 31, 9, mode, align, 1 / 65535.0), 1e-6);
            }
        }
        NDArray f = rand(DataType.FLOAT32, 1, 1, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sampling.interpolateScaled(f, 2, 2, Sampling.Resize.BILINEAR, false, 1));
        assertTrue(e.getMessage().startsWith("interpolate_scaled: expected integer pixels"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Sampling.interpolateScaled(bytes, 2, 2, Sampling.Resize.AREA, false, Double.NaN));
    }

    @Test
    void theGradientPathGivesTheSameValuesAndFiniteDifferenceGradients() {
        NDArray x = rand(DataType.FLOAT64, 3, 2, 40, 50);
        NDArray tracked = x.duplicate();
        tracked.setRequiresGradient(true);
        for (Sampling.Resize mode : new Sampling.Resize[] {Sampling.Resize.BILINEAR, Sampling.Resize.AREA}) {
            assertClose(Sampling.interpolate(x, 17, 61, mode, false), Sampling.interpolate(tracked, 17, 61, mode,
                    false), 0);
        }
        NDArray small = rand(DataType.FLOAT64, 2, 2, 6, 7);
        for (int[] hw : new int[][] {{3, 5}, {9, 4}, {1, 1}, {4, 3}}) {
            for (boolean align : new boolean[] {false, true}) {
                GradientCheck.check(y -> Sampling.interpolate(y, hw[0], hw[1], Sampling.Resize.BILINEAR, align),
                        small, GradientCheck.Options.defaults()).assertPassed("bilinear " + hw[0] + "x" + hw[1]
                        + " " + align);
            }
            GradientCheck.check(y -> Sampling.interpolate(y, hw[0], hw[1], Sampling.Resize.AREA, false), small,
                    GradientCheck.Options.defaults()).assertPassed("area " + hw[0] + "x" + hw[1]);
        }
    }
}
