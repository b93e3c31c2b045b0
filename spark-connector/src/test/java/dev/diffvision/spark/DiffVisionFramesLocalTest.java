package dev.diffvision.spark;

import dev.diffvision.ops.io.DecodeOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DiffVisionFrames in a real local[2] session: outputs equal the ops called directly; bad rows keep their place. */
class DiffVisionFramesLocalTest {

    private static final String SPEC = "rgb_to_grayscale | sobel";

    @RegisterExtension
    static final SparkTestSessions.Fixture FIXTURE = SparkTestSessions.fixture(() -> SparkTestSessions.local(2));

    private static Dataset<Row> files() {
        return FIXTURE.spark().read().format("binaryFile").load(FIXTURE.images().toString()).repartition(2);
    }

    @Test
    void binaryFilesThroughThePipelineEqualTheDirectCall() throws IOException {
        List<Row> rows = DiffVisionFrames.apply(files(), ApplyOptions.of(SPEC).withBatchSize(3)).collectAsList();
        PipelineResults.assertMatchesDirect(rows, SPEC);
        assertTrue(rows.stream().allMatch(r -> "cpu()".equals(r.getString(r.fieldIndex(OutputColumns.DEVICE)))));
    }

    @Test
    void batchSizeDoesNotChangeResults() {
        Dataset<Row> one = DiffVisionFrames.apply(files(), ApplyOptions.of(SPEC).withBatchSize(1).withOutputFormats(java.util.EnumSet.of(OutputFormat.TENSOR)));
        Dataset<Row> many = DiffVisionFrames.apply(files(), ApplyOptions.of(SPEC).withBatchSize(16).withOutputFormats(java.util.EnumSet.of(OutputFormat.TENSOR)));
        List<Row> a = one.orderBy("path").collectAsList();
        List<Row> b = many.orderBy("path").collectAsList();
        for (int i = 0; i < a.size(); i++) {
            Row ra = a.get(i);
            Row rb = b.get(i);
            assertEquals(ra.getString(ra.fieldIndex("error")), rb.getString(rb.fieldIndex("error")));
            if (ra.isNullAt(ra.fieldIndex("error"))) {
                assertArrayEquals(PipelineResults.values(ra.getStruct(ra.fieldIndex("tensor"))),
                        PipelineResults.values(rb.getStruct(rb.fieldIndex("tensor"))), 1e-6f);
            }
        }
    }

    @Test
    void theImageColumnCanBeKeptInItsPlaceWithTheSameResults() {
        Dataset<Row> in = FIXTURE.spark().read().format("binaryFile").load(FIXTURE.images().toString()).coalesce(1)
                .orderBy("path");
        List<Row> replaced = DiffVisionFrames.apply(in, ApplyOptions.of(SPEC).withBatchSize(2)).collectAsList();
        Dataset<Row> keptFrame = DiffVisionFrames.apply(in, ApplyOptions.of(SPEC).withBatchSize(2).withInputKept(true));
        List<Row> kept = keptFrame.collectAsList();
        List<Row> originals = in.collectAsList();

        List<String> expectedColumns = new java.util.ArrayList<>(List.of(in.columns()));
        expectedColumns.addAll(List.of(OutputColumns.SHAPE, OutputColumns.TENSOR, OutputColumns.PNG,
                OutputColumns.DEVICE, OutputColumns.ERROR));
        assertEquals(expectedColumns, List.of(keptFrame.columns()));
        assertEquals(originals.size(), kept.size());
        for (int i = 0; i < kept.size(); i++) {
            Row k = kept.get(i);
            Row r = replaced.get(i);
            assertArrayEquals((byte[]) originals.get(i).getAs("content"), (byte[]) k.getAs("content"));
            assertEquals(originals.get(i).getString(0), k.getString(0));
            assertEquals(r.getString(r.fieldIndex("error")), k.getString(k.fieldIndex("error")));
            assertArrayEquals((byte[]) r.getAs(OutputColumns.PNG), (byte[]) k.getAs(OutputColumns.PNG));
        }
    }

    @Test
    void rowOrderIsPreservedWithinPartitions() {
        Dataset<Row> in = FIXTURE.spark().read().format("binaryFile").load(FIXTURE.images().toString()).coalesce(1).orderBy("path");
        List<String> before = in.select("path").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        List<String> after = DiffVisionFrames.apply(in, ApplyOptions.of(SPEC).withBatchSize(2)).select("path")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(before, after);
    }

