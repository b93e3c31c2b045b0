package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ImgWarp#remap} and {@link ImgWarp#warpGrid} against closed forms (align_corners=true): the identity
 * pixel map reproduces the image; maps built from {@code M^-1} applied to the output pixel grid equal
 * {@code warp_affine(M)}; warp_grid by the identity returns its grid and by a translation shifts it. Float64
 * gradients with respect to the maps.
 */
class RemapTest extends OpTestBase {

    @Test
    void pixelMapsReproduceWarpAffine() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 6, 7);
        NDArray ys = manager.arange(6f).toType(DataType.FLOAT64, false).reshape(1, 6, 1).broadcast(new Shape(1, 6, 7));
        NDArray xs = manager.arange(7f).toType(DataType.FLOAT64, false).reshape(1, 1, 7).broadcast(new Shape(1, 6, 7));
        assertClose(x, ImgWarp.remap(x, xs, ys, WarpOptions.defaults(), false), 1e-12);

        // M = [[0.9, -0.2, 1.3], [0.3, 1.1, -0.6]]; the source of output (u, v) is M^-1 (u, v, 1)
        NDArray m = manager.create(new double[] {0.9, -0.2, 1.3, 0.3, 1.1, -0.6}, new Shape(1, 2, 3));
        NDArray inv = ImgWarp.invertAffineTransform(m);
        double[] a = inv.toDoubleArray();
        NDArray mapX = xs.mul(a[0]).add(ys.mul(a[1])).add(a[2]);
        NDArray mapY = xs.mul(a[3]).add(ys.mul(a[4])).add(a[5]);
        assertClose(ImgWarp.warpAffine(x, m, new int[] {6, 7}, WarpOptions.defaults()),
                ImgWarp.remap(x, mapX, mapY, WarpOptions.defaults(), false), 1e-10);
        GradientCheck.check(mx -> ImgWarp.remap(x.get("0:1"), mx, mapY, WarpOptions.defaults(), false), mapX,
                GradientCheck.Options.defaults()).assertPassed("remap d/dmap_x");
    }

    @Test
    void warpGridAppliesTheHomography() {
        NDArray grid = rand(DataType.FLOAT64, 1, 3, 4, 2).mul(2).sub(1);
        NDArray identity = manager.eye(3).toType(DataType.FLOAT64, false).expandDims(0);
        assertClose(grid, ImgWarp.warpGrid(grid, identity), 1e-7);
        NDArray shift = manager.create(new double[] {1, 0, 0.5, 0, 1, -0.25, 0, 0, 1}, new Shape(1, 3, 3));
        NDArray expected = grid.add(manager.create(new double[] {0.5, -0.25}).reshape(1, 1, 1, 2));
        NDArray both = ImgWarp.warpGrid(grid, identity.concat(shift, 0));
        assertClose(expected, both.get("1:2"), 1e-7);
        NDArray h = manager.create(new double[] {0.95, 0.12, 0.1, -0.08, 1.05, -0.2, 0.1, -0.2, 1}, new Shape(1, 3, 3));
        GradientCheck.check(m -> ImgWarp.warpGrid(grid, m), h, GradientCheck.Options.defaults())
                .assertPassed("warp_grid d/dH");
    }

    @Test
    void badMapsAreRejected() {
        NDArray x = rand(DataType.FLOAT32, 2, 1, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImgWarp.remap(x,
                manager.zeros(new Shape(1, 3, 3)), manager.zeros(new Shape(1, 3, 4)), WarpOptions.defaults(), false));
        assertTrue(e.getMessage().startsWith("remap: expected map_y of map_x's shape (1, 3, 3), got (1, 3, 4)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ImgWarp.warpGrid(manager.zeros(new Shape(2, 3, 3, 2)),
                manager.eye(3).expandDims(0)));
        assertTrue(e.getMessage().startsWith("warp_grid: expected grid of shape (1, H, W, 2)"), e.getMessage());
    }
}
