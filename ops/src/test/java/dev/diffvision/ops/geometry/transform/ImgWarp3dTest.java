package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.core.Interpolation;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * warp_affine3d and warp_perspective3d against closed forms on a volume whose three sides differ (so a swapped axis
 * shows): the identity, whole-voxel translations (zeros shifted in), and 90-degree rotations about the z axis
 * (in the x-y plane) and about the x axis (in the y-z plane), where every destination voxel centre maps onto a
 * source voxel centre, so bilinear and nearest give the permuted volume exactly (float64: warp_affine3d to 1e-9;
 * warp_perspective3d to 1e-7, as it divides by {@code w + 1e-8}, a relative 1e-8 in the coordinates, values in
 * [0, 1]). A perspective matrix that is affine gives warp_affine3d's result (1e-6) with align_corners true; with
 * false the two differ by design, as in Kornia (affine_grid's voxel-centre base grid against create_meshgrid's
 * corner-aligned one). Batch == per-item; float64 finite-difference gradients in volume and matrix.
 * No Kornia vectors exist for these ops (INDEX.md).
 */
class ImgWarp3dTest extends OpTestBase {

    private static final int D = 3;
    private static final int H = 4;
    private static final int W = 5;
    private static final WarpOptions ALIGNED = WarpOptions.defaults();

    /** (1, 4, 4) from a row-major 3 x 4 affine. */
    private NDArray homography(double[] affine) {
        double[] h = new double[16];
        System.arraycopy(affine, 0, h, 0, 12);
        h[15] = 1;
        return manager.create(h, new Shape(1, 4, 4));
    }

    private NDArray affine(double[] affine) {
        return manager.create(affine, new Shape(1, 3, 4));
    }

    /** Both warps of the same affine map, checked against {@code expected}. */
    private void assertBothWarps(NDArray volume, double[] map, int[] dsize, double[] expected, String label) {
        for (Interpolation mode : new Interpolation[] {Interpolation.BILINEAR, Interpolation.NEAREST}) {
            WarpOptions options = ALIGNED.withMode(mode);
            NDArray a = ImgWarp3d.warpAffine3d(volume, affine(map), dsize, options);
            NDArray p = ImgWarp3d.warpPerspective3d(volume, homography(map), dsize, options);
            assertEquals(new Shape(1, 1, dsize[0], dsize[1], dsize[2]), a.getShape());
            assertArrayEquals(expected, a.toDoubleArray(), 1e-9, "warp_affine3d " + label + " " + mode.kornia());
            assertArrayEquals(expected, p.toDoubleArray(), 1e-7, "warp_perspective3d " + label + " " + mode.kornia());
        }
    }

    /** out[z, y, x] = in[source(z, y, x)] or 0 outside, for the output size {@code dsize}. */
    private static double[] permuted(double[] in, int[] dsize, IntUnaryOperator[] source) {
        double[] out = new double[dsize[0] * dsize[1] * dsize[2]];
        for (int i = 0; i < out.length; i++) {
            int sz = source[0].applyAsInt(i);
            int sy = source[1].applyAsInt(i);
            int sx = source[2].applyAsInt(i);
            boolean inside = sz >= 0 && sz < D && sy >= 0 && sy < H && sx >= 0 && sx < W;
            out[i] = inside ? in[(sz * H + sy) * W + sx] : 0;
        }
        return out;
    }

    @Test
    void identityReturnsTheVolume() {
        NDArray volume = rand(DataType.FLOAT64, 1, 1, D, H, W);
        double[] identity = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
        assertBothWarps(volume, identity, new int[] {D, H, W}, volume.toDoubleArray(), "identity");
    }

    @Test
    void wholeVoxelTranslationShiftsInZeros() {
        NDArray volume = rand(DataType.FLOAT64, 1, 1, D, H, W);
        int[] dsize = {D, H, W};
        // dst = src + (1, -1, 2): out[z, y, x] = in[z - 2, y + 1, x - 1]
        double[] map = {1, 0, 0, 1, 0, 1, 0, -1, 0, 0, 1, 2};
        IntUnaryOperator[] source = {
            i -> i / (H * W) - 2, i -> i / W % H + 1, i -> i % W - 1};
        assertBothWarps(volume, map, dsize, permuted(volume.toDoubleArray(), dsize, source), "translation");
    }

    @Test
    void quarterTurnAboutTheZAxis() {
        NDArray volume = rand(DataType.FLOAT64, 1, 1, D, H, W);
        // x' = (H - 1) - y, y' = x: the output is D x W x H and out[z, y', x'] = in[z, H - 1 - x', y']
        int[] dsize = {D, W, H};
        double[] map = {0, -1, 0, H - 1, 1, 0, 0, 0, 0, 0, 1, 0};
        IntUnaryOperator[] source = {
            i -> i / (W * H), i -> H - 1 - i % H, i -> i / H % W};
        assertBothWarps(volume, map, dsize, permuted(volume.toDoubleArray(), dsize, source), "rotation z");
    }

    @Test
    void quarterTurnAboutTheXAxis() {
        NDArray volume = rand(DataType.FLOAT64, 1, 1, D, H, W);
        // y' = (D - 1) - z, z' = y: the output is H x D x W and out[z', y', x] = in[D - 1 - y', z', x]
        int[] dsize = {H, D, W};
        double[] map = {1, 0, 0, 0, 0, 0, -1, D - 1, 0, 1, 0, 0};
        IntUnaryOperator[] source = {
            i -> D - 1 - i / W % D, i -> i / (D * W), i -> i % W};
        assertBothWarps(volume, map, dsize, permuted(volume.toDoubleArray(), dsize, source), "rotation x");
    }

