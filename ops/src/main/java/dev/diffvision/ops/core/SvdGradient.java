package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * The SVD's derivative with guards at equal and zero singular values, attached to a decomposition computed
 * without autograd: the gradient path of {@link Linalg#svd}.
 *
 * <p>libtorch's own {@code svd_backward} divides by {@code s_j^2 - s_i^2} and, for non-square matrices, by
 * {@code s_k}; at an exactly zero singular value (a minimal DLT sample, an exactly rank-deficient matrix) that is
 * {@code 0 / 0} and every gradient becomes NaN, even of factors that are well defined there. Here each output
 * is {@code detached + L(A - detached(A))}: the value is the decomposition's own (the linear term is exactly 0),
 * and autograd transposes the linear map {@code L}, the SVD's first-order perturbation [1] (torch's
 * {@code linalg_svd_jvp}), whose constant coefficients are guarded:
 *
 * <pre>
 * dP = U^T dA V,  F_jk = 1 / (s_k^2 - s_j^2) (0 on the diagonal and where s_j == s_k),  Sinv_k = 1 / s_k (0 where s_k == 0)
 * dS = diag(dP)
 * dU = U (F o (dP S + (dP S)^T))   [+ (I - U U^T) dA V Sinv   if M > N]
 * dV = V (F o (S dP + (S dP)^T))   [+ (I - V V^T) dA^T U Sinv if M < N]
 * </pre>
 *
 * <p>Where the singular values are distinct and non-zero this is exactly libtorch's gradient. A guarded term
 * belongs to a singular vector that is not unique (the two vectors of a repeated value, or {@code u_k} of a
 * tall / {@code v_k} of a wide matrix at {@code s_k = 0}); its contribution is taken as zero, which is the exact
 * gradient of every loss that does not depend on such a vector (the other singular values and vectors, the null
 * vector {@code v_k} of a tall matrix, the left null vector {@code u_k} of a wide one). Limits: a loss that
 * reaches such a vector only through {@code u_k s_k} (e.g. {@code U diag(S) Vh} of a tall matrix with an exactly
 * zero {@code s_k}) misses the term {@code (I - U U^T) G v_k v_k^T} that only the limit {@code s_k -> 0} defines;
 * second derivatives are not provided (the coefficients are constants).
 *
 * <p>[1] J. Townsend, "Differentiating the Singular Value Decomposition", 2016.
 */
final class SvdGradient {

    private SvdGradient() {}

    /**
     * Attaches the guarded first-order derivative with respect to {@code a} to its decomposition.
     *
     * @param a {@code (*, M, N)} float64, requiring gradients
     * @param svd its decomposition {@code U (*, M, K), S (*, K), Vh (*, K, N)}, computed from
     *     {@code a.stopGradient()}
     * @return U, S, Vh with the same values, differentiable in {@code a}
     */
    static NDList attach(NDArray a, NDList svd) {
        NDArray u = svd.get(0);
        NDArray s = svd.get(1);
        NDArray vh = svd.get(2);
        NDArray v = mT(vh);
        NDArray da = a.sub(a.stopGradient());
        NDArray s2 = s.mul(s);
        NDArray gap = s2.expandDims(-2).sub(s2.expandDims(-1));
        NDArray f = NDArrays.where(gap.eq(0), gap.zerosLike(), Constants.power(gap, -1));
        NDArray sInv = NDArrays.where(s.eq(0), s.zerosLike(), Constants.power(s, -1)).expandDims(-2);
        NDArray daV = da.matMul(v);
        NDArray dp = mT(u).matMul(daV);
        NDArray dS = u.mul(daV).sum(new int[] {-2});
        NDArray dpS = dp.mul(s.expandDims(-2));
        NDArray sDp = dp.mul(s.expandDims(-1));
        NDArray dU = u.matMul(f.mul(dpS.add(mT(dpS))));
        NDArray dV = v.matMul(f.mul(sDp.add(mT(sDp))));
        int rank = a.getShape().dimension();
        long m = a.getShape().get(rank - 2);
        long n = a.getShape().get(rank - 1);
        if (m > n) {
            dU = dU.add(outside(u, daV.mul(sInv)));
        } else if (m < n) {
            dV = dV.add(outside(v, mT(da).matMul(u).mul(sInv)));
        }
        return new NDList(u.add(dU), s.add(dS), vh.add(mT(dV)));
    }

    /** {@code (I - Q Q^T) X} for Q with orthonormal columns. */
    private static NDArray outside(NDArray q, NDArray x) {
        return x.sub(q.matMul(mT(q).matMul(x)));
    }

    /** The transpose of the last two axes, recorded by autograd (unlike {@code swapAxes}). */
    private static NDArray mT(NDArray x) {
        int rank = x.getShape().dimension();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        axes[rank - 2] = rank - 1;
        axes[rank - 1] = rank - 2;
        return x.transpose(axes);
    }
}