    @Test
    void sparkImageStructGivesTheSameResultAsEncodedBytes() {
        Dataset<Row> structs = FIXTURE.spark().read().format("image").option("dropInvalid", true).load(FIXTURE.images().toString());
        List<Row> viaStruct = DiffVisionFrames.apply(structs, ApplyOptions.of(SPEC).withInputCol("image")
                .withOutputFormats(java.util.EnumSet.of(OutputFormat.TENSOR))).collectAsList();
        List<Row> viaBytes = DiffVisionFrames.apply(files(), ApplyOptions.of(SPEC).withOutputFormats(java.util.EnumSet.of(OutputFormat.TENSOR)))
                .collectAsList();
        int compared = 0;
        for (Row s : viaStruct) {
            if (!s.isNullAt(s.fieldIndex("error"))) {
                // only the RGBA image fails, and for its channel count, not for the struct conversion
                assertTrue(s.getString(s.fieldIndex("error")).startsWith("rgb_to_grayscale: expected image with 3"));
                continue;
            }
            compared++;
            float[] sv = PipelineResults.values(s.getStruct(s.fieldIndex("tensor")));
            boolean found = viaBytes.stream().filter(b -> b.isNullAt(b.fieldIndex("error")))
                    .anyMatch(b -> Arrays.equals(sv, PipelineResults.values(b.getStruct(b.fieldIndex("tensor")))));
            assertTrue(found, "struct row has a byte-identical binaryFile twin");
        }
        assertEquals(5, compared);
    }

    @Test
    void rgbLayoutLetsGrayAndRgbaImagesThroughAnRgbPipeline(@TempDir Path mixed) throws IOException {
        TestImages.png(mixed.resolve("gray.png"), 1, 16, 16, 1);
        TestImages.png(mixed.resolve("rgba.png"), 4, 16, 16, 2);
        ApplyOptions rgb = ApplyOptions.of(SPEC).withChannels(DecodeOptions.Channels.RGB);
        for (Dataset<Row> in : List.of(FIXTURE.spark().read().format("binaryFile").load(mixed.toString()),
                FIXTURE.spark().read().format("image").load(mixed.toString()))) {
            List<Row> rows = DiffVisionFrames.apply(in, rgb.withInputCol(in.columns()[in.columns().length - 1])).collectAsList();
            assertEquals(2, rows.size());
            rows.forEach(r -> assertTrue(r.isNullAt(r.fieldIndex("error")), String.valueOf(r)));
        }
        List<Row> kept = DiffVisionFrames.apply(FIXTURE.spark().read().format("binaryFile").load(mixed.toString()),
                ApplyOptions.of(SPEC)).collectAsList();
        kept.forEach(r -> assertTrue(r.getString(r.fieldIndex("error")).startsWith("rgb_to_grayscale: expected")));
    }

    @Test
    void aPartitionOfOnlyBadRowsStillYieldsEveryRow() {
        Dataset<Row> bad = FIXTURE.spark().read().format("binaryFile").load(FIXTURE.images().resolve("broken.png").toString());
        List<Row> rows = DiffVisionFrames.apply(bad, ApplyOptions.of(SPEC)).collectAsList();
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).getString(rows.get(0).fieldIndex("error")).startsWith("decode:"));
    }

    @Test
    void pixelLimitRejectsLargeImagesBeforeDecoding() {
        List<Row> rows = DiffVisionFrames.apply(files(), ApplyOptions.of(SPEC).withMaxPixels(500)).collectAsList();
        long tooLarge = rows.stream().filter(r -> !r.isNullAt(r.fieldIndex("error"))
                && r.getString(r.fieldIndex("error")).contains("expected at most 500 pixels")).count();
        // a0..a3 and rgba are 24 x 32 = 768 pixels; b.png (20 x 20 = 400) passes, broken.png fails to decode
        assertEquals(5, tooLarge);
    }

    @Test
    void invalidSpecOrColumnFailsOnTheDriver() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiffVisionFrames.apply(files(), ApplyOptions.of("rgb_to_grayscale | sobl")));
        assertTrue(e.getMessage().contains("unknown op 'sobl'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DiffVisionFrames.apply(files(), ApplyOptions.of(SPEC).withInputCol("pixels")));
        assertTrue(e.getMessage().contains("expected input column 'pixels'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DiffVisionFrames.apply(files(), ApplyOptions.of(SPEC).withInputCol("length")));
        assertTrue(e.getMessage().contains("to be binary (encoded PNG/JPEG or .npy), Spark's image struct or a tensor struct, got bigint"),
                e.getMessage());
    }

    @Test
    void thousandMixedRowsGiveExactCountsAndDirectResults() {
        MixedRows.runAndCheck(FIXTURE.spark(), 4);
    }
}
