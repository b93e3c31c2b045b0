package dev.diffvision.spark.train;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The loss and gradient of some rows, kept as sums weighted by row count so that evaluations of disjoint
 * partitions {@link #merge} into exactly the evaluation of their union (up to rounding): for partitions with
 * {@code n_i} rows, mean losses {@code l_i} and mean gradients {@code g_i}, the merged mean gradient is
 * {@code sum(n_i g_i) / sum(n_i)}, the gradient of the mean loss over all rows.
 *
 * @param rows how many rows were evaluated, >= 0
 * @param lossSum {@code rows * mean loss}
 * @param gradientSum {@code rows * mean gradient}, one entry per parameter
 */
public record Evaluation(long rows, double lossSum, double[] gradientSum) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * @param parameters the number of parameters
     * @return the evaluation of no rows: the identity of {@link #merge}
     */
    public static Evaluation empty(int parameters) {
        return new Evaluation(0, 0, new double[parameters]);
    }

    /**
     * @param rows how many rows the means were taken over
     * @param meanLoss the mean loss
     * @param meanGradient the mean gradient
     * @return the weighted evaluation
     */
    public static Evaluation ofMeans(long rows, double meanLoss, double[] meanGradient) {
        double[] sum = new double[meanGradient.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = rows * meanGradient[i];
        }
        return new Evaluation(rows, rows * meanLoss, sum);
    }

    /**
     * @param other the evaluation of other rows, with as many parameters
     * @return the evaluation of both sets of rows
     */
    public Evaluation merge(Evaluation other) {
        double[] sum = gradientSum.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.gradientSum[i];
        }
        return new Evaluation(rows + other.rows, lossSum + other.lossSum, sum);
    }

    /**
     * @return the mean loss over all rows
     * @throws IllegalArgumentException if no rows were evaluated
     */
    public double meanLoss() {
        requireRows();
        return lossSum / rows;
    }

    /**
     * @return the mean gradient over all rows
     * @throws IllegalArgumentException if no rows were evaluated
     */
    public double[] meanGradient() {
        requireRows();
        double[] mean = new double[gradientSum.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = gradientSum[i] / rows;
        }
        return mean;
    }

    /** @return this evaluation as text, for {@code BarrierTaskContext.allGather} */
    public String toBase64() {
        ByteBuffer buffer = ByteBuffer.allocate(16 + 8 * gradientSum.length);
        buffer.putLong(rows).putDouble(lossSum);
        buffer.asDoubleBuffer().put(gradientSum);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    /**
     * @param text what {@link #toBase64} wrote
     * @return the evaluation
     */
    public static Evaluation fromBase64(String text) {
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(text));
        long rows = buffer.getLong();
        double loss = buffer.getDouble();
        double[] gradient = new double[buffer.remaining() / 8];
        buffer.asDoubleBuffer().get(gradient);
        return new Evaluation(rows, loss, gradient);
    }

    private void requireRows() {
        if (rows == 0) {
            throw new IllegalArgumentException("DistributedOptimizer: expected at least one row to evaluate, got none");
        }
    }
}
