package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The Gauss-Newton normal equations of the photometric objective with respect to the nine entries of each pair's
 * sampling map, computed on the device in one pass and returned to the host.
 *
 * <p>For a target pixel with frame coordinates {@code (x, y)}, the map {@code M} samples the moving image at
 * {@code (u, v) = (M0 x + M1 y + M2, M3 x + M4 y + M5) / z}, {@code z = M6 x + M7 y + M8}. With the moving
 * image's frame-unit gradients {@code (Iu, Iv)} sampled there, the residual's derivative is
 * {@code [Iu x, Iu y, Iu, Iv x, Iv y, Iv, -s x, -s y, -s] / z} with {@code s = Iu u + Iv v}. Pixels sampled
 * outside the moving image get weight 0.
 *
 * @param hessian {@code J^T W J / n} per pair, row-major 9x9
 * @param gradient {@code J^T W r / n} per pair
 * @param cost the mean per-pixel loss over the valid pixels (and channels) per pair
 */
record Linearization(double[][] hessian, double[][] gradient, double[] cost) {

    /**
     * @param frame the frame of both images
     * @param coordinates the frame's pixel-centre coordinates
     * @param moving the moving images stacked with their gradients ({@link Level#withGradients}), {@code (B, 3C, H, W)}
     * @param reference the fixed images {@code (B, C, H, W)}
     * @param maps the sampling maps, B rows of 9 (row-major)
     * @param loss a per-pixel loss
     * @return the normal equations per pair
     */
    static Linearization at(Frame frame, NDArray coordinates, NDArray moving, NDArray reference, double[][] maps,
                            RegistrationLoss loss) {
        int b = maps.length;
        long c = reference.getShape().get(1);
        long n = frame.height() * frame.width();
        try (NDManager scope = moving.getManager().newSubManager()) {
            double[] flat = new double[b * 9];
            for (int i = 0; i < b; i++) {
                System.arraycopy(maps[i], 0, flat, i * 9, 9);
            }
            NDArray m = scope.create(flat, new Shape(b, 3, 3)).toType(moving.getDataType(), false);
            Warp warp = Warp.of(frame, coordinates, m);
            NDArray sampled = warp.sample(moving).reshape(b, 3, c, n);
            NDArray value = sampled.get(new NDIndex(":, 0"));
            NDArray iu = sampled.get(new NDIndex(":, 1"));
            NDArray iv = sampled.get(new NDIndex(":, 2"));
            NDArray r = value.sub(reference.reshape(b, c, n));
            NDArray valid = warp.valid();                                                      // (B, 1, N)
            NDArray weight = loss.weight(r).mul(valid);
            NDArray invZ = warp.inverseZ().expandDims(1);
            NDArray a = iu.mul(invZ);
            NDArray bb = iv.mul(invZ);
            NDArray s = iu.mul(warp.u().expandDims(1)).add(iv.mul(warp.v().expandDims(1))).mul(invZ).neg();
            NDArray wa = weight.mul(a);
            NDArray wb = weight.mul(bb);
            NDArray ws = weight.mul(s);
            // J = [a q, b q, s q] with q = (x, y, 1): the 9x9 blocks are sums of w alpha beta q q^T
            NDArray products = NDArrays.stack(new NDList(wa.mul(a), wa.mul(bb), wa.mul(s), wb.mul(bb), wb.mul(s),
                    ws.mul(s)), 1).sum(new int[] {2});                                            // (B, 6, N)
            NDArray x = coordinates.get(0);
            NDArray y = coordinates.get(1);
            NDArray one = x.onesLike();
            NDArray quadratic = NDArrays.stack(new NDList(x.mul(x), x.mul(y), x, y.mul(y), y, one), 1);   // (N, 6)
            NDArray linear = NDArrays.stack(new NDList(x, y, one), 1);                                   // (N, 3)
            NDArray count = valid.sum(new int[] {1, 2}).mul(c).maximum(1);                   // (B)
            NDArray blocks = products.matMul(quadratic).div(count.reshape(b, 1, 1));              // (B, 6, 6)
            NDArray weightedR = NDArrays.stack(new NDList(wa.mul(r), wb.mul(r), ws.mul(r)), 1)
                    .sum(new int[] {2});                                                          // (B, 3, N)
            NDArray gradient = weightedR.matMul(linear).reshape(b, 9).div(count.reshape(b, 1));
            NDArray cost = loss.rho(r).mul(valid).sum(new int[] {1, 2}).div(count);
            return new Linearization(hessians(toDouble(blocks), b), rows(gradient, b, 9), toDouble(cost));
        }
    }

    /** Index pairs of the six products (alpha, beta) and of the six q q^T entries (i, j), in stacking order. */
    private static final int[][] PAIRS = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}};

    /** Expands the (alpha beta) x (q_i q_j) blocks into the symmetric 9x9 {@code J^T W J} per pair. */
    private static double[][] hessians(double[] blocks, int b) {
        double[][] out = new double[b][81];
        for (int n = 0; n < b; n++) {
            for (int pr = 0; pr < 6; pr++) {
                for (int qq = 0; qq < 6; qq++) {
                    double v = blocks[n * 36 + pr * 6 + qq];
                    int al = PAIRS[pr][0];
                    int be = PAIRS[pr][1];
                    int i = PAIRS[qq][0];
                    int j = PAIRS[qq][1];
                    mirror(out[n], al * 3 + i, be * 3 + j, v);
                    mirror(out[n], al * 3 + j, be * 3 + i, v);
                }
            }
        }
        return out;
    }

    private static void mirror(double[] m, int r, int c, double v) {
        m[r * 9 + c] = v;
        m[c * 9 + r] = v;
    }

    private static double[][] rows(NDArray x, int b, int width) {
        double[] all = toDouble(x);
        double[][] out = new double[b][width];
        for (int i = 0; i < b; i++) {
            System.arraycopy(all, i * width, out[i], 0, width);
        }
        return out;
    }

    private static double[] toDouble(NDArray x) {
        return x.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
