package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Sampling#gridSampleProjective} (the grid built and sampled chunk by chunk in {@code perspective_sample.py})
 * against {@link Sampling#gridSample} through a grid computed on the host in double from the definition
 * (Kornia's {@code transform_points} over the axes: {@code (X, Y) / (Z + eps)} where {@code |Z| > eps}, else
 * {@code (X, Y)}), for every interpolation and padding, with several chunks, a homography whose Z crosses 0 inside
 * the output, float64 gradients to the images and the homographies, and bad input. Tolerance 1e-10 in float64
 * (the host grid and the kernel round differently) and 1e-4 in float32 (the float32 grid is off by ~1e-7, which
 * is ~1e-5 pixels at 256 pixels across, times random images' slopes of up to 1 per pixel).
 */
class GridSampleProjectiveTest extends OpTestBase {

    private static double[] axis(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = n == 1 ? -1 : -1 + 2.0 * i / (n - 1);
        }
        return a;
    }

    private NDArray hostGrid(double[] m, int batch, double[] xs, double[] ys, double eps) {
        double[] g = new double[batch * ys.length * xs.length * 2];
        int k = 0;
        for (int b = 0; b < batch; b++) {
            int o = b * 9;
            for (double y : ys) {
                for (double x : xs) {
                    double gx = m[o] * x + m[o + 1] * y + m[o + 2];
                    double gy = m[o + 3] * x + m[o + 4] * y + m[o + 5];
                    double z = m[o + 6] * x + m[o + 7] * y + m[o + 8];
                    double s = Math.abs(z) > eps ? 1 / (z + eps) : 1;
                    g[k++] = gx * s;
                    g[k++] = gy * s;
                }
            }
        }
        return manager.create(g, new Shape(batch, ys.length, xs.length, 2));
    }

    private double[] homographies(int batch) {
        double[] m = new double[batch * 9];
        for (int b = 0; b < batch; b++) {
            double[] h = {1 + 0.1 * random.nextGaussian(), 0.2 * random.nextGaussian(), 0.1 * random.nextGaussian(),
                0.2 * random.nextGaussian(), 1 + 0.1 * random.nextGaussian(), 0.1 * random.nextGaussian(),
                0.1 * random.nextGaussian(), 0.1 * random.nextGaussian(), 1};
            System.arraycopy(h, 0, m, b * 9, 9);
        }
        // the last one's Z = 1.2 x crosses 0 at x = 0, inside the output: the guarded branch is taken there
        int last = (batch - 1) * 9;
        m[last + 6] = 1.2;
        m[last + 7] = 0;
        m[last + 8] = 0;
        return m;
    }

    @Test
    void equalsGridSampleThroughTheHostGrid() {
        int batch = 6;
        // 256 x 256 float64 RGB: about 3.1 MiB per image, one image per 4 MiB chunk, so six chunks
        NDArray x = rand(DataType.FLOAT64, batch, 3, 256, 256);
        double[] m = homographies(batch);
        NDArray hm = manager.create(m, new Shape(batch, 3, 3));
        double[] xs = axis(200);
        double[] ys = axis(150);
        NDArray grid = hostGrid(m, batch, xs, ys, 1e-8);
        for (Interpolation mode : Interpolation.values()) {
            for (GridPadding padding : GridPadding.values()) {
                NDArray expected = Sampling.gridSample(x, grid, mode, padding, true);
                NDArray actual = Sampling.gridSampleProjective(x, hm, xs, ys, mode, padding, true, 1e-8);
                assertEquals(new Shape(batch, 3, 150, 200), actual.getShape());
                assertClose(expected, actual, 1e-10);
            }
        }
        NDArray f = x.toType(DataType.FLOAT32, false);
        NDArray expected = Sampling.gridSample(f, grid, Interpolation.BILINEAR, GridPadding.ZEROS, false);
        NDArray actual = Sampling.gridSampleProjective(f, hm, xs, ys, Interpolation.BILINEAR, GridPadding.ZEROS,
                false, 1e-8);
        assertEquals(DataType.FLOAT32, actual.getDataType());
        assertClose(expected, actual, 1e-4);
        assertPerItem(actual, f, y -> Sampling.gridSampleProjective(y, hm.get("5:6"), xs, ys, Interpolation.BILINEAR,
                GridPadding.ZEROS, false, 1e-8), Double.POSITIVE_INFINITY);
        assertClose(actual.get("5:6"), Sampling.gridSampleProjective(f.get("5:6"), hm.get("5:6"), xs, ys,
                Interpolation.BILINEAR, GridPadding.ZEROS, false, 1e-8), 0);
    }

    @Test
    void gradientsReachTheImagesAndTheHomographies() {
        NDArray x = rand(DataType.FLOAT64, 2, 1, 5, 6);
        // axes and homographies that keep every sample inside the image, off pixel centres and away from Z = 0:
        // bilinear sampling is smooth there, so finite differences see the same slopes as backward
        double[] xs = {-0.53, -0.1, 0.27, 0.61};
        double[] ys = {-0.47, 0.13, 0.55};
        NDArray smooth = manager.create(new double[] {1.1, 0.1, 0.05, -0.1, 0.9, 0.02, 0.05, -0.03, 1,
            0.95, -0.05, 0.0, 0.08, 1.05, -0.04, -0.02, 0.04, 1}, new Shape(2, 3, 3));
        GradientCheck.check(y -> Sampling.gridSampleProjective(y, smooth, xs, ys, Interpolation.BILINEAR,
                GridPadding.BORDER, true, 1e-8), x, GradientCheck.Options.defaults()).assertPassed("images");
        GradientCheck.check(h -> Sampling.gridSampleProjective(x, h, xs, ys, Interpolation.BILINEAR,
                GridPadding.BORDER, true, 1e-8), smooth, GradientCheck.Options.defaults()).assertPassed("homographies");
    }

    @Test
    void badInputIsRejectedWithTheOpsName() {
        NDArray x = rand(DataType.FLOAT64, 2, 1, 5, 6);
        NDArray hm = manager.create(homographies(2), new Shape(2, 3, 3));
        double[] a = axis(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sampling.gridSampleProjective(
                x, hm.get("0:1"), a, a, Interpolation.BILINEAR, GridPadding.ZEROS, true, 1e-8));
        assertTrue(e.getMessage().startsWith("grid_sample_projective: expected homographies of batch 2"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sampling.gridSampleProjective(x, hm, new double[0], a,
                Interpolation.BILINEAR, GridPadding.ZEROS, true, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> Sampling.gridSampleProjective(x, hm, a, a,
                Interpolation.BILINEAR, GridPadding.ZEROS, true, 0));
        assertThrows(IllegalArgumentException.class, () -> Sampling.gridSampleProjective(x, hm.reshape(2, 9), a, a,
                Interpolation.BILINEAR, GridPadding.ZEROS, true, 1e-8));
    }
}
