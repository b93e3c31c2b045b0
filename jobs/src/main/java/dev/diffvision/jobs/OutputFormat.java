package dev.diffvision.jobs;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageEncoder;
import dev.diffvision.ops.io.Npy;
import org.apache.spark.sql.Row;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * What {@link PipelineJob} writes for each image (config key {@code format}, a comma-separated list).
 * <ul>
 *   <li>{@code png}: the pipeline output clamped to [0, 1] as an 8-bit PNG ({@code <images>/<stem>.png});</li>
 *   <li>{@code jpeg}: the same pixels as a baseline JPEG of the given quality ({@code <stem>.jpg}; 1- or
 *       3-channel outputs only, other rows fail);</li>
 *   <li>{@code npy}: the float32 output itself, unclamped, {@code (C, H, W)}, as NumPy's {@code .npy}
 *       ({@code <stem>.npy});</li>
 *   <li>{@code parquet}: one Parquet dataset {@code <output>/tensors} of {@code (source_path, shape, tensor)},
 *       the tensor as DiffVision's tensor struct, written through Spark's output committer.</li>
 * </ul>
 */
enum OutputFormat {
    /** 8-bit PNG files. */
    PNG("png"),
    /** Baseline JPEG files. */
    JPEG("jpg"),
    /** NumPy float32 files. */
    NPY("npy"),
    /** One Parquet dataset of tensor structs. */
    PARQUET(null);

    private final String extension;

    OutputFormat(String extension) {
        this.extension = extension;
    }

    /** @return whether this format writes one file per image (all but {@link #PARQUET}) */
    boolean isFile() {
        return extension != null;
    }

    /**
     * @return the file extension without the dot, e.g. {@code png}
     * @throws IllegalStateException for {@link #PARQUET}
     */
    String extension() {
        if (extension == null) {
            throw new IllegalStateException(this + " is not a file format");
        }
        return extension;
    }

    /**
     * Encodes one processed row's output as this format's file content.
     *
     * @param png the connector's PNG bytes (used by {@link #PNG}; may be null otherwise)
     * @param tensor the connector's tensor struct (used by {@link #JPEG} and {@link #NPY}; may be null otherwise)
     * @param jpegQuality 0 (smallest) to 1 (best)
     * @return the file content
     * @throws IllegalArgumentException if the output cannot be written in this format (e.g. 4 channels as JPEG)
     *     or its input is missing
     */
    byte[] encode(byte[] png, Row tensor, float jpegQuality) {
        if (this == PNG ? png == null : tensor == null) {
            throw new IllegalArgumentException("the pipeline produced no data for " + name().toLowerCase(java.util.Locale.ROOT));
        }
        return switch (this) {
            case PNG -> png;
            case JPEG -> ImageEncoder.encodeJpeg(ImageEncoder.fromUnitFloat(hostTensor(tensor), 8), jpegQuality);
            case NPY -> Npy.toBytes(hostTensor(tensor));
            case PARQUET -> throw new IllegalStateException(this + " is not a file format");
        };
    }

    /**
     * @param tensor DiffVision's tensor struct: {@code shape array<int>, dtype "float32", data} little-endian
     * @return a float32 host tensor of that shape
     */
    static HostTensor hostTensor(Row tensor) {
        List<Integer> dims = tensor.getList(0);
        long[] shape = dims.stream().mapToLong(Integer::longValue).toArray();
        byte[] data = (byte[]) tensor.get(2);
        float[] values = new float[data.length / Float.BYTES];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return HostTensor.of(values, shape);
    }
}
