package dev.diffvision.spark.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Wraps an objective so that the first task (of any attempt, in any JVM) to reach its {@code failAt}-th loss
 * evaluation throws, once: a marker file records that the failure happened.
 *
 * @param <T> the row type
 */
public class FailingOnce<T> implements PartitionObjective<T> {

    private static final long serialVersionUID = 1L;

    private final PartitionObjective<T> inner;
    private final String marker;
    private final int failAt;
    private transient int calls;

    /**
     * @param inner the real objective
     * @param marker a file that must not exist yet; created by the failing call
     * @param failAt the 1-based evaluation of a task that fails
     */
    public FailingOnce(PartitionObjective<T> inner, Path marker, int failAt) {
        this.inner = inner;
        this.marker = marker.toString();
        this.failAt = failAt;
    }

    @Override
    public NDList prepare(List<T> rows, NDManager manager) {
        return inner.prepare(rows, manager);
    }

    @Override
    public NDArray loss(NDArray parameters, NDList data) {
        if (++calls == failAt) {
            try {
                Files.createFile(Path.of(marker));
                throw new IllegalStateException("injected task failure at evaluation " + failAt);
            } catch (FileAlreadyExistsException alreadyFailed) {
                // the one failure has happened; carry on
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return inner.loss(parameters, data);
    }
}
