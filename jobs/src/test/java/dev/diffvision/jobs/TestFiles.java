package dev.diffvision.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.ImageEncoder;
import dev.diffvision.ops.io.PixelRange;
import dev.diffvision.ops.registry.OpRegistry;
import org.apache.spark.sql.SparkSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sample images, captured output streams and the reference computation the jobs are compared with. */
final class TestFiles {

    /** The repository's sample photographs (surefire runs in the module folder). */
    static final Path SAMPLES = Path.of("..", "samples", "images").toAbsolutePath().normalize();

    private TestFiles() {}

    /**
     * @param name a file in samples/images
     * @return its path
     */
    static Path sample(String name) {
        Path p = SAMPLES.resolve(name);
        assertTrue(Files.isRegularFile(p), "missing sample image " + p);
        return p;
    }

    /**
     * Copies a sample image.
     *
     * @param name a file in samples/images
     * @param target where to put it (parent folders are created)
     * @return the target
     * @throws IOException if copying fails
     */
    static Path copySample(String name, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.copy(sample(name), target);
    }

    /**
     * The 8-bit PNG pixels a pipeline should produce for an image file: decoded with channels as stored, scaled
     * to [0, 1], run as a batch of one, quantised.
     *
     * @param spec the pipeline spec
     * @param image a PNG or JPEG file
     * @return UINT8 (C, H, W)
     */
    static HostTensor expectedPng(String spec, Path image) {
        return expectedPng(spec, image, DecodeOptions.Channels.KEEP);
    }

    /**
     * As {@link #expectedPng(String, Path)}, with the image converted to a channel layout first.
     *
     * @param spec the pipeline spec
     * @param image a PNG or JPEG file
     * @param channels the layout
     * @return UINT8 (C, H, W)
     */
    static HostTensor expectedPng(String spec, Path image, DecodeOptions.Channels channels) {
        try (NDManager m = DiffVisionEngine.newManager()) {
            HostTensor decoded = new ImageDecoder(DecodeOptions.defaults().withChannels(channels)).decode(image);
            NDArray x = PixelRange.toUnitFloat(decoded, m).expandDims(0);
            NDArray y = OpRegistry.defaults().pipeline(spec).apply(x);
            return ImageEncoder.fromUnitFloat(y.get(0), 8);
        }
    }

    /**
     * The float32 output a pipeline should produce for an image file (channels as stored, batch of one).
     *
     * @param spec the pipeline spec
     * @param image a PNG or JPEG file
     * @return FLOAT32 (C, H, W), unclamped
     */
    static HostTensor expectedFloat(String spec, Path image) {
        try (NDManager m = DiffVisionEngine.newManager()) {
            NDArray x = PixelRange.toUnitFloat(new ImageDecoder().decode(image), m).expandDims(0);
            return HostTensor.fromNDArray(OpRegistry.defaults().pipeline(spec).apply(x).get(0));
        }
    }

    /**
     * Asserts two float tensors have the same shape and agree within an absolute tolerance.
     *
     * @param expected the reference
     * @param actual what was written
     * @param tolerance the largest allowed absolute difference
     * @param what names the tensor in messages
     */
    static void assertClose(HostTensor expected, HostTensor actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - a[i]));
        }
        assertTrue(worst <= tolerance, what + ": max difference " + worst + " > " + tolerance);
    }

    /**
     * Asserts two 8-bit images have the same shape and differ by at most one level anywhere (batched and
     * single-image float results may round differently at exactly .5).
     *
     * @param expected the reference
     * @param actual what was written
     * @param what names the image in messages
     */
    static void assertSamePixels(HostTensor expected, HostTensor actual, String what) {
        assertClose(expected, actual, 1, what + " (8-bit levels)");
    }

    /**
     * A test Spark session on loopback without a web UI.
     *
     * @param master e.g. {@code local[2]}, or {@code local[2,2]} to allow one retry per task
     * @param app the application name
     * @param conf extra settings, key, value, key, value, ...
     * @return the session (the caller stops it)
     */
    static SparkSession spark(String master, String app, String... conf) {
        SparkSession.Builder b = SparkSession.builder()
                .master(master)
                .appName(app)
                .config("spark.ui.enabled", "false") // no web UI in tests
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2"); // tiny inputs
        for (int i = 0; i + 1 < conf.length; i += 2) {
            b.config(conf[i], conf[i + 1]);
        }
        return b.getOrCreate();
    }

    /** What a command printed and returned. */
    record Result(int code, String out, String err) {
        /** @return both streams, for assertion messages */
        String all() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /**
     * Runs a command with captured streams.
     *
     * @param command takes (out, err) and returns the exit code
     * @return the exit code and both streams
     */
    static Result capture(Function<PrintStream[], Integer> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = command.apply(new PrintStream[] {o, e});
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs {@link PipelineJob} with captured streams.
     *
     * @param args the job's options
     * @return the exit code and both streams
     */
    static Result pipelineJob(String... args) {
        return capture(s -> PipelineJob.run(s[0], s[1], "PipelineJob", args));
    }

    /**
     * Runs {@link DiffVisionCli} with captured streams.
     *
     * @param args a command and its options
     * @return the exit code and both streams
     */
    static Result cli(String... args) {
        return capture(s -> DiffVisionCli.run(s[0], s[1], args));
    }

    /**
     * @param a arguments
     * @param b more arguments
     * @return {@code a} followed by {@code b}
     */
    static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
