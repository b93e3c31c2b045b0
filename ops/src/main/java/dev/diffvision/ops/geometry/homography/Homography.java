package dev.diffvision.ops.geometry.homography;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Linalg;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Names;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.geometry.epipolar.Essential;
import dev.diffvision.ops.geometry.epipolar.Fundamental;

/**
 * Homography estimation and errors: Kornia's {@code kornia/geometry/homography.py} (plus
 * {@code get_perspective_transform} of {@code kornia/geometry/transform/imgwarp.py}, which is the same linear
 * system on four points without normalisation).
 *
 * <p>Conventions: points are pixel {@code (x, y)}; a homography {@code H (B, 3, 3)} maps points1 (source) to points2
 * (destination), {@code p2 ~ H p1}. Estimation runs in float64 inside (float32 inputs are promoted, results cast
 * back to points1's dtype). Results belong to the first input's manager; inputs are not modified. Everything is
 * differentiable except {@link #sampleIsValidForHomography}.
 *
 * <p>References: [1] R. Hartley, A. Zisserman, "Multiple View Geometry", 2nd ed., 4.1 (DLT), 4.4 (normalisation),
 * 4.2.2 (transfer errors).
 *
 * <pre>{@code
 * NDArray h = Homography.findHomographyDlt(points1, points2, null, Homography.Solver.SVD);  // (B, 3, 3)
 * NDArray err = Homography.onewayTransferError(points1, points2, h, true, 1e-8);             // (B, N)
 * }</pre>
 */
public final class Homography {

    private static final double EPS = 1e-8;

    private Homography() {}

    /** How {@link #findHomographyDlt} solves the DLT system, Kornia's {@code solver}. */
    public enum Solver {
        /** Normal equations of the 8-unknown system ({@code H[2, 2] = 1}) solved by LU: Kornia's default. */
        LU,
        /**
         * Least-squares null vector of the 9-unknown system (Kornia: by SVD of {@code A^T W A}; here its smallest
         * eigenvector, the same vector); never throws, also for degenerate samples.
         */
        SVD;

        /**
         * Parses Kornia's spelling.
         *
         * @param name {@code "lu"} or {@code "svd"}
         * @param op the operator's Kornia name, for the message
         * @return the solver
         * @throws IllegalArgumentException for another name
         */
        public static Solver parse(String name, String op) {
            return Names.parse(values(), name, op, "solver");
        }
    }

    /**
     * The normalised, weighted direct linear transform: Kornia's {@code find_homography_dlt}.
     *
     * <p>points1, points2: {@code (B, N, 2)} with {@code N >= 4}; weights: {@code (B, N)} or null (all 1); output:
     * {@code H (B, 3, 3)} with {@code H[2, 2] = 1} mapping points1 to points2 in the weighted least-squares
     * algebraic sense. Both point sets are Hartley-normalised ({@link Fundamental#normalizePoints}); the solution is
     * de-normalised and divided by {@code H[2, 2] + 1e-8}. Gradients flow to both point sets and the weights.
     *
     * @param points1 source points
     * @param points2 destination points
     * @param weights per-correspondence weights, or null
     * @param solver LU (Kornia's default; throws for a singular system) or SVD
     * @return the homographies
     * @throws IllegalArgumentException for wrong shapes or dtypes, fewer than 4 points, a NaN or infinite value, or
     *     (LU) a singular system
     */
    public static NDArray findHomographyDlt(NDArray points1, NDArray points2, NDArray weights, Solver solver) {
        String op = "find_homography_dlt";
        Fundamental.checkPair(op, points1, points2, weights, 4);
        Fundamental.checkFinitePair(op, points1, points2, weights);
        return Scoped.run(() -> dlt(op, points1, points2, weights, solver),
                Fundamental.inputs(points1, points2, weights));
    }

