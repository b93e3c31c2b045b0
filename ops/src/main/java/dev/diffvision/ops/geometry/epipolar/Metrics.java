package dev.diffvision.ops.geometry.epipolar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * Epipolar distances of correspondences under a fundamental matrix: Kornia's
 * {@code kornia/geometry/epipolar/_metrics.py}.
 *
 * <p>pts1, pts2: {@code (B, N, 2)} pixel {@code (x, y)} or {@code (B, N, 3)} homogeneous; fm: {@code (B, 3, 3)} with
 * {@code x2^T F x1 = 0}; outputs: {@code (B, N)} in pts1's dtype. Differentiable in all three (away from points whose
 * epipolar line is degenerate). Results belong to pts1's manager; inputs are not modified.
 *
 * <p>Reference: [1] R. Hartley, A. Zisserman, "Multiple View Geometry", 2nd ed., 11.4.3 (Sampson distance).
 *
 * <pre>{@code
 * NDArray d = Metrics.sampsonEpipolarDistance(pts1, pts2, f, true, 1e-8);   // (B, N), squared pixels
 * }</pre>
 */
public final class Metrics {

    private Metrics() {}

    /**
     * The first-order geometric (Sampson) distance {@code (x2^T F x1)^2 / (|(F x1)_{12}|^2 + |(F^T x2)_{12}|^2)}:
     * Kornia's {@code sampson_epipolar_distance}.
     *
     * @param pts1 points of the first view
     * @param pts2 points of the second view
     * @param fm fundamental matrices
     * @param squared squared distances (Kornia: true), otherwise {@code sqrt(d + eps)}
     * @param eps added under the square root (Kornia: 1e-8)
     * @return {@code (B, N)}
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray sampsonEpipolarDistance(NDArray pts1, NDArray pts2, NDArray fm, boolean squared,
            double eps) {
        check("sampson_epipolar_distance", pts1, pts2, fm);
        return Scoped.run(() -> {
            NDList lines = lines(pts1, pts2, fm);
            NDArray numerator = algebraic(pts2, lines.get(0)).square();
            NDArray out = numerator.div(normSquared(lines.get(0)).add(normSquared(lines.get(1))));
            return squared ? out : out.add(eps).sqrt();
        }, pts1, pts2, fm);
    }

    /**
     * The symmetric epipolar distance {@code (x2^T F x1)^2 (1 / |(F x1)_{12}|^2 + 1 / |(F^T x2)_{12}|^2)}, the sum
     * of both squared point-to-epipolar-line distances: Kornia's {@code symmetrical_epipolar_distance}.
     *
     * @param pts1 points of the first view
     * @param pts2 points of the second view
     * @param fm fundamental matrices
     * @param squared squared distances (Kornia: true), otherwise {@code sqrt(d + eps)}
     * @param eps added under the square root (Kornia: 1e-8)
     * @return {@code (B, N)}
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray symmetricalEpipolarDistance(NDArray pts1, NDArray pts2, NDArray fm, boolean squared,
            double eps) {
        check("symmetrical_epipolar_distance", pts1, pts2, fm);
        return Scoped.run(() -> {
            NDList lines = lines(pts1, pts2, fm);
            NDArray numerator = algebraic(pts2, lines.get(0)).square();
            NDArray out = numerator.mul(Constants.power(normSquared(lines.get(0)), -1)
                    .add(Constants.power(normSquared(lines.get(1)), -1)));
            return squared ? out : out.add(eps).sqrt();
        }, pts1, pts2, fm);
    }

    /**
     * The distance of each pts2 to the epipolar line {@code F x1} of its pts1,
     * {@code |l . x2| / (|l_{12}| + 1e-9)}: Kornia's {@code left_to_right_epipolar_distance} (via
     * {@code point_line_distance}).
     *
     * @param pts1 points of the first view
     * @param pts2 points of the second view
     * @param fm fundamental matrices
     * @return {@code (B, N)}, pixels
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray leftToRightEpipolarDistance(NDArray pts1, NDArray pts2, NDArray fm) {
        check("left_to_right_epipolar_distance", pts1, pts2, fm);
        return Scoped.run(() -> {
            NDArray line = lines(pts1, pts2, fm).get(0);
            NDArray point = pts2.get("..., 0:2");
            NDArray numerator = line.get("..., 0:2").mul(point).sum(new int[] {-1}).add(line.get("..., 2")).abs();
            return numerator.div(normSquared(line).sqrt().add(1e-9));
        }, pts1, pts2, fm);
    }

    /** The epipolar lines {@code F x1} (in view 2) and {@code F^T x2} (in view 1), (B, N, 3) each. */
    private static NDList lines(NDArray pts1, NDArray pts2, NDArray fm) {
        NDArray x1 = homogeneous(pts1);
        NDArray x2 = homogeneous(pts2);
        return new NDList(x1.matMul(fm.transpose(0, 2, 1)), x2.matMul(fm));
    }

    private static NDArray algebraic(NDArray pts2, NDArray line1In2) {
        return homogeneous(pts2).mul(line1In2).sum(new int[] {-1});
    }

    private static NDArray normSquared(NDArray line) {
        return line.get("..., 0:2").square().sum(new int[] {-1});
    }

    private static NDArray homogeneous(NDArray points) {
        if (points.getShape().get(2) == 3) {
            return points;
        }
        NDArray ones = points.get("..., 0:1").onesLike();
        return NDArrays.concat(new NDList(points, ones), -1);
    }

    private static void check(String op, NDArray pts1, NDArray pts2, NDArray fm) {
        Checks.shape(pts1, op, "pts1", "B", "N", "2 or 3");
        Checks.shape(pts2, op, "pts2", "B", "N", "2 or 3");
        Checks.floating(pts1, op, "pts1");
        Checks.floating(pts2, op, "pts2");
        Checks.shape(fm, op, "Fm", "B", "3", "3");
        Checks.floating(fm, op, "Fm");
        Checks.sameDevice(pts1, pts2, op, "pts2");
        Checks.sameDevice(pts1, fm, op, "Fm");
        long last1 = pts1.getShape().get(2);
        long last2 = pts2.getShape().get(2);
        if ((last1 != 2 && last1 != 3) || (last2 != 2 && last2 != 3)
                || !pts1.getShape().slice(0, 2).equals(pts2.getShape().slice(0, 2))
                || fm.getShape().get(0) != pts1.getShape().get(0)) {
            throw new IllegalArgumentException(op + ": expected pts1, pts2 of shape (B, N, 2 or 3) and Fm of shape"
                    + " (B, 3, 3), got " + Checks.describe(pts1.getShape()) + ", "
                    + Checks.describe(pts2.getShape()) + ", " + Checks.describe(fm.getShape()));
        }
    }
}
