package dev.diffvision.ops.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;

import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Finite-difference gradient checks in float64: does autograd's gradient of an op match central differences?
 *
 * <p>The op's output {@code y = f(x)} is reduced to a scalar with fixed random weights, {@code L = sum(w * y)},
 * so every output element contributes. Autograd's {@code dL/dx} is compared with
 * {@code (L(x + h e_i) - L(x - h e_i)) / 2h} for every input element (or a seeded sample of
 * {@code maxElements} of them) with {@code |analytic - numeric| <= atol + rtol * |numeric|}, like
 * {@code torch.autograd.gradcheck}.
 *
 * <pre>{@code
 * GradientCheck.Result r = GradientCheck.check(x -> Sobel.sobel(x), input64, GradientCheck.Options.defaults());
 * r.assertPassed("sobel");
 * }</pre>
 */
public final class GradientCheck {

    private GradientCheck() {}

    /**
     * Tolerances and sampling of a check.
     *
     * @param step the finite-difference step {@code h}
     * @param atol absolute tolerance
     * @param rtol relative tolerance
     * @param maxElements how many input elements to perturb at most (a seeded sample when there are more)
     * @param seed seeds the output weights and the sample
     */
    public record Options(double step, double atol, double rtol, int maxElements, long seed) {
        /** @return {@code h = 1e-6, atol = 1e-5, rtol = 1e-3}, up to 400 elements, seed 42 */
        public static Options defaults() {
            return new Options(1e-6, 1e-5, 1e-3, 400, 42);
        }
    }

    /**
     * The outcome of a check.
     *
     * @param checked how many input elements were perturbed
     * @param maxAbsError the largest {@code |analytic - numeric|}
     * @param worstElement the flat index where the largest excess over tolerance occurred
     * @param worstAnalytic the analytic gradient there
     * @param worstNumeric the numeric gradient there
     * @param passed whether every element was within tolerance
     */
    public record Result(int checked, double maxAbsError, long worstElement, double worstAnalytic,
                         double worstNumeric, boolean passed) {
        /**
         * Throws if the check failed.
         *
         * @param what names the op in the message
         * @throws AssertionError with the worst element's numbers
         */
        public void assertPassed(String what) {
            if (!passed) {
                throw new AssertionError(what + ": gradient check failed at element " + worstElement
                        + ": analytic " + worstAnalytic + " vs numeric " + worstNumeric + " (max abs error "
                        + maxAbsError + " over " + checked + " elements)");
            }
        }
    }

    /**
     * Checks the gradient of {@code f} at {@code x}.
     *
     * @param f the op; called with float64 tensors, must not modify its input
     * @param x the point, any shape; converted to float64 (not modified)
     * @param options tolerances and sampling
     * @return the result
     */
    public static Result check(UnaryOperator<NDArray> f, NDArray x, Options options) {
        try (NDManager scope = x.getManager().newSubManager()) {
            double[] values = x.toType(DataType.FLOAT64, false).toDoubleArray();
            NDArray point = scope.create(values, x.getShape());
            NDArray analytic;
            NDArray weights;
            point.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine(DiffVisionEngine.ENGINE_NAME).newGradientCollector()) {
                NDArray y = f.apply(point);
                weights = randomLike(y, options.seed(), scope);
                collector.backward(y.mul(weights).sum());
                analytic = point.getGradient().duplicate();
            }
            double[] grad = analytic.toDoubleArray();
            int[] elements = sample(values.length, options);
            double maxAbs = 0;
            double worstExcess = Double.NEGATIVE_INFINITY;
            long worst = -1;
            double worstA = 0;
            double worstN = 0;
            for (int i : elements) {
                double numeric = (loss(f, values, i, options.step(), point, weights, scope)
                        - loss(f, values, i, -options.step(), point, weights, scope)) / (2 * options.step());
                double err = Math.abs(grad[i] - numeric);
                double excess = err - (options.atol() + options.rtol() * Math.abs(numeric));
                maxAbs = Math.max(maxAbs, err);
                if (excess > worstExcess || Double.isNaN(err)) {
                    worstExcess = Double.isNaN(err) ? Double.POSITIVE_INFINITY : excess;
                    worst = i;
                    worstA = grad[i];
                    worstN = numeric;
                }
            }
            return new Result(elements.length, maxAbs, worst, worstA, worstN, worstExcess <= 0);
        }
    }

    private static double loss(UnaryOperator<NDArray> f, double[] values, int index, double delta,
                               NDArray like, NDArray weights, NDManager scope) {
        double[] shifted = values.clone();
        shifted[index] += delta;
        try (NDManager tmp = scope.newSubManager()) {
            NDArray p = tmp.create(shifted, like.getShape());
            return f.apply(p).mul(weights).sum().getDouble();
        }
    }

    private static NDArray randomLike(NDArray y, long seed, NDManager scope) {
        Random random = new Random(seed);
        double[] w = new double[Math.toIntExact(y.size())];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextDouble() * 2 - 1;
        }
        return scope.create(w, y.getShape()).toType(y.getDataType(), false);
    }

    private static int[] sample(int n, Options options) {
        if (n <= options.maxElements()) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        Random random = new Random(options.seed());
        return random.ints(0, n).distinct().limit(options.maxElements()).sorted().toArray();
    }
}
