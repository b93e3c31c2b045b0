package dev.diffvision.ops.geometry.epipolar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Linalg;
import dev.diffvision.ops.core.Scoped;

/**
 * Essential matrices: Kornia's {@code kornia/geometry/epipolar/essential.py} — conversions from and to
 * fundamental matrices and the four motion hypotheses of an essential matrix.
 *
 * <p>Conventions: camera 1 is {@code [I | 0]}, camera 2 is {@code [R | t]} (world = camera-1 coordinates),
 * {@code E = [t]x R}, {@code F = K2^-T E K1^-1}. Matrices are {@code (B, 3, 3)}; computation runs in float64 inside
 * where an SVD or inverse is involved. Results belong to the first input's manager; inputs are not modified; all
 * functions are differentiable (the SVD where singular values are distinct).
 *
 * <p>Reference: [1] R. Hartley, A. Zisserman, "Multiple View Geometry", 2nd ed., 9.6 (result 9.19).
 *
 * <pre>{@code
 * Essential.Motion m = Essential.motionFromEssential(e);   // 4 (R, t) hypotheses
 * NDArray r0 = m.rotations().get(":, 0");                 // (B, 3, 3)
 * }</pre>
 */
public final class Essential {

    private Essential() {}

    /**
     * The four motion hypotheses of an essential matrix.
     *
     * @param rotations {@code (B, 4, 3, 3)}: {@code R1, R1, R2, R2}
     * @param translations {@code (B, 4, 3, 1)}: {@code t, -t, t, -t} (unit length)
     */
    public record Motion(NDArray rotations, NDArray translations) {}

    /**
     * {@code E = K2^T F K1}: Kornia's {@code essential_from_fundamental}.
     *
     * @param fMat fundamental matrices {@code (B, 3, 3)}
     * @param k1 intrinsics of camera 1 {@code (B, 3, 3)}
     * @param k2 intrinsics of camera 2 {@code (B, 3, 3)}
     * @return {@code (B, 3, 3)}, fMat's dtype
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray essentialFromFundamental(NDArray fMat, NDArray k1, NDArray k2) {
        checkTriple("essential_from_fundamental", "F_mat", fMat, k1, k2);
        return Scoped.run(() -> k2.transpose(0, 2, 1).matMul(fMat).matMul(k1), fMat, k1, k2);
    }

    /**
     * {@code F = K2^-T E K1^-1}: Kornia's {@code fundamental_from_essential}.
     *
     * @param eMat essential matrices {@code (B, 3, 3)}
     * @param k1 intrinsics of camera 1 {@code (B, 3, 3)}, invertible
     * @param k2 intrinsics of camera 2 {@code (B, 3, 3)}, invertible
     * @return {@code (B, 3, 3)}, eMat's dtype
     * @throws IllegalArgumentException for wrong shapes or dtypes, or a singular, NaN or infinite K
     */
    public static NDArray fundamentalFromEssential(NDArray eMat, NDArray k1, NDArray k2) {
        checkTriple("fundamental_from_essential", "E_mat", eMat, k1, k2);
        Checks.finite(k1, "fundamental_from_essential", "K1");
        Checks.finite(k2, "fundamental_from_essential", "K2");
        return Scoped.run(() -> Linalg.inverse(k2).transpose(0, 2, 1).matMul(eMat).matMul(Linalg.inverse(k1)),
                eMat, k1, k2);
    }

