package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gaussian_blur2d, box_blur, median_blur and laplacian against Kornia's vectors and OpenCV on 32x32 crops of the
 * sample photographs (tools/gen_filter_refs.py; inputs in [0, 1], float32, so atol 1e-5 covers float32
 * rounding of both sides), closed forms, per-image sigmas, gradients.
 */
class BlurTest extends OpTestBase {

    private static final double ATOL = 1e-5;

    private NDArray ref(String name) {
        return References.npy(manager, "filters", name);
    }

    @Test
    void gaussianMatchesOpenCv() {
        // cv2.GaussianBlur samples the same normalised Gaussian; BORDER_REFLECT_101 = Kornia's 'reflect'
        NDArray gray = ref("gray");
        assertClose(ref("gaussian_gray_5x5_s1.5"), Gaussian.gaussianBlur2d(gray, new int[] {5}, 1.5, 1.5), ATOL);
        NDArray rgb = ref("rgb");
        NDArray expected = ref("gaussian_rgb_7x5_s2x1");
        // Kornia order: kernel_size (kh, kw) = (7, 5), sigma (sigma_y, sigma_x) = (2, 1)
        assertClose(expected, Gaussian.gaussianBlur2d(rgb, new int[] {7, 5}, 2.0, 1.0), ATOL);
        assertClose(expected, Gaussian.gaussianBlur2d(rgb.expandDims(0), new int[] {7, 5}, new double[][] {{2, 1}},
                BorderType.REFLECT, false).squeeze(0), ATOL);
    }

    @Test
    void gaussianPerImageSigmaAndGradients() {
        NDArray x = rand(DataType.FLOAT64, 2, 2, 7, 8);
        double[][] sigmas = {{1.0, 0.7}, {2.0, 1.3}};
        NDArray out = Gaussian.gaussianBlur2d(x, new int[] {3, 5}, sigmas, BorderType.REPLICATE, true);
        for (int b = 0; b < 2; b++) {
            NDArray single = Gaussian.gaussianBlur2d(x.get(b + ":" + (b + 1)), new int[] {3, 5},
                    new double[][] {sigmas[b]}, BorderType.REPLICATE, false);
            assertClose(single, out.get(b + ":" + (b + 1)), 1e-12);
        }
        GradientCheck.check(t -> Gaussian.gaussianBlur2d(t, new int[] {3, 5}, sigmas, BorderType.CIRCULAR, true),
                x, GradientCheck.Options.defaults()).assertPassed("gaussian_blur2d per-image sigma");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gaussian.gaussianBlur2d(x, new int[] {4}, 1, 1));
        assertEquals("gaussian_blur2d: expected kernel_size an odd integer > 0, got 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gaussian.gaussianBlur2d(x, new int[] {3}, new double[][] {{1, 1}, {1, 1}, {1, 1}},
                        BorderType.REFLECT, true));
        assertEquals("gaussian_blur2d: expected a kernel batch of 1 or the input batch 2, got 3", e.getMessage());
        // both used to fail inside the kernel factories, under their names
        e = assertThrows(IllegalArgumentException.class,
                () -> Gaussian.gaussianBlur2d(x, new int[] {3}, Double.POSITIVE_INFINITY, 1));
        assertEquals("gaussian_blur2d: expected sigma > 0, got Infinity", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Blur.boxBlur(x, new int[] {0, 3}, BorderType.REFLECT, true));
        assertTrue(e.getMessage().startsWith("box_blur: expected kernel_size"), e.getMessage());
    }

    @Test
    void boxMatchesOpenCvAndKornia() {
        References.assertKorniaCasePasses("box_blur__3x3_sum");
        assertClose(ref("box_gray_3x3"), Blur.boxBlur(ref("gray"), new int[] {3, 3}), ATOL);
        // cv2 ksize (3, 5) is (width, height) = Kornia (kh, kw) = (5, 3)
        NDArray rgb = ref("rgb");
        assertClose(ref("box_rgb_5x3"), Blur.boxBlur(rgb, new int[] {5, 3}, BorderType.REFLECT, true), ATOL);
        assertClose(ref("box_rgb_5x3"), Blur.boxBlur(rgb, new int[] {5, 3}), ATOL);
        GradientCheck.check(t -> Blur.boxBlur(t, new int[] {2, 3}, BorderType.CONSTANT, true),
                rand(DataType.FLOAT64, 1, 2, 5, 6), GradientCheck.Options.defaults()).assertPassed("box_blur even");
    }

    @Test
    void medianMatchesOpenCvAwayFromTheBorderAndKornia() {
        References.assertKorniaCasePasses("median_blur__3x1");
        // OpenCV's medianBlur replicates the border, Kornia pads zeros: compare pixels >= k // 2 from the border
        assertClose(ref("median_gray_3").get(":, 1:31, 1:31"),
                Median.medianBlur(ref("gray"), new int[] {3}).get(":, 1:31, 1:31"), 0);
        assertClose(ref("median_rgb_5").get(":, 2:30, 2:30"),
                Median.medianBlur(ref("rgb"), new int[] {5, 5}).get(":, 2:30, 2:30"), 0);
        // zero padding: a constant 1 image keeps 1 inside and drops to 0 in the corners (4 zeros of 9 -> 1; 5 -> 0)
        NDArray ones = manager.ones(new Shape(1, 1, 4, 4));
        NDArray m = Median.medianBlur(ones, new int[] {3});
        assertEquals(0f, m.getFloat(0, 0, 0, 0));
        assertEquals(1f, m.getFloat(0, 0, 0, 1));
        assertEquals(1f, m.getFloat(0, 0, 1, 1));
        GradientCheck.check(t -> Median.medianBlur(t, new int[] {3, 1}), rand(DataType.FLOAT64, 1, 2, 5, 4),
                GradientCheck.Options.defaults()).assertPassed("median_blur");
    }

    @Test
    void laplacianMatchesOpenCvAndAQuadratic() {
        // cv2.filter2D with Kornia's 3x3 kernel / 16 (cv2.Laplacian uses other stencils)
        assertClose(ref("laplacian_gray_3"), Laplacian.laplacian(ref("gray"), new int[] {3}, BorderType.REFLECT,
                true), ATOL);
        // f = x^2 + y^2: the 8-neighbour stencil answers 12 in the interior, 12 / 16 normalised
        double[] v = new double[7 * 7];
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 7; x++) {
                v[y * 7 + x] = x * x + y * y;
            }
        }
        NDArray f = manager.create(v, new Shape(1, 7, 7));
        NDArray raw = Laplacian.laplacian(f, new int[] {3}, BorderType.REPLICATE, false).get(":, 1:6, 1:6");
        assertClose(manager.full(new Shape(1, 5, 5), 12f), raw, 1e-9);
        NDArray norm = Laplacian.laplacian(f, new int[] {3}, BorderType.REFLECT, true).get(":, 1:6, 1:6");
        assertClose(manager.full(new Shape(1, 5, 5), 0.75f), norm, 1e-9);
        GradientCheck.check(t -> Laplacian.laplacian(t, new int[] {5, 3}, BorderType.REFLECT, true),
                rand(DataType.FLOAT64, 1, 1, 6, 6), GradientCheck.Options.defaults()).assertPassed("laplacian");
    }
}
