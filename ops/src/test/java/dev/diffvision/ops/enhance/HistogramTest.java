package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

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
    void registered_histograms_match_the_closed_form() {
        // Kornia's histogram / histogram2d by name: x (B, N) is the input, x2 and bins are tensor parameters
        double[][] x1 = {{0.05, 0.5, 0.95}, {0.3, 0.31, 0.8}};
        double[][] x2 = {{0.9, 0.2, 0.4}, {0.0, 0.6, 0.65}};
        List<Double> bins = List.of(0.0, 0.5, 1.0);
        double bw = 0.25;
        OpRegistry registry = OpRegistry.defaults();
        NDArray x = manager.create(new double[] {0.05, 0.5, 0.95, 0.3, 0.31, 0.8}, new Shape(2, 3));
        NDArray pdf = registry.create("histogram", Map.of("bins", bins, "bandwidth", bw)).apply(x);
        // x2 as a float64 HostTensor: nested lists would be parsed as float32 values
        NDArray joint = registry.create("histogram2d", Map.of("x2", HostTensor.of(new double[] {0.9, 0.2, 0.4, 0.0,
                0.6, 0.65}, 2, 3), "bins", bins, "bandwidth", bw)).apply(x);
        for (int b = 0; b < 2; b++) {
            double[] row = new double[3];
            double[][] pair = new double[3][3];
            double rowTotal = 0;
            double pairTotal = 0;
            for (int i = 0; i < 3; i++) {
                for (int d = 0; d < 3; d++) {
                    row[i] += gauss(x1[b][d], bins.get(i), bw) / 3;
                    for (int j = 0; j < 3; j++) {
                        pair[i][j] += gauss(x1[b][d], bins.get(i), bw) * gauss(x2[b][d], bins.get(j), bw);
                    }
                }
                rowTotal += row[i];
            }
            for (double[] r : pair) {
                for (double v : r) {
                    pairTotal += v;
                }
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(row[i] / (rowTotal + 1e-10), pdf.getDouble(b, i), 1e-12);
                for (int j = 0; j < 3; j++) {
                    assertEquals(pair[i][j] / (pairTotal + 1e-10), joint.getDouble(b, i, j), 1e-12);
                }
            }
        }
    }

    private static double gauss(double value, double centre, double bandwidth) {
        double r = (value - centre) / bandwidth;
        return Math.exp(-0.5 * r * r);
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
