package dev.diffvision.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.tasks.registration.RegistrationOptions;
import dev.diffvision.ops.tasks.registration.SharedRegistration;
import dev.diffvision.spark.train.PartitionObjective;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The shared-parameter registration objective at one pyramid level, for {@code DistributedOptimizer}: rows are
 * manifest rows {@code (id, source, target, ...)}, read and decoded to gray on the executor and reduced to the
 * level once per partition ({@link #prepare}); the loss is {@link SharedRegistration#meanLoss} of the partition's
 * pairs, so the optimizer's row-weighted mean is the mean loss over every pair. Every pair must be readable and
 * of one size: a bad pair fails the task with its id (a shared estimate cannot leave a pair out silently).
 */
final class SharedPairObjective implements PartitionObjective<Row> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final RegistrationOptions options;
    private final int level;

    /**
     * @param hadoopConf the Hadoop configuration for reading the images
     * @param options model, loss and symmetric flag
     * @param level the pyramid level, 0 the full resolution
     */
    SharedPairObjective(Broadcast<SerializableConfiguration> hadoopConf, RegistrationOptions options, int level) {
        this.hadoopConf = hadoopConf;
        this.options = options;
        this.level = level;
    }

    @Override
    public NDList prepare(List<Row> rows, NDManager manager) {
        NDList sources = new NDList();
        NDList targets = new NDList();
        for (Row row : rows) {
            String id = row.isNullAt(0) ? null : row.get(0).toString();
            try {
                sources.add(PairImages.decodeGray(row.getString(1), hadoopConf.value().value(), manager));
                targets.add(PairImages.decodeGray(row.getString(2), hadoopConf.value().value(), manager));
            } catch (IOException e) {
                throw new UncheckedIOException("shared registration: pair " + id + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("shared registration: pair " + id + ": " + e.getMessage(), e);
            }
            if (!sources.get(0).getShape().equals(sources.get(sources.size() - 1).getShape())
                    || !sources.get(0).getShape().equals(targets.get(targets.size() - 1).getShape())) {
                throw new IllegalArgumentException("shared registration: expected every image of size "
                        + sources.get(0).getShape() + ", got pair " + id + " with " + sources.get(sources.size() - 1)
                        .getShape() + " and " + targets.get(targets.size() - 1).getShape());
            }
        }
        NDArray source = NDArrays.concat(sources);
        NDArray target = NDArrays.concat(targets);
        sources.close();
        targets.close();
        return SharedRegistration.prepare(source, target, level, manager);
    }

    @Override
    public NDArray loss(NDArray parameters, NDList data) {
        return SharedRegistration.meanLoss(parameters, data, options);
    }
}
