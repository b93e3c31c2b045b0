package dev.diffvision.jobs;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.ImageEncoder;
import dev.diffvision.ops.io.Npy;
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
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PipelineJob}'s output formats, write modes and input lists, end to end in a real {@code local[2]}
 * session on real files. Reference: the pipeline run directly on each decoded image ({@link TestFiles}).
 */
class PipelineJobOutputsTest {

    private static final String SPEC = "sobel(normalized=false)";
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = TestFiles.spark("local[2]", "PipelineJobOutputsTest");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static Map<String, Row> manifest(Path output) {
        Map<String, Row> bySource = new TreeMap<>();
        for (Row r : spark.read().parquet(output.resolve("manifest").toString()).collectAsList()) {
            String source = r.getString(r.fieldIndex(Manifest.SOURCE_PATH));
            bySource.put(source.substring(source.lastIndexOf('/') + 1), r);
        }
        return bySource;
    }

    private static List<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .sorted().collect(Collectors.toList());
        }
    }

    private static String status(Row r) {
        return r.getString(r.fieldIndex(Manifest.STATUS));
    }

    /**
     * npy and parquet hold the float32 output itself (tolerance 1e-5: batched and single-image libtorch calls);
     * png the same values clamped and quantised (1 level). jpeg is lossy: against the reference pixels encoded
     * by the same encoder at the same quality 0.95 the mean absolute difference stays below 0.5 levels of 255
     * (the inputs differ by at most one level where rounding of batched floats differs), and against the PNG,
     * on these edge maps, below 6 levels (measured 3.5).
     */
    @Test
    void everyFormatHoldsThePipelineOutput() throws IOException {
        Path in = tmp.resolve("formats");
        TestFiles.copySample("chelsea.jpg", in.resolve("chelsea.jpg"));
        TestFiles.copySample("rocket.jpg", in.resolve("deeper/rocket.JPG"));
        Path output = tmp.resolve("formats-out");

        TestFiles.Result r = TestFiles.pipelineJob("--input", in.toString(), "--output", output.toString(),
                "--pipeline", SPEC, "--format", "npy,png,jpeg,parquet,png", "--jpeg-quality", "0.95",
                "--master", "local[2]");

        assertEquals(ExitCodes.OK, r.code(), r.all());
        assertEquals(List.of("chelsea.jpg", "chelsea.npy", "chelsea.png", "deeper/rocket.jpg", "deeper/rocket.npy",
                "deeper/rocket.png"), filesUnder(output.resolve("images")));
        Map<String, Row> rows = manifest(output);
        assertEquals(2, rows.size());
        Map<String, Row> tensors = new TreeMap<>();
        for (Row t : spark.read().parquet(output.resolve("tensors").toString()).collectAsList()) {
            String source = t.getString(t.fieldIndex(Manifest.SOURCE_PATH));
            tensors.put(source.substring(source.lastIndexOf('/') + 1), t);
        }
        assertEquals(rows.keySet(), tensors.keySet(), "one tensor row per ok input");
        for (String[] c : new String[][] {{"chelsea.jpg", "chelsea"}, {"rocket.JPG", "deeper/rocket"}}) {
            Path source = in.resolve(c[0].equals("chelsea.jpg") ? "chelsea.jpg" : "deeper/rocket.JPG");
            Row row = rows.get(c[0]);
            assertEquals(Manifest.OK, status(row));
            assertTrue(row.getString(row.fieldIndex(Manifest.OUTPUT_PATH)).endsWith("/images/" + c[1] + ".npy"),
                    "output_path is the first format's file: " + row);
            HostTensor expected = TestFiles.expectedFloat(SPEC, source);
            HostTensor npy = Npy.read(output.resolve("images/" + c[1] + ".npy"));
            TestFiles.assertClose(expected, npy, 1e-5, c[1] + ".npy");
            Row tensor = tensors.get(c[0]).getStruct(tensors.get(c[0]).fieldIndex(Manifest.TENSOR));
            TestFiles.assertClose(npy, OutputFormat.hostTensor(tensor), 0, c[1] + " parquet == npy");
            HostTensor png = new ImageDecoder().decode(output.resolve("images/" + c[1] + ".png"));
            TestFiles.assertSamePixels(TestFiles.expectedPng(SPEC, source), png, c[1] + ".png");
            HostTensor jpeg = new ImageDecoder().decode(output.resolve("images/" + c[1] + ".jpg"));
            HostTensor reference = new ImageDecoder().decode(
                    ImageEncoder.encodeJpeg(TestFiles.expectedPng(SPEC, source), 0.95f));
            assertTrue(meanAbsDifference(reference, jpeg) < 0.5, c[1] + ".jpg against the reference pixels as JPEG");
            assertTrue(meanAbsDifference(png, jpeg) < 6, c[1] + ".jpg against its PNG");
        }
        assertTrue(r.out().contains("tensors      ") && r.out().contains("(Parquet, 2 rows)"), r.all());
    }

    @Test
    void skipExistingReprocessesOnlyMissingOutputsAndErrorIfExistsTouchesNothing() throws IOException {
        Path in = tmp.resolve("modes");
        TestFiles.copySample("camera.png", in.resolve("camera.png"));
        TestFiles.copySample("astronaut.png", in.resolve("astronaut.png"));
        TestFiles.copySample("coffee_16bit.png", in.resolve("coffee.png"));
        Path output = tmp.resolve("modes-out");
        String[] args = {"--input", in.toString(), "--output", output.toString(), "--pipeline", SPEC,
                "--master", "local[2]"};
        assertEquals(ExitCodes.OK, TestFiles.pipelineJob(args).code());
        Path astronaut = output.resolve("images/astronaut.png");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(astronaut, old);
        Files.delete(output.resolve("images/camera.png"));
        // A folder where coffee's output should go: its write fails, as an unwritable target would.
        Files.delete(output.resolve("images/coffee.png"));
        Files.createDirectories(output.resolve("images/coffee.png"));
        Files.writeString(output.resolve("images/coffee.png/keep"), "in the way");

        TestFiles.Result skip = TestFiles.pipelineJob(TestFiles.concat(args, "--mode", "skip-existing"));

        assertEquals(ExitCodes.OK, skip.code(), skip.all());
        assertTrue(skip.out().contains("rows         3 in, 1 ok, 1 failed, 1 skipped"), skip.all());
        Map<String, Row> rows = manifest(output);
        assertEquals(Manifest.SKIPPED, status(rows.get("astronaut.png")));
        assertTrue(rows.get("astronaut.png").getString(rows.get("astronaut.png").fieldIndex(Manifest.OUTPUT_PATH))
                .endsWith("/images/astronaut.png"));
        assertEquals(Manifest.OK, status(rows.get("camera.png")));
        Row coffee = rows.get("coffee.png");
        assertEquals(Manifest.FAILED, status(coffee));
        assertNull(coffee.get(coffee.fieldIndex(Manifest.OUTPUT_PATH)));
        assertTrue(coffee.getString(coffee.fieldIndex(Manifest.ERROR)).startsWith("write: cannot write"), coffee.toString());
        assertEquals(old, Files.getLastModifiedTime(astronaut), "a skipped output is not rewritten");
        TestFiles.assertSamePixels(TestFiles.expectedPng(SPEC, in.resolve("camera.png")),
                new ImageDecoder().decode(output.resolve("images/camera.png")), "camera");
        assertEquals(List.of("astronaut.png", "camera.png", "coffee.png/keep"), filesUnder(output.resolve("images")),
                "nothing half-written, no staged file left");
        assertFalse(Files.exists(output.resolve(StagedFiles.STAGING)));

        List<String> before = filesUnder(output);
        TestFiles.Result refuse = TestFiles.pipelineJob(TestFiles.concat(args, "--mode", "error-if-exists"));

        assertEquals(ExitCodes.USAGE, refuse.code(), refuse.all());
        assertTrue(refuse.err().contains("already holds images, manifest (--mode error-if-exists)"), refuse.all());
        assertEquals(before, filesUnder(output));
        assertEquals(old, Files.getLastModifiedTime(astronaut));
    }

    @Test
    void inputListNamesFilesRelativeToItsFolder() throws IOException {
        Path in = tmp.resolve("listed");
        TestFiles.copySample("camera.png", in.resolve("a/camera.png"));
        TestFiles.copySample("chelsea.jpg", in.resolve("b/c/cat [1].jpg"));
        TestFiles.copySample("rocket.jpg", in.resolve("a/not-listed.jpg"));
        Files.writeString(in.resolve("b/notes.txt"), "not an image", StandardCharsets.UTF_8);
        Path list = Files.writeString(in.resolve("b/list.txt"), String.join("\n",
                "# photos to process", "", "  " + in.resolve("a/camera.png") + "  ", "c/cat [1].jpg", "notes.txt",
                "../a/camera.png", ""), StandardCharsets.UTF_8);
        Path output = tmp.resolve("listed-out");

        TestFiles.Result r = TestFiles.pipelineJob("--input-list", list.toString(), "--output", output.toString(),
                "--pipeline", SPEC, "--master", "local[2]");

        assertEquals(ExitCodes.OK, r.code(), r.all());
        assertTrue(r.out().contains("rows         3 in, 2 ok, 1 failed, 0 skipped"), r.all());
        assertEquals(List.of("a/camera.png", "b/c/cat [1].png"), filesUnder(output.resolve("images")),
                "relative to the files' common folder; glob characters taken literally; repeats once");
        Map<String, Row> rows = manifest(output);
        assertEquals(Manifest.FAILED, status(rows.get("notes.txt")));
        TestFiles.assertSamePixels(TestFiles.expectedPng(SPEC, in.resolve("b/c/cat [1].jpg")),
                new ImageDecoder().decode(output.resolve("images/b/c/cat [1].png")), "cat [1]");
    }

    private static double meanAbsDifference(HostTensor a, HostTensor b) {
        assertArrayEquals(a.shape(), b.shape(), "shape");
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs(x[i] - y[i]);
        }
        return sum / x.length;
    }
}
