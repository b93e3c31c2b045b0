package dev.diffvision.spark;

import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.DType;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageEncoder;
import dev.diffvision.ops.io.PixelRange;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * DiffVision's SQL functions, registered on a session with one call. Row-wise conveniences for SQL and
 * {@code selectExpr}: each call processes one image (a batch of one) on the task's device, with the pipeline
 * compiled once per executor JVM ({@link ExecutorRuntime}); for throughput use {@link DiffVisionFrames#apply} or
 * the ML {@code VisionTransformer}, which batch.
 * <ul>
 *   <li>{@code dv_apply(content binary, spec string) -> struct<tensor, error>}: decodes the image (PNG, JPEG or
 *       {@code .npy}), runs the pipeline on it as float32 in [0, 1] and returns the result as DiffVision's
 *       tensor struct ({@code shape array<int>, dtype string, data binary}, float32 little-endian, row-major
 *       {@code (C, H, W)}), with {@code error} null; a bad row gives {@code tensor} null and the error text, so a
 *       query never fails on data. An invalid spec fails the query.</li>
 *   <li>{@code dv_decode(content binary) -> struct<tensor, error>}: the decoded image as a float32 tensor struct
 *       in [0, 1] (8-bit / 255, 16-bit / 65535), the pipeline's input convention.</li>
 *   <li>{@code dv_encode(tensor struct, format string) -> binary}: a tensor struct (float32/float64 in [0, 1],
 *       clamped and rounded to 8 bits, or uint8) as {@code 'png'} or {@code 'jpeg'} (quality 0.9) bytes; null for
 *       a null tensor or one the format cannot hold (JPEG: 1 or 3 channels; PNG: 1 to 4). Another format fails
 *       the query.</li>
 *   <li>{@code dv_shape(content binary) -> array<int>}: the decoded image's {@code (C, H, W)}, null when it
 *       cannot be decoded.</li>
 * </ul>
 *
 * <pre>{@code
 * DiffVisionSql.register(spark);
 * spark.read().format("binaryFile").load("/images").createOrReplaceTempView("files");
 * spark.sql("SELECT path, dv_shape(content) AS shape, "
 *         + "dv_encode(dv_apply(content, 'rgb_to_grayscale | sobel').tensor, 'png') AS edges FROM files");
 * }</pre>
 */
public final class DiffVisionSql {

    /** {@code struct<tensor: tensor struct, error: string>}, what {@code dv_apply} and {@code dv_decode} return. */
    public static final StructType RESULT = new StructType()
            .add("tensor", OutputColumns.TENSOR_STRUCT, true)
            .add("error", DataTypes.StringType, true);

    /** Reads a binary cell with the connector's decoder and default limits (the spec is not used for reading). */
    private static final ImageColumn CONTENT = ImageColumn.resolve(
            new StructType().add("content", DataTypes.BinaryType, true), ApplyOptions.of("decode only"));

    private DiffVisionSql() {}

    /**
     * Registers {@code dv_apply}, {@code dv_decode}, {@code dv_encode} and {@code dv_shape} on {@code spark}.
     *
     * @param spark the session
     */
    public static void register(SparkSession spark) {
        spark.udf().register("dv_apply", (UDF2<byte[], String, Row>) DiffVisionSql::apply, RESULT);
        spark.udf().register("dv_decode", (UDF1<byte[], Row>) DiffVisionSql::decode, RESULT);
        spark.udf().register("dv_encode", (UDF2<Row, String, byte[]>) DiffVisionSql::encode, DataTypes.BinaryType);
        spark.udf().register("dv_shape", (UDF1<byte[], scala.collection.Seq<Integer>>) DiffVisionSql::shape,
                DataTypes.createArrayType(DataTypes.IntegerType, false));
    }

    private static Row apply(byte[] content, String spec) {
        ApplyOptions options = ApplyOptions.of(spec).withOutputFormats(EnumSet.of(OutputFormat.TENSOR));
        HostTensor image;
        try {
            image = read(content);
        } catch (RowFailure e) {
            return RowFactory.create(null, e.getMessage());
        }
        BatchRunner runner = new BatchRunner(ExecutorRuntime.pipeline(spec), options, ExecutorRuntime.deviceForTask());
        BatchResult r = runner.run(List.of(image)).get(0);
        return r.error() != null ? RowFactory.create(null, r.error())
                : RowFactory.create(TensorStructs.toRow(r.shape(), "float32", r.encoded().tensor()), null);
    }

    private static Row decode(byte[] content) {
        HostTensor image;
        try {
            image = read(content);
        } catch (RowFailure e) {
            return RowFactory.create(null, e.getMessage());
        }
        ExecutorRuntime.engine();
        try (NDManager manager = DiffVisionEngine.newManager()) {
            ByteBuffer floats = PixelRange.toUnitFloat(image, manager).toByteBuffer();   // native = little-endian
            byte[] littleEndian = new byte[floats.remaining()];
            floats.get(littleEndian);
            return RowFactory.create(TensorStructs.toRow(chw(image), "float32", littleEndian), null);
        }
    }

    private static byte[] encode(Row tensor, String format) {
        String f = format == null ? "" : format.toLowerCase(Locale.ROOT);
        if (!f.equals("png") && !f.equals("jpeg")) {
            throw new IllegalArgumentException("dv_encode: expected format 'png' or 'jpeg', got '" + format + "'");
        }
        if (tensor == null) {
            return null;
        }
        try {
            HostTensor t = TensorStructs.read(tensor);
            HostTensor pixels = t.dtype() == DType.UINT8 ? t : ImageEncoder.fromUnitFloat(t, 8);
            return f.equals("png") ? ImageEncoder.encodePng(pixels)
                    : ImageEncoder.encodeJpeg(pixels, EncodedOutputs.JPEG_QUALITY);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static scala.collection.Seq<Integer> shape(byte[] content) {
        try {
            return TensorStructs.sparkArray(chw(read(content)));
        } catch (RowFailure e) {
            return null;
        }
    }

    private static HostTensor read(byte[] content) {
        return CONTENT.read(RowFactory.create((Object) content));
    }

    private static int[] chw(HostTensor image) {
        return new int[] {(int) image.dim(0), (int) image.dim(1), (int) image.dim(2)};
    }
}
