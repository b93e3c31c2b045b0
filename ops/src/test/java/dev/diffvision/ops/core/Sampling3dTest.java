package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Sampling.gridSample3d (torch's grid_sample on 5-D input) against closed forms: the corner-aligned identity grid
 * returns the volume (float64, 1e-12), a grid shifted by whole voxels along each axis returns the shifted volume
 * with zeros (or the border voxel) outside, and trilinear interpolation at the centre of 8 voxels is their mean
 * (1e-12). Plus float64 finite-difference gradients in volume and grid, and bad input.
 */
class Sampling3dTest extends OpTestBase {

    private static final int D = 3;
    private static final int H = 4;
    private static final int W = 5;

    /** (1, D, H, W, 3) grid of the voxel positions shifted by (sx, sy, sz) voxels, corner-aligned normalisation. */
    private NDArray shiftedGrid(double sx, double sy, double sz) {
        double[] g = new double[D * H * W * 3];
        for (int z = 0; z < D; z++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int k = ((z * H + y) * W + x) * 3;
                    g[k] = 2.0 * (x + sx) / (W - 1) - 1;
                    g[k + 1] = 2.0 * (y + sy) / (H - 1) - 1;
                    g[k + 2] = 2.0 * (z + sz) / (D - 1) - 1;
                }
            }
        }
        return manager.create(g, new Shape(1, D, H, W, 3));
    }

    @Test
    void identityGridReturnsTheVolume() {
        NDArray volume = rand(DataType.FLOAT64, 1, 2, D, H, W);
        for (Interpolation mode : new Interpolation[] {Interpolation.BILINEAR, Interpolation.NEAREST}) {
            NDArray out = Sampling.gridSample3d(volume, shiftedGrid(0, 0, 0), mode, GridPadding.ZEROS, true);
            assertEquals(new Shape(1, 2, D, H, W), out.getShape());
            assertClose(volume, out, 1e-12);
        }
    }

    @Test
    void wholeVoxelShiftsMoveEachAxis() {
        NDArray volume = rand(DataType.FLOAT64, 1, 1, D, H, W);
        double[] v = volume.toDoubleArray();
        int[][] shifts = {{1, 0, 0}, {0, -1, 0}, {0, 0, 1}, {2, 1, -1}};
        for (int[] s : shifts) {
            for (GridPadding padding : new GridPadding[] {GridPadding.ZEROS, GridPadding.BORDER}) {
                double[] expected = new double[v.length];
                for (int z = 0; z < D; z++) {
                    for (int y = 0; y < H; y++) {
                        for (int x = 0; x < W; x++) {
                            int zs = z + s[2];
                            int ys = y + s[1];
                            int xs = x + s[0];
                            boolean inside = zs >= 0 && zs < D && ys >= 0 && ys < H && xs >= 0 && xs < W;
                            int zc = Math.min(Math.max(zs, 0), D - 1);
                            int yc = Math.min(Math.max(ys, 0), H - 1);
                            int xc = Math.min(Math.max(xs, 0), W - 1);
                            expected[(z * H + y) * W + x] = inside || padding == GridPadding.BORDER
                                    ? v[(zc * H + yc) * W + xc] : 0;
                        }
                    }
                }
                NDArray out = Sampling.gridSample3d(volume, shiftedGrid(s[0], s[1], s[2]), Interpolation.BILINEAR,
                        padding, true);
                assertArrayEquals(expected, out.toDoubleArray(), 1e-12,
                        java.util.Arrays.toString(s) + " " + padding.kornia());
            }
        }
    }

    @Test
    void trilinearAtACellCentreIsTheMeanOfItsEightVoxels() {
        NDArray volume = rand(DataType.FLOAT64, 1, 1, 2, 2, 2);
        NDArray centre = manager.zeros(new Shape(1, 1, 1, 1, 3), DataType.FLOAT64);
        for (boolean align : new boolean[] {true, false}) {
            NDArray out = Sampling.gridSample3d(volume, centre, Interpolation.BILINEAR, GridPadding.ZEROS, align);
            assertEquals(volume.mean().getDouble(), out.getDouble(0, 0, 0, 0, 0), 1e-12);
        }
    }

    @Test
    void float32GridIsCastToTheVolumesDtype() {
        NDArray volume = rand(DataType.FLOAT32, 1, 1, D, H, W);
        NDArray out = Sampling.gridSample3d(volume, shiftedGrid(0, 0, 0), Interpolation.BILINEAR, GridPadding.ZEROS,
                true);
        assertEquals(DataType.FLOAT32, out.getDataType());
        assertClose(volume, out, 1e-6);
    }

    @Test
    void gradientsInFloat64() {
        NDArray volume = rand(DataType.FLOAT64, 1, 2, 2, 3, 3);
        NDArray grid = rand(DataType.FLOAT64, 1, 2, 2, 3, 3).mul(2.4).sub(1.2);
        for (GridPadding padding : GridPadding.values()) {
            for (boolean align : new boolean[] {true, false}) {
                String label = padding.kornia() + "/align=" + align;
                GradientCheck.check(x -> Sampling.gridSample3d(x, grid, Interpolation.BILINEAR, padding, align),
                        volume, GradientCheck.Options.defaults()).assertPassed("grid_sample3d input " + label);
                GradientCheck.check(g -> Sampling.gridSample3d(volume, g, Interpolation.BILINEAR, padding, align),
                        grid, GradientCheck.Options.defaults()).assertPassed("grid_sample3d grid " + label);
            }
        }
    }

    @Test
    void rejectsBadInput() {
        NDArray volume = rand(DataType.FLOAT32, 1, 1, D, H, W);
        NDArray grid = shiftedGrid(0, 0, 0).toType(DataType.FLOAT32, false);
        assertMessage("grid_sample: expected mode bilinear or nearest for 5-D input, got bicubic",
                () -> Sampling.gridSample3d(volume, grid, Interpolation.BICUBIC, GridPadding.ZEROS, true));
        assertMessage("grid_sample: expected grid of shape (B, Dout, Hout, Wout, 3), got (1, 3, 4, 5, 2)",
                () -> Sampling.gridSample3d(volume, grid.get("..., 0:2"), Interpolation.BILINEAR, GridPadding.ZEROS,
                        true));
        assertMessage("grid_sample: expected input of shape (B, C, D, H, W), got (1, 3, 4, 5)",
                () -> Sampling.gridSample3d(volume.get(0), grid, Interpolation.BILINEAR, GridPadding.ZEROS, true));
        assertMessage("grid_sample: expected grid with the input's batch size 2",
                () -> Sampling.gridSample3d(volume.repeat(0, 2), grid, Interpolation.BILINEAR, GridPadding.ZEROS,
                        true));
    }

    private static void assertMessage(String prefix, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(prefix, e.getMessage().substring(0, Math.min(prefix.length(), e.getMessage().length())));
    }
}
