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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 *
 * <p>The workers also offer one GPU each ({@code --worker-gpus 1}, found by a discovery script that reports GPU 0
 * whatever the machine has, written by the test): a submit that asks for GPUs gets them from Spark's resource
 * scheduling, and with the CPU build of libtorch its tasks run on the CPU, the same results, and each executor
 * logs that it was given a GPU libtorch does not see.
 */
class StandaloneClusterIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String SPEC = "rgb_to_grayscale | sobel(normalized=false)";
    private static final long SCRIPT_TIMEOUT_MINUTES = 10;
    private static final String GPU_WARNING = "were given GPU 0 but libtorch sees no GPU, so they run on cpu()";
    /** The samples each run reads (source path under the input folder -> PNG path under images/). */
    private static final Map<String, String> WRITTEN = Map.of("astronaut.png", "astronaut.png",
            "camera.png", "camera.png", "coffee_16bit.png", "coffee_16bit.png",
            "photos/chelsea.jpg", "photos/chelsea.png", "photos/rocket.jpg", "photos/rocket.png");

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
        Path gpuScript = tmp.resolve("one-gpu.sh");
        Files.writeString(gpuScript, "#!/usr/bin/env bash\necho '{\"name\": \"gpu\", \"addresses\": [\"0\"]}'\n",
                StandardCharsets.UTF_8);
        assertTrue(gpuScript.toFile().setExecutable(true), "cannot make " + gpuScript + " executable");
        Run up = script("cluster-up.sh", "--workers", "2", "--worker-cores", "1", "--worker-memory", "1g",
                "--worker-gpus", "1", "--gpu-discovery-script", gpuScript.toString(),
                "--port", "0", "--webui-port", "0", "--run-dir", runDir.toString(), "--timeout", "300");
        assertEquals(0, up.code(), up.output());
        masterUrl = Files.readString(runDir.resolve("master-url"), StandardCharsets.UTF_8).trim();
        assertTrue(masterUrl.matches("spark://127\\.0\\.0\\.1:\\d+"), masterUrl);
        assertTrue(up.output().strip().endsWith(masterUrl), "the URL is the last line:\n" + up.output());
        assertTrue(up.output().contains("2 worker(s) of 1 core(s), 1 GPU(s) and 1g registered"), up.output());
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
        Path input = sampleInput("in");
        Path output = tmp.resolve("out");

        Run submit = submit(input, output);

        assertWrittenAsDirectly(submit, input, output);
        for (String worker : List.of("worker-1", "worker-2")) {
            try (Stream<Path> apps = Files.list(runDir.resolve(worker))) {
                assertTrue(apps.anyMatch(p -> p.getFileName().toString().startsWith("app-")),
                        worker + " ran no executor for the job");
            }
        }
    }

    @Test
    void tasksGivenAGpuThatLibtorchDoesNotSeeRunOnTheCpuWithAWarning() throws IOException, InterruptedException {
        Path input = sampleInput("gpu-in");
        Path output = tmp.resolve("gpu-out");

        Run submit = submit(input, output, "--conf", "spark.executor.resource.gpu.amount=1",
                "--conf", "spark.task.resource.gpu.amount=1");

        assertWrittenAsDirectly(submit, input, output);
        assertTrue(submit.output().contains(": cpu()"), submit.output());
        String application = submit.output().replaceAll("(?s).*spark        \\S+, (app-[0-9-]+),.*", "$1");
        assertTrue(application.startsWith("app-"), submit.output());
        List<String> warnings = new ArrayList<>();
        for (String worker : List.of("worker-1", "worker-2")) {
            Path app = runDir.resolve(worker).resolve(application);
            if (Files.isDirectory(app)) {
                try (Stream<Path> logs = Files.walk(app)) {
                    for (Path log : logs.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                        Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                                .filter(l -> l.contains(GPU_WARNING)).forEach(warnings::add);
                    }
                }
            }
        }
        assertFalse(warnings.isEmpty(), "no executor of " + application + " logged the GPU warning");
    }

    /** Every sample (the JPEGs one folder down) plus a corrupt file, in a new folder under the temp dir. */
    private static Path sampleInput(String folder) throws IOException {
        Path input = tmp.resolve(folder);
        for (String source : WRITTEN.keySet()) {
            TestFiles.copySample(Path.of(source).getFileName().toString(), input.resolve(source));
        }
        Files.writeString(input.resolve("broken.png"), "this is not a PNG", StandardCharsets.UTF_8);
        return input;
    }

    private static Run submit(Path input, Path output, String... sparkOptions)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--master", masterUrl, "--executor-memory", "768m",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2"));
        args.addAll(List.of(sparkOptions));
        args.addAll(List.of("--", "--input", input.toString(), "--output", output.toString(), "--pipeline", SPEC,
                "--channels", "rgb", "--batch-size", "2"));
        return script("submit.sh", args.toArray(String[]::new));
    }

    /**
     * Exit code 0, one manifest row per input file (the corrupt one with its error and no output), and each
     * decodable input's PNG with the pixels of the pipeline run directly in this JVM.
     */
    private static void assertWrittenAsDirectly(Run submit, Path input, Path output) throws IOException {
        assertEquals(ExitCodes.OK, submit.code(), submit.output());
        assertTrue(submit.output().contains("rows         6 in, 5 ok, 1 failed"), submit.output());
        assertTrue(submit.output().contains("spark        " + masterUrl), submit.output());

        Map<String, Row> manifest = manifest(output.resolve("manifest"), input);
        assertEquals(List.of("astronaut.png", "broken.png", "camera.png", "coffee_16bit.png", "photos/chelsea.jpg",
                "photos/rocket.jpg"), List.copyOf(manifest.keySet()), "one manifest row per input file");
        Row broken = manifest.get("broken.png");
        assertNull(broken.get(broken.fieldIndex(Manifest.OUTPUT_PATH)), broken.toString());
        assertNotNull(broken.get(broken.fieldIndex(Manifest.ERROR)), broken.toString());
        String outFolder = "/" + output.getFileName() + "/images/";
        for (Map.Entry<String, String> e : WRITTEN.entrySet()) {
            Row row = manifest.get(e.getKey());
            assertNull(row.get(row.fieldIndex(Manifest.ERROR)), row.toString());
            Path png = output.resolve("images").resolve(e.getValue());
            assertTrue(row.getString(row.fieldIndex(Manifest.OUTPUT_PATH)).endsWith(outFolder + e.getValue()),
                    row.toString());
            HostTensor actual = new ImageDecoder().decode(png);
            HostTensor expected = TestFiles.expectedPng(SPEC, input.resolve(e.getKey()), DecodeOptions.Channels.RGB);
            TestFiles.assertSamePixels(expected, actual, e.getKey());
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
