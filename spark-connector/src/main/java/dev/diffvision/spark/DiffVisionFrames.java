package dev.diffvision.spark;

import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.registry.OpRegistry;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The Dataset-level Java API: run a DiffVision pipeline over a DataFrame of images.
 *
 * <p>Each partition is processed on its executor, {@code batchSize} rows at a time: images are decoded, grouped
 * by shape into batches packed in one Arrow buffer each, run through the pipeline on the task's device (its GPU
 * when it has one, else CPU), and turned back into rows in the input's order. See {@link OutputColumns} for the
 * result's columns. Bad rows are never dropped: they come out with {@code error} set.
 *
 * <pre>{@code
 * Dataset<Row> files = spark.read().format("binaryFile").option("pathGlobFilter", "*.png").load("hdfs:///images");
 * Dataset<Row> edges = DiffVisionFrames.apply(files, ApplyOptions.of("rgb_to_grayscale | sobel"));
 * edges.select("path", "shape", "error").show();
 * }</pre>
 */
public final class DiffVisionFrames {

    private DiffVisionFrames() {}

    /**
     * Applies a pipeline to every image of {@code images}. Lazy, like any Dataset transformation; the pipeline
     * spec and the input column are validated here, on the driver.
     *
     * @param images a DataFrame with a binary (encoded PNG/JPEG) or Spark image-struct column
     * @param options the pipeline, input column, batch size and outputs
     * @return the input columns (without the image column) plus the output columns
     * @throws IllegalArgumentException for an invalid spec or a missing/unsupported input column
     */
    public static Dataset<Row> apply(Dataset<Row> images, ApplyOptions options) {
        OpRegistry.defaults().pipeline(options.pipeline());
        StructType inSchema = images.schema();
        ImageColumn column = ImageColumn.resolve(inSchema, options.inputCol(),
                DecodeOptions.defaults().withMaxPixels(options.maxPixels()).withChannels(options.channels()));
        StructType outSchema = OutputColumns.schema(inSchema, column.index(), options);
        MapPartitionsFunction<Row, Row> process = rows -> new PartitionProcessor(rows, column, options);
        return images.mapPartitions(process, Encoders.row(outSchema));
    }
}
