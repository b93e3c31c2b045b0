package dev.diffvision.jobs;

import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.ImageEncoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PipelineJob} end to end in a real {@code local[2]} Spark session (shared by the tests, stopped after
 * the class): sample photographs plus a corrupt file in, PNGs and a Parquet manifest out.
 */
class PipelineJobTest {

    private static final String SPEC = "sobel(normalized=false)";
    private static SparkSession spark;

    @TempDir
    static Path tmp;
    private static Path input;

    @BeforeAll
    static void start() throws IOException {
        input = tmp.resolve("in");
        TestFiles.copySample("astronaut.png", input.resolve("astronaut.png"));
        TestFiles.copySample("camera.png", input.resolve("camera.png"));
        TestFiles.copySample("coffee_16bit.png", input.resolve("coffee_16bit.png"));
        TestFiles.copySample("chelsea.jpg", input.resolve("photos/chelsea.jpg"));
        TestFiles.copySample("rocket.jpg", input.resolve("photos/deeper/rocket.JPG"));
        Files.writeString(input.resolve("broken.png"), "this is not a PNG", StandardCharsets.UTF_8);
        Files.writeString(input.resolve("notes.txt"), "not an image, not listed", StandardCharsets.UTF_8);
        spark = TestFiles.spark("local[2]", "PipelineJobTest");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static Map<String, Row> manifest(Path output) {
        List<Row> rows = spark.read().parquet(output.resolve("manifest").toString()).collectAsList();
        Map<String, Row> bySource = new TreeMap<>();
        for (Row r : rows) {
            String source = r.getString(r.fieldIndex(Manifest.SOURCE_PATH));
            String root = tmp.toAbsolutePath() + "/";
            assertTrue(source.startsWith("file:" + root), source);
            bySource.put(source.substring(("file:" + root).length()), r);
        }
        assertEquals(rows.size(), bySource.size(), "one manifest row per source");
        return bySource;
    }

    private static List<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesOnePngPerImageAndOneManifestRowPerFile() throws IOException {
        Path output = tmp.resolve("out");
        Path stale = output.resolve("images/stale.png");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "left over from an earlier run");

        TestFiles.Result r = TestFiles.pipelineJob("--input", input.toString(), "--output", output.toString(),
                "--pipeline", SPEC, "--batch-size", "2", "--master", "local[2]");

        assertEquals(ExitCodes.OK, r.code(), r.all());
        assertEquals(List.of("astronaut.png", "camera.png", "coffee_16bit.png", "photos/chelsea.png",
                "photos/deeper/rocket.png"), filesUnder(output.resolve("images")), "no stale, temporary or .crc files");

        Map<String, Row> rows = manifest(output);
        assertEquals(List.of("in/astronaut.png", "in/broken.png", "in/camera.png", "in/coffee_16bit.png",
                "in/photos/chelsea.jpg", "in/photos/deeper/rocket.JPG"), List.copyOf(rows.keySet()));
        Row broken = rows.get("in/broken.png");
        assertNull(broken.get(broken.fieldIndex(Manifest.OUTPUT_PATH)));
        assertNull(broken.get(broken.fieldIndex(Manifest.SHAPE)));
        assertTrue(broken.getString(broken.fieldIndex(Manifest.ERROR)).startsWith("decode:"), broken.toString());
        assertEquals(Manifest.FAILED, broken.getString(broken.fieldIndex(Manifest.STATUS)));

        Map<String, String> written = Map.of("in/astronaut.png", "astronaut.png", "in/camera.png", "camera.png",
                "in/coffee_16bit.png", "coffee_16bit.png", "in/photos/chelsea.jpg", "photos/chelsea.png",
                "in/photos/deeper/rocket.JPG", "photos/deeper/rocket.png");
        for (Map.Entry<String, String> e : written.entrySet()) {
            Row row = rows.get(e.getKey());
            assertNull(row.get(row.fieldIndex(Manifest.ERROR)), row.toString());
            assertEquals("cpu()", row.getString(row.fieldIndex(Manifest.DEVICE)), row.toString());
            assertEquals(Manifest.OK, row.getString(row.fieldIndex(Manifest.STATUS)), row.toString());
            assertEquals("driver", row.getString(row.fieldIndex(Manifest.EXECUTOR)), "local mode: the driver");
            Path png = output.resolve("images").resolve(e.getValue());
            String outputPath = row.getString(row.fieldIndex(Manifest.OUTPUT_PATH));
            assertTrue(outputPath.startsWith("file:") && outputPath.endsWith("/out/images/" + e.getValue()), outputPath);
            HostTensor actual = new ImageDecoder().decode(png);
            HostTensor expected = TestFiles.expectedPng(SPEC, tmp.resolve(e.getKey()));
            TestFiles.assertSamePixels(expected, actual, e.getKey());
            List<Integer> shape = row.getList(row.fieldIndex(Manifest.SHAPE));
            assertEquals(List.of((int) actual.dim(0), (int) actual.dim(1), (int) actual.dim(2)), shape);
        }

        assertTrue(r.out().contains("[1/3]") && r.out().contains("[2/3]") && r.out().contains("[3/3]"), r.all());
        assertTrue(r.out().contains("rows         6 in, 5 ok, 1 failed, 0 skipped"), r.all());
        assertTrue(r.out().contains("executor driver: cpu()"), r.all());
        assertTrue(r.out().contains("listing") && r.out().contains("processing"), r.all());
        assertFalse(Files.exists(output.resolve(StagedFiles.STAGING)), "staging folder removed");
        assertTrue(r.out().contains("images/s"), r.all());
        assertTrue(r.out().contains("in/broken.png: decode:"), r.all());
    }

