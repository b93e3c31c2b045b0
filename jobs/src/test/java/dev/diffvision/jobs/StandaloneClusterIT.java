package dev.diffvision.jobs;

import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's cluster path end to end, with real processes only: {@code scripts/cluster-up.sh} starts a Spark
 * standalone master and 2 workers (1 core, 1 GiB each) on 127.0.0.1 with free ports in a temporary run dir,
 * {@code scripts/submit.sh} submits {@link PipelineJob} in the shaded submit jar to it (Spark's own SparkSubmit
 * on the assembled SPARK_HOME, so SPARK_HOME is removed from the scripts' environment), and
 * {@code scripts/cluster-down.sh} stops everything after the class, whatever happened.
 *
 * <p>Runs in the package phase (after the submit jar is built; see jobs/pom.xml). Checks: exit code 0, one PNG
 * per decodable input with the pixels of the pipeline run directly in this JVM (8-bit, at most one level apart:
 * batched and single-image float results may round differently at .5), one manifest row per input file (the
 * corrupt one with its error and no output), and executors launched on both workers.
 */
class StandaloneClusterIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String SPEC = "rgb_to_grayscale | sobel(normalized=false)";
    private static final long SCRIPT_TIMEOUT_MINUTES = 10;

    @TempDir
    static Path tmp;
    private static Path runDir;
    private static String masterUrl;

    /** What a script printed (both streams, interleaved) and returned. */
    private record Run(int code, String output) {}

    private static Run script(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(REPO.resolve("scripts").resolve(name).toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, name, ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("SPARK_HOME"); // the project's own SPARK_HOME and SparkSubmit, not an installation
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        if (!p.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(name + " ran longer than " + SCRIPT_TIMEOUT_MINUTES + " minutes:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void startCluster() throws IOException, InterruptedException {
        runDir = tmp.resolve("cluster");
        Run up = script("cluster-up.sh", "--workers", "2", "--worker-cores", "1", "--worker-memory", "1g",
                "--port", "0", "--webui-port", "0", "--run-dir", runDir.toString(), "--timeout", "300");
        assertEquals(0, up.code(), up.output());
        masterUrl = Files.readString(runDir.resolve("master-url"), StandardCharsets.UTF_8).trim();
        assertTrue(masterUrl.matches("spark://127\\.0\\.0\\.1:\\d+"), masterUrl);
        assertTrue(up.output().strip().endsWith(masterUrl), "the URL is the last line:\n" + up.output());
    }

    @AfterAll
    static void stopCluster() throws IOException, InterruptedException {
        if (runDir != null) {
            Run down = script("cluster-down.sh", "--run-dir", runDir.toString());
            assertEquals(0, down.code(), down.output());
            for (String daemon : List.of("master", "worker-1", "worker-2")) {
                assertTrue(Files.notExists(runDir.resolve(daemon + ".pid")), daemon + " still has a pid file");
            }
        }
    }

    @Test
    void submitsPipelineJobToTwoWorkers() throws IOException, InterruptedException {
        // Every sample (the JPEGs one folder down), each with the output it should get, plus a corrupt file.
        Map<String, String> written = Map.of("astronaut.png", "astronaut.png", "camera.png", "camera.png",
                "coffee_16bit.png", "coffee_16bit.png", "photos/chelsea.jpg", "photos/chelsea.png",
                "photos/rocket.jpg", "photos/rocket.png");
        Path input = tmp.resolve("in");
        for (String source : written.keySet()) {
            TestFiles.copySample(Path.of(source).getFileName().toString(), input.resolve(source));
        }
        Files.writeString(input.resolve("broken.png"), "this is not a PNG", StandardCharsets.UTF_8);
        Path output = tmp.resolve("out");

        Run submit = script("submit.sh", "--master", masterUrl, "--executor-memory", "768m",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2",
                "--", "--input", input.toString(), "--output", output.toString(), "--pipeline", SPEC,
                "--channels", "rgb", "--batch-size", "2");

        assertEquals(ExitCodes.OK, submit.code(), submit.output());
        assertTrue(submit.output().contains("rows         6 in, 5 ok, 1 failed"), submit.output());
        assertTrue(submit.output().contains("spark        " + masterUrl), submit.output());

        Map<String, Row> manifest = manifest(output.resolve("manifest"), input);
        assertEquals(List.of("astronaut.png", "broken.png", "camera.png", "coffee_16bit.png", "photos/chelsea.jpg",
                "photos/rocket.jpg"), List.copyOf(manifest.keySet()), "one manifest row per input file");
        Row broken = manifest.get("broken.png");
        assertNull(broken.get(broken.fieldIndex(Manifest.OUTPUT_PATH)), broken.toString());
        assertNotNull(broken.get(broken.fieldIndex(Manifest.ERROR)), broken.toString());
        for (Map.Entry<String, String> e : written.entrySet()) {
            Row row = manifest.get(e.getKey());
            assertNull(row.get(row.fieldIndex(Manifest.ERROR)), row.toString());
            Path png = output.resolve("images").resolve(e.getValue());
            assertTrue(row.getString(row.fieldIndex(Manifest.OUTPUT_PATH)).endsWith("/out/images/" + e.getValue()),
                    row.toString());
            HostTensor actual = new ImageDecoder().decode(png);
            HostTensor expected = TestFiles.expectedPng(SPEC, input.resolve(e.getKey()), DecodeOptions.Channels.RGB);
            TestFiles.assertSamePixels(expected, actual, e.getKey());
        }

        for (String worker : List.of("worker-1", "worker-2")) {
            try (Stream<Path> apps = Files.list(runDir.resolve(worker))) {
                assertTrue(apps.anyMatch(p -> p.getFileName().toString().startsWith("app-")),
                        worker + " ran no executor for the job");
            }
        }
    }

    /** The manifest's rows keyed by source path relative to the input folder (read by a local session). */
    private static Map<String, Row> manifest(Path manifest, Path input) {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("StandaloneClusterIT")
                .config("spark.ui.enabled", "false") // no web UI in tests
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            String prefix = "file:" + input.toAbsolutePath() + "/";
            Map<String, Row> rows = new TreeMap<>();
            for (Row r : spark.read().parquet(manifest.toString()).collectAsList()) {
                String source = r.getString(r.fieldIndex(Manifest.SOURCE_PATH));
                assertTrue(source.startsWith(prefix), source);
                assertNull(rows.put(source.substring(prefix.length()), r), "two rows for " + source);
            }
            return rows;
        } finally {
            spark.stop();
        }
    }
}
