package dev.diffvision.ops.geometry.epipolar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Linalg;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * Fundamental matrices: Kornia's {@code kornia/geometry/epipolar/fundamental.py} — Hartley's point
 * normalisation, the normalised, weighted 8-point algorithm and the conversions between fundamental and essential
 * matrices.
 *
 * <p>Conventions: points are pixel {@code (x, y)}; a fundamental matrix {@code F} maps points of the first view to
 * epipolar lines of the second, {@code x2^T F x1 = 0}. Computation runs in float64 inside (float32 inputs are
 * promoted and the results cast back). Results belong to the first input's manager; inputs are not modified.
 *
 * <p>References: [1] R. Hartley, "In defense of the eight-point algorithm", TPAMI 1997. [2] R. Hartley,
 * A. Zisserman, "Multiple View Geometry", 2nd ed., 11.2.
 *
 * <pre>{@code
 * NDArray f = Fundamental.findFundamental(points1, points2, null);   // (B, N, 2) x2 -> (B, 3, 3)
 * }</pre>
 */
public final class Fundamental {

    private static final double EPS = 1e-8;

    private Fundamental() {}

    /**
     * Hartley's normalisation: translates the points' centroid to the origin and scales their mean distance to
     * it to {@code sqrt(2)}: Kornia's {@code normalize_points} (eps = 1e-8).
     *
     * <p>points: {@code (B, N, 2)}; outputs: the normalised points {@code (B, N, 2)} and the transform
     * {@code T (B, 3, 3)} with {@code normalised = T * points} (homogeneous). Differentiable; same dtype.
     *
     * @param points the points, float32/float64
     * @return the normalised points and {@code T}
     * @throws IllegalArgumentException for a wrong shape or dtype
     */
    public static NDList normalizePoints(NDArray points) {
        checkPoints(points, "normalize_points", "points");
        return Scoped.runList(() -> normalized(points), points);
    }

    /**
     * Scales matrices so that their bottom-right entry is 1: Kornia's {@code normalize_transformation}
     * ({@code M / (M[-1, -1] + 1e-8)}).
     *
     * @param m {@code (*, R, C)}
     * @return the scaled matrices, same shape and dtype
     */
    public static NDArray normalizeTransformation(NDArray m) {
        Checks.floating(m, "normalize_transformation", "M");
        if (m.getShape().dimension() < 2) {
            throw new IllegalArgumentException("normalize_transformation: expected M of shape (*, R, C), got "
                    + Checks.describe(m.getShape()));
        }
        return Scoped.run(() -> m.div(m.get("..., -1:, -1:").add(EPS)), m);
    }

    /**
     * The normalised, weighted 8-point algorithm with rank-2 enforcement: Kornia's {@code find_fundamental}
     * (method {@code "8POINT"}, i.e. {@code run_8point}).
     *
     * <p>points1, points2: {@code (B, N, 2)} with {@code N >= 8}; weights: {@code (B, N)} or null (all 1);
     * output: {@code F (B, 3, 3)} with {@code F[2, 2] = 1}, in points1's dtype. The least-squares null vector of
     * the weighted design matrix (the eigenvector of the smallest eigenvalue of {@code X^T W X}, which is Kornia's
     * smallest right singular vector) is found in Hartley-normalised coordinates; the
     * smallest singular value of that estimate is zeroed (rank 2), and the result is de-normalised. Gradients flow
     * to both point sets and the weights (where the singular values are distinct).
     *
     * @param points1 points of the first view
     * @param points2 corresponding points of the second view
     * @param weights per-correspondence weights, or null
     * @return the fundamental matrices
     * @throws IllegalArgumentException for wrong shapes or dtypes, fewer than 8 points, or a NaN or infinite value
     */
    public static NDArray findFundamental(NDArray points1, NDArray points2, NDArray weights) {
        String op = "find_fundamental";
        checkPair(op, points1, points2, weights, 8);
        checkFinitePair(op, points1, points2, weights);
        return Scoped.run(() -> {
            NDArray p1 = points1.toType(DataType.FLOAT64, false);
            NDArray p2 = points2.toType(DataType.FLOAT64, false);
            NDList n1 = normalized(p1);
            NDList n2 = normalized(p2);
            NDArray x1 = n1.get(0).get("..., 0:1");
            NDArray y1 = n1.get(0).get("..., 1:2");
            NDArray x2 = n2.get(0).get("..., 0:1");
            NDArray y2 = n2.get(0).get("..., 1:2");
            NDArray design = NDArrays.concat(new NDList(x2.mul(x1), x2.mul(y1), x2, y2.mul(x1), y2.mul(y1), y2,
                    x1, y1, x1.onesLike()), -1);
            NDArray weighted = weights == null ? design
                    : design.mul(weights.toType(DataType.FLOAT64, false).expandDims(-1));
            NDArray gram = design.transpose(0, 2, 1).matMul(weighted);
            long batch = p1.getShape().get(0);
            // the gram is symmetric PSD: its smallest eigenvector is Kornia's smallest right singular vector, and
            // eigh's backward stays exact at a zero eigenvalue (8 points always give one), where the SVD's is not
            NDArray f = Linalg.eigh(gram).eigenvectors().get(":, :, 0").reshape(batch, 3, 3);
            Linalg.Svd svd = Linalg.svd(f);
            // duplicate(): a libtorch-owned copy; mul saves its operand for backward (see Constants)
            NDArray rank2 = svd.s().mul(p1.getManager().create(new double[] {1, 1, 0}).duplicate());
            NDArray projected = svd.u().mul(rank2.expandDims(1)).matMul(svd.vh());
            NDArray denormalised = n2.get(1).transpose(0, 2, 1).matMul(projected).matMul(n1.get(1));
            return denormalised.div(denormalised.get("..., -1:, -1:").add(EPS))
                    .toType(points1.getDataType(), false);
        }, inputs(points1, points2, weights));
    }

