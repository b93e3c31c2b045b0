package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.io.Npy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test inputs for the colour ops: the real-image references written by {@code tools/gen_color_refs.py}
 * (32x32 crops of sample photos with OpenCV / scikit-image outputs) and synthetic pixels away from the
 * degenerate points of the hue formulas.
 */
final class ColorRefs {

    /** The crops the generator writes. */
    static final List<String> IMAGES = List.of("astronaut", "chelsea");

    private ColorRefs() {}

    /**
     * @param manager owns the result
     * @param name a file name under {@code color/} without {@code .npy}, e.g. {@code astronaut_hsv}
     * @return the array as float32
     */
    static NDArray load(NDManager manager, String name) {
        try (InputStream in = ColorRefs.class.getResourceAsStream("/color/" + name + ".npy")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource color/" + name + ".npy");
            }
            return Npy.read(in).toNDArray(manager).toType(DataType.FLOAT32, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * RGB pixels whose three channels differ pairwise by at least {@code gap} (so the maximum is unique and
     * the hue is away from its wrap-around), values in [0.05, 0.95].
     *
     * @param manager owns the result
     * @param random the test's seeded RNG
     * @param gap the smallest difference between two channels of a pixel
     * @param shape {@code (B, 3, H, W)}
     * @return float64 tensor
     */
    static NDArray distinctChannels(NDManager manager, Random random, double gap, long... shape) {
        int planes = Math.toIntExact(shape[0]);
        int pixels = Math.toIntExact(shape[2] * shape[3]);
        double[] v = new double[planes * 3 * pixels];
        for (int b = 0; b < planes; b++) {
            for (int p = 0; p < pixels; p++) {
                double r;
                double g;
                double bl;
                do {
                    r = 0.05 + 0.9 * random.nextDouble();
                    g = 0.05 + 0.9 * random.nextDouble();
                    bl = 0.05 + 0.9 * random.nextDouble();
                } while (Math.abs(r - g) < gap || Math.abs(g - bl) < gap || Math.abs(r - bl) < gap);
                v[(b * 3) * pixels + p] = r;
                v[(b * 3 + 1) * pixels + p] = g;
                v[(b * 3 + 2) * pixels + p] = bl;
            }
        }
        return manager.create(v, new Shape(shape));
    }

    /**
     * Asserts that two hue planes agree modulo 2pi.
     *
     * @param expected hue in radians
     * @param actual hue in radians
     * @param atol tolerance on the circular difference
     */
    static void assertHueClose(NDArray expected, NDArray actual, double atol) {
        assertEquals(expected.getShape(), actual.getShape(), "shape");
        double[] e = expected.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] a = actual.toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(e[i] - a[i]) % (2 * Math.PI);
            double circular = Math.min(d, 2 * Math.PI - d);
            assertTrue(circular <= atol, "hue at " + i + ": expected " + e[i] + ", got " + a[i]);
        }
    }
}
