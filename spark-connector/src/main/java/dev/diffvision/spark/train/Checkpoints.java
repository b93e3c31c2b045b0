package dev.diffvision.spark.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Optimizer states saved every {@code every} steps under a Hadoop directory ({@code file://}, {@code hdfs://},
 * ...) as {@code step-<n>.state} ({@link OptimizerState#toBytes()}), each written to a temporary name and
 * renamed, so a reader never sees half a file. Serialisable with its Hadoop configuration, so executors write
 * and read with the driver's file-system settings.
 */
final class Checkpoints implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("step-(\\d+)\\.state");

    private final String directory;
    private final int every;
    private transient Configuration conf;

    /**
     * @param directory where states go; null for no checkpoints
     * @param every save after every {@code every}-th step, >= 1
     * @param conf the Hadoop configuration to reach the directory with
     */
    Checkpoints(String directory, int every, Configuration conf) {
        if (every < 1) {
            throw new IllegalArgumentException("DistributedOptimizer: expected checkpoint interval >= 1, got " + every);
        }
        this.directory = directory;
        this.every = every;
        this.conf = conf;
    }

    /** @return checkpoints that are never written and never found */
    static Checkpoints none() {
        return new Checkpoints(null, 1, new Configuration(false));
    }

    /**
     * @param step the number of updates applied
     * @return whether the state after {@code step} updates is to be saved
     */
    boolean due(int step) {
        return directory != null && step % every == 0;
    }

    /**
     * Saves {@code state} as {@code step-<n>.state}, replacing an earlier save of the same step.
     *
     * @param state the state
     */
    void write(OptimizerState state) {
        try {
            Path dir = new Path(directory);
            FileSystem fs = dir.getFileSystem(conf);
            Path target = new Path(dir, String.format("step-%09d.state", state.step()));
            Path temp = new Path(dir, "." + target.getName() + "." + System.nanoTime() + ".tmp");
            try (FSDataOutputStream out = fs.create(temp, true)) {
                out.write(state.toBytes());
            }
            fs.delete(target, false);
            if (!fs.rename(temp, target)) {
                throw new IOException("rename " + temp + " -> " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("DistributedOptimizer: cannot write checkpoint to " + directory, e);
        }
    }

    /** @return the saved state with the most steps, if any */
    Optional<OptimizerState> latest() {
        if (directory == null) {
            return Optional.empty();
        }
        try {
            Path dir = new Path(directory);
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return Optional.empty();
            }
            Path best = null;
            long bestStep = -1;
            for (FileStatus f : fs.listStatus(dir)) {
                Matcher m = NAME.matcher(f.getPath().getName());
                if (m.matches() && Long.parseLong(m.group(1)) > bestStep) {
                    bestStep = Long.parseLong(m.group(1));
                    best = f.getPath();
                }
            }
            if (best == null) {
                return Optional.empty();
            }
            try (FSDataInputStream in = fs.open(best)) {
                return Optional.of(OptimizerState.fromBytes(in.readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("DistributedOptimizer: cannot read checkpoints from " + directory, e);
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
