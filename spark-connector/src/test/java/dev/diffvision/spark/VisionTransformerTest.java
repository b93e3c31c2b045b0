package dev.diffvision.spark;

import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.geometry.transform.Transforms;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.spark.ml.VisionTransformer;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VisionTransformer in local[2]: tensor outputs equal the pipeline called directly on each image (1e-6, batched
 * vs single convolutions), every input column is kept, bad rows carry their errors, transformSchema equals the
 * schema transform produces, and a Spark ML PipelineModel of two chained stages saves and loads with equal params
 * and byte-identical outputs; resizePrecision = pixels stays within its bound of the float resize.
 */
class VisionTransformerTest extends LocalImagesSession {

    private static final String SPEC = "rgb_to_grayscale | sobel";

    private static Dataset<Row> files() {
        return spark.read().format("binaryFile").load(images.toString()).repartition(2);
    }

    @Test
    void tensorOutputsEqualTheDirectCallAndInputColumnsAreKept() throws IOException {
        VisionTransformer t = new VisionTransformer().setPipeline(SPEC).setOutputCol("edges").setBatchSize(3);
        Dataset<Row> out = t.transform(files());
        assertEquals(List.of("path", "modificationTime", "length", "content", "edges", "error"),
                List.of(out.columns()));
        List<Row> rows = out.collectAsList();
        assertEquals(7, rows.size(), "rows in == rows out");
        int ok = 0;
        for (Row r : rows) {
            String name = r.getString(0).substring(r.getString(0).lastIndexOf('/') + 1);
            if (name.startsWith("a") || name.equals("b.png")) {
                assertNull(r.get(5), name);
                Path file = Path.of(URI.create(r.getString(0)));
                assertArrayEquals(PipelineResults.direct(SPEC, file), PipelineResults.values(r.getStruct(4)), 1e-6f, name);
                assertArrayEquals(Files.readAllBytes(file), (byte[]) r.get(3), name);
                ok++;
            } else {
                assertNull(r.get(4), name);
                assertNotNull(r.getString(5), name);
            }
        }
        assertEquals(5, ok);
    }

    @Test
    void theInputColumnKeepsItsPlaceWhereverItIsAndWhenItIsTheOnlyColumn() {
        VisionTransformer t = new VisionTransformer().setPipeline(SPEC).setOutputCol("edges").setOutputFormat("png");
        Dataset<Row> first = t.transform(files().select("content", "path"));
        assertEquals(List.of("content", "path", "edges", "error"), List.of(first.columns()));
        Dataset<Row> alone = t.transform(files().select("content"));
        assertEquals(List.of("content", "edges", "error"), List.of(alone.columns()));
        List<Row> rows = first.orderBy("path").collectAsList();
        List<Row> files = files().orderBy("path").collectAsList();
        assertEquals(files.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(files.get(i).getString(0), rows.get(i).getString(1));
            assertArrayEquals((byte[]) files.get(i).getAs("content"), (byte[]) rows.get(i).get(0));
        }
        assertEquals(rows.stream().filter(r -> r.isNullAt(3)).count(),
                alone.collectAsList().stream().filter(r -> r.isNullAt(2)).count());
    }

    @Test
    void transformSchemaEqualsTheTransformedSchema() {
        VisionTransformer t = new VisionTransformer().setPipeline(SPEC).setOutputFormat("PNG").setErrorCol("problem")
                .setPadTo(40, 40).setOutputCol("edges");
        StructType predicted = t.transformSchema(files().schema());
        assertEquals(t.transform(files()).schema(), predicted);
        assertEquals(DataTypes.BinaryType, predicted.apply("edges").dataType());
        assertEquals(DataTypes.StringType, predicted.apply("problem").dataType());
        assertTrue(List.of(predicted.fieldNames()).contains("edges_mask"));
    }

