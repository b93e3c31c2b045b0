package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Turns small host-side filter kernels into tensors on an op's device, in the op's dtype.
 */
public final class Kernels {

    private Kernels() {}

    /**
     * Creates a {@code (K, 1, kh, kw)} convolution weight from {@code K} kernels of equal size.
     *
     * @param kernels {@code K} kernels, each {@code kh} rows of {@code kw} values
     * @param manager the manager (and so the device) that owns the result
     * @param dtype the result's dtype, normally the input's
     * @return the weight tensor
     */
    public static NDArray convWeight(double[][][] kernels, NDManager manager, DataType dtype) {
        int k = kernels.length;
        int kh = kernels[0].length;
        int kw = kernels[0][0].length;
        double[] flat = new double[k * kh * kw];
        int i = 0;
        for (double[][] kernel : kernels) {
            for (double[] row : kernel) {
                for (double v : row) {
                    flat[i++] = v;
                }
            }
        }
        return Constants.array(manager, dtype, flat, new Shape(k, 1, kh, kw));   // conv saves it for backward
    }

    /**
     * Divides each kernel by the sum of its absolute values (Kornia's {@code normalize_kernel2d}).
     *
     * @param kernels the kernels; not modified
     * @return normalised copies
     */
    public static double[][][] normalizeL1(double[][][] kernels) {
        double[][][] out = new double[kernels.length][][];
        for (int k = 0; k < kernels.length; k++) {
            double norm = 0;
            for (double[] row : kernels[k]) {
                for (double v : row) {
                    norm += Math.abs(v);
                }
            }
            out[k] = new double[kernels[k].length][];
            for (int r = 0; r < kernels[k].length; r++) {
                out[k][r] = kernels[k][r].clone();
                for (int c = 0; c < out[k][r].length; c++) {
                    out[k][r][c] /= norm;
                }
            }
        }
        return out;
    }

    /**
     * The transpose of a square or rectangular kernel.
     *
     * @param kernel {@code kh} rows of {@code kw} values
     * @return {@code kw} rows of {@code kh} values
     */
    public static double[][] transpose(double[][] kernel) {
        double[][] t = new double[kernel[0].length][kernel.length];
        for (int r = 0; r < kernel.length; r++) {
            for (int c = 0; c < kernel[0].length; c++) {
                t[c][r] = kernel[r][c];
            }
        }
        return t;
    }
}
