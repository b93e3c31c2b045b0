package dev.diffvision.ops.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.losses.Losses;
import dev.diffvision.ops.losses.Reduction;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * ssim, ssim3d, psnr and their losses against scikit-image on 64x64 crops of two different sample photographs
 * (tools/gen_loss_refs.py), Kornia's vectors and closed forms, with float64 gradient checks.
 *
 * <p>Convention difference: Kornia (and DiffVision) pad the image before filtering — 'same' padding with
 * filter2d's reflect border (BORDER_REFLECT_101) — while scikit-image filters with scipy's reflect (edge
 * repeated) and then crops (win_size - 1) / 2 = 5 pixels from every side before its mean. So the maps are compared
 * on the interior [5, 59) only, where the 11x11 window lies inside the image and both agree, and skimage's mean
 * SSIM is compared with the mean of our 'valid' map (the same interior). Window 11 = skimage's Gaussian with sigma
 * 1.5 truncated at 3.5 sigma. Tolerance 1e-5: float32 inputs; skimage computes in float64.
 */
class SsimPsnrTest extends OpTestBase {

    private NDArray ref(String name) {
        return References.npy(manager, "losses", name);
    }

    @Test
    void ssimMatchesScikitImageInTheInterior() {
        NDArray scalars = ref("scalars");
        NDArray a = ref("gray_a").expandDims(0);
        NDArray b = ref("gray_b").expandDims(0);
        NDArray a64 = a.toType(DataType.FLOAT64, false);
        NDArray b64 = b.toType(DataType.FLOAT64, false);
        NDArray grayMap = ref("ssim_gray_map").get("5:59, 5:59");
        // float64: the algorithm (the reference map is stored in float32, ~3e-8)
        assertClose(grayMap, Ssim.ssim(a64, b64, 11, 1.0, 1e-12, "same").get("0, 0, 5:59, 5:59"), 1e-7);
        assertEquals(scalars.getDouble(0), Ssim.ssim(a64, b64, 11, 1.0, 1e-12, "valid").mean().getDouble(), 1e-8);
        // float32: Kornia's variance E[x^2] - E[x]^2 cancels digits in float32 (measured max error 2e-4)
        assertClose(grayMap, Ssim.ssim(a, b, 11, 1.0, 1e-12, "same").get("0, 0, 5:59, 5:59"), 5e-4);
        assertEquals(scalars.getDouble(0), Ssim.ssim(a, b, 11, 1.0, 1e-12, "valid").mean().getFloat(), 1e-4);

        NDArray ra = ref("rgb_a").expandDims(0).toType(DataType.FLOAT64, false);
        NDArray rb = ref("rgb_b").expandDims(0).toType(DataType.FLOAT64, false);
        NDArray rgbMap = Metrics.ssim(ra, rb, 11, 1.0, 1e-12, "same");
        assertClose(ref("ssim_rgb_map").get(":, 5:59, 5:59"), rgbMap.get("0, :, 5:59, 5:59"), 1e-7);
        NDArray valid = Ssim.ssim(ra, rb, 11, 1.0, 1e-12, "valid");
        assertEquals(54, valid.getShape().get(3));
        assertEquals(scalars.getDouble(1), valid.mean().getDouble(), 1e-8);
        // Kornia's ssim_loss = clamp((1 - SSIM) / 2, 0, 1), mean
        assertEquals((1 - scalars.getDouble(1)) / 2,
                Losses.ssimLoss(ra, rb, 11, 1.0, 1e-12, Reduction.MEAN, "valid").getDouble(), 1e-8);
    }

    @Test
    void ssimOfAnImageWithItselfIsOneAndItsLossZero() {
        // Kornia's only 2-D test: ssim_loss(img, img) == 0
        NDArray x = rand(DataType.FLOAT32, 2, 3, 12, 13);
        assertEquals(0, Losses.ssimLoss(x, x, 5, 1.0, 1e-12, Reduction.MEAN, "same").getFloat(), 1e-6);
        assertClose(x.onesLike(), Ssim.ssim(x, x, 5, 1.0, 1e-12, "same"), 1e-5);
    }