    @Test
    void affinePerspectiveMatrixMatchesWarpAffine3d() {
        NDArray volume = rand(DataType.FLOAT64, 2, 2, D, H, W);
        double[] map = {0.9, 0.1, -0.05, 0.3, -0.08, 1.1, 0.02, -0.2, 0.04, 0.03, 0.95, 0.1};
        int[] dsize = {2, 5, 4};
        for (Interpolation mode : new Interpolation[] {Interpolation.BILINEAR, Interpolation.NEAREST}) {
            WarpOptions options = ALIGNED.withMode(mode);
            assertClose(ImgWarp3d.warpAffine3d(volume, affine(map), dsize, options),
                    ImgWarp3d.warpPerspective3d(volume, homography(map), dsize, options), 1e-6);
        }
    }

    @Test
    void batchEqualsPerItem() {
        NDArray volume = rand(DataType.FLOAT32, 2, 1, D, H, W);
        NDArray m = rand(DataType.FLOAT32, 2, 4, 4).mul(0.2).add(manager.eye(4, 4, 0, DataType.FLOAT32));
        NDArray both = ImgWarp3d.warpPerspective3d(volume, m, new int[] {D, H, W}, ALIGNED.withAlignCorners(false));
        NDArray bothAffine = ImgWarp3d.warpAffine3d(volume, m.get(":, 0:3, :"), new int[] {D, H, W}, ALIGNED);
        for (int b = 0; b < 2; b++) {
            String item = b + ":" + (b + 1);
            assertClose(both.get(item), ImgWarp3d.warpPerspective3d(volume.get(item), m.get(item),
                    new int[] {D, H, W}, ALIGNED.withAlignCorners(false)), 1e-6);
            assertClose(bothAffine.get(item), ImgWarp3d.warpAffine3d(volume.get(item), m.get(item + ", 0:3, :"),
                    new int[] {D, H, W}, ALIGNED), 1e-6);
        }
        // a matrix batch of 1 serves every volume
        NDArray shared = ImgWarp3d.warpAffine3d(volume, m.get("0:1, 0:3, :"), new int[] {D, H, W}, ALIGNED);
        assertClose(bothAffine.get("0:1"), shared.get("0:1"), 1e-6);
    }

    @Test
    void gradientsInFloat64() {
        NDArray volume = rand(DataType.FLOAT64, 1, 1, 2, 3, 3);
        NDArray m = rand(DataType.FLOAT64, 1, 4, 4).mul(0.1).add(manager.eye(4, 4, 0, DataType.FLOAT64));
        NDArray a = m.get(":, 0:3, :");
        int[] dsize = {2, 3, 3};
        GradientCheck.Options options = GradientCheck.Options.defaults();
        GradientCheck.check(x -> ImgWarp3d.warpAffine3d(x, a, dsize, ALIGNED), volume, options)
                .assertPassed("warp_affine3d volume");
        GradientCheck.check(x -> ImgWarp3d.warpAffine3d(volume, x, dsize, ALIGNED), a, options)
                .assertPassed("warp_affine3d M");
        WarpOptions perspective = ALIGNED.withAlignCorners(false);
        GradientCheck.check(x -> ImgWarp3d.warpPerspective3d(x, m, dsize, perspective), volume, options)
                .assertPassed("warp_perspective3d volume");
        GradientCheck.check(x -> ImgWarp3d.warpPerspective3d(volume, x, dsize, perspective), m, options)
                .assertPassed("warp_perspective3d M");
    }

    @Test
    void rejectsBadInput() {
        NDArray volume = rand(DataType.FLOAT32, 1, 1, D, H, W);
        NDArray a = manager.eye(3, 4, 0, DataType.FLOAT32).expandDims(0);
        int[] dsize = {D, H, W};
        assertMessage("warp_affine3d: expected src of shape (B, C, D, H, W), got (1, 3, 4, 5)",
                () -> ImgWarp3d.warpAffine3d(volume.get(0), a, dsize, ALIGNED));
        assertMessage("warp_perspective3d: expected M of shape (B, 4, 4), got (1, 3, 4)",
                () -> ImgWarp3d.warpPerspective3d(volume, a, dsize, ALIGNED));
        assertMessage("warp_affine3d: expected M of shape (2, 3, 4) or (1, 3, 4), got (3, 3, 4)",
                () -> ImgWarp3d.warpAffine3d(volume.repeat(0, 2), a.repeat(0, 3), dsize, ALIGNED));
        assertMessage("warp_affine3d: expected dsize (depth, height, width) of positive sizes, got [3, 4]",
                () -> ImgWarp3d.warpAffine3d(volume, a, new int[] {3, 4}, ALIGNED));
        assertMessage("warp_affine3d: expected flags bilinear or nearest, got bicubic",
                () -> ImgWarp3d.warpAffine3d(volume, a, dsize, ALIGNED.withMode(Interpolation.BICUBIC)));
        assertMessage("warp_affine3d: expected no fill_value (padding zeros, border or reflection), got 1 values",
                () -> ImgWarp3d.warpAffine3d(volume, a, dsize, ALIGNED.withFill(new double[] {0.5})));
        assertMessage("warp_perspective3d: expected invertible matrices",
                () -> ImgWarp3d.warpPerspective3d(volume, manager.zeros(new Shape(1, 4, 4)), dsize, ALIGNED));
        assertMessage("warp_affine3d: expected finite values in M, got NaN in (1, 3, 4)",
                () -> ImgWarp3d.warpAffine3d(volume, a.mul(Float.NaN), dsize, ALIGNED));
    }

    private static void assertMessage(String prefix, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(prefix, e.getMessage().substring(0, Math.min(prefix.length(), e.getMessage().length())));
    }
}
