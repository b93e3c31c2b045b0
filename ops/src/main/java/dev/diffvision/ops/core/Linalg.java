package dev.diffvision.ops.core;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.internal.Aten;

import java.util.function.Supplier;

/**
 * Batched small linear algebra for geometry (DLT, least squares, transform inversion): torch's
 * {@code linalg.solve}, {@code linalg.inv}, {@code linalg.svd} and {@code linalg.eigh}, which DJL 0.36 does not
 * bind, run by ATen's own kernels (LAPACK on the CPU).
 *
 * <p>Computed in float64: float32 inputs are promoted inside and results are cast back to the input's dtype,
 * like Kornia's {@code _torch_solve_cast} / {@code _torch_svd_cast}. Matrices are the last two dimensions; any
 * number of leading batch dimensions {@code (*)} is accepted. Results are owned by the (first) input's manager;
 * inputs are not modified. All four are differentiable (eigh: where the eigenvalues are distinct; repeated ones
 * give infinite or NaN gradients, as in torch; SVD: see {@link #svd}). {@link #solve}, {@link #svd} and
 * {@link #eigh} reject a NaN or infinite entry with an {@link IllegalArgumentException} ({@link Checks#finite}: a
 * host read, or one reduction on the device for large batches): LU would spread it over the whole solution, and
 * the SVD and eigh fail to converge on it. {@link #inverse} does not: it inverts the maps of optimisers, where one
 * diverged item must not stop its batch, and gives NaN there (or reports a singular matrix) as torch does; the ops
 * that invert matrices given by their caller check them themselves.
 *
 * <pre>{@code
 * NDArray x = Linalg.solve(a, b);                 // (B, N, N), (B, N, K) -> (B, N, K) with a x = b
 * Linalg.Svd svd = Linalg.svd(m);                 // m = U diag(S) Vh
 * NDArray h = svd.vh().get(":, -1, :");           // DLT: right singular vector of the smallest S
 * }</pre>
 */
public final class Linalg {

    private Linalg() {}

    /**
     * A reduced singular value decomposition {@code A = U diag(S) Vh}.
     *
     * @param u {@code (*, M, K)}, orthonormal columns
     * @param s {@code (*, K)}, descending, >= 0
     * @param vh {@code (*, K, N)}, orthonormal rows (the right singular vectors, transposed)
     */
    public record Svd(NDArray u, NDArray s, NDArray vh) {}

    /**
     * The eigendecomposition of a symmetric matrix {@code A = V diag(w) V^T}.
     *
     * @param eigenvalues {@code w}, {@code (*, N)}, ascending
     * @param eigenvectors {@code V}, {@code (*, N, N)}, orthonormal columns: column {@code i} belongs to
     *     eigenvalue {@code i}
     */
    public record Eigh(NDArray eigenvalues, NDArray eigenvectors) {}

    /**
     * Solves {@code A X = B}: {@code torch.linalg.solve(A, B)}.
     *
     * <p>a: {@code (*, N, N)}; b: {@code (*, N, K)} with the same leading dimensions, same device; output:
     * {@code (*, N, K)} in a's dtype. Gradients flow to both.
     *
     * @param a invertible square matrices, float32/float64
     * @param b right-hand sides, float32/float64
     * @return {@code X}
     * @throws IllegalArgumentException for wrong shapes, dtypes or devices, a NaN or infinite entry, or if a
     *     matrix is singular
     */
    public static NDArray solve(NDArray a, NDArray b) {
        String op = "solve";
        square(a, op, "A");
        Checks.floating(b, op, "B");
        Shape sa = a.getShape();
        Shape sb = b.getShape();
        int rank = sa.dimension();
        if (sb.dimension() != rank || !sb.slice(0, rank - 1).equals(sa.slice(0, rank - 1))) {
            throw new IllegalArgumentException(op + ": expected B of shape (*, N, K) matching A "
                    + Checks.describe(sa) + ", got " + Checks.describe(sb));
        }
        Checks.sameDevice(a, b, op, "B");
        Checks.finite(a, op, "A");
        Checks.finite(b, op, "B");
        return Scoped.run(() -> castBack(a, singularAsArgument(op, "invertible matrices A",
                () -> Aten.solve(float64(a), float64(b)))), a, b);
    }

    /**
     * Inverts square matrices: {@code torch.linalg.inv}.
     *
     * <p>a: {@code (*, N, N)} float32/float64; output: {@code (*, N, N)} in a's dtype.
     *
     * @param a invertible square matrices
     * @return {@code A^-1}
     * @throws IllegalArgumentException for a wrong shape or dtype, or if a matrix is singular
     */
    public static NDArray inverse(NDArray a) {
        String op = "inverse";
        square(a, op, "A");
        return Scoped.run(() -> castBack(a, singularAsArgument(op, "invertible matrices A",
                () -> Aten.inverse(float64(a)))), a);
    }

