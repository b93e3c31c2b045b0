package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.core.Linalg;
import dev.diffvision.ops.geometry.conversions.Conversions;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HomographyWarper} and {@link ImgWarp#homographyWarp} against the exact bilinear warp of
 * tools/gen_transform_refs.py (perspective_ref: every destination pixel mapped through M^-1 and interpolated from
 * its four source neighbours, zeros outside; float64): the pixel homography M becomes the normalised
 * destination-to-source homography {@code normalize_homography(M)^-1} (corner-aligned coordinates, so the sampler
 * runs with align_corners true), or {@code N_src M^-1} on a pixel grid. Identity closed form, batch == per-item,
 * float64 gradients in the patch and the homography. The precomputed grid ({@code precompute_warp_grid}) warps
 * exactly as {@code forward} does with the same homographies, for several patches, with gradients through it.
 */
class HomographyWarperTest extends OpTestBase {

    private static final String REFS = "geometry/transform";
    private static final int[] DSIZE = {30, 34};

    @Test
    void normalisedAndPixelGridsReproduceTheExactPerspectiveWarp() {
        NDArray src = References.npy(manager, REFS, "src").toType(DataType.FLOAT64, false).expandDims(0);
        NDArray m = References.npy(manager, REFS, "perspective_H").toType(DataType.FLOAT64, false);
        NDArray expected = References.npy(manager, REFS, "perspective_ref").toType(DataType.FLOAT64, false)
                .expandDims(0);
        WarpOptions alignTrue = WarpOptions.defaults();
        NDArray normalised = Linalg.inverse(Conversions.normalizeHomography(m, new int[] {32, 32}, DSIZE));
        // Kornia divides by z + 1e-8: ~1e-7 in values; float64 otherwise
        assertClose(expected, ImgWarp.homographyWarp(src, normalised, DSIZE, alignTrue, true), 1e-6);
        NDArray pixelToNormalised = Conversions.normalTransformPixel(32, 32, 1e-14, manager, DataType.FLOAT64)
                .matMul(Linalg.inverse(m));
        assertClose(expected, new HomographyWarper(DSIZE[0], DSIZE[1], alignTrue, false).forward(src,
                pixelToNormalised), 1e-6);
    }

    @Test
    void identityKeepsTheImageAndBatchIsPerItem() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 5, 6);
        NDArray eye = manager.eye(3).toType(DataType.FLOAT64, false).expandDims(0);
        HomographyWarper warper = new HomographyWarper(5, 6, WarpOptions.defaults(), true);
        // exact up to Kornia's division by z + 1e-8 (z = 1): a relative error of 1e-8 in the positions
        assertClose(x, warper.forward(x, eye), 1e-7);
        NDArray h = manager.create(new double[] {
            1.05, 0.1, 0.05, -0.08, 0.95, -0.1, 0.02, -0.03, 1,
            0.9, -0.05, 0.1, 0.1, 1.1, 0.02, -0.01, 0.03, 1}, new Shape(2, 3, 3));
        HomographyWarper defaults = HomographyWarper.of(4, 7);
        NDArray out = defaults.forward(x, h);
        assertEquals(new Shape(2, 3, 4, 7), out.getShape());
        for (int b = 0; b < 2; b++) {
            assertClose(out.get(b), defaults.forward(x.get(b), h.get(b + ":" + (b + 1))), 1e-12);
        }
        // one homography for every image
        assertClose(defaults.forward(x.get("1:2"), h.get("0:1")), defaults.forward(x, h.get("0:1")).get("1:2"), 1e-12);
    }

    @Test
    void gradientsFlowToThePatchAndTheHomography() {
        NDArray x = rand(DataType.FLOAT64, 1, 1, 5, 6);
        NDArray h = manager.create(new double[] {1.05, 0.1, 0.05, -0.08, 0.95, -0.1, 0.02, -0.03, 1},
                new Shape(1, 3, 3));
        HomographyWarper warper = HomographyWarper.of(4, 5);
        GradientCheck.check(y -> warper.forward(y, h), x, GradientCheck.Options.defaults())
                .assertPassed("HomographyWarper d/dpatch");
        GradientCheck.check(g -> warper.forward(x, g), h, GradientCheck.Options.defaults())
                .assertPassed("HomographyWarper d/dsrc_homo_dst");
        // and through a precomputed grid
        HomographyWarper.WarpGrid grid = warper.precomputeWarpGrid(h);
        GradientCheck.check(grid::apply, x, GradientCheck.Options.defaults())
                .assertPassed("WarpGrid.apply d/dpatch");
        GradientCheck.check(g -> warper.precomputeWarpGrid(g).apply(x), h, GradientCheck.Options.defaults())
                .assertPassed("WarpGrid.apply d/dsrc_homo_dst");
    }

    @Test
    void precomputedGridWarpsLikeForward() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 5, 6);
        NDArray h = manager.create(new double[] {
            1.05, 0.1, 0.05, -0.08, 0.95, -0.1, 0.02, -0.03, 1,
            0.9, -0.05, 0.1, 0.1, 1.1, 0.02, -0.01, 0.03, 1}, new Shape(2, 3, 3));
        HomographyWarper warper = HomographyWarper.of(4, 7);
        // the same grid_sample on the same positions: equal to float64 rounding
        try (HomographyWarper.WarpGrid grid = warper.precomputeWarpGrid(h)) {
            assertEquals(new Shape(2, 4, 7, 2), grid.grid().getShape());
            assertClose(warper.forward(x, h), grid.apply(x), 1e-12);
            assertClose(warper.forward(x.mul(-2), h), grid.apply(x.mul(-2)), 1e-12);   // reused for another patch
        }
        // one homography for every image of a batch, and an unbatched patch
        try (HomographyWarper.WarpGrid one = warper.precomputeWarpGrid(h.get("1:2"))) {
            assertClose(warper.forward(x, h.get("1:2")), one.apply(x), 1e-12);
            assertClose(warper.forward(x.get(0), h.get("1:2")), one.apply(x.get(0)), 1e-12);
        }
    }

    @Test
    void precomputedGridRejectsBadInput() {
        HomographyWarper warper = HomographyWarper.of(4, 5);
        HomographyWarper.WarpGrid grid = warper.precomputeWarpGrid(
                manager.eye(3).toType(DataType.FLOAT64, false).expandDims(0).repeat(0, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> grid.apply(rand(DataType.FLOAT32, 2, 1, 5, 6)));
        assertEquals("homography_warp: expected patch_src of the precomputed grid's dtype float64, got float32",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> grid.apply(rand(DataType.FLOAT64, 3, 1, 5, 6)));
        assertEquals("homography_warp: expected patch_src with a batch of 2 (the precomputed grid's), got"
                + " (3, 1, 5, 6)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> warper.precomputeWarpGrid(manager.zeros(new Shape(2, 3, 2))));
        assertTrue(e.getMessage().startsWith("homography_warp: expected src_homo_dst of shape (B, 3, 3)"),
                e.getMessage());
        grid.close();
        grid.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> grid.apply(rand(DataType.FLOAT64, 2, 1, 5, 6)));
        assertEquals("homography_warp: the precomputed warp grid was closed", closed.getMessage());
    }

    @Test
    void rejectsBadInput() {
        NDArray x = rand(DataType.FLOAT32, 2, 1, 5, 6);
        HomographyWarper warper = HomographyWarper.of(4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> warper.forward(x, manager.zeros(new Shape(3, 3, 3))));
        assertEquals("homography_warp: expected src_homo_dst of shape (2, 3, 3) or (1, 3, 3), got (3, 3, 3)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> warper.forward(x, manager.zeros(new Shape(2, 2, 3))));
        assertTrue(e.getMessage().startsWith("homography_warp: expected src_homo_dst of shape (B, 3, 3)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new HomographyWarper(0, 5, WarpOptions.defaults(), true));
        assertTrue(e.getMessage().startsWith("homography_warp: expected height"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new HomographyWarper(4, 5, WarpOptions.defaults().withFill(new double[] {1}), true));
        assertTrue(e.getMessage().startsWith("homography_warp: expected options without a fill value"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ImgWarp.homographyWarp(x,
                manager.zeros(new Shape(1, 3, 3)), new int[] {4}, WarpOptions.defaults(), true));
        assertEquals("homography_warp: expected dsize (height, width), got [4]", e.getMessage());
        // a NaN homography: its grid sampled arbitrary pixels on the TorchScript path (ATen's border clip)
        NDArray nan = manager.eye(3).expandDims(0).mul(Float.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> warper.forward(x, nan));
        assertEquals("homography_warp: expected finite values in src_homo_dst, got NaN in (1, 3, 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> warper.precomputeWarpGrid(nan));
        assertEquals("homography_warp: expected finite values in src_homo_dst, got NaN in (1, 3, 3)", e.getMessage());
    }
}