    /**
     * Iteratively re-weighted DLT: Kornia's {@code find_homography_dlt_iterated}. Starts from
     * {@link #findHomographyDlt} with the given weights (LU solver, as Kornia) and re-solves {@code n_iter - 1}
     * times with soft inlier weights {@code exp(-e / (2 soft_inl_th^2))}, where {@code e} is the (non-squared)
     * {@link #symmetricTransferError} of the previous estimate.
     *
     * <p>points1, points2: {@code (B, N, 2)}; weights: {@code (B, N)}; output: {@code (B, 3, 3)}. Differentiable.
     *
     * @param points1 source points
     * @param points2 destination points
     * @param weights initial weights, or null (all 1)
     * @param softInlTh soft inlier threshold in pixels, > 0 (Kornia: 3.0)
     * @param nIter total number of solves, >= 1 (Kornia: 5)
     * @return the homographies
     * @throws IllegalArgumentException for wrong shapes, dtypes or arguments, a NaN or infinite value, or a
     *     singular system
     */
    public static NDArray findHomographyDltIterated(NDArray points1, NDArray points2, NDArray weights,
            double softInlTh, int nIter) {
        String op = "find_homography_dlt_iterated";
        Fundamental.checkPair(op, points1, points2, weights, 4);
        Fundamental.checkFinitePair(op, points1, points2, weights);
        if (!(softInlTh > 0)) {
            throw new IllegalArgumentException(op + ": expected soft_inl_th > 0, got " + softInlTh);
        }
        Checks.atLeast(nIter, 1, op, "n_iter");
        return Scoped.run(() -> {
            NDArray h = dlt(op, points1, points2, weights, Solver.LU);
            for (int i = 1; i < nIter; i++) {
                NDArray errors = symmetric(points1, points2, h, false, EPS);
                // a libtorch-owned constant: DJL's div(Number) leaves a Java buffer in the graph (see Constants)
                NDArray weights2 = errors.mul(Constants.scalar(errors, -1.0 / (2.0 * softInlTh * softInlTh))).exp();
                h = dlt(op, points1, points2, weights2, Solver.LU);
            }
            return h;
        }, Fundamental.inputs(points1, points2, weights));
    }

