package dev.diffvision.spark;

import dev.diffvision.ops.registry.OpRegistry;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/**
 * The Dataset-level Java API: run a DiffVision pipeline over a DataFrame of images.
 *
 * <p>Each partition is processed on its executor in windows of at most {@code batchSize} images and
 * {@code maxBatchBytes} decoded float32 bytes: images are decoded, grouped by shape (or resized / padded to one
 * size), packed into one Arrow buffer per batch, run through the pipeline on the task's device (its GPU when it
 * has one, else CPU), and turned back into rows in the input's order. See {@link OutputColumns} for the result's
 * columns. Bad rows are never dropped: they come out with the error column set, and are counted in
 * {@link ApplyMetrics}.
 *
 * <pre>{@code
 * Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "*.png").load("hdfs:///images");
 * ApplyMetrics metrics = ApplyMetrics.register(spark.sparkContext());
 * Dataset<Row> edges = DiffVisionFrames.apply(files, ApplyOptions.of("rgb_to_grayscale | sobel"), metrics);
 * edges.select("path", "shape", "error").show();
 * Dataset<Row> tensors = DiffVisionFrames.readTensors(spark, "hdfs:///tensors.parquet");
 * }</pre>
 */
public final class DiffVisionFrames {

    private DiffVisionFrames() {}

    /**
     * Applies a pipeline to every image of {@code images}, counting into accumulators nobody reads; use
     * {@link #apply(Dataset, ApplyOptions, ApplyMetrics)} to read the counts.
     *
     * @param images a DataFrame with a binary (encoded PNG/JPEG or .npy), Spark image-struct or tensor-struct column
     * @param options the pipeline, input column, batching, shaping and outputs
     * @return the input columns (without the image column, unless {@link ApplyOptions#withInputKept}) plus the
     *     output columns
     * @throws IllegalArgumentException for an invalid spec or a missing/unsupported input column
     */
    public static Dataset<Row> apply(Dataset<Row> images, ApplyOptions options) {
        return apply(images, options, ApplyMetrics.register(images.sparkSession().sparkContext()));
    }

    /**
     * Applies a pipeline to every image of {@code images}. Lazy, like any Dataset transformation; the pipeline
     * spec, the input column and the output names are validated here, on the driver.
     *
     * @param images a DataFrame with a binary (encoded PNG/JPEG or .npy), Spark image-struct or tensor-struct column
     * @param options the pipeline, input column, batching, shaping and outputs
     * @param metrics accumulators the executors count rows, failures by kind and batches into
     * @return the input columns (without the image column, unless {@link ApplyOptions#withInputKept}) plus the
     *     output columns
     * @throws IllegalArgumentException for an invalid spec, a missing/unsupported input column or an output
     *     column name that is already taken
     */
    public static Dataset<Row> apply(Dataset<Row> images, ApplyOptions options, ApplyMetrics metrics) {
        OpRegistry.defaults().pipeline(options.pipeline());
        StructType inSchema = images.schema();
        ImageColumn column = ImageColumn.resolve(inSchema, options);
        StructType outSchema = OutputColumns.schema(inSchema, column.index(), options);
        MapPartitionsFunction<Row, Row> process = rows -> new PartitionProcessor(rows, column, options, metrics);
        return images.mapPartitions(process, Encoders.row(outSchema));
    }

    /**
     * Reads Parquet files holding tensor-struct columns ({@link OutputColumns#TENSOR_STRUCT}), e.g. a previous
     * {@code apply}'s {@code tensor} column written with {@code write().parquet(path)}; pass the column to
     * {@link ApplyOptions#withInputCol}.
     *
     * @param spark the session
     * @param path Parquet file or folder
     * @return the rows, lazily read
     * @throws IllegalArgumentException if no column is a tensor struct
     */
    public static Dataset<Row> readTensors(SparkSession spark, String path) {
        Dataset<Row> rows = spark.read().parquet(path);
        StructField[] fields = rows.schema().fields();
        if (Arrays.stream(fields).noneMatch(f -> TensorStructs.isTensorStruct(f.dataType()))) {
            throw new IllegalArgumentException("readTensors: expected a column of struct<shape array<int>, dtype "
                    + "string, data binary> in " + path + ", got " + rows.schema().simpleString());
        }
        return rows;
    }
}
