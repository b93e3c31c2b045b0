package dev.diffvision.spark;

import ai.djl.Device;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.registry.Pipeline;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import scala.jdk.javaapi.CollectionConverters;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Processes one partition lazily, {@code batchSize} rows at a time: decode each row's image, group the
 * window's images by shape and dtype, run each group as one batch, and emit one output row per input row in the
 * input's order. A row that cannot be decoded, or whose batch the pipeline rejects, comes out with its
 * {@code error} set; rows in == rows out.
 */
final class PartitionProcessor implements Iterator<Row> {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionProcessor.class);
    private static final Set<String> LOGGED_ERRORS = ConcurrentHashMap.newKeySet();

    private final Iterator<Row> input;
    private final ImageColumn column;
    private final ApplyOptions options;
    private final BatchRunner runner;
    private final String device;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();

    /**
     * @param input the partition's rows
     * @param column reads each row's image
     * @param options the pipeline and outputs
     */
    PartitionProcessor(Iterator<Row> input, ImageColumn column, ApplyOptions options) {
        this.input = input;
        this.column = column;
        this.options = options;
        Pipeline pipeline = ExecutorRuntime.pipeline(options.pipeline());
        Device dev = ExecutorRuntime.deviceForTask();
        this.device = dev.toString();
        this.runner = new BatchRunner(pipeline, options, dev);
    }

    @Override
    public boolean hasNext() {
        if (ready.isEmpty() && input.hasNext()) {
            processWindow();
        }
        return !ready.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void processWindow() {
        List<Row> rows = new ArrayList<>(options.batchSize());
        while (rows.size() < options.batchSize() && input.hasNext()) {
            rows.add(input.next());
        }
        BatchResult[] results = new BatchResult[rows.size()];
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        List<HostTensor> images = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            HostTensor image = null;
            try {
                image = column.read(rows.get(i));
            } catch (IllegalArgumentException e) {
                results[i] = BatchResult.failed(device, e.getMessage());
            }
            images.add(image);
            if (image != null) {
                groups.computeIfAbsent(image.dtype() + Arrays.toString(image.shape()), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> group : groups.values()) {
            List<HostTensor> batch = group.stream().map(images::get).toList();
            List<BatchResult> out = runner.run(batch);
            for (int j = 0; j < group.size(); j++) {
                results[group.get(j)] = out.get(j);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            logOnce(results[i].error());
            ready.add(toRow(rows.get(i), results[i]));
        }
    }

    private Row toRow(Row in, BatchResult r) {
        List<Object> values = new ArrayList<>(in.length() + 5);
        for (int i = 0; i < in.length(); i++) {
            if (i != column.index()) {
                values.add(in.get(i));
            }
        }
        values.add(r.shape() == null ? null : sparkArray(r.shape()));
        if (options.emits(OutputFormat.TENSOR)) {
            values.add(r.tensorBytes() == null ? null : RowFactory.create(sparkArray(r.shape()), "float32",
                    r.tensorBytes()));
        }
        if (options.emits(OutputFormat.PNG)) {
            values.add(r.png());
        }
        values.add(r.device());
        values.add(r.error());
        return RowFactory.create(values.toArray());
    }

    /** Spark's row encoder takes array columns as Scala sequences. */
    private static scala.collection.Seq<Integer> sparkArray(int[] values) {
        return CollectionConverters.asScala(Arrays.stream(values).boxed().toList());
    }

    private static void logOnce(String error) {
        if (error != null) {
            String kind = error.length() > 60 ? error.substring(0, 60) : error;
            if (LOGGED_ERRORS.add(kind)) {
                LOG.warn("DiffVision row failed (logged once per kind): {}", error);
            }
        }
    }
}
