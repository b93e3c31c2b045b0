package dev.diffvision.jobs;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet manifest {@link PipelineJob} writes to {@code <output>/manifest}: one row per input file, in no
 * particular order.
 * <ul>
 *   <li>{@code source_path string}: the input file, as the {@code binaryFile} reader reports it;</li>
 *   <li>{@code output_path string}: the PNG written for it, null when the row failed;</li>
 *   <li>{@code shape array<int>}: the pipeline output's {@code (C, H, W)}, null when the pipeline failed;</li>
 *   <li>{@code device string}: where the row's batch ran, e.g. {@code cpu()} or {@code gpu(0)};</li>
 *   <li>{@code error string}: null when the row succeeded, otherwise what went wrong (decoding, the pipeline
 *       or writing).</li>
 * </ul>
 *
 * <pre>{@code
 * spark.read().parquet("out/manifest").where("error IS NOT NULL").show(false);
 * }</pre>
 */
public final class Manifest {

    /** Column with the input file. */
    public static final String SOURCE_PATH = "source_path";
    /** Column with the written PNG. */
    public static final String OUTPUT_PATH = "output_path";
    /** Column with the output shape. */
    public static final String SHAPE = "shape";
    /** Column with the device. */
    public static final String DEVICE = "device";
    /** Column with the error message. */
    public static final String ERROR = "error";

    /** The manifest's schema. */
    public static final StructType SCHEMA = new StructType()
            .add(SOURCE_PATH, DataTypes.StringType, false)
            .add(OUTPUT_PATH, DataTypes.StringType, true)
            .add(SHAPE, DataTypes.createArrayType(DataTypes.IntegerType, false), true)
            .add(DEVICE, DataTypes.StringType, true)
            .add(ERROR, DataTypes.StringType, true);

    private Manifest() {}
}
