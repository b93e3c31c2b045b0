package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Levenberg-Marquardt at one pyramid level, for every pair of the batch at once: each iteration evaluates the
 * normal equations ({@link Linearization}) of all still-active pairs in one device pass at their candidate
 * parameters, then, per pair on the host, accepts the candidate if it lowered the loss (dividing the damping by
 * 10) or rejects it (multiplying the damping by 10), and solves {@code (A + lambda diag(A)) dp = -g} for the
 * next candidate. A pair stops when its next step would move every image corner by less than the tolerance.
 *
 * <p>The normal equations come in the nine map entries; they are reduced to the model's parameters by the chain
 * rule ({@link MotionModel#jacobian}; for the inverse direction of the symmetric loss through
 * {@code dV = -V dW V}, {@code V = W^-1}).
 */
final class LevenbergMarquardt {

    private static final double INITIAL_DAMPING = 1e-4;

    private LevenbergMarquardt() {}

    /**
     * Runs the level; updates each pair's parameters, loss, iterations and converged flag.
     *
     * @param level the images of every pair at this level
     * @param pairs the pairs' states, in batch order
     * @param options the options (model, loss, iterations, tolerance, symmetric)
     */
    static void run(Level level, PairState[] pairs, RegistrationOptions options) {
        MotionModel model = options.model();
        int b = pairs.length;
        try (NDManager scope = level.source().getManager().newSubManager()) {
            NDArray sourceStack = level.withGradients(level.source());
            sourceStack.attach(scope);
            NDArray targetStack = level.target();
            if (options.symmetric()) {
                targetStack = level.withGradients(level.target());
                targetStack.attach(scope);
            }
            Level stacked = new Level(level.frame(), level.coordinates(), sourceStack, targetStack);
            double[][] candidate = new double[b][];
            double[][] hessian = new double[b][];
            double[][] gradient = new double[b][];
            double[] damping = new double[b];
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                candidate[i] = pairs[i].parameters;
                pairs[i].loss = Double.POSITIVE_INFINITY;
                pairs[i].converged = false;
                damping[i] = INITIAL_DAMPING;
                active.add(i);
            }
            for (int iteration = 0; iteration < options.maxIterations() && !active.isEmpty(); iteration++) {
                Normal[] normal = evaluate(level, stacked, active, candidate, options);
                List<Integer> next = new ArrayList<>();
                for (int k = 0; k < active.size(); k++) {
                    int i = active.get(k);
                    PairState pair = pairs[i];
                    pair.iterations++;
                    if (hessian[i] == null && Double.isNaN(normal[k].cost)) {
                        // the start itself samples nothing inside the source: no loss to lower, leave unconverged
                        pair.loss = Double.NaN;
                        continue;
                    }
                    if (normal[k].cost < pair.loss) {   // a NaN cost (the step left the image) is rejected
                        pair.parameters = candidate[i];
                        pair.loss = normal[k].cost;
                        hessian[i] = normal[k].hessian;
                        gradient[i] = normal[k].gradient;
                        damping[i] = Math.max(damping[i] / 10, 1e-9);
                    } else {
                        damping[i] *= 10;
                    }
                    double[] step = step(hessian[i], gradient[i], damping[i]);
                    candidate[i] = add(pair.parameters, step);
                    if (step != null && !PairState.finite(candidate[i])) {
                        // diverged: keep the best finite transform, unconverged, and leave the batch
                        continue;
                    }
                    if (step == null || PairState.cornerMotion(level.frame(), model.matrix(pair.parameters),
                            model.matrix(candidate[i])) < options.tolerance()) {
                        pair.converged = true;
                    } else {
                        next.add(i);
                    }
                }
                active = next;
            }
        }
    }

    /** The normal equations of one pair in its model's parameters. */
    private record Normal(double[] hessian, double[] gradient, double cost) {}

    private static Normal[] evaluate(Level level, Level stacked, List<Integer> active, double[][] candidate,
                                     RegistrationOptions options) {
        MotionModel model = options.model();
        int k = active.size();
        int[] index = active.stream().mapToInt(Integer::intValue).toArray();
        double[][] maps = new double[k][];
        double[][] inverses = new double[k][];
        for (int j = 0; j < k; j++) {
            maps[j] = model.matrix(candidate[index[j]]);
            inverses[j] = Matrix3.inverse(maps[j]);
        }
        Frame frame = level.frame();
        Linearization forward = Linearization.at(frame, level.coordinates(), stacked.source(), level.target(), index,
                maps, options.loss());
        Linearization backward = options.symmetric() ? Linearization.at(frame, level.coordinates(),
                stacked.target(), level.source(), index, inverses, options.loss()) : null;
        Normal[] out = new Normal[k];
        for (int j = 0; j < k; j++) {
            double[] a = new double[64];
            double[] g = new double[8];
            for (int r = 0; r < 8; r++) {
                g[r] = forward.gradient()[j][r];
                System.arraycopy(forward.hessian()[j], r * 9, a, r * 8, 8);
            }
            double cost = forward.cost()[j];
            if (backward != null) {
                double[][] dv = inverseJacobian(inverses[j]);
                accumulate(a, g, backward.hessian()[j], backward.gradient()[j], dv, 9, 8);
                cost += backward.cost()[j];
            }
            double[][] dm = model.jacobian(candidate[index[j]]);
            int p = model.parameterCount();
            double[] ap = new double[p * p];
            double[] gp = new double[p];
            accumulate(ap, gp, a, g, dm, 8, p);
            out[j] = new Normal(ap, gp, cost);
        }
        return out;
    }

    /** {@code a += D^T A D}, {@code g += D^T G} for {@code A (n x n)}, {@code D (n x m)}. */
    private static void accumulate(double[] a, double[] g, double[] bigA, double[] bigG, double[][] d, int n, int m) {
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < n; i++) {
                g[r] += d[i][r] * bigG[i];
            }
            for (int c = 0; c < m; c++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    if (d[i][r] == 0) {
                        continue;
                    }
                    for (int j = 0; j < n; j++) {
                        s += d[i][r] * bigA[i * n + j] * d[j][c];
                    }
                }
                a[r * m + c] += s;
            }
        }
    }

    /** {@code dV / dW_k = -V E_k V} for the first eight entries k of W: 9 x 8. */
    private static double[][] inverseJacobian(double[] v) {
        double[][] d = new double[9][8];
        for (int k = 0; k < 8; k++) {
            int row = k / 3;
            int col = k % 3;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    d[i * 3 + j][k] = -v[i * 3 + row] * v[col * 3 + j];
                }
            }
        }
        return d;
    }

    private static double[] step(double[] a, double[] g, double damping) {
        int p = g.length;
        double[][] m = new double[p][p];
        double[] rhs = new double[p];
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                m[r][c] = a[r * p + c];
            }
            m[r][r] += damping * Math.max(a[r * p + r], 1e-12);
            rhs[r] = -g[r];
        }
        return Matrix3.solve(m, rhs);
    }

    private static double[] add(double[] p, double[] step) {
        if (step == null) {
            return p;
        }
        double[] q = p.clone();
        for (int i = 0; i < q.length; i++) {
            q[i] += step[i];
        }
        return q;
    }
}
