package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * equalize_clahe against a NumPy re-implementation of Kornia's algorithm (tools/gen_filters2_refs.py, float32 as
 * Kornia runs it: exact up to float rounding of the interpolation, atol 1e-5), loosely against OpenCV's CLAHE
 * (different tile-centre interpolation, LUT rounding and residual spreading: stated bounds), and the
 * differentiable variant's gradients.
 */
class EqualizationTest extends OpTestBase {

    private NDArray ref(String folder, String name) {
        return References.npy(manager, folder, name);
    }

    @Test
    void matchesKorniasAlgorithm() {
        assertClose(ref("enhance", "clahe_gray_g4_c40"),
                Equalization.equalizeClahe(ref("filters", "gray"), 40, new int[] {4, 4}, false), 1e-5);
        // grid (3, 3) on 32x32: tiles 11 -> 12 (even), the image reflect-padded to 36x36; clip 2 redistributes
        assertClose(ref("enhance", "clahe_rgb_g3_c2"),
                Equalization.equalizeClahe(ref("filters", "rgb").expandDims(0), 2, new int[] {3, 3}, false)
                        .squeeze(0), 1e-5);
    }

    @Test
    void isCloseToOpenCv() {
        // OpenCV weights tile centres by (x - centre) / T (Kornia / (T - 1)) and rounds its LUT (Kornia floors):
        // on the 8-bit crop with grid 2 x 2 they differ by at most 10.2 levels, 2.1 on average
        NDArray gray8 = ref("filters", "gray").mul(255).round().div(255);
        NDArray diff = Equalization.equalizeClahe(gray8, 40, new int[] {2, 2}, false)
                .sub(ref("enhance", "clahe_gray_cv2_g2_c40")).abs().mul(255);
        assertTrue(diff.max().getFloat() < 11, "max level difference " + diff.max().getFloat());
        assertTrue(diff.mean().getFloat() < 2.5, "mean level difference " + diff.mean().getFloat());
    }

    @Test
    void differentiableVariantIsCloseAndHasGradients() {
        NDArray gray = ref("filters", "gray");
        NDArray slow = Equalization.equalizeClahe(gray, 40, new int[] {4, 4}, true);
        NDArray fast = Equalization.equalizeClahe(gray, 40, new int[] {4, 4}, false);
        // kernel-density counts at bin centres k / 255 instead of histc bins, LUT not floored
        assertTrue(slow.sub(fast).abs().mean().getFloat() < 3 / 255f, "mean difference");
        // levels trunc(255 x) are piecewise constant: keep every value mid-level so finite differences do not
        // cross one. Clipping is off: Kornia's redistribution adds 1 to the first (clipped mod 256) bins, a step
        // function of the (continuous) clipped mass, so with clipping the LUTs jump where finite differences may
        // straddle a step; its gradient there is the one-sided one, checked finite below
        NDArray x = rand(DataType.FLOAT64, 1, 1, 8, 8).mul(200).floor().add(30.5).div(255);
        GradientCheck.check(t -> Equalization.equalizeClahe(t, 0, new int[] {2, 2}, true), x,
                GradientCheck.Options.defaults()).assertPassed("equalize_clahe slow_and_differentiable");
        NDArray leaf = x.duplicate();
        leaf.setRequiresGradient(true);
        try (ai.djl.training.GradientCollector gc = manager.getEngine().newGradientCollector()) {
            gc.backward(Equalization.equalizeClahe(leaf, 4, new int[] {2, 2}, true).sum());
        }
        NDArray grad = leaf.getGradient();
        assertTrue(grad.isNaN().logicalOr(grad.isInfinite()).none().getBoolean(), "finite gradient with clipping");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Equalization.equalizeClahe(x, 40, new int[] {8, 8}, false));
        assertEquals("equalize_clahe: expected a grid_size whose tiles fit the image (padding smaller than it), "
                + "got grid [8, 8] for input (1, 1, 8, 8) (tiles 2x2)", e.getMessage());
    }
}
