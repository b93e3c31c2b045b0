package dev.diffvision.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The schema of {@link DiffVisionFrames#apply}'s result: the input's columns except the image column, then
 * <ul>
 *   <li>{@code shape array<int>}: the output's {@code (C, H, W)}, null on error;</li>
 *   <li>{@code tensor struct<shape array<int>, dtype string, data binary>}: DiffVision's tensor struct, float32
 *       little-endian, row-major (when enabled);</li>
 *   <li>{@code png binary}: the output clamped to [0, 1] as an 8-bit PNG (when enabled);</li>
 *   <li>{@code device string}: where the batch ran, e.g. {@code cpu()} or {@code gpu(0)};</li>
 *   <li>{@code error string}: null when the row succeeded, otherwise what went wrong.</li>
 * </ul>
 */
public final class OutputColumns {

    /** Column with the output shape. */
    public static final String SHAPE = "shape";
    /** Column with the tensor struct. */
    public static final String TENSOR = "tensor";
    /** Column with PNG bytes. */
    public static final String PNG = "png";
    /** Column with the device. */
    public static final String DEVICE = "device";
    /** Column with the error message. */
    public static final String ERROR = "error";

    /** DiffVision's tensor struct: {@code shape array<int>, dtype string, data binary}. */
    public static final StructType TENSOR_STRUCT = new StructType()
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("dtype", DataTypes.StringType, false)
            .add("data", DataTypes.BinaryType, false);

    private OutputColumns() {}

    /**
     * @param input the input schema
     * @param imageIndex the image column's position, dropped from the output
     * @param options which outputs to add
     * @return the output schema
     */
    static StructType schema(StructType input, int imageIndex, ApplyOptions options) {
        List<StructField> fields = new ArrayList<>();
        StructField[] in = input.fields();
        for (int i = 0; i < in.length; i++) {
            if (i != imageIndex) {
                fields.add(in[i]);
            }
        }
        fields.add(DataTypes.createStructField(SHAPE, DataTypes.createArrayType(DataTypes.IntegerType, false), true));
        if (options.emits(OutputFormat.TENSOR)) {
            fields.add(DataTypes.createStructField(TENSOR, TENSOR_STRUCT, true));
        }
        if (options.emits(OutputFormat.PNG)) {
            fields.add(DataTypes.createStructField(PNG, DataTypes.BinaryType, true));
        }
        fields.add(DataTypes.createStructField(DEVICE, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(options.errorCol(), DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }
}