    /**
     * The four {@code (R, t)} hypotheses of an essential matrix: Kornia's {@code motion_from_essential} (built on
     * {@code decompose_essential_matrix}). With {@code E = U diag(1, 1, 0) V^T} (U and V made proper rotations by
     * negating their last column), {@code W = [[0, -1, 0], [1, 0, 0], [0, 0, 1]]}: {@code R1 = U W V^T},
     * {@code R2 = U W^T V^T}, {@code t = U[:, 2]}. Exactly one hypothesis puts the scene in front of both cameras.
     *
     * @param eMat essential matrices {@code (B, 3, 3)}
     * @return rotations {@code (B, 4, 3, 3)} and translations {@code (B, 4, 3, 1)}
     * @throws IllegalArgumentException for a wrong shape or dtype, or a NaN or infinite entry
     */
    public static Motion motionFromEssential(NDArray eMat) {
        String op = "motion_from_essential";
        Checks.shape(eMat, op, "E_mat", "B", "3", "3");
        Checks.floating(eMat, op, "E_mat");
        Checks.finite(eMat, op, "E_mat");
        NDList out = Scoped.runList(() -> {
            NDArray e = eMat.toType(DataType.FLOAT64, false);
            Linalg.Svd svd = Linalg.svd(e);
            NDArray flipColumn = Constants.array(e, new double[] {1, 1, -1}, new Shape(1, 1, 3));
            NDArray u = properRotation(svd.u(), flipColumn);
            NDArray v = properRotation(svd.vh().transpose(0, 2, 1), flipColumn);
            NDArray w = Constants.array(e, new double[] {0, -1, 0, 1, 0, 0, 0, 0, 1}, new Shape(1, 3, 3));
            NDArray vt = v.transpose(0, 2, 1);
            NDArray r1 = u.matMul(w).matMul(vt);
            NDArray r2 = u.matMul(w.transpose(0, 2, 1)).matMul(vt);
            NDArray t = u.get(":, :, 2:3");
            DataType dtype = eMat.getDataType();
            return new NDList(NDArrays.stack(new NDList(r1, r1, r2, r2), 1).toType(dtype, false),
                    NDArrays.stack(new NDList(t, t.neg(), t, t.neg()), 1).toType(dtype, false));
        }, eMat);
        return new Motion(out.get(0), out.get(1));
    }

    /**
     * Determinants of 3x3 matrices by cofactor expansion (differentiable, any float dtype).
     *
     * @param m {@code (B, 3, 3)}
     * @return {@code (B)}
     */
    public static NDArray det3(NDArray m) {
        NDArray c0 = m.get(":, 1, 1").mul(m.get(":, 2, 2")).sub(m.get(":, 1, 2").mul(m.get(":, 2, 1")));
        NDArray c1 = m.get(":, 1, 0").mul(m.get(":, 2, 2")).sub(m.get(":, 1, 2").mul(m.get(":, 2, 0")));
        NDArray c2 = m.get(":, 1, 0").mul(m.get(":, 2, 1")).sub(m.get(":, 1, 1").mul(m.get(":, 2, 0")));
        return m.get(":, 0, 0").mul(c0).sub(m.get(":, 0, 1").mul(c1)).add(m.get(":, 0, 2").mul(c2));
    }

    /** Negates the last column of the matrices whose determinant is negative. */
    private static NDArray properRotation(NDArray m, NDArray flipColumn) {
        NDArray negative = det3(m).lt(0).reshape(-1, 1, 1).broadcast(m.getShape());
        return NDArrays.where(negative, m.mul(flipColumn), m);
    }

    private static void checkTriple(String op, String name, NDArray m, NDArray k1, NDArray k2) {
        Checks.shape(m, op, name, "B", "3", "3");
        Checks.floating(m, op, name);
        for (NDArray k : new NDArray[] {k1, k2}) {
            String kName = k == k1 ? "K1" : "K2";
            Checks.shape(k, op, kName, "B", "3", "3");
            Checks.floating(k, op, kName);
            Checks.sameDevice(m, k, op, kName);
            if (k.getShape().get(0) != m.getShape().get(0) || k.getDataType() != m.getDataType()) {
                throw new IllegalArgumentException(op + ": expected " + kName + " of " + name + "'s batch and dtype "
                        + Checks.describe(m.getShape()) + " " + m.getDataType() + ", got "
                        + Checks.describe(k.getShape()) + " " + k.getDataType());
            }
        }
    }
}
