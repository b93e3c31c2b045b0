package dev.diffvision.spark;

import dev.diffvision.ops.io.DType;
import dev.diffvision.ops.io.HostTensor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * DiffVision's tensor struct ({@link OutputColumns#TENSOR_STRUCT}: {@code shape array<int>, dtype string,
 * data binary}, little-endian, row-major) to and from {@link HostTensor}. Accepted dtypes: {@code uint8},
 * {@code float32}, {@code float64}.
 *
 * <pre>{@code
 * Row cell = TensorStructs.toRow(new int[] {1, 2, 2}, "float32", littleEndianBytes);
 * HostTensor t = TensorStructs.read(cell);    // (1, 2, 2) float32
 * }</pre>
 */
final class TensorStructs {

    private static final Set<String> FIELDS = Set.of("shape", "dtype", "data");

    private TensorStructs() {}

    /**
     * @param type a column type
     * @return whether it is a tensor struct: has {@code shape array<int>}, {@code dtype string} and
     *     {@code data binary}
     */
    static boolean isTensorStruct(org.apache.spark.sql.types.DataType type) {
        if (!(type instanceof StructType s) || !Arrays.asList(s.fieldNames()).containsAll(FIELDS)) {
            return false;
        }
        return s.apply("shape").dataType() instanceof ArrayType a && a.elementType() instanceof IntegerType
                && s.apply("dtype").dataType() instanceof StringType
                && s.apply("data").dataType() instanceof BinaryType;
    }

    /**
     * Reads an image tensor: rank 3 {@code (C, H, W)}, or rank 2 {@code (H, W)} read as {@code (1, H, W)}.
     *
     * @param cell a tensor-struct value
     * @return the tensor, data in native byte order
     * @throws RowFailure ({@link ErrorKind#BAD_TENSOR}) for an unknown dtype, a rank other than 2 or 3, a
     *     non-positive dimension, or data whose length does not match the shape
     */
    static HostTensor read(Row cell) {
        String dtypeName = cell.getString(cell.fieldIndex("dtype"));
        List<Integer> dims = cell.isNullAt(cell.fieldIndex("shape")) ? null : cell.getList(cell.fieldIndex("shape"));
        byte[] data = (byte[]) cell.get(cell.fieldIndex("data"));
        DType dtype = dtype(dtypeName);
        if (dims == null || dims.size() < 2 || dims.size() > 3 || dims.stream().anyMatch(d -> d == null || d < 1)) {
            throw bad("expected shape (C, H, W) or (H, W) of positive sizes, got " + dims);
        }
        long[] shape = dims.size() == 3 ? new long[] {dims.get(0), dims.get(1), dims.get(2)}
                : new long[] {1, dims.get(0), dims.get(1)};
        long expected = shape[0] * shape[1] * shape[2] * dtype.byteSize();
        if (data == null || data.length != expected) {
            throw bad("expected " + expected + " data bytes for shape " + dims + " " + dtypeName + ", got "
                    + (data == null ? "null" : data.length));
        }
        ByteBuffer inNativeOrder = ByteBuffer.allocate(data.length).order(ByteOrder.nativeOrder());
        copyLittleEndian(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), inNativeOrder, dtype);
        return new HostTensor(shape, dtype, inNativeOrder.flip());
    }

    /**
     * @param shape the dimensions
     * @param dtype {@code uint8}, {@code float32} or {@code float64}
     * @param littleEndian the row-major little-endian data
     * @return a tensor-struct value for a Spark row
     */
    static Row toRow(int[] shape, String dtype, byte[] littleEndian) {
        return RowFactory.create(sparkArray(shape), dtype, littleEndian);
    }

    /**
     * @param values ints
     * @return a Scala sequence, the form Spark's row encoder takes for array columns
     */
    static scala.collection.Seq<Integer> sparkArray(int[] values) {
        return CollectionConverters.asScala(Arrays.stream(values).boxed().toList());
    }

    private static DType dtype(String name) {
        if (name == null) {
            throw bad("expected dtype uint8, float32 or float64, got null");
        }
        return switch (name) {
            case "uint8" -> DType.UINT8;
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw bad("expected dtype uint8, float32 or float64, got '" + name + "'");
        };
    }

    private static void copyLittleEndian(ByteBuffer from, ByteBuffer to, DType dtype) {
        switch (dtype) {
            case FLOAT32 -> to.asFloatBuffer().put(from.asFloatBuffer());
            case FLOAT64 -> to.asDoubleBuffer().put(from.asDoubleBuffer());
            default -> to.put(from);
        }
        to.position(from.capacity());
    }

    private static RowFailure bad(String what) {
        return new RowFailure(ErrorKind.BAD_TENSOR, "tensor: " + what);
    }
}
