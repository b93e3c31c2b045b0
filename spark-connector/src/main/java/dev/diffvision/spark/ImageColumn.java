package dev.diffvision.spark;

import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.Npy;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one image per row from the input column as a {@code (C, H, W)} host tensor (uint8, uint16 for 16-bit
 * PNGs, or the float32/float64/uint8 of a tensor), whatever form the column has:
 * <ul>
 *   <li>binary: encoded PNG or JPEG bytes (the {@code content} column of Spark's {@code binaryFile} source),
 *       decoded with the pixel limit checked before decoding, or {@code .npy} bytes (recognised by their magic)
 *       holding a {@code (C, H, W)} or {@code (H, W)} array;</li>
 *   <li>Spark's image struct ({@code origin, height, width, nChannels, mode, data}, the {@code image} source):
 *       8-bit BGR(A) or gray, interleaved, converted to RGB(A) planes;</li>
 *   <li>DiffVision's tensor struct ({@link TensorStructs}), row-major {@code (C, H, W)} or {@code (H, W)}.</li>
 * </ul>
 * Integer images are converted to the configured channel layout; float tensors must already have it. Failures
 * are {@link RowFailure}s carrying their {@link ErrorKind}.
 */
final class ImageColumn implements Serializable {

    private static final long serialVersionUID = 2L;
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** The forms an input column can have. */
    private enum Form { BINARY, IMAGE_STRUCT, TENSOR_STRUCT }

    private final int index;
    private final Form form;
    private final DecodeOptions decodeOptions;
    private final boolean rejectNonFinite;
    private transient ImageDecoder decoder;

    private ImageColumn(int index, Form form, DecodeOptions decodeOptions, boolean rejectNonFinite) {
        this.index = index;
        this.form = form;
        this.decodeOptions = decodeOptions;
        this.rejectNonFinite = rejectNonFinite;
    }

    /**
     * Resolves the input column on the driver.
     *
     * @param schema the input schema
     * @param options the input column, pixel limit, channel layout and non-finite rule
     * @return the reader
     * @throws IllegalArgumentException if the column is missing or of an unsupported type
     */
    static ImageColumn resolve(StructType schema, ApplyOptions options) {
        String column = options.inputCol();
        int index;
        try {
            index = schema.fieldIndex(column);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("apply: expected input column '" + column + "', got columns "
                    + String.join(", ", schema.fieldNames()), e);
        }
        DataType type = schema.fields()[index].dataType();
        Form form;
        if (type instanceof BinaryType) {
            form = Form.BINARY;
        } else if (TensorStructs.isTensorStruct(type)) {
            form = Form.TENSOR_STRUCT;
        } else if (type instanceof StructType s && Arrays.asList(s.fieldNames()).containsAll(
                List.of("height", "width", "nChannels", "mode", "data"))) {
            form = Form.IMAGE_STRUCT;
        } else {
            throw new IllegalArgumentException("apply: expected input column '" + column + "' to be binary (encoded "
                    + "PNG/JPEG or .npy), Spark's image struct or a tensor struct, got " + type.simpleString());
        }
        DecodeOptions decode = DecodeOptions.defaults().withMaxPixels(options.maxPixels())
                .withChannels(options.channels());
        return new ImageColumn(index, form, decode, options.rejectNonFinite());
    }

    /** @return the column's position in the input schema */
    int index() {
        return index;
    }

    /**
     * Reads the row's image.
     *
     * @param row an input row
     * @return the image, {@code (C, H, W)}
     * @throws RowFailure if the cell is null, undecodable, too large, malformed or (when rejected) non-finite
     */
    HostTensor read(Row row) {
        if (row.isNullAt(index)) {
            throw new RowFailure(ErrorKind.UNDECODABLE, "decode: expected image data, got null");
        }
        HostTensor image = switch (form) {
            case BINARY -> fromBytes((byte[]) row.get(index));
            case IMAGE_STRUCT -> fromImageStruct(row.getStruct(index));
            case TENSOR_STRUCT -> checkTensor(TensorStructs.read(row.getStruct(index)));
        };
        return withChannels(image);
    }

    private HostTensor fromBytes(byte[] bytes) {
        if (bytes.length >= NPY_MAGIC.length && Arrays.equals(bytes, 0, NPY_MAGIC.length, NPY_MAGIC, 0,
                NPY_MAGIC.length)) {
            HostTensor t;
            try {
                t = Npy.read(bytes);
            } catch (IllegalArgumentException e) {
                throw new RowFailure(ErrorKind.BAD_TENSOR, e.getMessage());
            }
            if (t.rank() == 2) {
                t = new HostTensor(new long[] {1, t.dim(0), t.dim(1)}, t.dtype(), t.data());
            }
            if (t.rank() != 3) {
                throw new RowFailure(ErrorKind.BAD_TENSOR, "npy: expected an array of shape (C, H, W) or (H, W), "
                        + "got " + t);
            }
            return checkTensor(t);
        }
        try {
            return decoder().decode(bytes);
        } catch (IllegalArgumentException e) {
            boolean tooLarge = e.getMessage() != null && e.getMessage().startsWith("decode: expected at most");
            throw new RowFailure(tooLarge ? ErrorKind.OVERSIZED : ErrorKind.UNDECODABLE, e.getMessage());
        }
    }

    private HostTensor checkTensor(HostTensor t) {
        checkPixels(t.dim(1), t.dim(2));
        if (rejectNonFinite && !t.dtype().isInteger()) {
            float[] values = t.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new RowFailure(ErrorKind.NON_FINITE, "input: expected finite values, got " + values[i]
                            + " at flat index " + i + " of " + t);
                }
            }
        }
        return t;
    }

    private HostTensor withChannels(HostTensor image) {
        DecodeOptions.Channels mode = decodeOptions.channels();
        try {
            if (image.dtype().isInteger()) {
                return ImageDecoder.convertChannels(image, mode);
            }
        } catch (IllegalArgumentException e) {
            throw new RowFailure(ErrorKind.REJECTED, e.getMessage());
        }
        long wanted = switch (mode) {
            case KEEP -> image.dim(0);
            case GRAY -> 1;
            case RGB -> 3;
            case RGBA -> 4;
        };
        if (image.dim(0) != wanted) {
            throw new RowFailure(ErrorKind.REJECTED, "convertChannels: expected a float tensor with " + wanted
                    + " channels for " + mode + " (float tensors are not converted), got " + image);
        }
        return image;
    }

    private ImageDecoder decoder() {
        if (decoder == null) {
            decoder = new ImageDecoder(decodeOptions);
        }
        return decoder;
    }

    private void checkPixels(long height, long width) {
        if (height * width > decodeOptions.maxPixels()) {
            throw new RowFailure(ErrorKind.OVERSIZED, "decode: expected at most " + decodeOptions.maxPixels()
                    + " pixels, got " + width + " x " + height);
        }
    }

    private HostTensor fromImageStruct(Row image) {
        int height = image.getInt(image.fieldIndex("height"));
        int width = image.getInt(image.fieldIndex("width"));
        int channels = image.getInt(image.fieldIndex("nChannels"));
        byte[] data = (byte[]) image.get(image.fieldIndex("data"));
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new RowFailure(ErrorKind.REJECTED, "decode: expected an image struct with 1, 3 or 4 channels, got "
                    + channels);
        }
        checkPixels(height, width);
        long expected = (long) height * width * channels;
        if (data == null || data.length != expected) {
            throw new RowFailure(ErrorKind.UNDECODABLE, "decode: expected " + expected + " bytes of 8-bit "
                    + channels + "-channel pixels for " + width + " x " + height + ", got "
                    + (data == null ? "null" : data.length));
        }
        byte[] chw = SparkImageStructs.toPlanarRgb(data, channels, height * width);
        return HostTensor.ofUint8(chw, channels, height, width);
    }
}
