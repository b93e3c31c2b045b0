package dev.diffvision.jobs;

import dev.diffvision.spark.OutputColumns;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

/**
 * Runs on the executors: writes each processed row's files (PNG, JPEG, .npy; see {@link OutputFormat}) through
 * the Hadoop FileSystem API with {@link StagedFiles}, and turns the row into a {@link Manifest} row (plus its
 * tensor struct when Parquet is written, {@link Manifest#WITH_TENSOR}). A row whose encoding or write fails
 * keeps going as a failed manifest row ({@code output_path} null, {@code error} set): rows in == rows out.
 * Every format is encoded before any is written, so a row that cannot be encoded leaves no file; a write
 * failing half-way through a row's formats leaves the formats written before it (whole files, never partial).
 * A retried task writes the same files again, replacing the first attempt's: one file per input and format.
 */
final class OutputWriter implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** Where the writer puts its files, and what it writes. */
    record Target(OutputLayout layout, String stagingDir, List<OutputFormat> files, boolean tensor,
                  float jpegQuality) implements java.io.Serializable {}

    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final Target target;
    private final int pathIndex;
    private final int shapeIndex;
    private final int pngIndex;
    private final int tensorIndex;
    private final int deviceIndex;
    private final int errorIndex;

    /**
     * @param hadoopConf the driver's Hadoop configuration, broadcast (Spark's wrapper is Kryo-safe)
     * @param target the layout, staging folder and formats
     * @param processed the schema of {@code DiffVisionFrames.apply}'s result (with {@code path}, and {@code png}
     *     and/or {@code tensor} as the formats need)
     */
    OutputWriter(Broadcast<SerializableConfiguration> hadoopConf, Target target, StructType processed) {
        this.hadoopConf = hadoopConf;
        this.target = target;
        this.pathIndex = processed.fieldIndex("path");
        this.shapeIndex = processed.fieldIndex(OutputColumns.SHAPE);
        this.pngIndex = indexOf(processed, OutputColumns.PNG);
        this.tensorIndex = indexOf(processed, OutputColumns.TENSOR);
        this.deviceIndex = processed.fieldIndex(OutputColumns.DEVICE);
        this.errorIndex = processed.fieldIndex(OutputColumns.ERROR);
    }

    private static int indexOf(StructType schema, String column) {
        return List.of(schema.fieldNames()).indexOf(column);
    }

    /** @return the schema of the rows this writer produces */
    StructType schema() {
        return target.tensor() ? Manifest.WITH_TENSOR : Manifest.SCHEMA;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws IOException {
        Path staging = new Path(target.stagingDir());
        FileSystem fs = StagedFiles.fileSystem(staging, hadoopConf.value().value());
        String executor = SparkEnv.get() == null ? null : SparkEnv.get().executorId();
        boolean failAfterFirst = FaultInjection.armed();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row row = write(fs, staging, executor, rows.next());
                if (failAfterFirst) {
                    FaultInjection.fail();
                }
                return row;
            }
        };
    }

    private Row write(FileSystem fs, Path staging, String executor, Row in) {
        String source = in.getString(pathIndex);
        String error = in.isNullAt(errorIndex) ? null : in.getString(errorIndex);
        byte[] png = pngIndex < 0 || in.isNullAt(pngIndex) ? null : (byte[]) in.get(pngIndex);
        Row tensor = tensorIndex < 0 || in.isNullAt(tensorIndex) ? null : in.getStruct(tensorIndex);
        byte[][] contents = new byte[target.files().size()][];
        for (int i = 0; i < contents.length && error == null; i++) {
            try {
                contents[i] = target.files().get(i).encode(png, tensor, target.jpegQuality());
            } catch (IllegalArgumentException e) {
                error = "write: " + e.getMessage();
            }
        }
        String first = null;
        for (int i = 0; i < contents.length && error == null; i++) {
            Path file = new Path(target.layout().outputPath(source, target.files().get(i)));
            try {
                StagedFiles.write(fs, staging, file, contents[i]);
                first = first == null ? file.toString() : first;
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                error = "write: cannot write " + file + ": " + e;
            }
        }
        String status = error == null ? Manifest.OK : Manifest.FAILED;
        String output = error == null ? first : null;
        Object shape = in.get(shapeIndex);
        Object device = in.get(deviceIndex);
        return target.tensor()
                ? RowFactory.create(source, output, shape, status, device, executor, error, error == null ? tensor : null)
                : RowFactory.create(source, output, shape, status, device, executor, error);
    }
}
