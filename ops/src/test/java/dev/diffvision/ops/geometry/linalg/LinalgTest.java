package dev.diffvision.ops.geometry.linalg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.geometry.conversions.Conversions;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Linalg} against closed forms (matrix products, the point-line distance formula) and round trips, on
 * random rigid transforms built from quaternions (float64, tolerance 1e-12 unless said).
 */
class LinalgTest extends OpTestBase {

    private NDArray rigid(int batch) {
        // from quaternions: orthonormal to rounding (Kornia's Rodrigues is off by ~1e-6)
        NDArray r = Conversions.quaternionToRotationMatrix(rand(DataType.FLOAT64, batch, 4).sub(0.5));
        NDArray t = rand(DataType.FLOAT64, batch, 3, 1).mul(5);
        NDArray row = manager.create(new double[] {0, 0, 0, 1}, new Shape(1, 1, 4)).repeat(0, batch);
        return r.concat(t, 2).concat(row, 1);
    }

    @Test
    void composeInverseAndRelativeAreTheMatrixIdentities() {
        NDArray t01 = rigid(3);
        NDArray t12 = rigid(3);
        assertClose(t01.matMul(t12), Linalg.composeTransformations(t01, t12), 1e-12);
        NDArray inv = Linalg.inverseTransformation(t01);
        assertClose(manager.eye(4).toType(DataType.FLOAT64, false).expandDims(0).repeat(0, 3),
                Linalg.composeTransformations(inv, t01), 1e-12);
        NDArray t02 = t01.matMul(t12);
        assertClose(t12, Linalg.relativeTransformation(t01, t02), 1e-12);
        // unbatched (4, 4) form
        assertClose(inv.get(0), Linalg.inverseTransformation(t01.get(0)), 1e-12);
    }

    @Test
    void transformPointsIsTheHomogeneousProductForBlocksOfPoints() {
        NDArray t = rigid(2);
        NDArray points = rand(DataType.FLOAT64, 2, 3, 4, 3);   // (B, H, W, 3): one transform per batch element
        NDArray moved = Linalg.transformPoints(t, points);
        NDArray expected = points.get(1).reshape(12, 3).matMul(t.get("1, :3, :3").transpose())
                .add(t.get("1, :3, 3"));
        // Kornia divides by w + 1e-8 (w = 1 here): a relative error of 1e-8
        assertClose(expected.reshape(3, 4, 3), moved.get(1), 1e-7);
        // a projective 3x3 on 2-D points divides by w
        NDArray h = manager.create(new double[] {1, 0.1, 2, 0.2, 1, -1, 0.01, 0.02, 1}, new Shape(1, 3, 3));
        NDArray p = manager.create(new double[] {3, 4}, new Shape(1, 1, 2));
        double w = 0.01 * 3 + 0.02 * 4 + 1;
        assertClose(manager.create(new double[] {(3 + 0.4 + 2) / w, (0.6 + 4 - 1) / w}, new Shape(1, 1, 2)),
                Linalg.transformPoints(h, p), 1e-7);
    }

    @Test
    void transformPointsFollowsKorniasBatchRule() {
        // Kornia: trans_01.shape[0] must equal points_1.shape[0] or be 1; a batch-1 transform moves every element
        NDArray t = rigid(1);
        NDArray points = rand(DataType.FLOAT64, 3, 5, 3);
        NDArray moved = Linalg.transformPoints(t, points);
        for (int b = 0; b < 3; b++) {
            assertClose(Linalg.transformPoints(t, points.get(b + ":" + (b + 1))), moved.get(b + ":" + (b + 1)), 0);
        }
        // unbatched (N, D) points with a batch-1 transform keep their rank
        assertClose(moved.get(1), Linalg.transformPoints(t, points.get(1)), 0);
        // points (1, N, 2) against (B, 3, 3), B > 1: Kornia raises (batch sizes differ), so do we
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.transformPoints(manager.zeros(new Shape(2, 3, 3)), manager.zeros(new Shape(1, 5, 2))));
        assertEquals("transform_points: expected trans_01 of shape (1, 3, 3) or (1, 3, 3) for points_1 (1, 5, 2),"
                + " got (2, 3, 3)", e.getMessage());
        // an unbatched (D+1, D+1) matrix: Kornia's documented shape is (B, D+1, D+1)
        e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.transformPoints(manager.zeros(new Shape(3, 3)), manager.zeros(new Shape(1, 5, 2))));
        assertEquals("transform_points: expected trans_01 of shape (1, 3, 3) or (1, 3, 3) for points_1 (1, 5, 2),"
                + " got (3, 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.transformPoints(manager.zeros(new Shape(2, 3, 3)), manager.zeros(new Shape(2, 0, 2))));
        assertEquals("transform_points: expected points_1 of shape (B, *, N, D) or (N, D) with no zero-sized"
                + " dimension, got (2, 0, 2)", e.getMessage());
    }

    @Test
    void distancesFollowTheirFormulas() {
        NDArray point = manager.create(new double[] {1, 2, 3, -1}, new Shape(2, 2));
        NDArray line = manager.create(new double[] {3, 4, -1, 0, 2, 1}, new Shape(2, 3));
        assertClose(manager.create(new double[] {10.0 / 5, 1.0 / 2}), Linalg.pointLineDistance(point, line, 0),
                1e-12);
        NDArray x = rand(DataType.FLOAT64, 4, 3);
        NDArray y = rand(DataType.FLOAT64, 4, 3);
        assertClose(x.square().sum(new int[] {1}, true), Linalg.squaredNorm(x, true), 1e-12);
        assertClose(x.sub(y).norm(new int[] {1}), Linalg.euclideanDistance(x, y, false, 0), 1e-12);
    }

    @Test
    void rejectsBadInputNamingTheOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.transformPoints(manager.zeros(new Shape(3, 3, 3)), manager.zeros(new Shape(2, 5, 2))));
        assertEquals("transform_points: expected trans_01 of shape (2, 3, 3) or (1, 3, 3) for points_1 (2, 5, 2),"
                + " got (3, 3, 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Linalg.inverseTransformation(manager.zeros(new Shape(2, 3, 3))));
        assertEquals("inverse_transformation: expected trans_12 of shape (B, 4, 4) or (4, 4), got (2, 3, 3)",
                e.getMessage());
    }
}
