package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

/**
 * The cache-blocked fused filters ({@code separable_correlate.py} behind the separable blurs, {@code sobel.py})
 * on batches large enough to run as several chunks of image planes with a partial last chunk (chunks of about
 * 4 MiB of working set, sized in {@code Aten}). Convention: Kornia's (same padding, the given border). Peers: the
 * same op image by image (one chunk each), and for the separable correlation libtorch's convolution path (the
 * non-separable box blur), for every border and for box sizes 1 to 9 (the box path's sums by doubling). Tolerance 1e-12 in float64 and 1e-6 in float32 (values in [0, 1],
 * kernels summing to 1); float64 finite-difference gradients through a multi-chunk call.
 */
class CacheBlockedFiltersTest extends OpTestBase {

    @Test
    void separableCorrelationInChunksEqualsConvolutionAndPerImage() {
        // 64 x 64, 7x5 box: 101 KiB of float64 working set per plane, 40 planes per chunk; 10 x 5 = 50 planes
        // run as 40 + 10 (float32: 80 per chunk, 20 x 5 = 100 planes as 80 + 20)
        int[] k = {7, 5};
        for (BorderType border : BorderType.values()) {
            NDArray x = rand(DataType.FLOAT64, 10, 5, 64, 64);
            NDArray blurred = Blur.boxBlur(x, k, border, true);
            assertClose(Blur.boxBlur(x, k, border, false), blurred, 1e-12);
            assertPerItem(blurred, x, y -> Blur.boxBlur(y, k, border, true), 1e-12);
            NDArray f = rand(DataType.FLOAT32, 20, 5, 64, 64);
            NDArray fb = Blur.boxBlur(f, k, border, true);
            assertClose(Blur.boxBlur(f, k, border, false), fb, 1e-6);
            assertPerItem(fb, f, y -> Blur.boxBlur(y, k, border, true), 1e-6);
        }
    }

    @Test
    void boxWindowSumsOfEverySizeEqualConvolution() {
        // the box path sums k shifted views by doubling (sums of 1, 2, 4, ... views, those in k's binary expansion
        // added): every expansion from 1 to 9 taps per axis, rows and columns apart, against libtorch's
        // convolution path; float64, 1e-12
        NDArray x = rand(DataType.FLOAT64, 2, 3, 20, 24);
        for (int k = 1; k <= 9; k++) {
            int[] size = {k, 10 - k};
            assertClose(Blur.boxBlur(x, size, BorderType.REPLICATE, false),
                    Blur.boxBlur(x, size, BorderType.REPLICATE, true), 1e-12);
        }
    }

    @Test
    void gaussianInChunksEqualsPerImage() {
        // 11x11 on 256 x 256 float32: 0.8 MiB per plane, 5 planes per chunk; 3 x 3 = 9 planes as 5 + 4
        NDArray x = rand(DataType.FLOAT32, 3, 3, 256, 256);
        NDArray blurred = Gaussian.gaussianBlur2d(x, new int[] {11, 11}, 1.5, 1.5);
        assertPerItem(blurred, x, y -> Gaussian.gaussianBlur2d(y, new int[] {11, 11}, 1.5, 1.5), 1e-6);
    }

    @Test
    void sobelInChunksEqualsPerImage() {
        // 64 x 64 float64: 194 KiB per plane, 21 planes per chunk; 8 x 3 = 24 planes as 21 + 3
        // (float32: 42 per chunk, 16 x 3 = 48 planes as 42 + 6)
        NDArray x = rand(DataType.FLOAT64, 8, 3, 64, 64);
        NDArray edges = Sobel.sobel(x, true, 1e-6);
        assertPerItem(edges, x, y -> Sobel.sobel(y, true, 1e-6), 1e-12);
        NDArray g = Sobel.spatialGradient(x, GradientMode.SOBEL, 1, true);
        assertClose(g.square().sum(new int[] {2}).add(1e-6).sqrt(), edges, 1e-12);
        NDArray f = rand(DataType.FLOAT32, 16, 3, 64, 64);
        assertPerItem(Sobel.sobel(f, true, 1e-6), f, y -> Sobel.sobel(y, true, 1e-6), 1e-6);
    }

    @Test
    void gradientsPassThroughSeveralChunks() {
        NDArray x = rand(DataType.FLOAT64, 8, 3, 64, 64);
        GradientCheck.Options options = new GradientCheck.Options(1e-6, 1e-5, 1e-3, 120, 42);
        GradientCheck.check(y -> Sobel.sobel(y, true, 1e-6), x, options).assertPassed("sobel, 21 + 3 planes");
        NDArray many = rand(DataType.FLOAT64, 10, 5, 64, 64);
        GradientCheck.check(y -> Blur.boxBlur(y, new int[] {7, 5}, BorderType.REFLECT, true), many, options)
                .assertPassed("box_blur, 40 + 10 planes");
    }
}
