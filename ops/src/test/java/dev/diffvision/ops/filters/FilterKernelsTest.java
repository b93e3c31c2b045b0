package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel factories against Kornia's vectors (run through the registry with the window size as the input
 * tensor), Kornia's doctest outputs (printed to 4 decimals, so atol 1e-4), and closed forms.
 */
class FilterKernelsTest extends OpTestBase {

    @Test
    void korniaVectorsPassThroughTheRegistry() {
        for (String name : List.of("gaussian__ws11_sigma11_mean3", "gaussian__ws11_sigma5_mean8",
                "get_gaussian_erf_kernel1d__ws5_s1.5", "get_gaussian_kernel1d__batched_sigma",
                "get_gaussian_kernel1d__ws5_s1.5", "get_gaussian_kernel2d__3x5")) {
            References.assertKorniaCasePasses(name);
        }
    }

    @Test
    void doctestOutputs() {
        // kornia/filters/kernels.py doctests (4 printed decimals)
        assertArrayEquals(new double[] {0.3243, 0.3513, 0.3243},
                FilterKernels.getGaussianKernel1d(3, new double[] {2.5}, false)[0], 1e-4);
        assertArrayEquals(new double[] {0.3235, 0.3531, 0.3235},
                FilterKernels.getGaussianDiscreteKernel1d(3, new double[] {2.5}, false)[0], 1e-4);
        double[][] discrete = FilterKernels.getGaussianDiscreteKernel1d(5, new double[] {1.5, 2.4}, false);
        assertArrayEquals(new double[] {0.1096, 0.2323, 0.3161, 0.2323, 0.1096}, discrete[0], 1e-4);
        assertArrayEquals(new double[] {0.1635, 0.2170, 0.2389, 0.2170, 0.1635}, discrete[1], 1e-4);
        double[][] erf = FilterKernels.getGaussianErfKernel1d(5, new double[] {1.5, 2.1}, false);
        assertArrayEquals(new double[] {0.1574, 0.2198, 0.2456, 0.2198, 0.1574}, erf[1], 1e-4);
        assertArrayEquals(new double[] {0.3245, 0.3511, 0.3245},
                FilterKernels.getGaussianErfKernel1d(3, new double[] {2.5}, false)[0], 1e-4);
        double[][] g2 = FilterKernels.getGaussianKernel2d(new int[] {5}, new double[][] {{1.5, 1.5}}, false)[0];
        assertArrayEquals(new double[] {0.0281, 0.0547, 0.0683, 0.0547, 0.0281}, g2[1], 1e-4);
        assertArrayEquals(new double[] {0, 0.75, 0.75, 0}, FilterKernels.getHanningKernel1d(4), 1e-12);
        assertArrayEquals(new double[] {1, 1, -4, 1, 1}, FilterKernels.getLaplacianKernel1d(5), 0);
        assertArrayEquals(new double[] {1, -8, 1}, FilterKernels.getLaplacianKernel2d(new int[] {3})[1], 0);
        assertArrayEquals(new double[] {1, 1, -24, 1, 1}, FilterKernels.getLaplacianKernel2d(new int[] {5})[2], 0);
    }

    @Test
    void closedForms() {
        // even window: samples at +-0.5, +-1.5 around the centre -> symmetric
        double[] even = FilterKernels.getGaussianKernel1d(4, new double[] {1}, true)[0];
        double a = Math.exp(-0.125);
        double b = Math.exp(-1.125);
        assertArrayEquals(new double[] {b, a, a, b}, scale(even, 2 * (a + b)), 1e-12);
        double[][][] box = FilterKernels.getBoxKernel2d(new int[] {2, 3});
        assertEquals(2, box[0].length);
        assertEquals(1.0 / 6, box[0][1][2], 0);
        double[][] hann = FilterKernels.getHanningKernel2d(new int[] {3, 5});
        assertEquals(1.0, hann[1][2], 1e-12);
        assertEquals(0.5, hann[1][1], 1e-12);
        // erf: erf(0.5) and erf(3.5) to 1e-12
        assertEquals(0.5204998778130465, FilterKernels.erf(0.5), 1e-12);
        assertEquals(-0.9999992569016276, FilterKernels.erf(-3.5), 1e-12);
    }

    @Test
    void factoryOpsReadTheWindowSizeFromTheirInput() {
        OpRegistry r = OpRegistry.defaults();
        NDArray k = r.create("get_gaussian_kernel2d", Map.of("sigma", List.of(1.5, 1.5)))
                .apply(manager.create(new float[] {3, 5}));
        assertEquals(new Shape(1, 3, 5), k.getShape());
        NDArray lap = r.create("get_laplacian_kernel2d", Map.of()).apply(manager.create(3.0));
        assertEquals(DataType.FLOAT64, lap.getDataType());
        assertEquals(-8.0, lap.getDouble(1, 1), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.create("get_gaussian_kernel1d", Map.of("sigma", 1.0)).apply(manager.create(4f)));
        assertEquals("get_gaussian_kernel1d: expected kernel_size an odd integer > 0, got 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> r.create("get_hanning_kernel1d", Map.of()).apply(manager.create(new float[] {3, 5})));
        assertTrue(e.getMessage().startsWith("get_hanning_kernel1d: expected input (the window size) of shape ()"));
        assertThrows(IllegalArgumentException.class,
                () -> FilterKernels.getGaussianKernel1d(5, new double[] {0}, false));
    }

    private static double[] scale(double[] v, double s) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }
}