    @Test
    void ssim3dAndPsnrMatchKornia() {
        References.assertKorniaCasePasses("ssim3d_loss__ones_vs_zeros");
        References.assertKorniaCasePasses("psnr_loss");
        References.assertKorniaCasePasses("psnr_metric");
        // a volume constant along D: interior voxels see a constant depth profile, so ssim3d equals the 2-D map there
        NDArray a = ref("gray_a").get(":, :16, :16").expandDims(0).toType(DataType.FLOAT64, false);
        NDArray b = ref("gray_b").get(":, :16, :16").expandDims(0).toType(DataType.FLOAT64, false);
        NDArray va = a.expandDims(2).repeat(2, 5);
        NDArray vb = b.expandDims(2).repeat(2, 5);
        NDArray map3 = Ssim3d.ssim3d(va, vb, 5, 1.0, 1e-12, "valid");
        assertClose(Ssim.ssim(a, b, 5, 1.0, 1e-12, "valid"), map3.get(":, :, 0"), 1e-9);
    }

    @Test
    void psnrMatchesScikitImage() {
        NDArray scalars = ref("scalars");
        assertEquals(scalars.getDouble(2), Psnr.psnr(ref("gray_a"), ref("gray_b"), 1.0).getFloat(), 1e-4);
        assertEquals(scalars.getDouble(3), Metrics.psnr(ref("rgb_a"), ref("rgb_b"), 1.0).getFloat(), 1e-4);
        assertEquals(-scalars.getDouble(3), Losses.psnrLoss(ref("rgb_a"), ref("rgb_b"), 1.0).getFloat(), 1e-4);
    }

    @Test
    void gradientsInFloat64() {
        NDArray a = rand(DataType.FLOAT64, 1, 2, 7, 8);
        NDArray b = rand(DataType.FLOAT64, 1, 2, 7, 8);
        GradientCheck.Options opts = GradientCheck.Options.defaults();
        GradientCheck.check(x -> Losses.ssimLoss(x, b, 3, 1.0, 1e-12, Reduction.SUM, "valid"), a, opts)
                .assertPassed("ssim_loss valid");
        GradientCheck.check(x -> Ssim.ssim(b, x, 5, 2.0, 1e-12, "same"), a, opts).assertPassed("ssim wrt img2");
        NDArray v = rand(DataType.FLOAT64, 1, 1, 3, 5, 6);
        NDArray w = rand(DataType.FLOAT64, 1, 1, 3, 5, 6);
        GradientCheck.check(x -> Losses.ssim3dLoss(x, w, 3, 1.0, 1e-12, Reduction.NONE, "same"), v, opts)
                .assertPassed("ssim3d_loss");
        GradientCheck.check(x -> Losses.psnrLoss(x, b, 1.0), a, opts).assertPassed("psnr_loss");
    }

    @Test
    void badInputIsRejected() {
        NDArray x = rand(DataType.FLOAT32, 1, 1, 8, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ssim.ssim(x, x.get(":, :, :4"), 3, 1.0, 1e-12, "same"));
        assertEquals("ssim: expected img2 of img1's shape (1, 1, 8, 8), got (1, 1, 4, 8)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.ssimLoss(x, x, 4, 1.0, 1e-12, Reduction.MEAN, "same"));
        assertEquals("ssim_loss: expected window_size an odd integer > 0, got 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ssim.ssim(x, x, 3, 1.0, 1e-12, "full"));
        assertEquals("ssim: expected padding 'same' or 'valid', got 'full'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Psnr.psnr(x, x.get("0"), 1.0));
        assertEquals("psnr: expected target of the image's shape (1, 1, 8, 8), got (1, 8, 8)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ssim.ssim(x, x, 3, Double.NaN, 1e-12, "same"));
        assertEquals("ssim: expected max_val > 0 and finite, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.ssimLoss(x, x, 3, 0, 1e-12, Reduction.MEAN, "same"));
        assertEquals("ssim_loss: expected max_val > 0 and finite, got 0.0", e.getMessage());
    }
}
