package dev.diffvision.ops.geometry.linalg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.geometry.conversions.Conversions;

/**
 * {@code kornia.geometry.linalg}: rigid transformations {@code (B, 4, 4)} (rotation {@code R} in the top-left
 * 3x3 block, translation {@code t} in the last column, last row {@code (0, 0, 0, 1)}), applying projective
 * transforms to points, and distances. Kornia's module is one file, so this class is both its family class and
 * its facade (not to be confused with {@link dev.diffvision.ops.core.Linalg}, the solver kernels).
 *
 * <p>Naming follows Kornia: {@code trans_01} maps frame 1 to frame 0 ({@code x_0 = T_01 x_1}). Inputs float32 or
 * float64 on one device; output in the first input's dtype on its device, owned by its manager; inputs
 * unmodified; differentiable in every tensor input.
 *
 * <pre>{@code
 * NDArray t02 = Linalg.composeTransformations(t01, t12);     // T_01 T_12
 * NDArray p0 = Linalg.transformPoints(t01, p1);               // (B, N, 3)
 * }</pre>
 */
public final class Linalg {

    private Linalg() {}

    /**
     * {@code compose_transformations}: {@code T_02 = T_01 T_12} for rigid transforms, built as
     * {@code R = R_01 R_12}, {@code t = R_01 t_12 + t_01} with the last row set to {@code (0, 0, 0, 1)}.
     *
     * @param trans01 {@code (B, 4, 4)} or {@code (4, 4)}
     * @param trans12 the same shape
     * @return {@code T_02}, the same shape
     * @throws IllegalArgumentException for other shapes, dtypes, or differing shapes
     */
    public static NDArray composeTransformations(NDArray trans01, NDArray trans12) {
        rigid(trans01, "compose_transformations", "trans_01");
        rigid(trans12, "compose_transformations", "trans_12");
        sameShape(trans01, trans12, "compose_transformations", "trans_12");
        return Scoped.run(() -> compose(trans01, trans12), trans01, trans12);
    }

    /**
     * {@code inverse_transformation}: {@code T_21 = T_12^-1 = [R^T, -R^T t; 0, 1]}.
     *
     * @param trans12 {@code (B, 4, 4)} or {@code (4, 4)} rigid transforms
     * @return the inverses, the same shape
     * @throws IllegalArgumentException for another shape or dtype
     */
    public static NDArray inverseTransformation(NDArray trans12) {
        rigid(trans12, "inverse_transformation", "trans_12");
        return Scoped.run(() -> inverse(trans12), trans12);
    }

    /**
     * {@code relative_transformation}: {@code T_12 = T_01^-1 T_02}.
     *
     * @param trans01 {@code (B, 4, 4)} or {@code (4, 4)} rigid transforms
     * @param trans02 the same shape
     * @return {@code T_12}, the same shape
     * @throws IllegalArgumentException for other shapes or dtypes
     */
    public static NDArray relativeTransformation(NDArray trans01, NDArray trans02) {
        rigid(trans01, "relative_transformation", "trans_01");
        rigid(trans02, "relative_transformation", "trans_02");
        sameShape(trans01, trans02, "relative_transformation", "trans_02");
        return Scoped.run(() -> compose(inverse(trans01), trans02), trans01, trans02);
    }