    /**
     * Checks a pair of corresponding point sets {@code (B, N, 2)} and optional weights {@code (B, N)}: the
     * argument check shared by the two-view estimators (this class, {@code geometry.homography}).
     *
     * @param op the operator's Kornia name
     * @param points1 first points
     * @param points2 second points, points1's shape
     * @param weights {@code (B, N)} or null
     * @param minPoints the least {@code N} the estimator needs
     * @throws IllegalArgumentException naming the op on any mismatch
     */
    public static void checkPair(String op, NDArray points1, NDArray points2, NDArray weights, int minPoints) {
        checkPoints(points1, op, "points1");
        checkPoints(points2, op, "points2");
        Shape shape = points1.getShape();
        if (!points2.getShape().equals(shape)) {
            throw new IllegalArgumentException(op + ": expected points2 of points1's shape " + Checks.describe(shape)
                    + ", got " + Checks.describe(points2.getShape()));
        }
        Checks.sameDevice(points1, points2, op, "points2");
        if (shape.get(1) < minPoints) {
            throw new IllegalArgumentException(op + ": expected at least " + minPoints + " points, got "
                    + shape.get(1));
        }
        if (weights != null) {
            Checks.floating(weights, op, "weights");
            if (!weights.getShape().equals(shape.slice(0, 2))) {
                throw new IllegalArgumentException(op + ": expected weights of shape (B, N) = "
                        + Checks.describe(shape.slice(0, 2)) + ", got " + Checks.describe(weights.getShape()));
            }
            Checks.sameDevice(points1, weights, op, "weights");
        }
    }

    /**
     * Checks that a pair of point sets and their optional weights hold no NaN or infinity: the estimators solve one
     * system per problem from all of its points, so a single non-finite value would spread over the whole result
     * (or stop the solver from converging). Copies the values to the host; call after {@link #checkPair}.
     *
     * @param op the operator's Kornia name
     * @param points1 first points
     * @param points2 second points
     * @param weights per-correspondence weights, or null
     * @throws IllegalArgumentException naming the op and the argument, e.g. {@code find_fundamental: expected
     *     finite values in points2, got NaN in (1, 8, 2)}
     */
    public static void checkFinitePair(String op, NDArray points1, NDArray points2, NDArray weights) {
        Checks.finite(points1, op, "points1");
        Checks.finite(points2, op, "points2");
        if (weights != null) {
            Checks.finite(weights, op, "weights");
        }
    }

    /**
     * Checks one point set: {@code (B, N, 2)}, float32/float64.
     *
     * @param points the points
     * @param op the operator's Kornia name
     * @param argument the argument's name
     * @throws IllegalArgumentException naming the op otherwise
     */
    public static void checkPoints(NDArray points, String op, String argument) {
        Checks.shape(points, op, argument, "B", "N", "2");
        Checks.floating(points, op, argument);
    }

    /**
     * The tensors to scope for {@link Scoped#run}: the two required ones and the optional third when present.
     *
     * @param first the op's first tensor (owner of the result)
     * @param second a required tensor
     * @param optional an optional tensor, or null
     * @return the non-null tensors
     */
    public static NDArray[] inputs(NDArray first, NDArray second, NDArray optional) {
        return optional == null ? new NDArray[] {first, second} : new NDArray[] {first, second, optional};
    }

    private static NDList normalized(NDArray points) {
        NDArray mean = points.mean(new int[] {1}, true);
        NDArray centered = points.sub(mean);
        NDArray spread = centered.square().sum(new int[] {-1}).sqrt().mean(new int[] {-1}).add(EPS);
        NDArray scale = Constants.scalar(spread, Math.sqrt(2.0)).div(spread);
        NDArray zeros = scale.zerosLike();
        NDArray ones = scale.onesLike();
        NDArray transform = NDArrays.stack(new NDList(scale, zeros, scale.neg().mul(mean.get(":, 0, 0")),
                zeros, scale, scale.neg().mul(mean.get(":, 0, 1")), zeros, zeros, ones), -1)
                .reshape(points.getShape().get(0), 3, 3);
        return new NDList(centered.mul(scale.reshape(-1, 1, 1)), transform);
    }
}
