package dev.diffvision.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.geometry.transform.ImgWarp;
import dev.diffvision.ops.geometry.transform.WarpOptions;
import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.ImageEncoder;
import dev.diffvision.ops.io.PixelRange;
import dev.diffvision.ops.tasks.registration.ImageRegistrator;
import dev.diffvision.ops.tasks.registration.RegistrationOptions;
import dev.diffvision.ops.tasks.registration.RegistrationResult;
import dev.diffvision.spark.ExecutorRuntime;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The executor side of {@link RegistrationJob}: manifest rows {@code (id, source, target, init)} in, one result
 * row per input row out ({@link #SCHEMA}), in input order. Rows are taken {@code batchSize} at a time; their
 * images are read through the Hadoop FileSystem API and decoded to gray, pairs of equal size are registered as
 * one batch on the task's device ({@link ExecutorRuntime#deviceForTask()}), and optionally the warped source and
 * a red/cyan overlay (red: warped source, green and blue: target) are written as PNGs. A pair that cannot be read,
 * decoded or registered (missing file, undecodable bytes, source and target of different sizes, a bad init)
 * gets its error in {@code error} and null numbers.
 */
final class PairRegistrar implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** {@code id, h00..h22, loss, iterations, converged, error}. */
    static final StructType SCHEMA = schema();

    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final RegistrationOptions options;
    private final int batchSize;
    private final String imagesDir;

    /**
     * @param hadoopConf the Hadoop configuration for reading images and writing PNGs
     * @param options the registration options
     * @param batchSize rows read and registered together
     * @param imagesDir where to write {@code <id>_warped.png} and {@code <id>_overlay.png}, or null for none
     */
    PairRegistrar(Broadcast<SerializableConfiguration> hadoopConf, RegistrationOptions options, int batchSize,
                  String imagesDir) {
        this.hadoopConf = hadoopConf;
        this.options = options;
        this.batchSize = batchSize;
        this.imagesDir = imagesDir;
    }

    private static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.StringType, true));
        for (int i = 0; i < 9; i++) {
            fields.add(DataTypes.createStructField("h" + i / 3 + i % 3, DataTypes.DoubleType, true));
        }
        fields.add(DataTypes.createStructField("loss", DataTypes.DoubleType, true));
        fields.add(DataTypes.createStructField("iterations", DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField("converged", DataTypes.BooleanType, true));
        fields.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    /** One manifest row on its way through a batch. */
    private static final class Pair {
        final String id;
        String error;
        NDArray source;
        NDArray target;
        double[] init;
        RegistrationResult result;

        Pair(String id) {
            this.id = id;
        }
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ExecutorRuntime.engine();
        return new Iterator<>() {
            private final List<Row> ready = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                ready.clear();
                next = 0;
                List<Row> batch = new ArrayList<>();
                while (rows.hasNext() && batch.size() < batchSize) {
                    batch.add(rows.next());
                }
                if (!batch.isEmpty()) {
                    ready.addAll(process(batch));
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    private List<Row> process(List<Row> batch) {
        try (NDManager manager = DiffVisionEngine.newManager(ExecutorRuntime.deviceForTask())) {
            List<Pair> pairs = new ArrayList<>();
            Map<Shape, List<Pair>> bySize = new LinkedHashMap<>();
            for (Row row : batch) {
                Pair pair = load(row, manager);
                pairs.add(pair);
                if (pair.error == null) {
                    bySize.computeIfAbsent(pair.source.getShape(), s -> new ArrayList<>()).add(pair);
                }
            }
            for (List<Pair> group : bySize.values()) {
                register(group, manager);
            }
            List<Row> out = new ArrayList<>();
            for (Pair pair : pairs) {
                out.add(toRow(pair));
            }
            return out;
        }
    }

    private Pair load(Row row, NDManager manager) {
        Pair pair = new Pair(row.isNullAt(0) ? null : row.get(0).toString());
        try {
            String source = row.isNullAt(1) ? null : row.getString(1);
            String target = row.isNullAt(2) ? null : row.getString(2);
            if (source == null || target == null || pair.id == null) {
                throw new IllegalArgumentException("expected id, source and target, got a null");
            }
            pair.init = row.size() > 3 && !row.isNullAt(3) ? RegistrationJob.parseMatrix(row.getString(3)) : null;
            pair.source = decode(source, manager);
            pair.target = decode(target, manager);
            if (!pair.source.getShape().equals(pair.target.getShape())) {
                throw new IllegalArgumentException("expected source and target of the same size, got "
                        + size(pair.source) + " and " + size(pair.target));
            }
        } catch (IOException | RuntimeException e) {
            pair.error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return pair;
    }

    private static String size(NDArray image) {
        return image.getShape().get(3) + "x" + image.getShape().get(2);
    }

    private NDArray decode(String file, NDManager manager) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(hadoopConf.value().value());
        byte[] bytes;
        try (FSDataInputStream in = fs.open(path)) {
            bytes = in.readAllBytes();
        }
        ImageDecoder decoder = new ImageDecoder(DecodeOptions.defaults().withChannels(DecodeOptions.Channels.GRAY));
        return PixelRange.toUnitFloat(decoder.decode(bytes), manager).expandDims(0);
    }

    private void register(List<Pair> group, NDManager manager) {
        NDList sources = new NDList();
        NDList targets = new NDList();
        double[][] init = new double[group.size()][];
        for (int i = 0; i < group.size(); i++) {
            sources.add(group.get(i).source);
            targets.add(group.get(i).target);
            init[i] = group.get(i).init;
        }
        try {
            NDArray source = NDArrays.concat(sources);
            NDArray target = NDArrays.concat(targets);
            List<RegistrationResult> results = ImageRegistrator.register(source, target, options, init);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result = results.get(i);
                if (imagesDir != null) {
                    writeImages(group.get(i), manager);
                }
            }
        } catch (RuntimeException | IOException e) {
            for (Pair p : group) {
                p.error = p.error != null ? p.error : e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
    }

    private void writeImages(Pair pair, NDManager manager) throws IOException {
        NDArray h = manager.create(pair.result.matrix(), new Shape(1, 3, 3)).toType(pair.source.getDataType(), false);
        int[] size = {(int) pair.source.getShape().get(2), (int) pair.source.getShape().get(3)};
        NDArray warped = ImgWarp.warpPerspective(pair.source, h, size, WarpOptions.defaults()).squeeze(0);
        NDArray target = pair.target.squeeze(0);
        NDArray overlay = NDArrays.concat(new NDList(warped, target, target), 0);
        Path dir = new Path(imagesDir);
        FileSystem fs = StagedFiles.fileSystem(dir, hadoopConf.value().value());
        Path staging = new Path(dir, StagedFiles.STAGING);
        StagedFiles.write(fs, staging, new Path(dir, pair.id + "_warped.png"), ImageEncoder.encodePng(warped, 8));
        StagedFiles.write(fs, staging, new Path(dir, pair.id + "_overlay.png"), ImageEncoder.encodePng(overlay, 8));
    }

    private static Row toRow(Pair pair) {
        Object[] v = new Object[SCHEMA.size()];
        v[0] = pair.id;
        if (pair.error == null && pair.result != null) {
            for (int i = 0; i < 9; i++) {
                v[1 + i] = pair.result.matrix()[i];
            }
            v[10] = pair.result.loss();
            v[11] = pair.result.iterations();
            v[12] = pair.result.converged();
        } else {
            v[13] = pair.error == null ? "not registered" : pair.error;
        }
        return RowFactory.create(v);
    }
}
