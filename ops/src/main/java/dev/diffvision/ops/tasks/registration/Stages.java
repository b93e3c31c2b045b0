package dev.diffvision.ops.tasks.registration;

/** Runs one optimisation stage (one level, one model) on a batch or on a subset of it. */
final class Stages {

    private Stages() {}

    /**
     * @param level the images of every pair of {@code pairs}, in the same order
     * @param pairs the pairs' states, in the options' model parameters
     * @param options the stage's options (model, optimiser, tolerance, ...)
     */
    static void optimize(Level level, PairState[] pairs, RegistrationOptions options) {
        if (options.optimizer() == RegistrationOptimizer.LEVENBERG_MARQUARDT) {
            LevenbergMarquardt.run(level, pairs, options);
        } else {
            FirstOrder.run(level, pairs, options);
        }
    }

    /**
     * Runs the stage on some pairs of a batch (gathered into a batch of their own).
     *
     * @param level the images of the whole batch
     * @param states one state per entry of {@code subset}, in its order
     * @param subset indices into the batch (repeats allowed)
     * @param options the stage's options
     */
    static void optimizeSubset(Level level, PairState[] states, int[] subset, RegistrationOptions options) {
        Level sub = level.select(subset);
        try {
            optimize(sub, states, options);
        } finally {
            sub.source().close();
            sub.target().close();
        }
    }

    /**
     * Converts every state's parameters from one family to another (exact when the map lies in the target family).
     *
     * @param states the states
     * @param from the family their parameters are in
     * @param to the family to express them in
     */
    static void convert(PairState[] states, MotionModel from, MotionModel to) {
        for (PairState s : states) {
            s.parameters = to.fromMatrix(from.matrix(s.parameters));
        }
    }
}