    /**
     * {@code transform_points}: applies projective transforms to points, {@code p_0 = dehom(T_01 hom(p_1))}
     * (Kornia's homogeneous division, eps 1e-8), with Kornia's shape rule: the transforms' batch is the points'
     * first dimension, or 1 for one transform applied to all. Points {@code (B, N, D)} or {@code (B, *, N, D)}
     * (e.g. a grid {@code (B, H, W, D)}, every point of element {@code b} moved by {@code trans_01[b]});
     * {@code (N, D)} points take a {@code (1, D+1, D+1)} transform. A transform batch that differs from the points'
     * and is not 1 is rejected (e.g. points {@code (1, N, 2)} against {@code (B, 3, 3)}, B > 1), as is an unbatched
     * {@code (D+1, D+1)} matrix.
     *
     * @param trans01 {@code (B, D+1, D+1)} or {@code (1, D+1, D+1)}
     * @param points1 {@code (B, *, N, D)}, or {@code (N, D)} with a batch-1 transform
     * @return transformed points, the shape of {@code points1}
     * @throws IllegalArgumentException for incompatible shapes or dtypes, or empty points
     */
    public static NDArray transformPoints(NDArray trans01, NDArray points1) {
        String op = "transform_points";
        Checks.notNull(trans01, op, "trans_01");
        Checks.notNull(points1, op, "points_1");
        Shape ps = points1.getShape();
        Shape ts = trans01.getShape();
        int pr = ps.dimension();
        if (pr < 2 || ps.size() == 0) {
            throw new IllegalArgumentException(op + ": expected points_1 of shape (B, *, N, D) or (N, D) with no"
                    + " zero-sized dimension, got " + Checks.describe(ps));
        }
        long d = ps.get(pr - 1);
        long pointsBatch = pr == 2 ? 1 : ps.get(0);
        if (ts.dimension() != 3 || ts.get(1) != d + 1 || ts.get(2) != d + 1
                || (ts.get(0) != pointsBatch && ts.get(0) != 1)) {
            throw new IllegalArgumentException(op + ": expected trans_01 of shape (" + pointsBatch + ", " + (d + 1)
                    + ", " + (d + 1) + ") or (1, " + (d + 1) + ", " + (d + 1) + ") for points_1 "
                    + Checks.describe(ps) + ", got " + Checks.describe(ts));
        }
        Checks.floating(points1, op, "points_1");
        Checks.floating(trans01, op, "trans_01");
        Checks.sameDevice(points1, trans01, op, "trans_01");
        return Scoped.run(() -> transform(trans01, points1), points1, trans01);
    }

    /**
     * {@code point_line_distance}: {@code |a x + b y + c| / (sqrt(a^2 + b^2) + eps)} for lines
     * {@code a x + b y + c = 0}; points may be homogeneous (only x and y are used).
     *
     * @param point {@code (*, 2)} or {@code (*, 3)}
     * @param line {@code (*, 3)}, broadcastable with {@code point}'s leading dimensions
     * @param eps added to the denominator (Kornia's default 1e-9)
     * @return {@code (*)} distances
     * @throws IllegalArgumentException for other shapes or dtypes
     */
    public static NDArray pointLineDistance(NDArray point, NDArray line, double eps) {
        String op = "point_line_distance";
        Checks.notNull(point, op, "point");
        long pd = point.getShape().dimension() == 0 ? 0 : point.getShape().get(point.getShape().dimension() - 1);
        if (pd != 2 && pd != 3) {
            throw new IllegalArgumentException(op + ": expected point of shape (*, 2) or (*, 3), got "
                    + Checks.describe(point.getShape()));
        }
        Conversions.lastDim(line, 3, op, "line");
        Checks.floating(point, op, "point");
        Checks.sameDevice(point, line, op, "line");
        return Scoped.run(() -> {
            NDArray a = line.get("..., 0");
            NDArray b = line.get("..., 1");
            NDArray num = a.mul(point.get("..., 0")).add(b.mul(point.get("..., 1"))).add(line.get("..., 2")).abs();
            return num.div(a.square().add(b.square()).sqrt().add(eps));
        }, point, line);
    }

    /**
     * {@code squared_norm}: {@code sum(x^2)} over the last dimension.
     *
     * @param x {@code (*, D)}
     * @param keepdim keep the last dimension with size 1
     * @return {@code (*)} or {@code (*, 1)}
     * @throws IllegalArgumentException for a scalar or a non-floating dtype
     */
    public static NDArray squaredNorm(NDArray x, boolean keepdim) {
        vectors(x, "squared_norm", "x");
        return Scoped.run(() -> x.square().sum(new int[] {-1}, keepdim), x);
    }

    /**
     * {@code euclidean_distance}: {@code sqrt(|x - y|^2 + eps)} over the last dimension (eps keeps the gradient
     * finite at {@code x = y}).
     *
     * @param x {@code (*, D)}
     * @param y {@code x}'s shape
     * @param keepdim keep the last dimension with size 1
     * @param eps added under the root (Kornia's default 1e-6)
     * @return {@code (*)} or {@code (*, 1)}
     * @throws IllegalArgumentException for a scalar, non-floating dtypes or differing shapes
     */
    public static NDArray euclideanDistance(NDArray x, NDArray y, boolean keepdim, double eps) {
        vectors(x, "euclidean_distance", "x");
        vectors(y, "euclidean_distance", "y");
        sameShape(x, y, "euclidean_distance", "y");
        return Scoped.run(() -> x.sub(y).square().sum(new int[] {-1}, keepdim).add(eps).sqrt(), x, y);
    }

