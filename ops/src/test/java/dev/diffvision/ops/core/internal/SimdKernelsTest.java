package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.color.Gray;
import dev.diffvision.ops.color.Hsv;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.core.EngineConfig;
import dev.diffvision.ops.core.GridPadding;
import dev.diffvision.ops.core.Interpolation;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.filters.Blur;
import dev.diffvision.ops.filters.Filters;
import dev.diffvision.ops.geometry.transform.ImgWarp;
import dev.diffvision.ops.geometry.transform.Transforms;
import dev.diffvision.ops.geometry.transform.WarpOptions;
import dev.diffvision.ops.metrics.Metrics;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java SIMD kernels ({@link ColorSimd}, {@link SeparableSimd}, {@link SelectionSimd},
 * {@link PyramidSimd}, {@link ResampleSimd}, {@link SobelSimd},
 * {@link SsimSimd}, {@link ProjectiveSampler}) against the TorchScript modules they stand in for
 * (the same op with {@link SimdKernels#enabled} off), on float32 shapes whose widths leave vector tails (1, 5, 17,
 * 33, 45 columns), planes smaller than a vector, every border and even kernel sizes (unequal pads), ties between
 * channels and gray pixels, and a non-contiguous input. The TorchScript modules are checked against Kornia's
 * vectors and OpenCV elsewhere; here the two paths must agree to float32 rounding: 2e-6 absolute on HSV (hue up
 * to 2pi; the kernels use the same operations in the same order, ATen fuses one multiply-add), 1e-5 absolute on
 * blurs of values in [0, 1] (the sums run in a different order); the median exactly (min and max are exact). The
 * kernels split planes over libtorch's thread count: one thread and several give the same values.
 */
class SimdKernelsTest extends OpTestBase {

    @AfterEach
    void restore() {
        SimdKernels.enabled(true);
    }

    /** The op with the SIMD kernels and without. */
    private void assertPathsAgree(NDArray x, UnaryOperator<NDArray> op, double atol) {
        assertTrue(SimdKernels.applies(x), "the test JVM should run the SIMD kernels (--add-modules)");
        NDArray simd = op.apply(x);
        SimdKernels.enabled(false);
        NDArray torch = op.apply(x);
        SimdKernels.enabled(true);
        assertEquals(torch.getShape(), simd.getShape());
        assertClose(torch, simd, atol);
    }

    @Test
    void theTestJvmHasTheVectorModule() {
        assertTrue(SimdKernels.available(), SimdKernels.describe());
        assertEquals("simd on", SimdKernels.describe());
        assertTrue(DiffVisionEngine.start(EngineConfig.fromEnvironment()).describe().endsWith(", simd on"));
    }

    @Test
    void onlyFloat32CpuTensorsWithoutGradientsQualify() {
        NDArray x = rand(DataType.FLOAT32, 1, 3, 4, 4);
        assertTrue(SimdKernels.applies(x));
        assertFalse(SimdKernels.applies(rand(DataType.FLOAT64, 1, 3, 4, 4)));
        assertFalse(SimdKernels.applies(manager.create(new float[0], new Shape(1, 3, 0, 4))));
        NDArray tracked = x.duplicate();
        tracked.setRequiresGradient(true);
        assertFalse(SimdKernels.applies(tracked));
        assertFalse(SimdKernels.applies(x, tracked));
        assertTrue(SimdKernels.fitsOutput((Integer.MAX_VALUE / 4) - 1));
        assertFalse(SimdKernels.fitsOutput(1L << 30)); // 4 GiB of float32
        SimdKernels.enabled(false);
        assertFalse(SimdKernels.applies(x));
        assertEquals("simd off", SimdKernels.describe());
    }

    @Test
    void kernelsGiveTheSameValuesOnOneThreadAndOnSeveral() {
        NDArray x = rand(DataType.FLOAT32, 3, 3, 20, 27);
        List<UnaryOperator<NDArray>> ops = List.of(Hsv::rgbToHsv, Gray::rgbToGrayscale, Filters::sobel,
                image -> Filters.gaussianBlur2d(image, new int[] {5, 5}, 1.5, 1.5),
                image -> Filters.medianBlur(image, new int[] {5, 5}),
                image -> Transforms.pyrdown(image, BorderType.REFLECT, false, 2),
                image -> Sampling.interpolate(image, 13, 31, Sampling.Resize.BILINEAR, false),
                image -> Metrics.ssim(image, image.mul(0.9), 5, 1.0, 1e-12, "same"));
        int threads = Libtorch.intraOpThreads();
        try {
            for (UnaryOperator<NDArray> op : ops) {
                Libtorch.setIntraOpThreads(1);
                NDArray one = op.apply(x);
                Libtorch.setIntraOpThreads(3);
                assertClose(one, op.apply(x), 0); // each plane is computed the same way on any thread
            }
        } finally {
            Libtorch.setIntraOpThreads(threads);
        }
    }

    @Test
    void hsvAgreesWithTheTorchScriptModule() {
        for (long[] shape : new long[][] {{2, 3, 17, 23}, {3, 5, 33}, {1, 3, 1, 1}, {4, 3, 8, 45}}) {
            assertPathsAgree(rand(DataType.FLOAT32, shape), Hsv::rgbToHsv, 2e-6);
        }
    }

    @Test
    void grayscaleAgreesWithTheTorchScriptModule() {
        for (long[] shape : new long[][] {{2, 3, 17, 23}, {3, 5, 33}, {1, 3, 1, 1}}) {
            assertPathsAgree(rand(DataType.FLOAT32, shape), Gray::rgbToGrayscale, 1e-6);
        }
        assertPathsAgree(rand(DataType.FLOAT32, 2, 3, 9, 10), image -> Gray.rgbToGrayscale(image,
                new double[] {-1, 2.5, 0.25}), 2e-6);
    }

    @Test
    void hsvAgreesOnTiesAndGrayPixels() {
        // quarters: many pixels have two or three equal channels (ties go to the first; gray gives hue 0, s 0)
        NDArray x = rand(DataType.FLOAT32, 2, 3, 16, 21).mul(4).floor().div(4);
        assertPathsAgree(x, Hsv::rgbToHsv, 2e-6);
        assertPathsAgree(manager.zeros(new Shape(1, 3, 3, 9)), image -> Hsv.rgbToHsv(image, 0.5), 0);
    }

    @Test
    void hsvOfANonContiguousInput() {
        NDArray x = rand(DataType.FLOAT32, 3, 2, 12, 19).transpose(1, 0, 2, 3);
        assertPathsAgree(x, Hsv::rgbToHsv, 2e-6);
    }

    @Test
    void blursAgreeWithTheTorchScriptModuleOnEveryBorder() {
        for (BorderType border : BorderType.values()) {
            for (long[] shape : new long[][] {{2, 3, 19, 33}, {1, 2, 6, 5}, {1, 1, 40, 1}, {2, 1, 9, 70}}) {
                NDArray x = rand(DataType.FLOAT32, shape);
                // 5 x 5, 2 x 4 (pads 0/1 and 1/2), 1 x 3
                for (int[] k : new int[][] {{5, 5}, {2, 4}, {1, 3}}) {
                    if (!padsFit(border, k[0], shape[2]) || !padsFit(border, k[1], shape[3])) {
                        continue;
                    }
                    assertPathsAgree(x, image -> Blur.boxBlur(image, k, border, true), 1e-5);
                }
            }
        }
    }

    /** Whether the padding of a kernel of size k fits a side: reflect needs each pad below it, circular at most. */
    private static boolean padsFit(BorderType border, int k, long side) {
        int pad = k - 1 - (k - 1) / 2;
        return switch (border) {
            case REFLECT -> pad < side;
            case CIRCULAR -> pad <= side;
            default -> true;
        };
    }

    @Test
    void medianEqualsTheTorchScriptModule() {
        // min and max are exact: the same values, with ties and the zero border
        NDArray ties = rand(DataType.FLOAT32, 2, 3, 21, 37).mul(8).floor();
        for (int[] k : new int[][] {{5, 5}, {3, 3}, {3, 7}, {1, 1}}) {
            assertPathsAgree(ties, image -> Filters.medianBlur(image, k), 0);
        }
        assertPathsAgree(rand(DataType.FLOAT32, 1, 1, 2, 3), image -> Filters.medianBlur(image, new int[] {5, 5}), 0);
        assertPathsAgree(rand(DataType.FLOAT32, 3, 40, 9), image -> Filters.medianBlur(image, new int[] {5, 5}), 0);
        // several bands of rows (31 rows of the padded width 65 per band), the last one partial
        assertPathsAgree(rand(DataType.FLOAT32, 1, 2, 150, 61).mul(8).floor(),
                image -> Filters.medianBlur(image, new int[] {5, 5}), 0);
    }

    @Test
    void pyrdownAgreesWithTheTorchScriptModuleOnEveryBorder() {
        for (BorderType border : BorderType.values()) {
            for (long[] shape : new long[][] {{2, 3, 16, 36}, {1, 1, 4, 4}, {1, 2, 10, 22}}) {
                assertPathsAgree(rand(DataType.FLOAT32, shape), image -> Transforms.pyrdown(image, border, false, 2),
                        1e-6);
            }
            // infinities in the first and last rows and columns: next to a zero border they stay infinite
            float[] values = rand(DataType.FLOAT32, 1, 1, 8, 40).toFloatArray();
            values[3] = Float.POSITIVE_INFINITY;
            values[7 * 40 + 39] = Float.NEGATIVE_INFINITY;
            values[4 * 40] = Float.POSITIVE_INFINITY;
            assertPathsAgree(manager.create(values, new Shape(1, 1, 8, 40)),
                    image -> Transforms.pyrdown(image, border, false, 2), 1e-6);
        }
    }

    /**
     * Output points with no input neighbour (the kernel writes them without its edge blending): a map that moves
     * the whole image out of view gives zeros, one that moves half of it gives zeros on the other half, both as the
     * module's, with either padding the kernel takes.
     */
    @Test
    void warpedPointsWithNoNeighbourInsideAgreeWithTheTorchScriptModule() {
        NDArray x = rand(DataType.FLOAT32, 2, 2, 21, 30);
        float[] maps = {1f, 0f, 500f, 0f, 1f, 0f, 0f, 0f, 1f,
            1f, 0f, 15.5f, 0f, 1f, -10.25f, 0f, 0f, 1f};
        NDArray h = manager.create(maps, new Shape(2, 3, 3));
        int[] size = {21, 30};
        for (GridPadding padding : new GridPadding[] {GridPadding.ZEROS, GridPadding.BORDER}) {
            WarpOptions options = WarpOptions.defaults().withPadding(padding);
            assertPathsAgree(x, image -> ImgWarp.warpPerspective(image, h, size, options), 2e-5);
        }
        NDArray out = ImgWarp.warpPerspective(x, h, size, WarpOptions.defaults());
        assertEquals(0.0, out.get("0").abs().sum().getFloat(), 0.0);
        assertTrue(out.get("1").abs().sum().getFloat() > 0);
    }

    /**
     * warp_perspective and warp_affine through {@link ProjectiveSampler}: per-image maps (a rotation, a shear, a
     * perspective that pushes part of the output outside the input and a map whose Z crosses 0 within the output,
     * where points are not divided), both paddings the kernel takes, both alignments, output sizes other than the
     * input's with vector tails, 1 and 3 channels. Coordinates differ from the module's in float rounding only, so
     * the values agree to 2e-5 on images in [0, 1].
     */
    @Test
    void warpsAgreeWithTheTorchScriptModule() {
        float[] perspective = {
            0.9f, -0.3f, 12f, 0.25f, 1.1f, -5f, 0f, 0f, 1f,
            1.2f, 0.4f, -30f, -0.2f, 0.8f, 40f, 0f, 0f, 1f,
            0.8f, 0.1f, 3f, 0.05f, 0.9f, 2f, 0.002f, 0.001f, 1f,
            1f, 0f, 0f, 0f, 1f, 0f, -0.06f, 0f, 1f};
        float[] affine = {0.87f, -0.5f, 20f, 0.5f, 0.87f, -9f, 1.3f, 0.2f, -7f, 0f, 0.7f, 3f, 1f, 0f, 0.25f, 0f, 1f, -0.5f,
            -1f, 0f, 36f, 0f, 1f, 0f};
        for (long c : new long[] {1, 3}) {
            NDArray x = rand(DataType.FLOAT32, 4, c, 29, 37);
            NDArray h = manager.create(perspective, new Shape(4, 3, 3));
            NDArray a = manager.create(affine, new Shape(4, 2, 3));
            for (GridPadding padding : new GridPadding[] {GridPadding.ZEROS, GridPadding.BORDER}) {
                for (boolean align : new boolean[] {true, false}) {
                    WarpOptions options = WarpOptions.defaults().withPadding(padding).withAlignCorners(align);
                    for (int[] size : new int[][] {{29, 37}, {17, 45}, {3, 1}}) {
                        assertTrue(ProjectiveSampler.applies(x, h, Interpolation.BILINEAR, padding));
                        assertPathsAgree(x, image -> ImgWarp.warpPerspective(image, h, size, options), 2e-5);
                        assertPathsAgree(x, image -> ImgWarp.warpAffine(image, a, size, options), 2e-5);
                    }
                }
            }
        }
        assertFalse(ProjectiveSampler.applies(rand(DataType.FLOAT32, 1, 1, 4, 4),
                manager.create(perspective, new Shape(4, 3, 3)), Interpolation.NEAREST, GridPadding.ZEROS));
        assertFalse(ProjectiveSampler.applies(rand(DataType.FLOAT32, 1, 1, 4, 4),
                manager.create(perspective, new Shape(4, 3, 3)), Interpolation.BILINEAR, GridPadding.REFLECTION));
    }

    @Test
    void resizeAgreesWithTheTorchScriptModule() {
        NDArray x = rand(DataType.FLOAT32, 2, 3, 37, 50);
        int[][] sizes = {{20, 23}, {64, 81}, {37, 17}, {1, 1}, {5, 100}};
        for (Sampling.Resize mode : new Sampling.Resize[] {Sampling.Resize.BILINEAR, Sampling.Resize.AREA}) {
            for (int[] size : sizes) {
                for (boolean align : new boolean[] {false, true}) {
                    assertPathsAgree(x, image -> Sampling.interpolate(image, size[0], size[1], mode, align), 2e-6);
                }
            }
        }
    }

    @Test
    void resizeOf8BitPixelsAgreesWithTheTorchScriptModule() {
        NDArray pixels = rand(DataType.FLOAT32, 2, 3, 30, 41).mul(255).floor().toType(DataType.UINT8, false);
        assertTrue(SimdKernels.appliesToPixels(pixels));
        for (int[] size : new int[][] {{24, 24}, {61, 13}, {30, 41}}) {
            for (Sampling.Resize mode : new Sampling.Resize[] {Sampling.Resize.BILINEAR, Sampling.Resize.AREA}) {
                NDArray simd = Sampling.interpolateScaled(pixels, size[0], size[1], mode, false, 1 / 255.0);
                SimdKernels.enabled(false);
                NDArray torch = Sampling.interpolateScaled(pixels, size[0], size[1], mode, false, 1 / 255.0);
                SimdKernels.enabled(true);
                assertClose(torch, simd, 1e-6);
            }
        }
    }

    @Test
    void sobelAgreesWithTheTorchScriptModule() {
        for (long[] shape : new long[][] {{2, 3, 17, 23}, {1, 1, 1, 1}, {1, 2, 3, 40}, {5, 9, 1}}) {
            assertPathsAgree(rand(DataType.FLOAT32, shape), Filters::sobel, 1e-6);
        }
    }

    @Test
    void ssimAgreesWithTheTorchScriptPath() {
        NDArray a = rand(DataType.FLOAT32, 2, 3, 30, 41);
        NDArray b = a.add(rand(DataType.FLOAT32, 2, 3, 30, 41).mul(0.2));
        for (String padding : new String[] {"same", "valid"}) {
            assertPathsAgree(a, image -> Metrics.ssim(image, b, 11, 1.0, 1e-12, padding), 1e-5);
            assertPathsAgree(a, image -> Metrics.ssim(image, b, 5, 255.0, 1e-12, padding), 1e-5);
        }
    }

    @Test
    void gaussianBlurAgreesWithTheTorchScriptModule() {
        NDArray x = rand(DataType.FLOAT32, 2, 3, 37, 50);
        assertPathsAgree(x, image -> Filters.gaussianBlur2d(image, new int[] {11, 11}, 10.5, 10.5), 1e-5);
        assertPathsAgree(x, image -> Filters.gaussianBlur2d(image, new int[] {3, 7}, new double[][] {{1.5, 0.8}},
                BorderType.REPLICATE, true), 1e-5);
        assertPathsAgree(x.get("0"), image -> Filters.gaussianBlur2d(image, new int[] {5, 5}, 1, 2), 1e-5);
    }
}
