package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

/**
 * The fused fast paths (one TorchScript call each) against slow, obviously correct compositions of DJL calls:
 * median_blur against torch's median over the stacked shifted windows (exact: both select a value), sobel
 * against spatial_gradient's convolution plus the magnitude, and the separable sums against filter2d's
 * convolution with the outer-product kernel (float64, 1e-12: only rounding differs).
 */
class FusedFiltersTest extends OpTestBase {

    /** Kornia's median_blur composed naively: zero pad, stack the kh kw shifted windows, torch.median. */
    private static NDArray naiveMedian(NDArray x, int kh, int kw) {
        Shape s = x.getShape();
        NDArray padded = x.pad(new Shape(kw / 2, kw / 2, kh / 2, kh / 2, 0, 0, 0, 0), 0);
        NDList windows = new NDList(kh * kw);
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                windows.add(padded.get(new NDIndex(":, :, {}:{}, {}:{}", i, i + s.get(2), j, j + s.get(3))));
            }
        }
        return NDArrays.stack(windows, 2).median(new int[] {2});
    }

    @Test
    void medianEqualsTorchMedianOfTheWindows() {
        // 5 images x 3 channels = 15 planes: chunks of 4 planes and a partial last chunk
        for (int[] k : new int[][] {{5, 5}, {3, 5}, {1, 3}, {7, 7}}) {
            for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                NDArray x = rand(dtype, 5, 3, 13, 11);
                assertClose(naiveMedian(x, k[0], k[1]), Median.medianBlur(x, k), 0);
            }
        }
        NDArray ties = rand(DataType.FLOAT32, 2, 1, 9, 9).mul(4).floor();
        assertClose(naiveMedian(ties, 5, 5), Median.medianBlur(ties, new int[] {5}), 0);
        GradientCheck.check(t -> Median.medianBlur(t, new int[] {5, 5}), rand(DataType.FLOAT64, 1, 2, 6, 5),
                GradientCheck.Options.defaults()).assertPassed("median_blur 5x5");
    }

    @Test
    void sobelEqualsTheMagnitudeOfSpatialGradient() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 9, 12);
        for (boolean normalized : new boolean[] {true, false}) {
            for (double eps : new double[] {0, 1e-6, 0.5}) {
                NDArray g = Sobel.spatialGradient(x, GradientMode.SOBEL, 1, normalized);
                NDArray expected = g.square().sum(new int[] {2}).add(eps).sqrt();
                assertClose(expected, Sobel.sobel(x, normalized, eps), 1e-12);
            }
        }
        GradientCheck.check(t -> Sobel.sobel(t, false, 1e-3), rand(DataType.FLOAT64, 1, 2, 5, 6),
                GradientCheck.Options.defaults()).assertPassed("sobel unnormalized");
    }

    @Test
    void separableSumsEqualTheConvolutionWithTheOuterProduct() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 10, 9);
        double[] kx = {0.1, -0.4, 0.25, 0.7, 0.05};
        double[] ky = {0.3, 0.2, -0.6};
        double[] outer = new double[ky.length * kx.length];
        for (int i = 0; i < ky.length; i++) {
            for (int j = 0; j < kx.length; j++) {
                outer[i * kx.length + j] = ky[i] * kx[j];
            }
        }
        NDArray kernel = manager.create(outer, new Shape(1, ky.length, kx.length));
        for (BorderType border : BorderType.values()) {
            NDArray expected = Filter.filter2d(x, kernel, border, false, Filter.PaddingMode.SAME,
                    Filter.Behaviour.CORR);
            NDArray actual = Filter.filterHostSeparable("test", x, new double[][] {kx}, new double[][] {ky}, border);
            assertClose(expected, actual, 1e-12);
        }
        GradientCheck.check(t -> Filter.filterHostSeparable("test", t, new double[][] {kx}, new double[][] {ky},
                BorderType.REFLECT), rand(DataType.FLOAT64, 1, 2, 6, 7), GradientCheck.Options.defaults())
                .assertPassed("separable sums");
    }
}