    @Test
    void badSettingsAreRejectedNamingTheProblem() {
        VisionTransformer t = new VisionTransformer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.setPipeline("sobell"));
        assertTrue(e.getMessage().contains("sobell"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.transformSchema(files().schema()));
        assertEquals("VisionTransformer: expected the pipeline param to be set, got none", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> t.setPipeline(SPEC).setOutputCol("path").transformSchema(files().schema()));
        assertTrue(e.getMessage().startsWith("VisionTransformer: expected output column 'path' not to exist yet"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.setOutputFormat("gif"));
        assertEquals("VisionTransformer: expected outputFormat one of tensor, image, png, jpeg, got 'gif'",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.setResizeTo(0, 10));
        e = assertThrows(IllegalArgumentException.class, () -> t.setResizePrecision("uint8"));
        assertEquals("VisionTransformer: expected resizePrecision one of float, pixels, got 'uint8'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.setResizePrecision(null));
        assertEquals("VisionTransformer: expected resizePrecision one of float, pixels, got none", e.getMessage());
    }

    @Test
    void pipelineModelSavesAndLoadsWithEqualOutputs(@TempDir Path dir) throws IOException {
        // stage 1: edges of the photo as PNG; stage 2: reads those PNGs and inverts them, as a tensor
        VisionTransformer edges = new VisionTransformer().setPipeline(SPEC).setOutputCol("edges")
                .setOutputFormat("png").setErrorCol("edges_error").setResizeTo(16, 20).setBatchSize(4);
        VisionTransformer inverted = new VisionTransformer().setInputCol("edges").setPipeline("invert")
                .setOutputCol("inverted").setErrorCol("inverted_error").setMaxBatchBytes(1 << 20);
        Dataset<Row> in = files().filter("path NOT LIKE '%broken%'").orderBy("path");
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {edges, inverted}).fit(in);
        String path = dir.resolve("model").toUri().toString();
        model.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);

        VisionTransformer back = (VisionTransformer) loaded.stages()[0];
        assertEquals(edges.uid(), back.uid());
        assertEquals(SPEC, back.getOrDefault(back.pipeline()));
        assertArrayEquals(new int[] {16, 20}, back.getOrDefault(back.resizeTo()));
        assertEquals(1 << 20, (Long) ((VisionTransformer) loaded.stages()[1]).getOrDefault(
                ((VisionTransformer) loaded.stages()[1]).maxBatchBytes()));

        List<Row> expected = model.transform(in).drop("content").collectAsList();
        List<Row> actual = loaded.transform(in).drop("content").collectAsList();
        assertEquals(6, actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Row e = expected.get(i);
            Row a = actual.get(i);
            assertEquals(e.getString(0), a.getString(0));
            assertEquals(e.getString(e.fieldIndex("edges_error")), a.getString(a.fieldIndex("edges_error")));
            Object pngE = e.get(e.fieldIndex("edges"));
            assertArrayEquals((byte[]) pngE, (byte[]) a.get(a.fieldIndex("edges")));
            if (pngE != null) {
                Row te = e.getStruct(e.fieldIndex("inverted"));
                assertArrayEquals((byte[]) te.get(2), (byte[]) a.getStruct(a.fieldIndex("inverted")).get(2));
                // invert of the 8-bit edges: 1 - png / 255 (PNG holds the clamped, rounded edge values)
                float[] pixels = PipelineResults.values(te);
                byte[] png = new byte[pixels.length];
                new ImageDecoder().decode((byte[]) pngE).data().duplicate().rewind().get(png);
                assertEquals(1 - (png[7] & 0xff) / 255f, pixels[7], 1e-6f);
            }
        }
    }

    /**
     * {@code resizePrecision = pixels} over 8-bit PNGs (binary column) and the same files as Spark image structs:
     * every resized value (1 - invert's output) is a whole level within 1.0 + 0.04 levels of Kornia's resize of
     * the [0, 1] image x 255 (two roundings to whole levels plus 14-bit weights, see ResizePrecision), and both
     * sources give equal results. Runs of 24x32 and 20x20 images share batches.
     */
    @Test
    void pixelResizeIsWithinOneLevelOfTheFloatResizeForFilesAndImageStructs() throws IOException {
        int[] size = {16, 20};
        VisionTransformer t = new VisionTransformer().setPipeline("invert").setResizeTo(size[0], size[1])
                .setResizePrecision("pixels").setBatchSize(8);
        Dataset<Row> good = files().filter("path NOT LIKE '%broken%' AND path NOT LIKE '%rgba%'");
        List<Row> rows = t.transform(good).orderBy("path").collectAsList();
        List<Row> structs = t.setInputCol("image").transform(spark.read().format("image").option("dropInvalid", true).load(images.toString())
                .filter("image.origin NOT LIKE '%rgba%'")).orderBy("image.origin").collectAsList();
        assertEquals(5, rows.size());
        assertEquals(5, structs.size());
        double bound = 1.0 + 2 * 255.0 / (1 << 14) + 1e-3;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertNull(r.get(r.fieldIndex("error")));
            float[] actual = PipelineResults.values(r.getStruct(r.fieldIndex("output")));
            Path file = Path.of(URI.create(r.getString(0)));
            float[] reference = PipelineResults.direct("invert", new ImageDecoder().decode(Files.readAllBytes(file)),
                    x -> Transforms.resize(x, size, Sampling.Resize.BILINEAR, false, null, false));
            for (int k = 0; k < actual.length; k++) {
                double level = (1 - actual[k]) * 255;
                assertEquals(Math.rint(level), level, 1e-3, file + " at " + k + ": whole levels");
                assertEquals((1 - reference[k]) * 255, level, bound, file + " at " + k);
            }
            Row s = structs.get(i);
            assertArrayEquals(actual, PipelineResults.values(s.getStruct(s.fieldIndex("output"))), file.toString());
        }
    }

    @Test
    void saveAndLoadAloneKeepsEveryParam(@TempDir Path dir) throws IOException {
        VisionTransformer t = new VisionTransformer().setPipeline("rgb_to_hsv").setInputCol("image").setOutputCol("hsv")
                .setOutputFormat("image").setPadTo(64, 48).setBatchSize(8).setErrorCol("err")
                .setResizePrecision("PIXELS");
        String path = dir.resolve("stage").toUri().toString();
        t.save(path);
        VisionTransformer back = VisionTransformer.load(path);
        assertEquals(t.uid(), back.uid());
        assertEquals(t.params().length, back.params().length);
        assertEquals("pixels", back.getOrDefault(back.resizePrecision()));
        for (Param<?> p : t.params()) {
            assertEquals(t.isSet(p), back.isSet(back.getParam(p.name())), p.name());
            if (t.isDefined(p)) {
                assertTrue(Objects.deepEquals(t.getOrDefault(p), back.getOrDefault(back.getParam(p.name()))), p.name());
            }
        }
    }
}
