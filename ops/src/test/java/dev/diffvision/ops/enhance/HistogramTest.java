package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Histogram} against closed forms computed here in double precision, gradients and bad input. */
class HistogramTest extends OpTestBase {

    @Test
    void histogram_is_the_normalised_gaussian_density() {
        NDArray x = rand(DataType.FLOAT64, 2, 7);
        double[] centres = {0.1, 0.4, 0.7, 0.9};
        double bw = 0.2;
        NDArray pdf = Histogram.histogram(x, manager.create(centres), bw, Histogram.DEFAULT_EPS);
        double[] v = x.toDoubleArray();
        for (int b = 0; b < 2; b++) {
            double[] row = new double[centres.length];
            double total = 0;
            for (int k = 0; k < centres.length; k++) {
                for (int d = 0; d < 7; d++) {
                    double r = (v[b * 7 + d] - centres[k]) / bw;
                    row[k] += Math.exp(-0.5 * r * r) / 7;
                }
                total += row[k];
            }
            for (int k = 0; k < centres.length; k++) {
                assertEquals(row[k] / (total + 1e-10), pdf.getDouble(b, k), 1e-12);
            }
        }
        NDArray joint = Histogram.histogram2d(x, x.flip(1), manager.create(centres), bw, Histogram.DEFAULT_EPS);
        assertEquals(new Shape(2, 4, 4), joint.getShape());
        assertClose(manager.ones(new Shape(2)), joint.sum(new int[] {1, 2}), 1e-9);
    }

    @Test
    void triangular_image_histogram_interpolates_between_the_two_nearest_bins() {
        // bins over [0, 1] with 2 bins: centres 0.25 and 0.75, bandwidth 0.5
        NDArray img = manager.create(new double[] {0.25, 0.5, 0.75, 0.6}, new Shape(1, 1, 2, 2));
        NDArray hist = Histogram.imageHistogram2d(img, 0, 1, 2, -1, Histogram.Kernel.TRIANGULAR);
        assertClose(manager.create(new double[] {1 + 0.5 + 0 + 0.3, 0 + 0.5 + 1 + 0.7}, new Shape(1, 1, 2)), hist,
                1e-12);
        // values inside the centres' span contribute exactly 1 in total
        NDArray x = rand(DataType.FLOAT64, 2, 3, 5, 4).mul(0.9).add(0.05);
        NDArray h = Histogram.imageHistogram2d(x, 0, 1, 10, -1, Histogram.Kernel.TRIANGULAR);
        assertClose(manager.full(new Shape(2, 3), 20f).toType(DataType.FLOAT64, false), h.sum(new int[] {2}), 1e-9);
        assertClose(h.get(1), Histogram.imageHistogram2d(x.get(1), 0, 1, 10, -1, Histogram.Kernel.TRIANGULAR), 1e-12);
    }

    @Test
    void gradients() {
        NDArray x = rand(DataType.FLOAT64, 2, 6);
        NDArray centres = manager.create(new double[] {0, 0.3, 0.6, 1});
        GradientCheck.Options o = GradientCheck.Options.defaults();
        GradientCheck.check(v -> Histogram.histogram(v, centres, 0.25, 1e-10), x, o).assertPassed("histogram");
        GradientCheck.check(v -> Histogram.histogram2d(v, v.flip(1), centres, 0.25, 1e-10), x, o)
                .assertPassed("histogram2d");
        NDArray img = rand(DataType.FLOAT64, 1, 2, 3, 4);
        for (Histogram.Kernel k : new Histogram.Kernel[] {Histogram.Kernel.GAUSSIAN, Histogram.Kernel.TRIANGULAR,
            Histogram.Kernel.EPANECHNIKOV}) {
            GradientCheck.check(v -> Histogram.imageHistogram2d(v, 0, 1, 8, -1, k), img, o).assertPassed(k.name());
        }
    }

    @Test
    void bad_arguments_are_rejected_with_the_op_name() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Histogram.histogram(rand(DataType.FLOAT32, 2, 3, 4), manager.ones(new Shape(3)), 0.1, 0));
        assertTrue(e.getMessage().startsWith("histogram: expected x of shape (B, D)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Histogram.imageHistogram2d(rand(DataType.FLOAT32, 1, 4, 4), 1, 0, 4, -1,
                        Histogram.Kernel.UNIFORM));
        assertTrue(e.getMessage().startsWith("image_histogram2d: expected max > min"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Histogram.Kernel.parse("box", "image_histogram2d"));
        assertTrue(e.getMessage().startsWith("image_histogram2d: expected kernel"), e.getMessage());
    }
}
