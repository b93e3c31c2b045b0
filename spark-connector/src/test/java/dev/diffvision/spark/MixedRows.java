package dev.diffvision.spark;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.ImageEncoder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 1,000-row scenario both Spark test classes run: PNG bytes in three shapes (16x16, 12x20, 20x12) with 4 %
 * bad rows — 20 corrupt (i % 50 == 7), 10 over the pixel limit (40x40 > 1,000 pixels, i % 100 == 21), 10 RGBA
 * that {@code rgb_to_grayscale} rejects (i % 100 == 33). Asserts exact counts (rows and accumulators), each bad
 * row's error, and every good row equal to the pipeline called directly on that image alone.
 */
final class MixedRows {

    static final String SPEC = "rgb_to_grayscale | sobel";
    static final int ROWS = 1000;
    static final long MAX_PIXELS = 1000;

    private MixedRows() {}

    /**
     * @param spark the session
     * @param partitions how many partitions the rows are spread over
     */
    static void runAndCheck(SparkSession spark, int partitions) {
        List<Row> input = new ArrayList<>(ROWS);
        byte[][] content = new byte[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            content[i] = content(i);
            input.add(RowFactory.create((long) i, content[i]));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("content", DataTypes.BinaryType);
        Dataset<Row> rows = spark.createDataFrame(input, schema).repartition(partitions);
        ApplyMetrics metrics = ApplyMetrics.register(spark.sparkContext());
        List<Row> out = DiffVisionFrames.apply(rows, ApplyOptions.of(SPEC).withMaxPixels(MAX_PIXELS).withBatchSize(8),
                metrics).collectAsList();

        assertEquals(ROWS, out.size(), "rows in == rows out");
        Set<Long> ids = new HashSet<>();
        for (Row r : out) {
            int i = (int) r.getLong(0);
            ids.add((long) i);
            String error = r.getString(r.fieldIndex(OutputColumns.ERROR));
            switch (kind(i)) {
                case "corrupt" -> assertTrue(error.startsWith("decode: expected PNG or JPEG bytes"), error);
                case "oversized" -> assertEquals("decode: expected at most 1000 pixels, got 40 x 40 = 1600", error);
                case "rgba" -> assertTrue(error.startsWith("rgb_to_grayscale: expected image with 3 channels"), error);
                default -> {
                    assertNull(error, "row " + i);
                    HostTensor image = new ImageDecoder().decode(content[i]);
                    // batched vs single-image convolution may round differently: 1e-5 absolute on values <= ~1.5
                    assertArrayEquals(PipelineResults.direct(SPEC, image, x -> x),
                            PipelineResults.values(r.getStruct(r.fieldIndex(OutputColumns.TENSOR))), 1e-5f, "row " + i);
                }
            }
        }
        assertEquals(ROWS, ids.size());
        assertEquals(ROWS, metrics.rows());
        assertEquals(960, metrics.succeeded());
        assertEquals(20, metrics.failed(ErrorKind.UNDECODABLE));
        assertEquals(10, metrics.failed(ErrorKind.OVERSIZED));
        assertEquals(10, metrics.failed(ErrorKind.REJECTED));
        assertEquals(40, metrics.failed());
    }

    private static String kind(int i) {
        if (i % 50 == 7) {
            return "corrupt";
        }
        if (i % 100 == 21) {
            return "oversized";
        }
        return i % 100 == 33 ? "rgba" : "good";
    }

    private static byte[] content(int i) {
        return switch (kind(i)) {
            case "corrupt" -> ("not an image " + i).getBytes(StandardCharsets.US_ASCII);
            case "oversized" -> png(3, 40, 40, i);
            case "rgba" -> png(4, 16, 16, i);
            default -> {
                int[][] shapes = {{16, 16}, {12, 20}, {20, 12}};
                int[] s = shapes[i % 3];
                yield png(3, s[0], s[1], i);
            }
        };
    }

    private static byte[] png(int channels, int height, int width, long seed) {
        return ImageEncoder.encodePng(TestImages.pixels(channels, height, width, seed));
    }
}
