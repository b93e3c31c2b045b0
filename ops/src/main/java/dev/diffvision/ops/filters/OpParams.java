package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.io.HostTensor;

/**
 * Reads the tensor-valued registry parameters and inputs of the filter ops: sigmas given as Kornia gives them
 * (a number, a tuple or a {@code (B, k)} tensor) and the window size that a kernel factory op receives as its
 * input tensor.
 */
final class OpParams {

    private OpParams() {}

    /**
     * Sigma for a 2-D Gaussian: a number ({@code sigma_y = sigma_x}), a pair {@code (sigma_y, sigma_x)}, or a
     * {@code (B, 2)} tensor of pairs.
     *
     * @param t the parameter value
     * @param op the operator, for messages
     * @return {@code (B, 2)}
     * @throws IllegalArgumentException for any other shape
     */
    static double[][] sigmaPairs(HostTensor t, String op) {
        float[] v = t.toFloatArray();
        long[] s = t.shape();
        if (s.length == 0 || (s.length == 1 && s[0] == 1)) {
            return new double[][] {{v[0], v[0]}};
        }
        if (s.length == 1 && s[0] == 2) {
            return new double[][] {{v[0], v[1]}};
        }
        if (s.length == 2 && s[1] == 2) {
            double[][] out = new double[(int) s[0]][];
            for (int b = 0; b < out.length; b++) {
                out[b] = new double[] {v[2 * b], v[2 * b + 1]};
            }
            return out;
        }
        throw new IllegalArgumentException(op + ": expected sigma a number, a pair (sigma_y, sigma_x) or of shape"
                + " (B, 2), got shape " + Checks.describe(new Shape(s)));
    }

    /**
     * Sigma (or mean) for 1-D kernels: a number, or a {@code (B, 1)} (or {@code (B)}) tensor, one kernel per
     * value.
     *
     * @param t the parameter value
     * @param op the operator, for messages
     * @param name the parameter's name, for messages
     * @return {@code B} values
     * @throws IllegalArgumentException for any other shape
     */
    static double[] column(HostTensor t, String op, String name) {
        long[] s = t.shape();
        if (s.length > 2 || (s.length == 2 && s[1] != 1)) {
            throw new IllegalArgumentException(op + ": expected " + name + " a number or of shape (B, 1), got shape "
                    + Checks.describe(new Shape(s)));
        }
        float[] v = t.toFloatArray();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /**
     * The window size a kernel factory op receives as its input: a 0-d tensor (one size) or, where
     * {@code pairAllowed}, a {@code (2)} tensor {@code (ky, kx)}; positive integers stored as floats.
     *
     * @param input the op's input
     * @param op the operator, for messages
     * @param pairAllowed whether {@code (ky, kx)} is accepted
     * @return one or two sizes
     * @throws IllegalArgumentException for another rank, dtype or a value that is not a positive integer
     */
    static int[] windowSize(NDArray input, String op, boolean pairAllowed) {
        Shape s = input.getShape();
        boolean ok = s.dimension() == 0 || (s.dimension() == 1 && (s.get(0) == 1 || (pairAllowed && s.get(0) == 2)));
        if (!ok) {
            throw new IllegalArgumentException(op + ": expected input (the window size) of shape ()"
                    + (pairAllowed ? " or (2)" : "") + ", got " + Checks.describe(s));
        }
        Checks.floating(input, op, "input");
        double[] v = input.toType(DataType.FLOAT64, false).toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 1) || v[i] != Math.rint(v[i]) || v[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": expected input (the window size) of positive integers,"
                        + " got " + v[i]);
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /**
     * A host kernel as a tensor beside {@code like}: same manager, device and dtype.
     *
     * @param like the op's input
     * @param values the values, row-major
     * @param shape their shape
     * @return the tensor, owned by {@code like}'s manager
     */
    static NDArray tensor(NDArray like, double[] values, long... shape) {
        return Constants.array(like, values, new Shape(shape));   // libtorch-owned: conv and mul save it
    }

    /**
     * Flattens {@code (B, k)} rows.
     *
     * @param rows equal-length rows
     * @return the row-major values
     */
    static double[] flat(double[][] rows) {
        return java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /**
     * Flattens {@code (B, kh, kw)} kernels.
     *
     * @param kernels equal-size kernels
     * @return the row-major values
     */
    static double[] flat(double[][][] kernels) {
        return java.util.Arrays.stream(kernels).flatMap(java.util.Arrays::stream)
                .flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
