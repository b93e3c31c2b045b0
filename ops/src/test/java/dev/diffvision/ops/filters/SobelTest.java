package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.conformance.ConformanceCase;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.KorniaVectors;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * spatial_gradient and sobel against Kornia's own test vectors (replicate border, cross-correlation, kernels
 * normalised by their L1 norm by default), closed forms, gradient checks, batching and bad input.
 */
class SobelTest extends OpTestBase {

    private NDArray input(ConformanceCase c) {
        return c.input().toNDArray(manager);
    }

    private NDArray expected(ConformanceCase c) {
        return c.expected().toNDArray(manager);
    }

    @Test
    void normalizedSobelMatchesKornia() {
        // tests/filters/test_sobel.py::TestSpatialGradient::test_edges_norm; Kornia asserts atol 1e-5.
        ConformanceCase c = KorniaVectors.load("spatial_gradient__sobel_normalized");
        assertClose(expected(c), Sobel.spatialGradient(input(c)), c.atol());
    }

    @Test
    void diffModeMatchesKornia() {
        ConformanceCase c = KorniaVectors.load("spatial_gradient__diff");
        assertEquals("diff", c.params().get("mode"));
        NDArray out = Sobel.spatialGradient(input(c), GradientMode.DIFF, 1, (Boolean) c.params().get("normalized"));
        assertClose(expected(c), out, c.atol());
    }

    @Test
    void sobelMagnitudeIsTheNormOfKorniasGradients() {
        // Kornia's sobel = sqrt(gx^2 + gy^2 + eps) of the normalised spatial gradient (closed form from the vector)
        ConformanceCase c = KorniaVectors.load("spatial_gradient__sobel_normalized");
        float[] g = c.expected().toFloatArray();
        int plane = 25;
        float[] magnitude = new float[plane];
        for (int i = 0; i < plane; i++) {
            magnitude[i] = (float) Math.sqrt(g[i] * g[i] + g[plane + i] * g[plane + i] + 1e-6);
        }
        NDArray out = Sobel.sobel(input(c));
        assertEquals(new Shape(1, 1, 5, 5), out.getShape());
        assertArrayEquals(magnitude, out.toFloatArray(), 1e-6f);
    }

    @Test
    void unitRampHasUnitNormalizedSlope() {
        // f(x, y) = 2x + 3y: interior normalised Sobel derivatives are exactly 2 and 3; unnormalised 16 and 24.
        double[] v = new double[6 * 7];
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 7; x++) {
                v[y * 7 + x] = 2 * x + 3 * y;
            }
        }
        NDArray img = manager.create(v, new Shape(1, 1, 6, 7));
        NDArray g = Sobel.spatialGradient(img).get(":, :, :, 1:5, 1:6");
        assertEquals(2.0, g.get(0, 0, 0).min().getDouble(), 1e-12);
        assertEquals(2.0, g.get(0, 0, 0).max().getDouble(), 1e-12);
        assertEquals(3.0, g.get(0, 0, 1).min().getDouble(), 1e-12);
        NDArray raw = Sobel.spatialGradient(img, GradientMode.SOBEL, 1, false).get(":, :, :, 1:5, 1:6");
        assertEquals(16.0, raw.get(0, 0, 0).max().getDouble(), 1e-12);
        assertEquals(24.0, raw.get(0, 0, 1).max().getDouble(), 1e-12);
    }

    @Test
    void secondOrderIsPositiveOnSquaresAndProduct() {
        // f = x^2 + xy + y^2 (Kornia's sign convention): diff stencils answer 2, 4 and 2 in the interior.
        double[] v = new double[7 * 7];
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 7; x++) {
                v[y * 7 + x] = x * x + x * y + y * y;
            }
        }
        NDArray img = manager.create(v, new Shape(1, 1, 7, 7));
        NDArray g = Sobel.spatialGradient(img, GradientMode.DIFF, 2, false).get(":, :, :, 2:5, 2:5");
        assertEquals(new Shape(1, 1, 3, 3, 3), g.getShape());
        assertEquals(2.0, g.get(0, 0, 0).max().getDouble(), 1e-12);
        assertEquals(4.0, g.get(0, 0, 1).max().getDouble(), 1e-12);
        assertEquals(2.0, g.get(0, 0, 2).min().getDouble(), 1e-12);
        NDArray sobel2 = Sobel.spatialGradient(img, GradientMode.SOBEL, 2, false);
        assertEquals(new Shape(1, 1, 3, 7, 7), sobel2.getShape());
        // Sobel answers 64 per unit second derivative: 2 * 64 on xx, 1 * 64 on xy at the centre
        assertEquals(128.0, sobel2.getDouble(0, 0, 0, 3, 3), 1e-9);
        assertEquals(64.0, sobel2.getDouble(0, 0, 1, 3, 3), 1e-9);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        NDArray x = rand(DataType.FLOAT64, 2, 2, 5, 6);
        GradientCheck.Options opts = GradientCheck.Options.defaults();
        GradientCheck.check(Sobel::sobel, x, opts).assertPassed("sobel");
        GradientCheck.check(t -> Sobel.sobel(t, false, 1e-3), x, opts).assertPassed("sobel(normalized=false)");
        GradientCheck.check(t -> Sobel.spatialGradient(t, GradientMode.SOBEL, 2, true), x, opts)
                .assertPassed("spatial_gradient(order=2)");
        GradientCheck.check(t -> Sobel.spatialGradient(t, GradientMode.DIFF, 1, false), x, opts)
                .assertPassed("spatial_gradient(mode=diff)");
    }

    @Test
    void batchEqualsImagesOneByOne() {
        NDArray batch = rand(DataType.FLOAT32, 3, 2, 8, 9);
        NDArray out = Sobel.sobel(batch);
        for (int i = 0; i < 3; i++) {
            assertClose(Sobel.sobel(batch.get(i)), out.get(i), 0);
        }
    }

    @Test
    void keepsRankDtypeAndDoesNotModifyInput() {
        NDArray chw = rand(DataType.FLOAT64, 3, 5, 5);
        NDArray copy = chw.duplicate();
        NDArray out = Sobel.sobel(chw);
        assertEquals(new Shape(3, 5, 5), out.getShape());
        assertEquals(DataType.FLOAT64, out.getDataType());
        assertEquals(new Shape(3, 2, 5, 5), Sobel.spatialGradient(chw).getShape());
        assertClose(copy, chw, 0);
        assertTrue(out.getManager() == chw.getManager());
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sobel.sobel(manager.zeros(new Shape(3, 4))));
        assertEquals("sobel: expected input of shape (B, C, H, W) or (C, H, W), got (3, 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sobel.spatialGradient(manager.zeros(new Shape(1, 1, 4, 4)), GradientMode.SOBEL, 3, true));
        assertEquals("spatial_gradient: expected order in [1, 2], got 3", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Sobel.sobel(manager.zeros(new Shape(1, 1, 4, 4), DataType.UINT8)));
        assertThrows(IllegalArgumentException.class, () -> Sobel.sobel(manager.zeros(new Shape(1, 1, 4, 4)), true, -1));
        assertThrows(IllegalArgumentException.class, () -> GradientMode.parse("scharr"));
    }
}
