package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fused normal-equations kernel ({@code registration_normal.py} behind {@link Linearization#at}) against the
 * same math written op by op in DJL (the formulation it replaced, kept here as the reference): float64, two real
 * photographs (24x24, one channel and two), perspective maps, a subset of rows with a repeat, every per-pixel
 * loss; every Hessian, gradient and cost entry within 1e-9 (absolute, entries are O(1e-2 .. 1e1)).
 */
class LinearizationFusedTest extends OpTestBase {

    @ParameterizedTest
    @EnumSource(value = RegistrationLoss.class, names = {"L1", "L2", "CHARBONNIER"})
    void fusedKernelEqualsOpByOpMath(RegistrationLoss loss) throws Exception {
        NDArray[] pair = RegistrationFixtures.similarityPair64(manager);
        NDArray gray = pair[0];
        NDArray warped = pair[1];
        compare(Level.of(gray, warped, manager), loss);                                           // (2, 1, 24, 24)
        compare(Level.of(NDArrays.concat(new NDList(gray, gray.square()), 1),
                NDArrays.concat(new NDList(warped, warped.sqrt()), 1), manager), loss);           // (2, 2, 24, 24)
    }

    private void compare(Level level, RegistrationLoss loss) {
        NDArray moving = level.withGradients(level.source());
        double[][] maps = {
            {1.01, 0.02, 0.013, -0.015, 0.99, -0.021, 0.03, -0.02, 1},
            {0.98, -0.03, -0.017, 0.025, 1.02, 0.011, -0.02, 0.01, 1},
            {1.05, 0.1, -0.2, -0.08, 0.93, 0.15, 0.1, 0.05, 1},
        };
        int[] rows = {1, 0, 1};
        Linearization fused = Linearization.at(level.frame(), level.coordinates(), moving, level.target(), rows, maps,
                loss);
        for (int i = 0; i < rows.length; i++) {
            Level sub = level.select(new int[] {rows[i]});
            NDArray movingSub = moving.get(new NDIndex("{}", manager.create(new long[] {rows[i]})));
            double[][] reference = opByOp(level.frame(), level.coordinates(), movingSub, sub.target(), maps[i], loss);
            for (int e = 0; e < 81; e++) {
                assertEquals(reference[0][e], fused.hessian()[i][e], 1e-9, loss + " map " + i + " hessian " + e);
            }
            for (int e = 0; e < 9; e++) {
                assertEquals(reference[1][e], fused.gradient()[i][e], 1e-9, loss + " map " + i + " gradient " + e);
            }
            assertEquals(reference[2][0], fused.cost()[i], 1e-9, loss + " map " + i + " cost");
        }
    }

    /** One map's 9x9 J^T W J / n, J^T W r / n and mean loss, op by op (the replaced DJL formulation). */
    private static double[][] opByOp(Frame frame, NDArray coordinates, NDArray moving, NDArray reference, double[] map,
                                     RegistrationLoss loss) {
        long c = reference.getShape().get(1);
        long n = frame.height() * frame.width();
        try (NDManager scope = moving.getManager().newSubManager()) {
            NDArray m = scope.create(map, new Shape(1, 3, 3));
            Warp warp = Warp.of(frame, coordinates, m);
            NDArray sampled = warp.sample(moving).reshape(1, 3, c, n);
            NDArray iu = sampled.get(new NDIndex(":, 1"));
            NDArray iv = sampled.get(new NDIndex(":, 2"));
            NDArray r = sampled.get(new NDIndex(":, 0")).sub(reference.reshape(1, c, n));
            NDArray valid = warp.valid();
            NDArray weight = switch (loss) {
                case L1 -> r.abs().maximum(RegistrationLoss.L1_FLOOR).pow(-1);
                case L2 -> r.onesLike().mul(2);
                default -> r.square().add(1).sqrt().pow(-1);
            };
            NDArray rho = loss.map(sampled.get(new NDIndex(":, 0")).reshape(1, c, frame.height(), frame.width()),
                    reference).reshape(1, c, n);
            weight = weight.mul(valid);
            NDArray invZ = warp.inverseZ().expandDims(1);
            NDArray[] jacobian = {iu.mul(invZ), iv.mul(invZ),
                iu.mul(warp.u().expandDims(1)).add(iv.mul(warp.v().expandDims(1))).mul(invZ).neg()};
            double count = Math.max(valid.sum().getDouble() * c, 1);
            double[] x = coordinates.get(0).toDoubleArray();
            double[] y = coordinates.get(1).toDoubleArray();
            double[] w = weight.toDoubleArray();
            double[] res = r.toDoubleArray();
            double[][] j = new double[3][];
            for (int k = 0; k < 3; k++) {
                j[k] = jacobian[k].toDoubleArray();
            }
            double[] hessian = new double[81];
            double[] gradient = new double[9];
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < n; p++) {
                    int at = (int) (ch * n + p);
                    double[] q = {x[p], y[p], 1};
                    double[] row = new double[9];
                    for (int k = 0; k < 9; k++) {
                        row[k] = j[k / 3][at] * q[k % 3];
                    }
                    for (int r1 = 0; r1 < 9; r1++) {
                        gradient[r1] += w[at] * row[r1] * res[at] / count;
                        for (int c1 = 0; c1 < 9; c1++) {
                            hessian[r1 * 9 + c1] += w[at] * row[r1] * row[c1] / count;
                        }
                    }
                }
            }
            return new double[][] {hessian, gradient, {rho.mul(valid).sum().getDouble() / count}};
        }
    }
}
