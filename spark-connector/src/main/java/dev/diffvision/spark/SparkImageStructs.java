package dev.diffvision.spark;

import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's image struct ({@code origin, height, width, nChannels, mode, data}, the {@code image} data source's
 * column): 8-bit pixels interleaved per pixel, colour in BGR(A) order, OpenCV type codes in {@code mode}.
 * Converts between that layout and DiffVision's RGB(A) planes.
 *
 * <pre>{@code
 * byte[] planes = SparkImageStructs.toPlanarRgb(struct.data, 3, height * width);   // (3, H, W) RGB
 * Row cell = SparkImageStructs.toRow(3, height, width, SparkImageStructs.toInterleavedBgr(planes, 3, height * width));
 * }</pre>
 */
final class SparkImageStructs {

    /** The column type: Spark ML's {@code ImageSchema.columnSchema()}. */
    static final StructType SCHEMA = ImageSchema.columnSchema();

    private SparkImageStructs() {}

    /**
     * @param interleaved {@code H * W * C} bytes, BGR(A) or gray
     * @param channels 1, 3 or 4
     * @param plane {@code H * W}
     * @return {@code C * H * W} bytes, RGB(A) or gray planes
     */
    static byte[] toPlanarRgb(byte[] interleaved, int channels, int plane) {
        byte[] planar = new byte[interleaved.length];
        for (int c = 0; c < channels; c++) {
            int bgr = bgrChannel(c, channels);
            for (int p = 0; p < plane; p++) {
                planar[c * plane + p] = interleaved[p * channels + bgr];
            }
        }
        return planar;
    }

    /**
     * @param planar {@code C * H * W} bytes, RGB(A) or gray planes
     * @param channels 1, 3 or 4
     * @param plane {@code H * W}
     * @return {@code H * W * C} bytes, BGR(A) or gray interleaved
     */
    static byte[] toInterleavedBgr(byte[] planar, int channels, int plane) {
        byte[] interleaved = new byte[planar.length];
        for (int c = 0; c < channels; c++) {
            int bgr = bgrChannel(c, channels);
            for (int p = 0; p < plane; p++) {
                interleaved[p * channels + bgr] = planar[c * plane + p];
            }
        }
        return interleaved;
    }

    /**
     * @param channels 1, 3 or 4
     * @param height rows
     * @param width columns
     * @param bgr interleaved pixels
     * @return an image-struct value with a null origin and OpenCV's {@code CV_8UC1/3/4} mode (0, 16, 24)
     */
    static Row toRow(int channels, int height, int width, byte[] bgr) {
        int mode = (channels - 1) * 8;
        return RowFactory.create(null, height, width, channels, mode, bgr);
    }

    /** RGB(A) channel {@code c} sits at BGR(A) position {@code 2 - c} for colour (alpha stays at 3). */
    private static int bgrChannel(int c, int channels) {
        return channels >= 3 && c < 3 ? 2 - c : c;
    }
}
