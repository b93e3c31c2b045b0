package dev.diffvision.ops.tasks.registration;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.diffvision.ops.core.DiffVisionEngine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adam or SGD with momentum at one pyramid level, for every pair of the batch at once: each iteration evaluates
 * {@link Objective#perPair} of the still-active pairs and its autograd gradient with respect to the map entries
 * in one device pass, reduces the gradient to the model's parameters by the chain rule and updates each pair on
 * the host (the update rules of {@code ai.djl.training.optimizer.Adam} and {@code Sgd}, per pair so that pairs
 * can stop independently). A pair stops when an update moves every image corner by less than the tolerance, and,
 * unconverged, when a step leaves it without overlap (no target pixel samples the source, so neither loss nor
 * gradient exists): that step is taken back.
 */
final class FirstOrder {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;
    private static final double MOMENTUM = 0.9;

    private FirstOrder() {}

    /**
     * Runs the level; updates each pair's parameters, loss, iterations and converged flag.
     *
     * @param level the images of every pair at this level
     * @param pairs the pairs' states, in batch order
     * @param options the options (model, loss, optimizer, learning rate, iterations, tolerance, symmetric)
     */
    static void run(Level level, PairState[] pairs, RegistrationOptions options) {
        MotionModel model = options.model();
        int p = model.parameterCount();
        int b = pairs.length;
        double[][] first = new double[b][p];
        double[][] second = new double[b][p];
        double[][] previous = new double[b][];   // each pair's parameters before its last step
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            pairs[i].converged = false;
            active.add(i);
        }
        for (int t = 1; t <= options.maxIterations() && !active.isEmpty(); t++) {
            int[] index = active.stream().mapToInt(Integer::intValue).toArray();
            double[][] grads = new double[index.length][];
            double[] losses = gradients(level, pairs, index, options, grads);
            List<Integer> next = new ArrayList<>();
            for (int k = 0; k < index.length; k++) {
                int i = index[k];
                PairState pair = pairs[i];
                pair.iterations++;
                if (Double.isNaN(losses[k])) {
                    // no overlap: back to the last parameters that had a loss (none at the start: NaN), unconverged
                    if (previous[i] != null) {
                        pair.parameters = previous[i];
                    } else {
                        pair.loss = Double.NaN;
                    }
                    continue;
                }
                pair.loss = losses[k];
                double[] q = pair.parameters.clone();
                for (int j = 0; j < p; j++) {
                    double g = grads[k][j];
                    if (options.optimizer() == RegistrationOptimizer.ADAM) {
                        first[i][j] = BETA1 * first[i][j] + (1 - BETA1) * g;
                        second[i][j] = BETA2 * second[i][j] + (1 - BETA2) * g * g;
                        double mHat = first[i][j] / (1 - Math.pow(BETA1, t));
                        double vHat = second[i][j] / (1 - Math.pow(BETA2, t));
                        q[j] -= options.learningRate() * mHat / (Math.sqrt(vHat) + EPSILON);
                    } else {
                        first[i][j] = MOMENTUM * first[i][j] + g;
                        q[j] -= options.learningRate() * first[i][j];
                    }
                }
                if (!PairState.finite(q)) {
                    // diverged: keep the last finite transform, unconverged, and leave the batch
                    continue;
                }
                double motion = PairState.cornerMotion(level.frame(), model.matrix(pair.parameters), model.matrix(q));
                previous[i] = pair.parameters;
                pair.parameters = q;
                if (motion < options.tolerance()) {
                    pair.converged = true;
                } else {
                    next.add(i);
                }
            }
            active = next;
        }
    }

    /**
     * Fills {@code grads} with each active pair's parameter gradient; returns their losses, NaN for a pair without
     * overlap ({@link Objective#perPair}'s 0, checked where a loss is exactly 0).
     */
    private static double[] gradients(Level level, PairState[] pairs, int[] index, RegistrationOptions options,
                                      double[][] grads) {
        MotionModel model = options.model();
        int k = index.length;
        try (NDManager scope = level.source().getManager().newSubManager()) {
            Level sub = k == pairs.length ? level : level.select(index);
            if (sub != level) {
                sub.source().attach(scope);
                sub.target().attach(scope);
            }
            double[] entries = new double[k * 8];
            for (int j = 0; j < k; j++) {
                System.arraycopy(model.matrix(pairs[index[j]].parameters), 0, entries, j * 8, 8);
            }
            NDArray h = scope.create(entries, new Shape(k, 8)).toType(level.source().getDataType(), false);
            h.setRequiresGradient(true);
            double[] losses;
            double[] dh;
            try (GradientCollector collector = Engine.getEngine(DiffVisionEngine.ENGINE_NAME).newGradientCollector()) {
                NDArray loss = Objective.perPair(sub, h, options.loss(), options.symmetric());
                collector.backward(loss.sum());
                losses = loss.toType(DataType.FLOAT64, false).toDoubleArray();
                dh = h.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
            }
            if (Arrays.stream(losses).anyMatch(l -> l == 0)) {
                boolean[] overlaps = Objective.overlaps(sub, h.stopGradient(), options.symmetric());
                for (int j = 0; j < k; j++) {
                    if (!overlaps[j]) {
                        losses[j] = Double.NaN;
                    }
                }
            }
            for (int j = 0; j < k; j++) {
                double[][] d = model.jacobian(pairs[index[j]].parameters);
                double[] g = new double[model.parameterCount()];
                for (int r = 0; r < g.length; r++) {
                    for (int e = 0; e < 8; e++) {
                        g[r] += d[e][r] * dh[j * 8 + e];
                    }
                }
                grads[j] = g;
            }
            return losses;
        }
    }
}
