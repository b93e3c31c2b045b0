package dev.diffvision.ops.tasks.registration;

/**
 * Options of {@link ImageRegistrator}; immutable (and serializable, for Spark tasks), changed through the
 * {@code withXxx} methods.
 *
 * <pre>{@code
 * RegistrationOptions o = RegistrationOptions.defaults().withModel(MotionModel.AFFINE).withLevels(3);
 * }</pre>
 *
 * @param model the transformation family
 * @param loss the photometric loss
 * @param optimizer the update rule
 * @param levels pyramid levels, >= 1 (capped so that the coarsest side keeps at least 16 pixels)
 * @param maxIterations objective evaluations per level and pair, >= 1
 * @param tolerance a pair stops at the finest level when an update moves every image corner by less than this
 *     many pixels, > 0; coarser levels (and the warm-up) stop at ten times this many pixels of their level
 * @param learningRate step size of Adam / SGD in frame units, > 0 (ignored by Levenberg-Marquardt)
 * @param symmetric add the inverse direction's loss (target warped back onto the source)
 * @param warmUp at the coarsest level, first fit the model's simpler sub-families (translation, then affine for
 *     a homography; translation for affine and similarity) from the identity, which widens the basin of
 *     convergence, with the symmetric loss at that level whatever {@code symmetric} says; pairs given an initial
 *     transform start the full model from it instead
 * @param coarseStarts with warm-up, starts per pair at the coarsest level after the translation (1 to 5: the
 *     identity, rotations by +-0.15 rad, scalings by 1.15 and 1/1.15 about the centre), all batched; each pair
 *     keeps the start with the lowest loss
 */
public record RegistrationOptions(MotionModel model, RegistrationLoss loss, RegistrationOptimizer optimizer,
                                  int levels, int maxIterations, double tolerance, double learningRate,
                                  boolean symmetric, boolean warmUp,
                                  int coarseStarts) implements java.io.Serializable {

    /**
     * @return homography, L2, Levenberg-Marquardt, 4 levels, 50 iterations per level, tolerance 0.01 px,
     *     not symmetric, warm-up on with 5 coarse starts
     */
    public static RegistrationOptions defaults() {
        return new RegistrationOptions(MotionModel.HOMOGRAPHY, RegistrationLoss.L2,
                RegistrationOptimizer.LEVENBERG_MARQUARDT, 4, 50, 0.01, 0, false, true, CoarseSearch.MAX_STARTS);
    }

    /**
     * @param m the model
     * @return a copy with that model
     */
    public RegistrationOptions withModel(MotionModel m) {
        return new RegistrationOptions(m, loss, optimizer, levels, maxIterations, tolerance, learningRate, symmetric,
                warmUp, coarseStarts);
    }

    /**
     * @param l the loss
     * @return a copy with that loss
     */
    public RegistrationOptions withLoss(RegistrationLoss l) {
        return new RegistrationOptions(model, l, optimizer, levels, maxIterations, tolerance, learningRate,
                symmetric, warmUp, coarseStarts);
    }

    /**
     * @param o the optimiser; also sets its {@link RegistrationOptimizer#defaultLearningRate()}
     * @return a copy with that optimiser
     */
    public RegistrationOptions withOptimizer(RegistrationOptimizer o) {
        return new RegistrationOptions(model, loss, o, levels, maxIterations, tolerance, o.defaultLearningRate(),
                symmetric, warmUp, coarseStarts);
    }

    /**
     * @param n pyramid levels
     * @return a copy with that many levels
     */
    public RegistrationOptions withLevels(int n) {
        return new RegistrationOptions(model, loss, optimizer, n, maxIterations, tolerance, learningRate, symmetric,
                warmUp, coarseStarts);
    }

    /**
     * @param n iterations per level
     * @return a copy with that limit
     */
    public RegistrationOptions withMaxIterations(int n) {
        return new RegistrationOptions(model, loss, optimizer, levels, n, tolerance, learningRate, symmetric, warmUp,
                coarseStarts);
    }

    /**
     * @param pixels the stopping tolerance
     * @return a copy with that tolerance
     */
    public RegistrationOptions withTolerance(double pixels) {
        return new RegistrationOptions(model, loss, optimizer, levels, maxIterations, pixels, learningRate,
                symmetric, warmUp, coarseStarts);
    }

    /**
     * @param rate the first-order step size
     * @return a copy with that learning rate
     */
    public RegistrationOptions withLearningRate(double rate) {
        return new RegistrationOptions(model, loss, optimizer, levels, maxIterations, tolerance, rate, symmetric,
                warmUp, coarseStarts);
    }

    /**
     * @param on whether to add the inverse direction
     * @return a copy with that setting
     */
    public RegistrationOptions withSymmetric(boolean on) {
        return new RegistrationOptions(model, loss, optimizer, levels, maxIterations, tolerance, learningRate, on,
                warmUp, coarseStarts);
    }

    /**
     * @param on whether to warm up with the model's sub-families at the coarsest level
     * @return a copy with that setting
     */
    public RegistrationOptions withWarmUp(boolean on) {
        return new RegistrationOptions(model, loss, optimizer, levels, maxIterations, tolerance, learningRate,
                symmetric, on, coarseStarts);
    }

    /**
     * @param n starts per pair at the coarsest level, 1 to 5
     * @return a copy with that many starts
     */
    public RegistrationOptions withCoarseStarts(int n) {
        return new RegistrationOptions(model, loss, optimizer, levels, maxIterations, tolerance, learningRate,
                symmetric, warmUp, n);
    }

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException naming the first invalid option
     */
    public void checkValidity() {
        String op = "image_registrator";
        if (model == null || loss == null || optimizer == null) {
            throw new IllegalArgumentException(op + ": expected model, loss and optimizer, got null");
        }
        if (levels < 1 || maxIterations < 1) {
            throw new IllegalArgumentException(op + ": expected levels >= 1 and max_iterations >= 1, got levels="
                    + levels + ", max_iterations=" + maxIterations);
        }
        if (coarseStarts < 1 || coarseStarts > CoarseSearch.MAX_STARTS) {
            throw new IllegalArgumentException(op + ": expected coarse_starts in [1, " + CoarseSearch.MAX_STARTS
                    + "], got " + coarseStarts);
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException(op + ": expected tolerance > 0, got " + tolerance);
        }
        if (optimizer != RegistrationOptimizer.LEVENBERG_MARQUARDT && !(learningRate > 0)) {
            throw new IllegalArgumentException(op + ": expected learning_rate > 0 for " + optimizer.label()
                    + ", got " + learningRate);
        }
        if (optimizer == RegistrationOptimizer.LEVENBERG_MARQUARDT && !loss.perPixel()) {
            throw new IllegalArgumentException(op + ": expected loss l1, l2 or charbonnier with optimizer lm, got "
                    + loss.label() + " (use adam or sgd)");
        }
    }
}
