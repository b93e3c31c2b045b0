package dev.diffvision.ops.filters;

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
 * filter3d and spatial_gradient3d on (B, C, D, H, W) volumes: closed forms (a depth-1 kernel is filter2d on every
 * slice; polynomials have exact central differences), per-volume kernels, gradients.
 */
class VolumeTest extends OpTestBase {

    @Test
    void filter3dWithADepthOneKernelIsFilter2dPerSlice() {
        NDArray x = rand(DataType.FLOAT64, 2, 2, 3, 6, 7);
        NDArray k2 = rand(DataType.FLOAT64, 1, 3, 2);
        NDArray out = Filter.filter3d(x, k2.expandDims(1), BorderType.REPLICATE, false);
        for (int d = 0; d < 3; d++) {
            NDArray slice = x.get(":, :, " + d);
            assertClose(Filter.filter2d(slice, k2, BorderType.REPLICATE, false, Filter.PaddingMode.SAME,
                    Filter.Behaviour.CORR), out.get(":, :, " + d), 1e-12);
        }
        // a depth impulse kernel at the back shifts the volume forward by one slice (replicated at the end)
        double[] back = new double[3];
        back[2] = 1;
        NDArray shifted = Filter.filter3d(x, manager.create(back, new Shape(1, 3, 1, 1)), BorderType.REPLICATE, false);
        assertClose(x.get(":, :, 1:"), shifted.get(":, :, :2"), 1e-12);
        assertClose(x.get(":, :, 2:"), shifted.get(":, :, 2:"), 1e-12);
    }

    @Test
    void filter3dPerVolumeKernelsNormalisationAndGradients() {
        NDArray x = rand(DataType.FLOAT64, 2, 1, 3, 4, 5);
        NDArray k = rand(DataType.FLOAT64, 2, 3, 3, 3).sub(0.5);
        NDArray out = Filter.filter3d(x, k, BorderType.CIRCULAR, true);
        for (int b = 0; b < 2; b++) {
            String i = b + ":" + (b + 1);
            NDArray kb = k.get(i);
            assertClose(Filter.filter3d(x.get(i), kb.div(kb.abs().sum()), BorderType.CIRCULAR, false), out.get(i),
                    1e-12);
        }
        GradientCheck.check(t -> Filter.filter3d(x, t, BorderType.REFLECT, false), k.get("0:1"),
                GradientCheck.Options.defaults()).assertPassed("filter3d w.r.t. the kernel");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Filter.filter3d(x.get(0), k, BorderType.REFLECT, false));
        assertEquals("filter3d: expected input of shape (B, C, D, H, W), got (1, 3, 4, 5)", e.getMessage());
    }

    @Test
    void spatialGradient3dIsExactOnPolynomials() {
        int d = 4;
        int h = 5;
        int w = 6;
        double[] linear = new double[d * h * w];
        double[] quadratic = new double[d * h * w];
        for (int z = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = (z * h + y) * w + x;
                    linear[i] = 2 * x + 3 * y - z;
                    quadratic[i] = x * x + 2 * y * y + 3 * z * z + 4 * x * y + 5 * y * z + 6 * x * z;
                }
            }
        }
        NDArray g1 = Sobel.spatialGradient3d(manager.create(linear, new Shape(1, 1, d, h, w)), GradientMode.DIFF, 1);
        assertEquals(new Shape(1, 1, 3, d, h, w), g1.getShape());
        double[] slopes = {2, 3, -1};
        for (int c = 0; c < 3; c++) {
            assertClose(manager.full(new Shape(d - 2, h - 2, w - 2), (float) slopes[c]).toType(DataType.FLOAT64, false),
                    g1.get("0, 0, " + c + ", 1:-1, 1:-1, 1:-1"), 1e-12);
        }
        NDArray g2 = Sobel.spatialGradient3d(manager.create(quadratic, new Shape(1, 1, d, h, w)), GradientMode.DIFF,
                2);
        // (xx, yy, zz, xy, yz, xz) = (2, 4, 6, 4, 5, 6), with Kornia's depth flip negating yz and xz
        double[] second = {2, 4, 6, 4, -5, -6};
        for (int c = 0; c < 6; c++) {
            assertClose(manager.full(new Shape(d - 2, h - 2, w - 2), (float) second[c]).toType(DataType.FLOAT64, false),
                    g2.get("0, 0, " + c + ", 1:-1, 1:-1, 1:-1"), 1e-9);
        }
        NDArray x = rand(DataType.FLOAT64, 1, 2, 3, 4, 4);
        GradientCheck.check(t -> Sobel.spatialGradient3d(t, GradientMode.DIFF, 2), x,
                GradientCheck.Options.defaults()).assertPassed("spatial_gradient3d order 2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sobel.spatialGradient3d(x, GradientMode.SOBEL, 1));
        assertEquals("spatial_gradient3d: expected mode diff (Kornia has no 3-D Sobel kernel), got sobel",
                e.getMessage());
    }
}
