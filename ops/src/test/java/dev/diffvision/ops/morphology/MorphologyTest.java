package dev.diffvision.ops.morphology;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The seven morphology ops against OpenCV (tools/gen_filter_refs.py: cv2.dilate / erode / morphologyEx with a
 * 3x3 square and a 3x3 cross on a 32x32 gray crop; OpenCV's default border ignores outside pixels, which is
 * Kornia's geodesic border, so every pixel compares, exactly: max/min select input values), Kornia's
 * conventions (reflected dilation, origin, non-flat element, border modes) on closed forms, and gradients.
 */
class MorphologyTest extends OpTestBase {

    private static final double[][] CROSS = {{0, 1, 0}, {1, 1, 1}, {0, 1, 0}};

    @Test
    void allOpsMatchOpenCvWithSquareAndCrossElements() {
        NDArray gray = References.npy(manager, "filters", "gray");
        OpRegistry registry = OpRegistry.defaults();
        for (String op : List.of("dilation", "erosion", "opening", "closing", "gradient", "top_hat", "bottom_hat")) {
            NDArray square = registry.create(op, Map.of()).apply(gray);
            assertClose(References.npy(manager, "filters", "morph_" + op + "_square"), square, 1e-6);
            NDArray cross = registry.create(op, Map.of("kernel", List.of(List.of(0, 1, 0), List.of(1, 1, 1),
                    List.of(0, 1, 0)))).apply(gray);
            assertClose(References.npy(manager, "filters", "morph_" + op + "_cross"), cross, 1e-6);
        }
    }

    @Test
    void dilationReflectsTheElementAndErosionDoesNot() {
        // impulse at (2, 2); kernel cells (0, 0) and (1, 1) with origin (1, 1)
        double[][] kernel = {{1, 0, 0}, {0, 1, 0}, {0, 0, 0}};
        double[] v = new double[25];
        v[12] = 1;
        NDArray impulse = manager.create(v, new Shape(1, 1, 5, 5));
        NDArray d = BasicOperators.dilation(impulse, kernel, MorphologyOptions.DEFAULTS);
        // offsets b = cell - origin = (-1, -1) and (0, 0); Minkowski max_b f(x - b) is 1 where x = p + b:
        // (1, 1) and (2, 2)
        assertEquals(1f, (float) d.getDouble(0, 0, 1, 1));
        assertEquals(1f, (float) d.getDouble(0, 0, 2, 2));
        assertEquals(2.0, d.sum().getDouble(), 0);
        NDArray e = BasicOperators.erosion(impulse.mul(-1).add(1), kernel, MorphologyOptions.DEFAULTS);
        // erosion min_b g(x + b) of g = 1 - impulse has its hole where x = p - b: (3, 3) and (2, 2)
        assertEquals(0.0, e.getDouble(0, 0, 3, 3), 0);
        assertEquals(0.0, e.getDouble(0, 0, 2, 2), 0);
        assertEquals(23.0, e.sum().getDouble(), 0);
    }

    @Test
    void nonFlatElementOriginAndBorders() {
        NDArray x = rand(DataType.FLOAT64, 1, 1, 4, 5);
        double[][] se = {{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}, {0.7, 0.8, 0.9}};
        NDArray d = BasicOperators.dilation(x, BasicOperators.ones3x3(),
                new MorphologyOptions(se, null, "geodesic", 0));
        // centre pixel (1, 1): max over b of f((1, 1) - b) + se(b), b = cell - origin
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                best = Math.max(best, x.getDouble(0, 0, 1 - (i - 1), 1 - (j - 1)) + se[i][j]);
            }
        }
        assertEquals(best, d.getDouble(0, 0, 1, 1), 1e-12);
        // constant border 2 > every pixel: erosion unaffected inside, dilation of the corner sees 2
        NDArray c = BasicOperators.dilation(x, CROSS, new MorphologyOptions(null, null, "constant", 2));
        assertEquals(2.0, c.getDouble(0, 0, 0, 0), 0);
        // origin (0, 0) for erosion: window is [y, y + 2] x [x, x + 2]
        NDArray o = BasicOperators.erosion(x, BasicOperators.ones3x3(),
                new MorphologyOptions(null, new int[] {0, 0}, "geodesic", 0));
        assertEquals(x.get("0, 0, 0:3, 0:3").min().getDouble(), o.getDouble(0, 0, 0, 0), 0);
        for (String border : List.of("reflect", "replicate", "circular")) {
            NDArray g = BasicOperators.gradient(x, CROSS, MorphologyOptions.DEFAULTS.withBorder(border));
            assertEquals(0, g.lt(0).sum().getLong(), border + ": gradient >= 0");
        }
    }

    @Test
    void gradientsAndBatches() {
        NDArray x = rand(DataType.FLOAT64, 2, 2, 5, 6);
        MorphologyOptions opts = new MorphologyOptions(new double[][] {{0, 0.1, 0}, {0.2, 0, 0.3}, {0, 0.4, 0}},
                null, "geodesic", 0);
        GradientCheck.check(t -> BasicOperators.opening(t, CROSS, opts), x, GradientCheck.Options.defaults())
                .assertPassed("opening non-flat");
        GradientCheck.check(t -> BasicOperators.bottomHat(t, BasicOperators.ones3x3(),
                MorphologyOptions.DEFAULTS.withBorder("replicate")), x, GradientCheck.Options.defaults())
                .assertPassed("bottom_hat replicate");
        NDArray all = BasicOperators.closing(x, CROSS, opts);
        assertClose(BasicOperators.closing(x.get(1), CROSS, opts), all.get(1), 0);
    }

    @Test
    void badArgumentsAreRejected() {
        NDArray x = manager.zeros(new Shape(1, 1, 4, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BasicOperators.dilation(x, new double[][] {{0, 0}}, MorphologyOptions.DEFAULTS));
        assertEquals("dilation: expected kernel with at least one non-zero cell, got none", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BasicOperators.erosion(x, CROSS, MorphologyOptions.DEFAULTS.withBorder("wrap")));
        assertEquals("erosion: expected border_type one of geodesic, constant, reflect, replicate, circular,"
                + " got 'wrap'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BasicOperators.opening(x, CROSS,
                new MorphologyOptions(new double[][] {{1}}, null, "geodesic", 0)));
        assertEquals("opening: expected structuring_element of the kernel's shape (3, 3), got another shape",
                e.getMessage());
        // NaN counted as a member of the neighbourhood; a NaN fill made the border pixels NaN
        e = assertThrows(IllegalArgumentException.class, () -> BasicOperators.dilation(x,
                new double[][] {{1, Double.NaN}}, MorphologyOptions.DEFAULTS));
        assertEquals("dilation: expected finite values in kernel, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BasicOperators.erosion(x, CROSS,
                new MorphologyOptions(null, null, "constant", Double.NaN)));
        assertEquals("erosion: expected a border_value that is not NaN for the constant border, got NaN",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> OpRegistry.defaults().create("top_hat", Map.of("engine", "magic")));
    }
}
