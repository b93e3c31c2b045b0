package dev.diffvision.spark;

import ai.djl.Device;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.registry.Pipeline;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
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
 * Processes one partition lazily, one window at a time: read rows until the window holds {@code batchSize} rows
 * or the next image would take its decoded float32 size over {@code maxBatchBytes}; group the window's images
 * (by shape and dtype, or by channels and dtype when resized or padded), run each group as one batch, and emit
 * one output row per input row in the input's order. A row that cannot be read, or whose batch the pipeline
 * rejects, comes out with its error set; rows in == rows out. Each row and batch is counted in
 * {@link ApplyMetrics}, and each {@link ErrorKind} is logged once per executor JVM.
 */
final class PartitionProcessor implements Iterator<Row> {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionProcessor.class);
    private static final Set<ErrorKind> LOGGED_KINDS = ConcurrentHashMap.newKeySet();

    /** A row read from the input: its image, or why it has none. */
    private record Item(Row row, HostTensor image, RowFailure failure) {}

    private final Iterator<Row> input;
    private final ImageColumn column;
    private final ApplyOptions options;
    private final ApplyMetrics metrics;
    private final BatchRunner runner;
    private final String device;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private Item carried;

    /**
     * @param input the partition's rows
     * @param column reads each row's image
     * @param options the pipeline, batching, shaping and outputs
     * @param metrics where rows and batches are counted
     */
    PartitionProcessor(Iterator<Row> input, ImageColumn column, ApplyOptions options, ApplyMetrics metrics) {
        this.input = input;
        this.column = column;
        this.options = options;
        this.metrics = metrics;
        Pipeline pipeline = ExecutorRuntime.pipeline(options.pipeline());
        Device dev = ExecutorRuntime.deviceForTask();
        this.device = dev.toString();
        this.runner = new BatchRunner(pipeline, options, dev);
    }

    @Override
    public boolean hasNext() {
        if (ready.isEmpty() && (carried != null || input.hasNext())) {
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
        List<Item> window = readWindow();
        BatchResult[] results = new BatchResult[window.size()];
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < window.size(); i++) {
            Item item = window.get(i);
            if (item.failure() != null) {
                results[i] = BatchResult.failed(device, item.failure());
            } else {
                groups.computeIfAbsent(groupKey(item.image()), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> group : groups.values()) {
            List<BatchResult> out = runner.run(group.stream().map(i -> window.get(i).image()).toList());
            metrics.recordBatch();
            for (int j = 0; j < group.size(); j++) {
                results[group.get(j)] = out.get(j);
            }
        }
        for (int i = 0; i < window.size(); i++) {
            metrics.recordRow(results[i].kind());
            logOnce(results[i]);
            ready.add(toRow(window.get(i), results[i]));
        }
    }

    /** Up to batchSize rows whose images fit maxBatchBytes together; an image that does not fit waits. */
    private List<Item> readWindow() {
        List<Item> window = new ArrayList<>(options.batchSize());
        long bytes = 0;
        while (window.size() < options.batchSize() && (carried != null || input.hasNext())) {
            Item item = carried != null ? carried : read(input.next());
            carried = null;
            if (item.image() != null) {
                long size = floatBytes(item.image());
                if (bytes > 0 && bytes + size > options.maxBatchBytes()) {
                    carried = item;
                    break;
                }
                bytes += size;
            }
            window.add(item);
        }
        return window;
    }

    private Item read(Row row) {
        try {
            HostTensor image = column.read(row);
            if (options.shaping() == BatchShaping.PAD
                    && (image.dim(1) > options.targetHeight() || image.dim(2) > options.targetWidth())) {
                throw new RowFailure(ErrorKind.OVERSIZED, "pad: expected an image of at most "
                        + options.targetHeight() + " x " + options.targetWidth() + " (H x W), got " + image);
            }
            return new Item(row, image, null);
        } catch (RowFailure e) {
            return new Item(row, null, e);
        }
    }

    /** The image's size as float32 in the batch: after resizing or padding when those apply. */
    private long floatBytes(HostTensor image) {
        long pixels = options.shaping() == BatchShaping.GROUP_BY_SHAPE ? image.dim(1) * image.dim(2)
                : (long) options.targetHeight() * options.targetWidth();
        return 4 * image.dim(0) * pixels;
    }

    private String groupKey(HostTensor image) {
        long[] s = image.shape();
        String size = options.shaping() == BatchShaping.GROUP_BY_SHAPE ? Arrays.toString(s) : Long.toString(s[0]);
        return image.dtype() + size;
    }

    private Row toRow(Item item, BatchResult r) {
        Row in = item.row();
        List<Object> values = new ArrayList<>(in.length() + 8);
        for (int i = 0; i < in.length(); i++) {
            if (i != column.index() || options.keepInput()) {
                values.add(in.get(i));
            }
        }
        EncodedOutputs e = r.encoded();
        int[] shape = r.shape();
        values.add(shape == null ? null : TensorStructs.sparkArray(shape));
        if (options.emits(OutputFormat.TENSOR)) {
            values.add(e == null ? null : TensorStructs.toRow(shape, "float32", e.tensor()));
        }
        if (options.emits(OutputFormat.IMAGE)) {
            values.add(e == null ? null : SparkImageStructs.toRow(shape[0], shape[1], shape[2], e.bgr()));
        }
        if (options.emits(OutputFormat.PNG)) {
            values.add(e == null ? null : e.png());
        }
        if (options.emits(OutputFormat.JPEG)) {
            values.add(e == null ? null : e.jpeg());
        }
        if (options.shaping() == BatchShaping.PAD) {
            values.add(e == null ? null : mask(item.image()));
        }
        values.add(r.device());
        values.add(r.error());
        return RowFactory.create(values.toArray());
    }

    /** {@code (1, targetHeight, targetWidth)} uint8: 1 on the image's pixels, 0 on the padding. */
    private Row mask(HostTensor image) {
        int height = options.targetHeight();
        int width = options.targetWidth();
        int h = (int) image.dim(1);
        int w = (int) image.dim(2);
        byte[] valid = new byte[height * width];
        for (int y = 0; y < h; y++) {
            Arrays.fill(valid, y * width, y * width + w, (byte) 1);
        }
        return TensorStructs.toRow(new int[] {1, height, width}, "uint8", valid);
    }

    private static void logOnce(BatchResult result) {
        if (result.kind() != null && LOGGED_KINDS.add(result.kind())) {
            LOG.warn("DiffVision row failed ({}, logged once per kind in this JVM): {}", result.kind(), result.error());
        }
    }
}