    /**
     * {@link #transformPoints} without checks or scope, for other ops' bodies.
     *
     * @param trans01 {@code (B, D+1, D+1)} or {@code (D+1, D+1)}
     * @param points1 {@code (*, N, D)}
     * @return {@code (*, N, D)}
     */
    public static NDArray transform(NDArray trans01, NDArray points1) {
        Shape ps = points1.getShape();
        long d = ps.get(ps.dimension() - 1);
        NDArray t = trans01.getShape().dimension() == 2 ? trans01.expandDims(0) : trans01;
        NDArray flat = points1.reshape(t.getShape().get(0), -1, d);
        NDArray moved = Conversions.appendOnes(flat).matMul(t.transpose(0, 2, 1));
        return Conversions.fromHomogeneous(moved, Conversions.POINTS_EPS).reshape(ps);
    }

    /**
     * {@link #transform} for one point set per matrix, where a single point set may serve every matrix (a
     * sampling grid, or the matches that many RANSAC hypotheses are scored on). No checks or scope, for other
     * ops' bodies.
     *
     * @param trans01 {@code (B, D+1, D+1)}
     * @param points1 {@code (B, N, D)} or {@code (1, N, D)}
     * @return {@code (B, N, D)}
     */
    public static NDArray transformEach(NDArray trans01, NDArray points1) {
        long batch = trans01.getShape().get(0);
        return transform(trans01, points1.getShape().get(0) == batch ? points1 : points1.repeat(0, batch));
    }

    private static NDArray compose(NDArray t01, NDArray t12) {
        NDArray r01 = t01.get("..., :3, :3");
        NDArray r = r01.matMul(t12.get("..., :3, :3"));
        NDArray t = r01.matMul(t12.get("..., :3, 3:")).add(t01.get("..., :3, 3:"));
        return assemble(r, t);
    }

    private static NDArray inverse(NDArray t12) {
        int rank = t12.getShape().dimension();
        NDArray rt = rank == 2 ? t12.get(":3, :3").transpose() : t12.get(":, :3, :3").transpose(0, 2, 1);
        return assemble(rt, rt.matMul(t12.get("..., :3, 3:")).neg());
    }

    /** {@code [R, t; 0 0 0 1]} from {@code (*, 3, 3)} and {@code (*, 3, 1)}. */
    private static NDArray assemble(NDArray r, NDArray t) {
        Shape rs = r.getShape();
        long[] rowShape = rs.getShape().clone();
        rowShape[rowShape.length - 2] = 1;
        rowShape[rowShape.length - 1] = 4;
        NDArray row = r.getManager().zeros(new Shape(rowShape), r.getDataType(), r.getDevice());
        row.set(new ai.djl.ndarray.index.NDIndex("..., 3"), 1);
        return r.concat(t, -1).concat(row, -2);
    }

    private static void rigid(NDArray t, String op, String argument) {
        Checks.notNull(t, op, argument);
        Shape s = t.getShape();
        int r = s.dimension();
        if ((r != 2 && r != 3) || s.get(r - 1) != 4 || s.get(r - 2) != 4) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape (B, 4, 4) or (4, 4), got "
                    + Checks.describe(s));
        }
        Checks.floating(t, op, argument);
    }

    private static void vectors(NDArray x, String op, String argument) {
        Checks.notNull(x, op, argument);
        if (x.getShape().dimension() < 1) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape (*, D), got ()");
        }
        Checks.floating(x, op, argument);
    }

    private static void sameShape(NDArray a, NDArray b, String op, String argument) {
        if (!a.getShape().equals(b.getShape())) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape "
                    + Checks.describe(a.getShape()) + ", got " + Checks.describe(b.getShape()));
        }
        Checks.sameDevice(a, b, op, argument);
    }
}
