package dev.diffvision.spark.train;

import java.io.Serializable;

/**
 * What a {@link DistributedOptimizer} run ends with.
 *
 * @param parameters the parameters after every step
 * @param losses the mean loss over all rows before each update, one per step (from the checkpoint for steps
 *     taken before a resume)
 * @param resumedFromStep the step of the checkpoint the final attempt started from; 0 when it started from
 *     the initial parameters
 */
public record TrainingResult(double[] parameters, double[] losses, int resumedFromStep) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * @param state the final state
     * @param resumedFromStep where the run that reached it started
     * @return the result
     */
    static TrainingResult of(OptimizerState state, int resumedFromStep) {
        return new TrainingResult(state.parameters(), state.losses(), resumedFromStep);
    }

    /** @return the parameters as float32, the precision the objective sees them in */
    public float[] parametersAsFloat() {
        float[] out = new float[parameters.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) parameters[i];
        }
        return out;
    }
}
