package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * grid_sample and affine_grid (torch.nn.functional semantics, as Kornia calls them) against a slow host-side
 * reference written from ATen's definition ({@link GridSampleReference}), against OpenCV-remap-style closed forms
 * (identity, integer shifts, flips: with maps at exact pixel positions, OpenCV's fixed-point weights are exact
 * too, so remap's output is the shifted image itself), plus gradients, batching and bad input.
 */
class SamplingTest extends OpTestBase {

    private static final int B = 2;
    private static final int C = 2;
    private static final int H = 5;
    private static final int W = 6;
    private static final int HO = 4;
    private static final int WO = 7;

    /** Random grid in [-1.3, 1.3]: about a fifth of the positions fall outside, exercising every padding. */
    private NDArray randomGrid(DataType dtype, long b, long ho, long wo) {
        return rand(DataType.FLOAT64, b, ho, wo, 2).mul(2.6).sub(1.3).toType(dtype, false);
    }

    @Test
    void matchesTheReferenceForEveryModePaddingAndAlignment() {
        // float64 on both sides: the same formulas, differences at rounding level (tolerance 1e-12).
        NDArray input = rand(DataType.FLOAT64, B, C, H, W);
        NDArray grid = randomGrid(DataType.FLOAT64, B, HO, WO);
        double[] in = input.toDoubleArray();
        double[] g = grid.toDoubleArray();
        for (Interpolation mode : Interpolation.values()) {
            for (GridPadding padding : GridPadding.values()) {
                for (boolean align : new boolean[] {true, false}) {
                    double[] expected = GridSampleReference.sample(in, B, C, H, W, g, HO, WO, mode, padding, align);
                    NDArray out = Sampling.gridSample(input, grid, mode, padding, align);
                    assertEquals(new Shape(B, C, HO, WO), out.getShape());
                    assertArrayEquals(expected, out.toDoubleArray(), 1e-12,
                            mode.kornia() + "/" + padding.kornia() + "/align=" + align);
                }
            }
        }
    }

    @Test
    void float32MatchesTheReferenceToFloatPrecision() {
        // float32 grid positions carry ~1e-7 relative error; bilinear output (inputs in [0, 1]) within 1e-5.
        NDArray input = rand(DataType.FLOAT32, B, C, H, W);
        NDArray grid = randomGrid(DataType.FLOAT32, B, HO, WO);
        double[] expected = GridSampleReference.sample(input.toType(DataType.FLOAT64, false).toDoubleArray(), B, C,
                H, W, grid.toType(DataType.FLOAT64, false).toDoubleArray(), HO, WO, Interpolation.BILINEAR,
                GridPadding.REFLECTION, false);
        NDArray out = Sampling.gridSample(input, grid, Interpolation.BILINEAR, GridPadding.REFLECTION, false);
        assertEquals(DataType.FLOAT32, out.getDataType());
        assertArrayEquals(expected, out.toType(DataType.FLOAT64, false).toDoubleArray(), 1e-5);
    }

    @Test
    void identityAffineGridReproducesTheInput() {
        // affine_grid of the identity hits every pixel centre for both conventions: exact up to float rounding.
        NDArray input = rand(DataType.FLOAT32, B, C, H, W);
        NDArray identity = manager.create(new float[] {1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0}, new Shape(B, 2, 3));
        for (boolean align : new boolean[] {true, false}) {
            NDArray grid = Sampling.affineGrid(identity, input.getShape(), align);
            assertEquals(new Shape(B, H, W, 2), grid.getShape());
            for (Interpolation mode : Interpolation.values()) {
                assertClose(input, Sampling.gridSample(input, grid, mode, GridPadding.ZEROS, align), 1e-5);
            }
        }
    }

    @Test
    void affineGridMatchesItsClosedForm() {
        // theta maps output (x, y, 1) to input; align_corners=false puts pixel j at x = (2j + 1) / W - 1.
        NDArray theta = manager.create(new double[] {0.5, 0.25, 0.1, -0.2, 2, -0.3}, new Shape(1, 2, 3));
        double[] grid = Sampling.affineGrid(theta, new Shape(1, 3, H, W), false).toDoubleArray();
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < W; j++) {
                double x = (2.0 * j + 1) / W - 1;
                double y = (2.0 * i + 1) / H - 1;
                assertEquals(0.5 * x + 0.25 * y + 0.1, grid[(i * W + j) * 2], 1e-12);
                assertEquals(-0.2 * x + 2 * y - 0.3, grid[(i * W + j) * 2 + 1], 1e-12);
            }
        }
    }

    /** The align_corners=true grid that reads pixel (row(i), col(j)) for output (i, j) — OpenCV remap's maps. */
    private NDArray pixelGrid(int h, int w, java.util.function.IntUnaryOperator row,
                              java.util.function.IntUnaryOperator col) {
        double[] g = new double[h * w * 2];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                g[(i * w + j) * 2] = 2.0 * col.applyAsInt(j) / (w - 1) - 1;
                g[(i * w + j) * 2 + 1] = 2.0 * row.applyAsInt(i) / (h - 1) - 1;
            }
        }
        return manager.create(g, new Shape(1, h, w, 2));
    }

    @Test
    void integerShiftMovesPixelsAndPadsPerMode() {
        // remap(map_x = j + 2): out[:, j] = in[:, j + 2]; the last two columns read outside the image:
        // zeros -> 0, border -> the last column, reflection (align_corners=true, about the edge centre) -> W-2, W-3.
        NDArray input = rand(DataType.FLOAT64, 1, 1, H, W);
        double[] in = input.toDoubleArray();
        NDArray grid = pixelGrid(H, W, i -> i, j -> j + 2);
        for (Interpolation mode : Interpolation.values()) {
            double[] zeros = Sampling.gridSample(input, grid, mode, GridPadding.ZEROS, true).toDoubleArray();
            double[] border = Sampling.gridSample(input, grid, mode, GridPadding.BORDER, true).toDoubleArray();
            double[] mirror = Sampling.gridSample(input, grid, mode, GridPadding.REFLECTION, true).toDoubleArray();
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < W; j++) {
                    int src = j + 2;
                    int reflected = src < W ? src : 2 * (W - 1) - src;
                    String at = mode.kornia() + " (" + i + ", " + j + ")";
                    assertEquals(src < W ? in[i * W + src] : 0, zeros[i * W + j], 1e-12, at);
                    assertEquals(in[i * W + Math.min(src, W - 1)], border[i * W + j], 1e-12, at);
                    assertEquals(in[i * W + reflected], mirror[i * W + j], 1e-12, at);
                }
            }
        }
    }

    @Test
    void mirroredGridsFlipTheImage() {
        // remap with map_x = W-1-j is cv2.flip(img, 1); map_y = H-1-i is cv2.flip(img, 0).
        NDArray input = rand(DataType.FLOAT32, 1, C, H, W);
        NDArray hGrid = pixelGrid(H, W, i -> i, j -> W - 1 - j).toType(DataType.FLOAT32, false);
        NDArray vGrid = pixelGrid(H, W, i -> H - 1 - i, j -> j).toType(DataType.FLOAT32, false);
        NDArray hflip = Sampling.gridSample(input, hGrid, Interpolation.BILINEAR, GridPadding.ZEROS, true);
        NDArray vflip = Sampling.gridSample(input, vGrid, Interpolation.NEAREST, GridPadding.ZEROS, true);
        assertClose(input.flip(3), hflip, 1e-6);
        assertClose(input.flip(2), vflip, 0);
    }

    @Test
    void halfPixelShiftAveragesNeighbours() {
        // bilinear at x = j + 0.5 is the mean of columns j and j + 1 (closed form of the interpolation).
        NDArray input = rand(DataType.FLOAT64, 1, 1, 2, 4);
        double[] in = input.toDoubleArray();
        double[] g = new double[2 * 3 * 2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                g[(i * 3 + j) * 2] = 2 * (j + 0.5) / 3 - 1;
                g[(i * 3 + j) * 2 + 1] = 2.0 * i - 1;
            }
        }
        double[] out = Sampling.gridSample(input, manager.create(g, new Shape(1, 2, 3, 2)), Interpolation.BILINEAR,
                GridPadding.ZEROS, true).toDoubleArray();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals((in[i * 4 + j] + in[i * 4 + j + 1]) / 2, out[i * 3 + j], 1e-12);
            }
        }
    }

    @Test
    void gradientsFlowToTheInputForEveryMode() {
        NDArray grid = randomGrid(DataType.FLOAT64, 1, 3, 4);
        for (Interpolation mode : Interpolation.values()) {
            for (GridPadding padding : GridPadding.values()) {
                GradientCheck.check(x -> Sampling.gridSample(x, grid, mode, padding, false),
                        rand(DataType.FLOAT64, 1, 2, 4, 5), GradientCheck.Options.defaults())
                        .assertPassed("grid_sample input " + mode.kornia() + "/" + padding.kornia());
            }
        }
    }

    @Test
    void gradientsFlowToTheGrid() {
        // Bilinear and bicubic are smooth in the grid between pixel positions; the random grid avoids the kinks
        // (integer positions, the clip at the border) with probability 1.
        NDArray input = rand(DataType.FLOAT64, 1, 2, 4, 5);
        for (Interpolation mode : new Interpolation[] {Interpolation.BILINEAR, Interpolation.BICUBIC}) {
            for (GridPadding padding : GridPadding.values()) {
                for (boolean align : new boolean[] {true, false}) {
                    GradientCheck.check(g -> Sampling.gridSample(input, g, mode, padding, align),
                            randomGrid(DataType.FLOAT64, 1, 3, 4), GradientCheck.Options.defaults())
                            .assertPassed("grid_sample grid " + mode.kornia() + "/" + padding.kornia() + "/" + align);
                }
            }
        }
    }

    @Test
    void gradientsFlowToTheta() {
        NDArray input = rand(DataType.FLOAT64, 1, 1, 4, 5);
        NDArray theta = manager.create(new double[] {0.9, 0.1, 0.05, -0.1, 1.1, 0.02}, new Shape(1, 2, 3));
        GradientCheck.check(t -> Sampling.gridSample(input, Sampling.affineGrid(t, new Shape(1, 1, 3, 4), true),
                Interpolation.BILINEAR, GridPadding.ZEROS, true), theta, GradientCheck.Options.defaults())
                .assertPassed("affine_grid theta");
    }

    @Test
    void batchEqualsPerImage() {
        NDArray input = rand(DataType.FLOAT32, 3, C, H, W);
        NDArray grid = randomGrid(DataType.FLOAT32, 3, HO, WO);
        NDArray batch = Sampling.gridSample(input, grid, Interpolation.BILINEAR, GridPadding.BORDER, true);
        for (int n = 0; n < 3; n++) {
            NDArray one = Sampling.gridSample(input.get(n).expandDims(0), grid.get(n).expandDims(0),
                    Interpolation.BILINEAR, GridPadding.BORDER, true);
            assertClose(one.squeeze(0), batch.get(n), 0);
        }
    }

    @Test
    void castsTheGridToTheInputsDtypeAndLeavesArgumentsUnmodified() {
        NDArray input = rand(DataType.FLOAT32, 1, 1, H, W);
        NDArray grid = randomGrid(DataType.FLOAT64, 1, HO, WO);
        double[] before = grid.toDoubleArray();
        NDArray out = Sampling.gridSample(input, grid, Interpolation.BILINEAR, GridPadding.ZEROS, false);
        assertEquals(DataType.FLOAT32, out.getDataType());
        assertEquals(DataType.FLOAT64, grid.getDataType());
        assertArrayEquals(before, grid.toDoubleArray(), 0);
    }

    @Test
    void rejectsBadInputNamingTheOp() {
        NDArray grid = randomGrid(DataType.FLOAT32, 1, HO, WO);
        assertMessage("grid_sample: expected input of shape (B, C, H, W), got (1, 5, 6)", () -> Sampling.gridSample(
                rand(DataType.FLOAT32, 1, H, W), grid, Interpolation.BILINEAR, GridPadding.ZEROS, true));
        assertMessage("grid_sample: expected grid of shape (B, Hout, Wout, 2), got (1, 4, 7, 3)",
                () -> Sampling.gridSample(rand(DataType.FLOAT32, 1, 1, H, W), rand(DataType.FLOAT32, 1, HO, WO, 3),
                        Interpolation.BILINEAR, GridPadding.ZEROS, true));
        assertMessage("grid_sample: expected grid with the input's batch size 2, got (1, 4, 7, 2)",
                () -> Sampling.gridSample(rand(DataType.FLOAT32, 2, 1, H, W), grid, Interpolation.BILINEAR,
                        GridPadding.ZEROS, true));
        assertMessage("grid_sample: expected input of dtype float32 or float64, got int32",
                () -> Sampling.gridSample(manager.zeros(new Shape(1, 1, H, W), DataType.INT32), grid,
                        Interpolation.BILINEAR, GridPadding.ZEROS, true));
        assertMessage("affine_grid: expected theta of shape (B, 2, 3), got (1, 3, 3)",
                () -> Sampling.affineGrid(manager.eye(3).expandDims(0), new Shape(1, 1, H, W), true));
        assertMessage("affine_grid: expected size (B, C, H, W) with B = 1", () -> Sampling.affineGrid(
                manager.zeros(new Shape(1, 2, 3)), new Shape(1, 1, 0, W), true));
        assertMessage("grid_sample: expected mode one of bilinear, nearest, bicubic, got 'area'",
                () -> Interpolation.parse("area", "grid_sample"));
        assertMessage("grid_sample: expected padding_mode one of zeros, border, reflection, got 'fill'",
                () -> GridPadding.parse("fill", "grid_sample"));
    }

    @Test
    void aNanPositionSamplesNanWithZerosAndIsRejectedWhereAtenWouldClipIt() {
        NDArray input = rand(DataType.FLOAT32, 1, 2, H, W);
        NDArray grid = randomGrid(DataType.FLOAT32, 1, HO, WO);
        grid.set(new NDIndex("0, 1, 2, 0"), Float.NaN);
        float[] out = Sampling.gridSample(input, grid, Interpolation.BILINEAR, GridPadding.ZEROS, true)
                .toFloatArray();
        int nan = 0;
        for (int i = 0; i < out.length; i++) {
            nan += Float.isNaN(out[i]) ? 1 : 0;
        }
        assertEquals(2, nan, "the NaN position's pixel in each channel, and no other");
        assertTrue(Float.isNaN(out[WO + 2]) && Float.isNaN(out[HO * WO + WO + 2]));
        for (GridPadding padding : new GridPadding[] {GridPadding.BORDER, GridPadding.REFLECTION}) {
            assertMessage("grid_sample: expected finite values in grid, got NaN in (1, 4, 7, 2)",
                    () -> Sampling.gridSample(input, grid, Interpolation.BILINEAR, padding, true));
        }
    }

    private static void assertMessage(String prefix, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
