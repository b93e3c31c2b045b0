package dev.diffvision.spark;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQL functions in local[2] over the test images (5 good PNGs, one undecodable, one RGBA): dv_apply equals
 * the pipeline called directly (1e-6) and records errors instead of failing; dv_decode equals the decoder's
 * pixels / 255 (1e-7); dv_encode's PNG decodes back to the clamped, rounded values (exact); dv_shape equals the
 * file's (C, H, W).
 */
class DiffVisionSqlTest extends LocalImagesSession {

    private static final String SPEC = "rgb_to_grayscale | sobel";

    @BeforeAll
    static void registerAndViewFiles() {
        DiffVisionSql.register(spark);
        spark.read().format("binaryFile").load(images.toString()).repartition(2).createOrReplaceTempView("files");
    }

    private static String name(Row r) {
        return r.getString(0).substring(r.getString(0).lastIndexOf('/') + 1);
    }

    @Test
    void applyEqualsTheDirectCallAndRecordsErrors() throws IOException {
        List<Row> rows = spark.sql("SELECT path, dv_apply(content, '" + SPEC + "') AS r FROM files").collectAsList();
        assertEquals(7, rows.size());
        for (Row row : rows) {
            Row r = row.getStruct(1);
            switch (name(row)) {
                case "broken.png" -> {
                    assertNull(r.get(0));
                    assertTrue(r.getString(1).startsWith("decode: expected PNG or JPEG bytes"), r.getString(1));
                }
                case "rgba.png" -> assertEquals("rgb_to_grayscale: expected image with 3 channels (dimension -3), "
                        + "got shape (1, 4, 24, 32)", r.getString(1));
                default -> {
                    assertNull(r.get(1), name(row));
                    assertArrayEquals(PipelineResults.direct(SPEC, Path.of(URI.create(row.getString(0)))),
                            PipelineResults.values(r.getStruct(0)), 1e-6f, name(row));
                }
            }
        }
    }

    @Test
    void decodeShapeAndEncodeRoundTrip() throws IOException {
        List<Row> rows = spark.sql("SELECT path, dv_decode(content) AS d, dv_shape(content) AS s, "
                + "dv_encode(dv_decode(content).tensor, 'png') AS png, dv_encode(dv_decode(content).tensor, 'JPEG') AS jpg "
                + "FROM files WHERE path NOT LIKE '%broken%'").collectAsList();
        assertEquals(6, rows.size());
        for (Row row : rows) {
            HostTensor file = new ImageDecoder().decode(Files.readAllBytes(Path.of(URI.create(row.getString(0)))));
            float[] decoded = PipelineResults.values(row.getStruct(1).getStruct(0));
            byte[] pixels = new byte[(int) file.numElements()];
            file.data().duplicate().rewind().get(pixels);
            float[] expected = new float[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                expected[i] = (pixels[i] & 0xff) / 255f;
            }
            assertArrayEquals(expected, decoded, 1e-7f, name(row));
            assertEquals(List.of((int) file.dim(0), (int) file.dim(1), (int) file.dim(2)), row.getList(2));
            HostTensor png = new ImageDecoder().decode((byte[]) row.get(3));
            byte[] back = new byte[pixels.length];
            png.data().duplicate().rewind().get(back);
            assertArrayEquals(pixels, back, name(row));
            if (file.dim(0) == 4) {
                assertNull(row.get(4), "JPEG cannot hold 4 channels");
            } else {
                assertEquals((int) file.dim(1), new ImageDecoder().decode((byte[]) row.get(4)).dim(1));
            }
        }
        Row broken = spark.sql("SELECT dv_shape(content), dv_decode(content).error FROM files WHERE path LIKE '%broken%'")
                .first();
        assertNull(broken.get(0));
        assertTrue(broken.getString(1).startsWith("decode: "), broken.getString(1));
    }

    @Test
    void anUnknownFormatOrSpecFailsTheQuery() {
        Exception e = assertThrows(Exception.class,
                () -> spark.sql("SELECT dv_encode(dv_decode(content).tensor, 'gif') FROM files").collectAsList());
        assertTrue(String.valueOf(rootCause(e).getMessage()).contains("dv_encode: expected format 'png' or 'jpeg', got 'gif'"),
                rootCause(e).toString());
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
