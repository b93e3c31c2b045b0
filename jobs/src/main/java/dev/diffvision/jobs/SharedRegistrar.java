package dev.diffvision.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.tasks.registration.RegistrationOptimizer;
import dev.diffvision.ops.tasks.registration.RegistrationOptions;
import dev.diffvision.ops.tasks.registration.SharedRegistration;
import dev.diffvision.spark.train.DistributedOptimizer;
import dev.diffvision.spark.train.TrainingResult;
import dev.diffvision.spark.train.UpdateRule;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.util.List;

/**
 * Shared-parameter registration: one transform of the options' model for every pair of a manifest (e.g. a fixed
 * camera rig), estimated coarse to fine with the connector's synchronous data-parallel {@link DistributedOptimizer}
 * ({@link SharedPairObjective} per level, the parameters carried unchanged from level to level in the normalised
 * frame, {@code steps} updates per level with Adam or SGD with momentum 0.9 at the options' learning rate).
 *
 * <pre>{@code
 * Row shared = new SharedRegistrar(conf, options, DistributedOptimizer.Strategy.BARRIER, 100)
 *         .register(manifestRows);   // id "shared", h00..h22, loss, iterations, converged, null error
 * }</pre>
 */
final class SharedRegistrar {

    /** Steps over which the finest level's loss must have settled (relative change) for {@code converged}. */
    private static final int SETTLE_STEPS = 10;
    private static final double SETTLE_CHANGE = 1e-3;

    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final RegistrationOptions options;
    private final DistributedOptimizer.Strategy strategy;
    private final int steps;

    /**
     * @param hadoopConf the Hadoop configuration for reading the images
     * @param options model, loss, symmetric flag, levels, optimizer (adam or sgd) and learning rate
     * @param strategy how the partitions' gradients are combined
     * @param steps updates per pyramid level, >= 1
     * @throws IllegalArgumentException if the optimizer is Levenberg-Marquardt or steps < 1
     */
    SharedRegistrar(Broadcast<SerializableConfiguration> hadoopConf, RegistrationOptions options,
                    DistributedOptimizer.Strategy strategy, int steps) {
        if (options.optimizer() == RegistrationOptimizer.LEVENBERG_MARQUARDT) {
            throw new IllegalArgumentException("expected --optimizer adam or sgd with --shared, got lm");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("expected --steps >= 1, got " + steps);
        }
        this.hadoopConf = hadoopConf;
        this.options = options;
        this.strategy = strategy;
        this.steps = steps;
    }

    /**
     * @param rows manifest rows {@code (id, source, target, ...)}, at least one; for the barrier strategy at most
     *     as many partitions as the cluster has task slots
     * @return the result row ({@link PairRegistrar#SCHEMA}, id {@code shared}); {@code converged} when the finest
     *     level's loss changed by less than 0.1% over its last 10 steps
     * @throws IOException if the first pair's source (read on the driver for the image size) cannot be read
     */
    Row register(JavaRDD<Row> rows) throws IOException {
        return solve(rows.first(), (optimizer, objective, initial) -> optimizer.minimize(rows, objective, initial));
    }

    /**
     * The same levels and steps in this JVM over one list ({@link DistributedOptimizer#minimizeInProcess}): the
     * single-process result the distributed run is held to.
     *
     * @param rows every manifest row, at least one
     * @return the result row, as {@link #register(JavaRDD)}
     * @throws IOException if the first pair's source cannot be read
     */
    Row registerInProcess(List<Row> rows) throws IOException {
        return solve(rows.get(0), (optimizer, objective, initial) ->
                optimizer.minimizeInProcess(rows, objective, initial));
    }

    /** One level's minimisation, distributed or in process. */
    private interface LevelFit {
        TrainingResult fit(DistributedOptimizer optimizer, SharedPairObjective objective, double[] initial);
    }

    private Row solve(Row first, LevelFit levelFit) throws IOException {
        long height;
        long width;
        try (NDManager m = DiffVisionEngine.newManager()) {
            NDArray image = PairImages.decodeGray(first.getString(1), hadoopConf.value().value(), m);
            height = image.getShape().get(2);
            width = image.getShape().get(3);
        }
        UpdateRule rule = options.optimizer() == RegistrationOptimizer.ADAM ? UpdateRule.adam(options.learningRate())
                : UpdateRule.sgd(options.learningRate(), 0.9);
        DistributedOptimizer optimizer = DistributedOptimizer.builder().setUpdateRule(rule).setSteps(steps)
                .optStrategy(strategy).build();
        double[] parameters = new double[options.model().parameterCount()];
        TrainingResult fit = null;
        int levels = SharedRegistration.usableLevels(options.levels(), height, width);
        for (int level = levels - 1; level >= 0; level--) {
            fit = levelFit.fit(optimizer, new SharedPairObjective(hadoopConf, options, level), parameters);
            parameters = fit.parameters();
        }
        double[] losses = fit.losses();
        double last = losses[losses.length - 1];
        double earlier = losses[Math.max(0, losses.length - 1 - SETTLE_STEPS)];
        boolean converged = Math.abs(earlier - last) <= SETTLE_CHANGE * Math.abs(earlier);
        double[] h = SharedRegistration.pixelMatrix(parameters, options.model(), height, width);
        Object[] v = new Object[PairRegistrar.SCHEMA.size()];
        v[0] = "shared";
        for (int i = 0; i < 9; i++) {
            v[1 + i] = h[i];
        }
        v[10] = last;
        v[11] = levels * steps;
        v[12] = converged;
        return RowFactory.create(v);
    }

    /** @return the optimisation, for the job's progress line */
    String describe() {
        return strategy.name().toLowerCase(java.util.Locale.ROOT) + ", " + options.optimizer().label() + " "
                + options.learningRate() + ", " + steps + " steps per level";
    }
}
