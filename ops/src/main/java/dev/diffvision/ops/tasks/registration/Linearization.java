package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.internal.Aten;

/**
 * The Gauss-Newton normal equations of the photometric objective with respect to the nine entries of each pair's
 * sampling map, computed on the device in one native call ({@link Aten#registrationNormal}) and returned to the
 * host.
 *
 * <p>For a target pixel with frame coordinates {@code (x, y)}, the map {@code M} samples the moving image at
 * {@code (u, v) = (M0 x + M1 y + M2, M3 x + M4 y + M5) / z}, {@code z = M6 x + M7 y + M8}. With the moving
 * image's frame-unit gradients {@code (Iu, Iv)} sampled there, the residual's derivative is
 * {@code [Iu x, Iu y, Iu, Iv x, Iv y, Iv, -s x, -s y, -s] / z} with {@code s = Iu u + Iv v}. Pixels sampled
 * outside the moving image get weight 0; other pixels the loss's iteratively-reweighted-least-squares weight
 * ({@link RegistrationLoss#normalCode()}).
 *
 * @param hessian {@code J^T W J / n} per map, row-major 9x9
 * @param gradient {@code J^T W r / n} per map
 * @param cost the mean per-pixel loss over the valid pixels (and channels) per map; NaN for a map under which no
 *     target pixel samples the moving image (no overlap: the loss is undefined, and a Levenberg-Marquardt step
 *     there is rejected like any step that does not lower the cost)
 */
record Linearization(double[][] hessian, double[][] gradient, double[] cost) {

    /** Index pairs of the six products (alpha, beta) and of the six q q^T entries (i, j), in the kernel's order. */
    private static final int[][] PAIRS = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}};
    /** Per map in the kernel's output: 36 block entries, 9 gradient entries, the cost. */
    private static final int ROW = 46;

    /**
     * @param frame the frame of both images
     * @param coordinates the frame's pixel-centre coordinates
     * @param moving the moving images stacked with their gradients ({@link Level#withGradients}), {@code (B, 3C, H, W)}
     * @param reference the fixed images {@code (B, C, H, W)}
     * @param rows per map, the batch row of its images; {@code 0 .. B - 1} in order when there are B maps
     * @param maps the sampling maps, one row of 9 (row-major) per entry of {@code rows}
     * @param loss a per-pixel loss
     * @return the normal equations per map
     */
    static Linearization at(Frame frame, NDArray coordinates, NDArray moving, NDArray reference, int[] rows,
                            double[][] maps, RegistrationLoss loss) {
        int k = maps.length;
        try (NDManager scope = moving.getManager().newSubManager()) {
            double[] flat = new double[k * 9];
            long[] index = new long[k];
            for (int i = 0; i < k; i++) {
                System.arraycopy(maps[i], 0, flat, i * 9, 9);
                index[i] = rows[i];
            }
            NDArray m = scope.create(flat, new Shape(k, 3, 3)).toType(moving.getDataType(), false);
            double[] options = {frame.gridScaleX(), frame.gridScaleY(), frame.maxU(), frame.maxV(), loss.normalCode(),
                RegistrationLoss.L1_FLOOR};
            NDArray out = Aten.registrationNormal(moving, reference, coordinates, m, scope.create(index), options);
            out.attach(scope);
            double[] all = out.toDoubleArray();
            double[][] hessian = new double[k][];
            double[][] gradient = new double[k][9];
            double[] cost = new double[k];
            for (int i = 0; i < k; i++) {
                hessian[i] = hessian(all, i * ROW);
                System.arraycopy(all, i * ROW + 36, gradient[i], 0, 9);
                cost[i] = all[i * ROW + 45];
            }
            return new Linearization(hessian, gradient, cost);
        }
    }

    /** Expands one map's (alpha beta) x (q_i q_j) blocks, from {@code offset}, into the symmetric 9x9 J^T W J. */
    private static double[] hessian(double[] blocks, int offset) {
        double[] out = new double[81];
        for (int pr = 0; pr < 6; pr++) {
            for (int qq = 0; qq < 6; qq++) {
                double v = blocks[offset + pr * 6 + qq];
                int al = PAIRS[pr][0];
                int be = PAIRS[pr][1];
                int i = PAIRS[qq][0];
                int j = PAIRS[qq][1];
                mirror(out, al * 3 + i, be * 3 + j, v);
                mirror(out, al * 3 + j, be * 3 + i, v);
            }
        }
        return out;
    }

    private static void mirror(double[] m, int r, int c, double v) {
        m[r * 9 + c] = v;
        m[c * 9 + r] = v;
    }
}
