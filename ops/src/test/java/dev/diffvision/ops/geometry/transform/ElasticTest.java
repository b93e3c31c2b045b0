package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Elastic#elasticTransform2d} against closed forms: zero noise with align_corners=true is the identity;
 * with a 1 x 1 kernel (no smoothing) the op is remap at {@code clamp(meshgrid + alpha * noise, -1, 1)} in
 * normalised coordinates. Float64 gradients with respect to the noise, through the Gaussian smoothing.
 */
class ElasticTest extends OpTestBase {

    @Test
    void matchesRemapOfTheDisplacedGrid() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 5, 6);
        NDArray zero = manager.zeros(new Shape(2, 2, 5, 6), DataType.FLOAT64);
        WarpOptions aligned = WarpOptions.defaults();
        assertClose(x, Elastic.elasticTransform2d(x, zero, new int[] {3, 3}, new double[] {1, 1},
                new double[] {1, 1}, aligned), 1e-12);

        NDArray noise = rand(DataType.FLOAT64, 2, 2, 5, 6).sub(0.5);
        WarpOptions unaligned = aligned.withAlignCorners(false);
        NDArray out = Elastic.elasticTransform2d(x, noise, new int[] {1, 1}, new double[] {1, 1},
                new double[] {0.4, 0.7}, unaligned);
        NDArray gx = manager.linspace(-1f, 1f, 6).toType(DataType.FLOAT64, false).reshape(1, 1, 6)
                .broadcast(new Shape(2, 5, 6));
        NDArray gy = manager.linspace(-1f, 1f, 5).toType(DataType.FLOAT64, false).reshape(1, 5, 1)
                .broadcast(new Shape(2, 5, 6));
        NDArray mapX = gx.add(noise.get(":, 0").mul(0.4)).clip(-1, 1);
        NDArray mapY = gy.add(noise.get(":, 1").mul(0.7)).clip(-1, 1);
        assertClose(ImgWarp.remap(x, mapX, mapY, unaligned, true), out, 1e-6);
    }

    @Test
    void gradientsFlowToTheNoise() {
        NDArray x = rand(DataType.FLOAT64, 1, 1, 5, 6);
        NDArray noise = rand(DataType.FLOAT64, 1, 2, 5, 6).sub(0.5).mul(0.2);
        GradientCheck.check(n -> Elastic.elasticTransform2d(x, n, new int[] {3, 3}, new double[] {1, 1.5},
                new double[] {1, 1}, WarpOptions.defaults().withAlignCorners(false)), noise,
                GradientCheck.Options.defaults()).assertPassed("elastic_transform2d d/dnoise");
    }

    @Test
    void badNoiseIsRejected() {
        NDArray x = rand(DataType.FLOAT32, 2, 1, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Elastic.elasticTransform2d(x,
                manager.zeros(new Shape(2, 2, 4, 4)), new int[] {3, 3}, new double[] {1, 1}, new double[] {1, 1},
                WarpOptions.defaults()));
        assertTrue(e.getMessage().startsWith("elastic_transform2d: expected noise of shape (B, 2, 4, 5)"),
                e.getMessage());
        // a NaN displacement sampled zeros (or, with border padding, arbitrary pixels) without a word
        NDArray noise = manager.zeros(new Shape(2, 2, 4, 5));
        noise.set(new NDIndex("1, 0, 2, 3"), Float.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> Elastic.elasticTransform2d(x, noise, new int[] {3, 3},
                new double[] {1, 1}, new double[] {1, 1}, WarpOptions.defaults()));
        assertEquals("elastic_transform2d: expected finite values in noise, got NaN in (2, 2, 4, 5)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Elastic.elasticTransform2d(x,
                manager.zeros(new Shape(2, 2, 4, 5)), new int[] {3, 3}, new double[] {1, 1},
                new double[] {Double.NaN, 1}, WarpOptions.defaults()));
        assertEquals("elastic_transform2d: expected finite values in alpha, got NaN", e.getMessage());
    }
}
