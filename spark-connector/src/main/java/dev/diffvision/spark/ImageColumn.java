package dev.diffvision.spark;

import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;

/**
 * Reads one image per row from the input column, as a {@code (C, H, W)} host tensor (uint8, or uint16 for
 * 16-bit PNGs), whatever form the column has:
 * <ul>
 *   <li>binary: encoded PNG or JPEG bytes (the {@code content} column of Spark's {@code binaryFile} source),
 *       decoded with the pixel limit checked before decoding;</li>
 *   <li>Spark's image struct ({@code origin, height, width, nChannels, mode, data}, the {@code image} source):
 *       8-bit BGR(A) or gray, interleaved, converted to RGB(A) planes.</li>
 * </ul>
 */
final class ImageColumn implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int index;
    private final boolean struct;
    private final DecodeOptions decodeOptions;
    private transient ImageDecoder decoder;

    private ImageColumn(int index, boolean struct, DecodeOptions decodeOptions) {
        this.index = index;
        this.struct = struct;
        this.decodeOptions = decodeOptions;
    }

    /**
     * Resolves the input column on the driver.
     *
     * @param schema the input schema
     * @param column the column name
     * @param decodeOptions the pixel limit and channel layout
     * @return the reader
     * @throws IllegalArgumentException if the column is missing or of an unsupported type
     */
    static ImageColumn resolve(StructType schema, String column, DecodeOptions decodeOptions) {
        int index;
        try {
            index = schema.fieldIndex(column);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("apply: expected input column '" + column + "', got columns "
                    + String.join(", ", schema.fieldNames()), e);
        }
        DataType type = schema.fields()[index].dataType();
        if (type instanceof BinaryType) {
            return new ImageColumn(index, false, decodeOptions);
        }
        if (type instanceof StructType s && java.util.Arrays.asList(s.fieldNames()).containsAll(
                java.util.List.of("height", "width", "nChannels", "mode", "data"))) {
            return new ImageColumn(index, true, decodeOptions);
        }
        throw new IllegalArgumentException("apply: expected input column '" + column + "' to be binary (encoded "
                + "PNG/JPEG) or Spark's image struct, got " + type.simpleString());
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
     * @throws IllegalArgumentException if the cell is null, undecodable, too large or malformed
     */
    HostTensor read(Row row) {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException("decode: expected image data, got null");
        }
        if (struct) {
            return ImageDecoder.convertChannels(fromImageStruct(row.getStruct(index)), decodeOptions.channels());
        }
        return decoder().decode((byte[]) row.get(index));
    }

    private ImageDecoder decoder() {
        if (decoder == null) {
            decoder = new ImageDecoder(decodeOptions);
        }
        return decoder;
    }

    private HostTensor fromImageStruct(Row image) {
        int height = image.getInt(image.fieldIndex("height"));
        int width = image.getInt(image.fieldIndex("width"));
        int channels = image.getInt(image.fieldIndex("nChannels"));
        byte[] data = (byte[]) image.get(image.fieldIndex("data"));
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("decode: expected an image struct with 1, 3 or 4 channels, got "
                    + channels);
        }
        if ((long) height * width > decodeOptions.maxPixels()) {
            throw new IllegalArgumentException("decode: expected at most " + decodeOptions.maxPixels() + " pixels, got " + width
                    + " x " + height);
        }
        long expected = (long) height * width * channels;
        if (data == null || data.length != expected) {
            throw new IllegalArgumentException("decode: expected " + expected + " bytes of 8-bit " + channels
                    + "-channel pixels for " + width + " x " + height + ", got "
                    + (data == null ? "null" : data.length));
        }
        int plane = height * width;
        byte[] chw = new byte[data.length];
        for (int c = 0; c < channels; c++) {
            // Spark stores BGR(A); RGB channel c comes from BGR channel 2 - c (alpha stays at 3)
            int source = channels >= 3 && c < 3 ? 2 - c : c;
            for (int p = 0; p < plane; p++) {
                chw[c * plane + p] = data[p * channels + source];
            }
        }
        return HostTensor.ofUint8(chw, channels, height, width);
    }
}
