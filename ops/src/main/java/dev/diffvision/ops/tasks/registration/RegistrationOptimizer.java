package dev.diffvision.ops.tasks.registration;

import dev.diffvision.ops.core.Names;

import java.util.Locale;

/** How {@link ImageRegistrator} updates the parameters at each pyramid level. */
public enum RegistrationOptimizer {
    /**
     * Levenberg-Marquardt on the Gauss-Newton normal equations of the warp (iteratively reweighted for L1 and
     * Charbonnier): one batched device pass per iteration, a step rejected when it does not lower the pair's
     * loss. Per-pixel losses only (not SSIM). The default.
     */
    LEVENBERG_MARQUARDT(0),
    /** Adam (beta1 0.9, beta2 0.999, eps 1e-8) on the autograd gradient of the objective. */
    ADAM(5e-3),
    /** Gradient descent with momentum 0.9 on the autograd gradient of the objective. */
    SGD(0.5);

    private final double defaultLearningRate;

    RegistrationOptimizer(double defaultLearningRate) {
        this.defaultLearningRate = defaultLearningRate;
    }

    /** @return the learning rate used unless one is set (frame units; unused by Levenberg-Marquardt) */
    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    /**
     * Parses an optimiser name, case-insensitively.
     *
     * @param name {@code lm} (or {@code levenberg_marquardt}), {@code adam} or {@code sgd}
     * @return the optimiser
     * @throws IllegalArgumentException for any other name
     */
    public static RegistrationOptimizer parse(String name) {
        if (name != null && name.trim().equalsIgnoreCase(LEVENBERG_MARQUARDT.name())) {
            return LEVENBERG_MARQUARDT;
        }
        return Names.parse(values(), RegistrationOptimizer::label, name, "image_registrator", "optimizer");
    }

    /** @return the lower-case name used in options and job arguments ({@code lm}, {@code adam}, {@code sgd}) */
    public String label() {
        return this == LEVENBERG_MARQUARDT ? "lm" : name().toLowerCase(Locale.ROOT);
    }
}
