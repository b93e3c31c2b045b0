package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static dev.diffvision.ops.enhance.EnhanceFixtures.assertKorniaCasePasses;
import static dev.diffvision.ops.enhance.EnhanceFixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Normalize} and {@link Core}: Kornia's vector and literals, a NumPy closed form, gradients, bad input. */
class NormalizeTest extends OpTestBase {

    @Test
    void kornia_vector_passes() {
        assertKorniaCasePasses("normalize");
    }

    @Test
    void per_image_statistics_match_kornia_literal() {
        // tests/enhance/test_normalize.py::test_batch_normalize / test_batch_denormalize
        NDArray data = manager.full(new Shape(2, 3, 1, 1), 3f);
        NDArray mean = manager.create(new float[] {0.5f, 1, 2, 0.5f, 1, 2}, new Shape(2, 3));
        NDArray std = manager.full(new Shape(2, 3), 2f);
        NDArray expected = manager.create(new float[] {1.25f, 1, 0.5f, 1.25f, 1, 0.5f}, new Shape(2, 3, 1, 1));
        assertClose(expected, Normalize.normalize(data, mean, std), 1e-6);
        NDArray denorm = manager.create(new float[] {6.5f, 7, 8, 6.5f, 7, 8}, new Shape(2, 3, 1, 1));
        assertClose(denorm, Normalize.denormalize(data, mean, std), 1e-6);
        assertClose(data, Normalize.denormalize(Normalize.normalize(data, mean, std), mean, std), 1e-6);
    }

    @Test
    void min_max_matches_numpy_closed_form() {
        NDArray rgb = load(manager, "rgb", DataType.FLOAT64);
        // (0.9 - 0.2) * (x - min) / (max - min + 1e-6) + 0.2 per channel, NumPy float64 stored as float32
        assertClose(load(manager, "min_max_0.2_0.9", DataType.FLOAT64), Normalize.normalizeMinMax(rgb, 0.2, 0.9, 1e-6),
                1e-7);
        assertClose(load(manager, "min_max_0.2_0.9", DataType.FLOAT64).expandDims(0),
                Normalize.normalizeMinMax(rgb.expandDims(0), 0.2, 0.9, 1e-6), 1e-7);
    }

    @Test
    void add_weighted_is_the_weighted_sum() {
        NDArray a = rand(DataType.FLOAT32, 2, 3, 4, 5);
        NDArray b = rand(DataType.FLOAT32, 3, 4, 5);
        NDArray out = Core.addWeighted(a, 0.7, b, 0.3, 0.1);
        assertClose(a.mul(0.7).add(b.expandDims(0).mul(0.3)).add(0.1), out, 1e-6);
        assertClose(Core.addWeighted(a.get(1), 0.7, b, 0.3, 0.1), out.get(1), 1e-6);
    }

    @Test
    void gradients_flow_to_images_and_statistics_shapes() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 4, 5);
        NDArray mean = manager.create(new double[] {0.4, 0.5, 0.6});
        NDArray std = manager.create(new double[] {0.2, 0.3, 0.25});
        GradientCheck.Options o = GradientCheck.Options.defaults();
        GradientCheck.check(v -> Normalize.normalize(v, mean, std), x, o).assertPassed("normalize");
        GradientCheck.check(v -> Normalize.denormalize(v, mean, std), x, o).assertPassed("denormalize");
        GradientCheck.check(v -> Normalize.normalizeMinMax(v, -1, 1, 1e-6), x, o).assertPassed("normalize_min_max");
        NDArray other = rand(DataType.FLOAT64, 2, 3, 4, 5);
        GradientCheck.check(v -> Core.addWeighted(other, 0.5, v, 0.25, 0), x, o).assertPassed("add_weighted src2");
    }

    @Test
    void bad_arguments_are_rejected_with_the_op_name() {
        NDArray x = rand(DataType.FLOAT32, 2, 3, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalize.normalize(x, manager.zeros(new Shape(2)), manager.ones(new Shape(3))));
        assertTrue(e.getMessage().startsWith("normalize: expected mean of shape (), (1), (C) or (B, C)"),
                e.getMessage());
        // a zero or NaN statistic turned whole channels into infinities or NaN (Kornia divides regardless)
        e = assertThrows(IllegalArgumentException.class, () -> Normalize.normalize(x, manager.zeros(new Shape(3)),
                manager.create(new float[] {0.2f, 0f, 0.3f})));
        assertEquals("normalize: expected std without zeros (it divides the data), got [0.20000000298023224, 0.0,"
                + " 0.30000001192092896]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Normalize.denormalize(x,
                manager.create(new float[] {0, Float.NaN, 0}), manager.ones(new Shape(3))));
        assertEquals("denormalize: expected finite values in mean, got NaN in (3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Core.addWeighted(x, 0.5, x, Double.NaN, 0));
        assertEquals("add_weighted: expected finite values in beta, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Normalize.normalizeMinMax(x, 0, Double.POSITIVE_INFINITY, 1e-6));
        assertEquals("normalize_min_max: expected finite values in max_val, got Infinity", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Core.addWeighted(x, 1, rand(DataType.FLOAT32, 3, 4, 5), 1, 0));
        assertTrue(e.getMessage().startsWith("add_weighted: expected src2 of shape (2, 3, 4, 4) or (3, 4, 4)"),
                e.getMessage());
    }
}
