package dev.diffvision.ops.geometry.epipolar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Linalg;
import dev.diffvision.ops.core.Scoped;

/**
 * Linear triangulation: Kornia's {@code kornia/geometry/epipolar/triangulation.py}.
 *
 * <p>Reference: [1] R. Hartley, A. Zisserman, "Multiple View Geometry", 2nd ed., 12.2 (the DLT method).
 *
 * <pre>{@code
 * NDArray xyz = Triangulation.triangulatePoints(p1, p2, points1, points2);   // (B, N, 3)
 * }</pre>
 */
public final class Triangulation {

    private Triangulation() {}

    /**
     * Triangulates correspondences by the homogeneous DLT: for each pair the 4x4 system
     * {@code A X = [x1 P1_3 - P1_1; y1 P1_3 - P1_2; x2 P2_3 - P2_1; y2 P2_3 - P2_2] X = 0} is solved in the least
     * squares sense (the smallest eigenvector of {@code A^T A}, i.e. Kornia's smallest right singular vector; float64
     * inside) and {@code X} de-homogenised (Kornia's {@code convert_points_from_homogeneous}, eps 1e-8): Kornia's
     * {@code triangulate_points}.
     *
     * <p>p1, p2: projection matrices {@code (B, 3, 4)}; points1, points2: pixel {@code (x, y)} {@code (B, N, 2)};
     * output: {@code (B, N, 3)} in p1's dtype. Differentiable in all four (where the smallest singular value is
     * simple). Results belong to p1's manager; inputs are not modified.
     *
     * @param p1 projection matrices of camera 1
     * @param p2 projection matrices of camera 2
     * @param points1 points in view 1
     * @param points2 corresponding points in view 2
     * @return the 3-D points
     * @throws IllegalArgumentException for wrong shapes or dtypes, or a NaN or infinite value
     */
    public static NDArray triangulatePoints(NDArray p1, NDArray p2, NDArray points1, NDArray points2) {
        String op = "triangulate_points";
        Checks.shape(p1, op, "P1", "B", "3", "4");
        Checks.floating(p1, op, "P1");
        Checks.shape(p2, op, "P2", "B", "3", "4");
        Checks.floating(p2, op, "P2");
        Fundamental.checkPair(op, points1, points2, null, 1);
        long batch = p1.getShape().get(0);
        if (p2.getShape().get(0) != batch || points1.getShape().get(0) != batch) {
            throw new IllegalArgumentException(op + ": expected P1, P2, points1, points2 with the same batch, got "
                    + Checks.describe(p1.getShape()) + ", " + Checks.describe(p2.getShape()) + ", "
                    + Checks.describe(points1.getShape()));
        }
        Checks.sameDevice(p1, p2, op, "P2");
        Checks.sameDevice(p1, points1, op, "points1");
        Checks.finite(p1, op, "P1");
        Checks.finite(p2, op, "P2");
        Fundamental.checkFinitePair(op, points1, points2, null);
        return Scoped.run(() -> {
            NDArray a = NDArrays.stack(new NDList(rows(p1, points1, 0), rows(p1, points1, 1), rows(p2, points2, 0),
                    rows(p2, points2, 1)), 2);
            // the right singular vector of A's smallest singular value = the eigenvector of A^T A's smallest
            // eigenvalue; eigh's backward stays exact where that value is 0 (exact correspondences), where the
            // SVD's backward measurably is not
            NDArray a2 = a.reshape(-1, 4, 4);
            NDArray x = Linalg.eigh(a2.transpose(0, 2, 1).matMul(a2)).eigenvectors().get(":, :, 0")
                    .reshape(batch, -1, 4);
            NDArray w = x.get("..., 3:4");
            NDArray scale = NDArrays.where(w.abs().gt(1e-8), Constants.power(w.add(1e-8), -1), w.onesLike());
            return x.get("..., 0:3").mul(scale).toType(p1.getDataType(), false);
        }, p1, p2, points1, points2);
    }

    /** {@code coordinate * P[2] - P[coordinate index]}: (B, N, 4), float64. */
    private static NDArray rows(NDArray p, NDArray points, int axis) {
        NDArray p64 = p.toType(DataType.FLOAT64, false);
        NDArray c = points.toType(DataType.FLOAT64, false).get("..., " + axis + ":" + (axis + 1));
        return c.mul(p64.get(":, 2:3, :")).sub(p64.get(":, " + axis + ":" + (axis + 1) + ", :"));
    }
}
