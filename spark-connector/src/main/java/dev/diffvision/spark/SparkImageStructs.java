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
        return reorder(interleaved, channels, plane, true);
    }

    /**
     * @param planar {@code C * H * W} bytes, RGB(A) or gray planes
     * @param channels 1, 3 or 4
     * @param plane {@code H * W}
     * @return {@code H * W * C} bytes, BGR(A) or gray interleaved
     */
    static byte[] toInterleavedBgr(byte[] planar, int channels, int plane) {
        return reorder(planar, channels, plane, false);
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

    /** Moves every byte between planar RGB(A) position {@code c * plane + p} and interleaved BGR(A) position. */
    private static byte[] reorder(byte[] in, int channels, int plane, boolean toPlanar) {
        byte[] out = new byte[in.length];
        for (int c = 0; c < channels; c++) {
            int bgr = bgrChannel(c, channels);
            for (int p = 0; p < plane; p++) {
                int planar = c * plane + p;
                int interleaved = p * channels + bgr;
                if (toPlanar) {
                    out[planar] = in[interleaved];
                } else {
                    out[interleaved] = in[planar];
                }
            }
        }
        return out;
    }

    /** RGB(A) channel {@code c} sits at BGR(A) position {@code 2 - c} for colour (alpha stays at 3). */
    private static int bgrChannel(int c, int channels) {
        return channels >= 3 && c < 3 ? 2 - c : c;
    }
}
