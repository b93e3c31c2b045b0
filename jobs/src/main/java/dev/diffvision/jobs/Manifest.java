package dev.diffvision.jobs;

import dev.diffvision.spark.OutputColumns;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet manifest {@link PipelineJob} writes to {@code <output>/manifest}: one row per input file, in no
 * particular order.
 * <ul>
 *   <li>{@code source_path string}: the input file, as the {@code binaryFile} reader reports it;</li>
 *   <li>{@code output_path string}: the file written for it in the first file format of {@code format} (the
 *       other file formats share its stem: {@code .png}, {@code .jpg}, {@code .npy}); null when the row failed
 *       or when only {@code parquet} is written;</li>
 *   <li>{@code shape array<int>}: the pipeline output's {@code (C, H, W)}, null when the pipeline failed or the
 *       row was skipped;</li>
 *   <li>{@code status string}: {@value #OK}, {@value #FAILED}, or {@value #SKIPPED} (mode skip-existing found
 *       every output file of the row already there, so it was not read again);</li>
 *   <li>{@code device string}: where the row's batch ran, e.g. {@code cpu()} or {@code gpu(0)};</li>
 *   <li>{@code executor string}: Spark's id of the executor that wrote the row ({@code driver} in local
 *       mode);</li>
 *   <li>{@code error string}: null unless the row failed; then what went wrong (decoding, the pipeline or
 *       writing).</li>
 * </ul>
 *
 * <pre>{@code
 * spark.read().parquet("out/manifest").where("status = 'failed'").show(false);
 * }</pre>
 */
public final class Manifest {

    /** Column with the input file. */
    public static final String SOURCE_PATH = "source_path";
    /** Column with the written file. */
    public static final String OUTPUT_PATH = "output_path";
    /** Column with the output shape. */
    public static final String SHAPE = "shape";
    /** Column with the row's status. */
    public static final String STATUS = "status";
    /** Column with the device. */
    public static final String DEVICE = "device";
    /** Column with the executor id. */
    public static final String EXECUTOR = "executor";
    /** Column with the error message. */
    public static final String ERROR = "error";
    /** Column of the {@code parquet} output with the tensor struct. */
    public static final String TENSOR = OutputColumns.TENSOR;

    /** Status of a row whose outputs were written. */
    public static final String OK = "ok";
    /** Status of a row that failed (see {@code error}). */
    public static final String FAILED = "failed";
    /** Status of a row whose outputs already existed (mode skip-existing). */
    public static final String SKIPPED = "skipped";

    /** The manifest's schema. */
    public static final StructType SCHEMA = new StructType()
            .add(SOURCE_PATH, DataTypes.StringType, false)
            .add(OUTPUT_PATH, DataTypes.StringType, true)
            .add(SHAPE, DataTypes.createArrayType(DataTypes.IntegerType, false), true)
            .add(STATUS, DataTypes.StringType, false)
            .add(DEVICE, DataTypes.StringType, true)
            .add(EXECUTOR, DataTypes.StringType, true)
            .add(ERROR, DataTypes.StringType, true);

    /** The manifest's schema plus the tensor struct, as the executors produce it when Parquet is written. */
    static final StructType WITH_TENSOR = SCHEMA.add(TENSOR, OutputColumns.TENSOR_STRUCT, true);

    private Manifest() {}
}