    /**
     * The reduced SVD: {@code torch.linalg.svd(A, full_matrices=False)}.
     *
     * <p>a: {@code (*, M, N)} float32/float64; outputs (in a's dtype): {@code U (*, M, K)}, {@code S (*, K)},
     * {@code Vh (*, K, N)} with {@code K = min(M, N)}. Singular vectors are unique only up to sign.
     *
     * <p>Gradients flow to a through all three outputs. Where the singular values are distinct and non-zero they
     * are torch's; at repeated or exactly zero singular values, where torch's backward divides 0 by 0 (NaN),
     * the terms of the singular vectors that are not unique there are taken as zero, so the gradients of the
     * parts that are unique stay exact (the other singular values and vectors, the null vector of a tall matrix:
     * a minimal DLT sample). The derivation, its guards and the one case it cannot serve (a loss through
     * {@code u_k s_k} of a tall matrix at an exactly zero {@code s_k}): {@code SvdGradient}.
     *
     * @param a the matrices
     * @return U, S, Vh
     * @throws IllegalArgumentException for a rank below 2, an empty matrix, a non-float dtype or a NaN or infinite
     *     entry (libtorch's SVD does not converge on those)
     */
    public static Svd svd(NDArray a) {
        String op = "svd";
        matrix(a, op, "A");
        Checks.finite(a, op, "A");
        NDList out = Scoped.runList(() -> {
            // always attached: DJL's hasGradient() reports false for results of recorded ops
            NDArray a64 = float64(a);
            return castBack(a, SvdGradient.attach(a64, Aten.svd(a64.stopGradient())));
        }, a);
        return new Svd(out.get(0), out.get(1), out.get(2));
    }

    /**
     * The eigendecomposition of symmetric matrices: {@code torch.linalg.eigh(A, UPLO="L")}.
     *
     * <p>a: {@code (*, N, N)} float32/float64, symmetric (only the lower triangle is read); outputs (in a's
     * dtype): eigenvalues {@code (*, N)} ascending, eigenvectors {@code (*, N, N)} as columns. Eigenvectors are
     * unique only up to sign.
     *
     * @param a symmetric matrices, e.g. {@code M^T M} for least squares
     * @return the eigenvalues and eigenvectors
     * @throws IllegalArgumentException for a wrong shape or dtype, or a NaN or infinite entry (libtorch's eigh does
     *     not converge on those)
     */
    public static Eigh eigh(NDArray a) {
        String op = "eigh";
        square(a, op, "A");
        Checks.finite(a, op, "A");
        NDList out = Scoped.runList(() -> castBack(a, Aten.eigh(float64(a))), a);
        return new Eigh(out.get(0), out.get(1));
    }

    private static NDArray float64(NDArray x) {
        return x.toType(DataType.FLOAT64, false);
    }

    private static NDArray castBack(NDArray like, NDArray x) {
        return x.toType(like.getDataType(), false);
    }

    private static NDList castBack(NDArray like, NDList xs) {
        NDList out = new NDList(xs.size());
        for (NDArray x : xs) {
            out.add(castBack(like, x));
        }
        return out;
    }

    /**
     * Runs a computation that solves linear systems by LU, turning libtorch's error for a singular matrix into an
     * {@link IllegalArgumentException} that names the operator; other errors pass through.
     *
     * @param op the operator's name, for the message
     * @param expected what the operator expected, for the message, e.g. {@code "invertible matrices A"}
     * @param body the computation
     * @return its result
     * @throws IllegalArgumentException if a matrix was singular
     */
    public static NDArray singularAsArgument(String op, String expected, Supplier<NDArray> body) {
        try {
            return body.get();
        } catch (EngineException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.contains("singular")) {
                throw e;
            }
            String detail = message.substring(message.lastIndexOf("Error: ") + "Error: ".length()).trim();
            throw new IllegalArgumentException(op + ": expected " + expected + ", got a singular one ("
                    + detail + ")", e);
        }
    }

    private static void matrix(NDArray a, String op, String argument) {
        Checks.floating(a, op, argument);
        Shape s = a.getShape();
        if (s.dimension() < 2 || s.size() == 0) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape (*, M, N) with no"
                    + " zero-sized dimension, got " + Checks.describe(s));
        }
    }

    private static void square(NDArray a, String op, String argument) {
        Checks.floating(a, op, argument);
        Shape s = a.getShape();
        if (s.dimension() < 2 || s.size() == 0 || s.get(s.dimension() - 1) != s.get(s.dimension() - 2)) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape (*, N, N) with no"
                    + " zero-sized dimension, got " + Checks.describe(s));
        }
    }
}