    /**
     * The perspective transform of four point pairs: Kornia's {@code get_perspective_transform} (solves the
     * 8x8 system exactly, without normalisation, {@code H[2, 2] = 1}).
     *
     * <p>pointsSrc, pointsDst: {@code (B, 4, 2)}; output: {@code (B, 3, 3)} mapping pointsSrc to pointsDst.
     * Differentiable in both.
     *
     * @param pointsSrc source quadrilateral corners
     * @param pointsDst destination corners
     * @return the homographies
     * @throws IllegalArgumentException for wrong shapes or dtypes, a NaN or infinite coordinate, or three collinear
     *     points (singular system)
     */
    public static NDArray getPerspectiveTransform(NDArray pointsSrc, NDArray pointsDst) {
        String op = "get_perspective_transform";
        Checks.shape(pointsSrc, op, "points_src", "B", "4", "2");
        Fundamental.checkPair(op, pointsSrc, pointsDst, null, 4);
        Checks.finite(pointsSrc, op, "points_src");
        Checks.finite(pointsDst, op, "points_dst");
        return Scoped.run(() -> {
            NDList system = inhomogeneousSystem(pointsSrc.toType(DataType.FLOAT64, false),
                    pointsDst.toType(DataType.FLOAT64, false));
            NDArray solution;
            try {
                solution = Linalg.solve(system.get(0), system.get(1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(op + ": expected points in general position (no three "
                        + "collinear), got " + e.getMessage(), e);
            }
            return withUnitCorner(solution).toType(pointsSrc.getDataType(), false);
        }, pointsSrc, pointsDst);
    }

    /**
     * The one-way transfer error {@code ||H p1 - p2||^2}: Kornia's {@code oneway_transfer_error}.
     *
     * <p>pts1, pts2: {@code (B, N, 2)}; h: {@code (B, 3, 3)}; output: {@code (B, N)}, squared distances, or
     * {@code sqrt(d^2 + eps)} when {@code squared} is false. Differentiable in all three.
     *
     * @param pts1 source points
     * @param pts2 destination points
     * @param h homographies
     * @param squared whether to return squared distances (Kornia: true)
     * @param eps added under the square root (Kornia: 1e-8)
     * @return the errors
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray onewayTransferError(NDArray pts1, NDArray pts2, NDArray h, boolean squared, double eps) {
        checkErrorArgs("oneway_transfer_error", pts1, pts2, h);
        return Scoped.run(() -> oneway(pts1, pts2, h, squared, eps), pts1, pts2, h);
    }

    /**
     * The symmetric transfer error {@code ||H p1 - p2||^2 + ||H^-1 p2 - p1||^2}: Kornia's
     * {@code symmetric_transfer_error}. Where {@code H} is singular (or not finite) the error is the dtype's largest
     * finite value (as Kornia's {@code safe_inverse_with_mask}).
     *
     * <p>pts1, pts2: {@code (B, N, 2)}; h: {@code (B, 3, 3)}; output: {@code (B, N)}. Differentiable.
     *
     * @param pts1 source points
     * @param pts2 destination points
     * @param h homographies
     * @param squared whether to return squared distances (Kornia: true)
     * @param eps added under the square root (Kornia: 1e-8)
     * @return the errors
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray symmetricTransferError(NDArray pts1, NDArray pts2, NDArray h, boolean squared,
            double eps) {
        checkErrorArgs("symmetric_transfer_error", pts1, pts2, h);
        return Scoped.run(() -> symmetric(pts1, pts2, h, squared, eps), pts1, pts2, h);
    }

    /**
     * Whether minimal samples can define a homography: Kornia's {@code sample_is_valid_for_homography}. A sample is
     * valid when each of its four point triples has the same orientation (sign of the determinant of the
     * homogeneous triple) in both images, i.e. the mapping does not fold the quadrilateral.
     *
     * <p>points1, points2: {@code (B, 4, 2)}; output: boolean {@code (B)}. Not differentiable.
     *
     * @param points1 source samples
     * @param points2 destination samples
     * @return the validity mask
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray sampleIsValidForHomography(NDArray points1, NDArray points2) {
        String op = "sample_is_valid_for_homography";
        Checks.shape(points1, op, "points1", "B", "4", "2");
        Fundamental.checkPair(op, points1, points2, null, 4);
        return Scoped.run(() -> orientations(points1).eq(orientations(points2)).toType(DataType.INT32, false)
                .sum(new int[] {1}).eq(4), points1, points2);
    }

    /** The signs of the determinants of the triples (0,1,2), (0,1,3), (0,2,3), (1,2,3): boolean (B, 4). */
    private static NDArray orientations(NDArray points) {
        int[][] triples = {{0, 1, 2}, {0, 1, 3}, {0, 2, 3}, {1, 2, 3}};
        NDList signs = new NDList(4);
        for (int[] t : triples) {
            NDArray a = points.get(":, " + t[0]);
            NDArray b = points.get(":, " + t[1]).sub(a);
            NDArray c = points.get(":, " + t[2]).sub(a);
            // det of the homogeneous triple [[x0 y0 1], [x1 y1 1], [x2 y2 1]] = cross(b - a, c - a)
            NDArray det = b.get(":, 0").mul(c.get(":, 1")).sub(b.get(":, 1").mul(c.get(":, 0")));
            signs.add(det.gt(0));
        }
        return NDArrays.stack(signs, 1);
    }

    private static void checkErrorArgs(String op, NDArray pts1, NDArray pts2, NDArray h) {
        Fundamental.checkPair(op, pts1, pts2, null, 0);
        Checks.shape(h, op, "H", "B", "3", "3");
        Checks.floating(h, op, "H");
        Checks.sameDevice(pts1, h, op, "H");
        long batch = pts1.getShape().get(0);
        if (h.getShape().get(0) != batch) {
            throw new IllegalArgumentException(op + ": expected H of shape (" + batch + ", 3, 3), got "
                    + Checks.describe(h.getShape()));
        }
    }

    static NDArray oneway(NDArray pts1, NDArray pts2, NDArray h, boolean squared, double eps) {
        NDArray squaredError = dev.diffvision.ops.geometry.linalg.Linalg.transformEach(h, pts1).sub(pts2).square().sum(new int[] {-1});
        return squared ? squaredError : squaredError.add(eps).sqrt();
    }

    static NDArray symmetric(NDArray pts1, NDArray pts2, NDArray h, boolean squared, double eps) {
        // Kornia's safe_inverse_with_mask: singular (zero-determinant) matrices are flagged, not inverted; so are
        // non-finite ones (a NaN or infinite determinant), which LU may report as singular for the whole batch
        NDArray h64 = h.toType(DataType.FLOAT64, false);
        NDArray det = Essential.det3(h64);
        NDArray size = det.abs();
        NDArray good = size.gt(1e-300).logicalAnd(size.lt(Double.POSITIVE_INFINITY));
        NDArray safe = NDArrays.where(good.reshape(-1, 1, 1).broadcast(h64.getShape()), h64,
                h64.getManager().eye(3, 3, 0, DataType.FLOAT64).broadcast(h64.getShape()));
        NDArray inverse = Linalg.inverse(safe).toType(h.getDataType(), false);
        NDArray total = oneway(pts1, pts2, h, true, eps).add(oneway(pts2, pts1, inverse, true, eps));
        double max = h.getDataType() == DataType.FLOAT64 ? Double.MAX_VALUE : Float.MAX_VALUE;
        NDArray out = NDArrays.where(good.reshape(-1, 1).broadcast(total.getShape()), total,
                total.zerosLike().add(max));
        return squared ? out : out.add(eps).sqrt();
    }

    /**
     * One fused call ({@link Aten#homographyDlt}): the Hartley normalisation of both point sets in planar layout,
     * the weighted normal matrix {@code A^T W A} of the 9-unknown system from the per-problem moments
     * {@code M_k = sum_n w_n q_k p p^T} ({@code p = (x, y, 1)}, {@code q = (1, u, v, u^2 + v^2)}) without forming
     * the {@code 2N x 9} design matrix, the solve and the de-normalisation, in float64; cast back to the points'
     * dtype.
     */
    private static NDArray dlt(String op, NDArray points1, NDArray points2, NDArray weights, Solver solver) {
        NDArray w = weights != null ? weights : points1.getManager().create(new double[0]);
        // LU: the 8-unknown normal equations; SVD: the smallest eigenvector of the symmetric PSD normal matrix,
        // Kornia's smallest right singular vector (eigh's backward stays exact at the zero eigenvalue 4 points give)
        NDArray h = Linalg.singularAsArgument(op, "a sample with invertible normal equations (LU solver)",
                () -> Aten.homographyDlt(points1, points2, w, solver == Solver.SVD, EPS));
        return h.toType(points1.getDataType(), false);
    }

    /**
     * The 8-unknown system {@code A h = b} with {@code h33 = 1}: for each pair, the x-row
     * {@code [x, y, 1, 0, 0, 0, -x X, -y X] h = X} and the y-row {@code [0, 0, 0, x, y, 1, -x Y, -y Y] h = Y}.
     *
     * @return {@code A (B, 2N, 8)} and {@code b (B, 2N, 1)}
     */
    private static NDList inhomogeneousSystem(NDArray src, NDArray dst) {
        NDArray x = src.get("..., 0:1");
        NDArray y = src.get("..., 1:2");
        NDArray u = dst.get("..., 0:1");
        NDArray v = dst.get("..., 1:2");
        NDArray one = x.onesLike();
        NDArray zero = x.zerosLike();
        NDArray rowsX = NDArrays.concat(new NDList(x, y, one, zero, zero, zero, x.mul(u).neg(), y.mul(u).neg()), -1);
        NDArray rowsY = NDArrays.concat(new NDList(zero, zero, zero, x, y, one, x.mul(v).neg(), y.mul(v).neg()), -1);
        return new NDList(NDArrays.concat(new NDList(rowsX, rowsY), 1), NDArrays.concat(new NDList(u, v), 1));
    }

    /** (B, 8, 1) solution to (B, 3, 3) with the last entry 1. */
    private static NDArray withUnitCorner(NDArray solution) {
        NDArray flat = solution.squeeze(-1);
        return NDArrays.concat(new NDList(flat, flat.get(":, 0:1").onesLike()), 1).reshape(-1, 3, 3);
    }
}
