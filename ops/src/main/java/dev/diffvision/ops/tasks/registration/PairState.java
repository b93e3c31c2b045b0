package dev.diffvision.ops.tasks.registration;

/** One pair's progress through the pyramid: mutable, owned by one {@link ImageRegistrator} call. */
final class PairState {
    double[] parameters;
    double loss = Double.NaN;
    int iterations;
    boolean converged;

    PairState(double[] parameters) {
        this.parameters = parameters;
    }

    /**
     * @param other the state to take parameters, loss, iterations and converged flag from
     */
    void copyFrom(PairState other) {
        parameters = other.parameters;
        loss = other.loss;
        iterations = other.iterations;
        converged = other.converged;
    }

    /**
     * The largest displacement of an image corner between two sampling maps, in pixels of the frame.
     *
     * @param frame the level's frame
     * @param a one map
     * @param b the other
     * @return the displacement in pixels
     */
    static double cornerMotion(Frame frame, double[] a, double[] b) {
        double worst = 0;
        for (int sx = -1; sx <= 1; sx += 2) {
            for (int sy = -1; sy <= 1; sy += 2) {
                double[] pa = Matrix3.apply(a, sx * frame.maxU(), sy * frame.maxV());
                double[] pb = Matrix3.apply(b, sx * frame.maxU(), sy * frame.maxV());
                worst = Math.max(worst, Math.hypot(pa[0] - pb[0], pa[1] - pb[1]));
            }
        }
        return worst * frame.pixelsPerUnit();
    }

    /**
     * Whether parameters or a transform can be used: a step that overflowed (a learning rate far too large) gives
     * NaN or infinity, and one such pair must not stop the others of its batch; an initial transform must be finite.
     *
     * @param values the candidate parameters or matrix entries
     * @return true when every value is finite
     */
    static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