    @Test
    void configFileSuppliesOptionsAndTheCommandLineOverridesThem() throws IOException {
        Path configured = tmp.resolve("configured-out");
        Path overridden = tmp.resolve("overridden-out");
        Path config = tmp.resolve("job.properties");
        Files.writeString(config, String.join("\n",
                "# a comment",
                "input = " + input.resolve("photos"),
                "output = " + configured,
                "pipeline = rgb_to_grayscale | sobel",
                "channels = keep",
                "batch-size = 3",
                "max-pixels = ",
                "master = local[2]", ""));

        TestFiles.Result r = TestFiles.pipelineJob("--config", config.toString(), "--output", overridden.toString());

        assertEquals(ExitCodes.OK, r.code(), r.all());
        assertFalse(Files.exists(configured), "the command line's --output wins");
        assertEquals(List.of("chelsea.png", "deeper/rocket.png"), filesUnder(overridden.resolve("images")));
        HostTensor cat = new ImageDecoder().decode(overridden.resolve("images/chelsea.png"));
        assertEquals(1, cat.dim(0), "the config's gray pipeline ran");
        TestFiles.assertSamePixels(TestFiles.expectedPng("rgb_to_grayscale | sobel", input.resolve("photos/chelsea.jpg")),
                cat, "chelsea");
        assertTrue(r.out().contains("batches of up to 3"), r.all());
    }

    @Test
    void globInputsAndClashingOutputNames() throws IOException {
        Path clash = tmp.resolve("clash");
        Files.createDirectories(clash);
        byte[] png = ImageEncoder.encodePng(HostTensor.ofUint8(new byte[] {0, 64, 127, (byte) 255, 1, 2}, 1, 2, 3));
        Files.write(clash.resolve("my cat%41.png"), png);
        TestFiles.copySample("chelsea.jpg", clash.resolve("my cat%41.jpg"));
        TestFiles.copySample("rocket.jpg", clash.resolve("my rocket.jpeg"));
        TestFiles.copySample("camera.png", clash.resolve("other.png"));
        Path output = tmp.resolve("clash-out");

        TestFiles.Result r = TestFiles.pipelineJob("--input", clash + "/my*", "--output", output.toString(),
                "--pipeline", SPEC, "--master", "local[2]");

        assertEquals(ExitCodes.OK, r.code(), r.all());
        assertEquals(List.of("my cat%41.jpg.png", "my cat%41.png.png", "my rocket.png"),
                filesUnder(output.resolve("images")));
        Map<String, Row> rows = manifest(output);
        assertEquals(3, rows.size(), rows.toString());
        Row cat = rows.get("clash/my cat%41.jpg");
        assertTrue(cat.getString(cat.fieldIndex(Manifest.OUTPUT_PATH)).endsWith("/clash-out/images/my cat%41.jpg.png"),
                cat.toString());
        assertTrue(r.out().contains("1 output name(s) claimed by several inputs"), r.all());
    }

    @Test
    void everyRowFailingIsAFailureUntilTheChannelsAreConverted() throws IOException {
        Path gray = tmp.resolve("gray");
        TestFiles.copySample("camera.png", gray.resolve("camera.png"));
        Path output = tmp.resolve("gray-out");

        TestFiles.Result r = TestFiles.pipelineJob("--input", gray.toString(), "--output", output.toString(),
                "--pipeline", "rgb_to_grayscale | sobel", "--master", "local[2]");

        assertEquals(ExitCodes.FAILURE, r.code(), r.all());
        assertTrue(r.err().contains("every row failed"), r.all());
        Row row = manifest(output).get("gray/camera.png");
        assertNull(row.get(row.fieldIndex(Manifest.OUTPUT_PATH)));
        String error = row.getString(row.fieldIndex(Manifest.ERROR));
        assertNotNull(error);
        assertTrue(error.contains("rgb_to_grayscale"), error);

        TestFiles.Result rgb = TestFiles.pipelineJob("--input", gray.toString(), "--output", output.toString(),
                "--pipeline", "rgb_to_grayscale | sobel", "--master", "local[2]", "--channels", "RGB");

        assertEquals(ExitCodes.OK, rgb.code(), rgb.all());
        assertTrue(rgb.out().contains("channels rgb"), rgb.all());
        TestFiles.assertSamePixels(TestFiles.expectedPng("rgb_to_grayscale | sobel", gray.resolve("camera.png"),
                DecodeOptions.Channels.RGB), new ImageDecoder().decode(output.resolve("images/camera.png")), "camera");
    }
}
