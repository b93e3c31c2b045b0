package dev.diffvision.spark.train;

import java.io.Serializable;

/**
 * How a {@link DistributedOptimizer} turns the mean gradient into a parameter update. Implemented in Java over
 * double arrays on every task (not with DJL's optimizers, which update NDArrays in place and keep their state
 * inside the JVM that made them), so that the state is plain data that can be exchanged and checkpointed; the
 * rules are PyTorch's ({@code torch.optim.SGD} and {@code torch.optim.Adam}), which DJL's {@code Sgd}/{@code Adam}
 * follow too.
 *
 * <pre>{@code
 * UpdateRule sgd = UpdateRule.sgd(0.1, 0.9);
 * UpdateRule adam = UpdateRule.adam(0.01);
 * }</pre>
 */
public sealed interface UpdateRule extends Serializable permits UpdateRule.Sgd, UpdateRule.Adam {

    /**
     * @return how many per-parameter state arrays the rule keeps (momentum, moments)
     */
    int slots();

    /**
     * Applies one update in place.
     *
     * @param step the 1-based number of this update
     * @param parameters the parameters, updated
     * @param slots the rule's state arrays, {@link #slots()} of them, each as long as the parameters, updated
     * @param gradient the mean gradient
     */
    void update(int step, double[] parameters, double[][] slots, double[] gradient);

    /**
     * @param learningRate the step size, > 0
     * @param momentum the momentum in [0, 1); 0 for plain gradient descent
     * @return stochastic gradient descent with (heavy-ball) momentum
     */
    static UpdateRule sgd(double learningRate, double momentum) {
        return new Sgd(learningRate, momentum);
    }

    /**
     * @param learningRate the step size, > 0
     * @return Adam with PyTorch's defaults {@code beta1 = 0.9, beta2 = 0.999, eps = 1e-8}
     */
    static UpdateRule adam(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8);
    }

    /**
     * SGD with momentum, PyTorch's form: {@code v = momentum * v + g; p = p - lr * v} (v starts at 0).
     *
     * @param learningRate the step size, > 0
     * @param momentum in [0, 1)
     */
    record Sgd(double learningRate, double momentum) implements UpdateRule {

        private static final long serialVersionUID = 1L;

        /** Validates the hyper-parameters. */
        public Sgd {
            requirePositive(learningRate, "learningRate");
            requireUnit(momentum, "momentum");
        }

        @Override
        public int slots() {
            return 1;
        }

        @Override
        public void update(int step, double[] parameters, double[][] slots, double[] gradient) {
            double[] velocity = slots[0];
            for (int i = 0; i < parameters.length; i++) {
                velocity[i] = momentum * velocity[i] + gradient[i];
                parameters[i] -= learningRate * velocity[i];
            }
        }
    }

    /**
     * Adam (Kingma and Ba, 2015), PyTorch's form: {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * p = p - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}.
     *
     * @param learningRate the step size, > 0
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param eps added to the denominator, > 0
     */
    record Adam(double learningRate, double beta1, double beta2, double eps) implements UpdateRule {

        private static final long serialVersionUID = 1L;

        /** Validates the hyper-parameters. */
        public Adam {
            requirePositive(learningRate, "learningRate");
            requireUnit(beta1, "beta1");
            requireUnit(beta2, "beta2");
            requirePositive(eps, "eps");
        }

        @Override
        public int slots() {
            return 2;
        }

        @Override
        public void update(int step, double[] parameters, double[][] slots, double[] gradient) {
            double[] m = slots[0];
            double[] v = slots[1];
            double c1 = 1 - Math.pow(beta1, step);
            double c2 = 1 - Math.pow(beta2, step);
            for (int i = 0; i < parameters.length; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * gradient[i];
                v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i];
                parameters[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
            }
        }
    }

    private static void requirePositive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("DistributedOptimizer: expected " + name + " > 0, got " + value);
        }
    }

    private static void requireUnit(double value, String name) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("DistributedOptimizer: expected " + name + " in [0, 1), got " + value);
        }
    }
}
