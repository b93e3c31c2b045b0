package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.geometry.linalg.Linalg;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

/**
 * The warps' broadcast sampling grids against the straightforward references they replace: the affine grid
 * against ATen's {@code affine_grid_generator} ({@link Sampling#affineGrid}, both align_corners, sizes down to 1),
 * the perspective grid against {@code transform_points} of Kornia's {@code create_meshgrid} built point by
 * point. Float64, tolerance 1e-12 (the two differ only in summation order); gradients in float64.
 */
class PixelGridTest extends OpTestBase {

    @Test
    void affineGridEqualsAtensAffineGrid() {
        NDArray theta = rand(DataType.FLOAT64, 3, 2, 3).sub(0.5).mul(2);
        for (long[] hw : new long[][] {{5, 7}, {1, 4}, {6, 1}, {1, 1}}) {
            for (boolean align : new boolean[] {true, false}) {
                NDArray expected = Sampling.affineGrid(theta, new Shape(3, 2, hw[0], hw[1]), align);
                assertClose(expected, PixelGrid.affineGrid(theta, hw[0], hw[1], align), 1e-12);
            }
        }
    }

    @Test
    void perspectiveGridEqualsTransformPointsOfTheMeshgrid() {
        NDArray h = rand(DataType.FLOAT64, 2, 3, 3).sub(0.5).mul(0.2).add(manager.eye(3, 3, 0, DataType.FLOAT64));
        for (long[] hw : new long[][] {{5, 7}, {1, 3}}) {
            long rows = hw[0];
            long cols = hw[1];
            double[] mesh = new double[(int) (rows * cols * 2)];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    mesh[(int) (i * cols + j) * 2] = cols == 1 ? -1 : -1 + 2.0 * j / (cols - 1);
                    mesh[(int) (i * cols + j) * 2 + 1] = rows == 1 ? -1 : -1 + 2.0 * i / (rows - 1);
                }
            }
            NDArray points = manager.create(mesh, new Shape(1, rows * cols, 2));
            NDArray expected = Linalg.transformEach(h, points).reshape(2, rows, cols, 2);
            assertClose(expected, PixelGrid.transformGrid(h, rows, cols), 1e-12);
        }
    }

    @Test
    void gridsAreDifferentiableInTheMatrices() {
        GradientCheck.check(t -> PixelGrid.affineGrid(t, 4, 5, false), rand(DataType.FLOAT64, 2, 2, 3),
                GradientCheck.Options.defaults()).assertPassed("affine grid");
        NDArray h = rand(DataType.FLOAT64, 2, 3, 3).mul(0.1).add(manager.eye(3, 3, 0, DataType.FLOAT64));
        GradientCheck.check(t -> PixelGrid.transformGrid(t, 4, 5), h, GradientCheck.Options.defaults())
                .assertPassed("perspective grid");
    }
}
