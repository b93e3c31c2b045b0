package dev.diffvision.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The schema of {@link DiffVisionFrames#apply}'s result: the input's columns except the image column (kept in its
 * place with {@link ApplyOptions#withInputKept}), then
 * <ul>
 *   <li>{@code shape array<int>}: the output's {@code (C, H, W)}, null on error;</li>
 *   <li>{@code tensor struct<shape array<int>, dtype string, data binary>}: DiffVision's tensor struct, float32
 *       little-endian, row-major (with {@link OutputFormat#TENSOR});</li>
 *   <li>{@code image}: Spark's image struct, 8-bit BGR(A) or gray (with {@link OutputFormat#IMAGE});</li>
 *   <li>{@code png binary}, {@code jpeg binary}: the output clamped to [0, 1] as 8-bit PNG / JPEG (with
 *       {@link OutputFormat#PNG} / {@link OutputFormat#JPEG});</li>
 *   <li>{@code mask}: with {@link BatchShaping#PAD}, a uint8 tensor struct {@code (1, H, W)} of the padded size,
 *       1 where the input image's pixels are, 0 on the padding;</li>
 *   <li>{@code device string}: where the batch ran, e.g. {@code cpu()} or {@code gpu(0)};</li>
 *   <li>the error column ({@code error} by default, {@link ApplyOptions#errorCol()}): null when the row
 *       succeeded, otherwise what went wrong.</li>
 * </ul>
 */
public final class OutputColumns {

    /** Column with the output shape. */
    public static final String SHAPE = "shape";
    /** Column with the tensor struct. */
    public static final String TENSOR = "tensor";
    /** Column with Spark's image struct. */
    public static final String IMAGE = "image";
    /** Column with PNG bytes. */
    public static final String PNG = "png";
    /** Column with JPEG bytes. */
    public static final String JPEG = "jpeg";
    /** Column with the validity mask of padded batches. */
    public static final String MASK = "mask";
    /** Column with the device. */
    public static final String DEVICE = "device";
    /** Default name of the column with the error message. */
    public static final String ERROR = ApplyOptions.DEFAULT_ERROR_COL;

    /** DiffVision's tensor struct: {@code shape array<int>, dtype string, data binary}. */
    public static final StructType TENSOR_STRUCT = new StructType()
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("dtype", DataTypes.StringType, false)
            .add("data", DataTypes.BinaryType, false);

    private OutputColumns() {}

    /**
     * @param input the input schema
     * @param imageIndex the image column's position, dropped from the output unless {@code options} keep it
     * @param options which outputs to add
     * @return the output schema
     * @throws IllegalArgumentException if an output column would repeat a kept input column's name
     */
    static StructType schema(StructType input, int imageIndex, ApplyOptions options) {
        List<StructField> fields = new ArrayList<>();
        StructField[] in = input.fields();
        for (int i = 0; i < in.length; i++) {
            if (i != imageIndex || options.keepInput()) {
                fields.add(in[i]);
            }
        }
        List<StructField> added = new ArrayList<>();
        added.add(DataTypes.createStructField(SHAPE, DataTypes.createArrayType(DataTypes.IntegerType, false), true));
        if (options.emits(OutputFormat.TENSOR)) {
            added.add(DataTypes.createStructField(TENSOR, TENSOR_STRUCT, true));
        }
        if (options.emits(OutputFormat.IMAGE)) {
            added.add(DataTypes.createStructField(IMAGE, SparkImageStructs.SCHEMA, true));
        }
        if (options.emits(OutputFormat.PNG)) {
            added.add(DataTypes.createStructField(PNG, DataTypes.BinaryType, true));
        }
        if (options.emits(OutputFormat.JPEG)) {
            added.add(DataTypes.createStructField(JPEG, DataTypes.BinaryType, true));
        }
        if (options.shaping() == BatchShaping.PAD) {
            added.add(DataTypes.createStructField(MASK, TENSOR_STRUCT, true));
        }
        added.add(DataTypes.createStructField(DEVICE, DataTypes.StringType, true));
        added.add(DataTypes.createStructField(options.errorCol(), DataTypes.StringType, true));
        for (StructField f : added) {
            if (fields.stream().anyMatch(k -> k.name().equalsIgnoreCase(f.name()))
                    || added.stream().filter(k -> k.name().equalsIgnoreCase(f.name())).count() > 1) {
                throw new IllegalArgumentException("apply: expected output column '" + f.name() + "' to be a new name,"
                        + " got it among the columns " + Arrays.toString(input.fieldNames()) + " or the outputs");
            }
        }
        fields.addAll(added);
        return DataTypes.createStructType(fields);
    }
}
