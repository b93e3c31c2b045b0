package dev.diffvision.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.Npy;
import dev.diffvision.ops.registry.OpRegistry;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code diffvision} command line: apply on images and .npy files, conformance, run's delegation. */
class DiffVisionCliTest {

    private static final String GRAY_SOBEL = "rgb_to_grayscale | sobel(normalized=false)";

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        DiffVisionEngine.start();
    }

    private static void assertCode(int expected, TestFiles.Result r, String... fragments) {
        assertEquals(expected, r.code(), r.all());
        for (String f : fragments) {
            assertTrue(r.out().contains(f) || r.err().contains(f), "expected '" + f + "' in\n" + r.all());
        }
    }

    @Test
    void applyOnAPngWritesWhatThePipelineComputes() {
        Path in = TestFiles.sample("astronaut.png");
        Path out = tmp.resolve("nested/edges.png");

        TestFiles.Result r = TestFiles.cli("apply", "--pipeline", GRAY_SOBEL, "--input", in.toString(),
                "--output", out.toString());

        assertCode(ExitCodes.OK, r, "wrote " + out, "PNG 8-bit, shape (1, 256, 256)", "(3, 256, 256)");
        TestFiles.assertSamePixels(TestFiles.expectedPng(GRAY_SOBEL, in), new ImageDecoder().decode(out), "astronaut");
    }

    @Test
    void applyOnAJpegWritesAJpeg() {
        Path out = tmp.resolve("cat.jpg");
        TestFiles.Result r = TestFiles.cli("apply", "--pipeline", GRAY_SOBEL, "--input",
                TestFiles.sample("chelsea.jpg").toString(), "--output", out.toString());
        assertCode(ExitCodes.OK, r, "JPEG quality 0.9, shape (1, 170, 256)");
        assertArrayEquals(new long[] {1, 170, 256}, new ImageDecoder().decode(out).shape());
    }

    @Test
    void applyOnAnHwcNpyKeepsTheLayoutAndMatchesThePipeline() throws IOException {
        int h = 7;
        int w = 9;
        float[] hwc = new float[h * w * 3];
        Random random = new Random(42);
        for (int i = 0; i < hwc.length; i++) {
            hwc[i] = random.nextFloat();
        }
        Path in = tmp.resolve("in.npy");
        Npy.write(HostTensor.of(hwc, h, w, 3), in);
        Path out = tmp.resolve("out.npy");

        TestFiles.Result r = TestFiles.cli("apply", "--pipeline", GRAY_SOBEL, "--input", in.toString(),
                "--output", out.toString(), "--layout", "hwc");

        assertCode(ExitCodes.OK, r, "npy float32 hwc, shape (7, 9, 1)", "(7, 9, 3)");
        HostTensor written = Npy.read(out);
        assertArrayEquals(new long[] {h, w, 1}, written.shape());
        float[] expected;
        try (NDManager m = DiffVisionEngine.newManager()) {
            NDArray chw = m.create(hwc, new ai.djl.ndarray.types.Shape(h, w, 3)).transpose(2, 0, 1);
            NDArray y = OpRegistry.defaults().pipeline(GRAY_SOBEL).apply(chw.expandDims(0));
            expected = y.get(0).transpose(1, 2, 0).toFloatArray();
        }
        assertArrayEquals(expected, written.toFloatArray(), 1e-6f);
    }

    @Test
    void applyOnAChwNpyBatchKeepsTheBatch() throws IOException {
        float[] bchw = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < bchw.length; i++) {
            bchw[i] = (i % 11) / 11f;
        }
        Path in = tmp.resolve("batch.npy");
        Npy.write(HostTensor.of(bchw, 2, 3, 4, 5), in);
        Path out = tmp.resolve("batch-out.npy");

        TestFiles.Result r = TestFiles.cli("apply", "--pipeline", "sobel", "--input", in.toString(),
                "--output", out.toString());

        assertCode(ExitCodes.OK, r, "shape (2, 3, 4, 5)");
        float[] expected;
        try (NDManager m = DiffVisionEngine.newManager()) {
            expected = OpRegistry.defaults().pipeline("sobel")
                    .apply(m.create(bchw, new ai.djl.ndarray.types.Shape(2, 3, 4, 5))).toFloatArray();
        }
        assertArrayEquals(expected, Npy.read(out).toFloatArray(), 1e-6f);
        assertCode(ExitCodes.USAGE, TestFiles.cli("apply", "--pipeline", "sobel", "--input", in.toString(),
                "--output", tmp.resolve("batch.png").toString()), "cannot write a batch of 2 images");
    }

    @Test
    void applyUsageErrors() throws IOException {
        String png = TestFiles.sample("camera.png").toString();
        assertCode(ExitCodes.USAGE, TestFiles.cli("apply", "--pipeline", "sobel", "--input", png,
                "--output", tmp.resolve("x.bmp").toString()), "expected --output to end in .png, .jpg, .jpeg or .npy");
        assertCode(ExitCodes.USAGE, TestFiles.cli("apply", "--pipeline", "sobel", "--input",
                tmp.resolve("missing.png").toString(), "--output", tmp.resolve("x.png").toString()), "does not exist");
        assertCode(ExitCodes.USAGE, TestFiles.cli("apply", "--pipeline", "blur", "--input", png,
                "--output", tmp.resolve("x.png").toString()), "invalid --pipeline 'blur'", "unknown op");
        assertCode(ExitCodes.USAGE, TestFiles.cli("apply", "--input", png, "--output", tmp.resolve("x.png").toString()),
                "Missing required option: '--pipeline=SPEC'");
        assertCode(ExitCodes.USAGE, TestFiles.cli("apply", "--pipeline", "sobel", "--input", png,
                "--output", tmp.resolve("x.png").toString(), "--layout", "whc"), "--layout", "whc");
        // The pipeline rejects a gray image: a failure of the run, not of the options.
        assertCode(ExitCodes.FAILURE, TestFiles.cli("apply", "--pipeline", GRAY_SOBEL, "--input", png,
                "--output", tmp.resolve("x.png").toString()), "apply failed", "rgb_to_grayscale");
        assertCode(ExitCodes.OK, TestFiles.cli("apply", "--pipeline", GRAY_SOBEL, "--input", png,
                "--output", tmp.resolve("gray.png").toString(), "--channels", "rgb"), "shape (1, 256, 256)");
        TestFiles.assertSamePixels(TestFiles.expectedPng(GRAY_SOBEL, Path.of(png), DecodeOptions.Channels.RGB),
                new ImageDecoder().decode(tmp.resolve("gray.png")), "camera as rgb");
        Path junk = Files.writeString(tmp.resolve("junk.png"), "junk");
        assertCode(ExitCodes.FAILURE, TestFiles.cli("apply", "--pipeline", "sobel", "--input", junk.toString(),
                "--output", tmp.resolve("x.png").toString()), "decode:");
        assertFalse(Files.exists(tmp.resolve("x.png")));
    }

    @Test
    void conformanceExitCodes() throws IOException {
        Path cases = Files.createDirectories(tmp.resolve("cases"));
        Files.writeString(cases.resolve("gray_ok.json"), "{\"op\": \"kornia.color.rgb_to_grayscale\", \"params\": {},"
                + " \"input\": [[[0.5]], [[0.5]], [[0.5]]], \"expected\": [[[0.5]]], \"atol\": 1e-6}");
        Path dump = tmp.resolve("dump");

        TestFiles.Result ok = TestFiles.cli("conformance", cases.toString(), "--dump", dump.toString());
        assertCode(ExitCodes.OK, ok, "PASS gray_ok.json", "1 passed, 0 failed, 0 unsupported");
        assertTrue(Files.exists(dump.resolve("gray_ok.npy")));

        Files.writeString(cases.resolve("gray_wrong.json"), "{\"op\": \"kornia.color.rgb_to_grayscale\","
                + " \"params\": {}, \"input\": [[[0.5]], [[0.5]], [[0.5]]], \"expected\": [[[0.4]]], \"atol\": 1e-6}");
        assertCode(ExitCodes.FAILURE, TestFiles.cli("conformance", cases.toString()),
                "FAIL gray_wrong.json", "1 passed, 1 failed, 0 unsupported");

        assertCode(ExitCodes.USAGE, TestFiles.cli("conformance", tmp.resolve("nope").toString()),
                "expected a folder of *.json cases");
        assertCode(ExitCodes.USAGE, TestFiles.cli("conformance", Files.createDirectories(tmp.resolve("empty")).toString()),
                "no *.json cases");
        assertCode(ExitCodes.USAGE, TestFiles.cli("conformance"), "Missing required parameter: 'DIR'");
    }

    @Test
    void opsListsTheRegistryAndDescribesParameters() {
        TestFiles.Result all = TestFiles.cli("ops");
        assertCode(ExitCodes.OK, all, "sobel ", "rgb_to_grayscale ", OpRegistry.defaults().names().size() + " ops");
        assertCode(ExitCodes.OK, TestFiles.cli("ops", "sobel"),
                "sobel: ", "normalized: a boolean = true", "eps: a number = 1.0E-6");
        assertCode(ExitCodes.USAGE, TestFiles.cli("ops", "sobl"), "unknown op 'sobl'; valid ops: ");
    }

    @Test
    void runDelegatesToThePipelineJob() {
        TestFiles.Result help = TestFiles.cli("run", "--help");
        assertCode(ExitCodes.OK, help, "Usage: diffvision run", "--pipeline", "--config");
        TestFiles.Result missing = TestFiles.cli("run", "--input", tmp.resolve("nowhere").toString(),
                "--output", tmp.resolve("o").toString(), "--pipeline", "sobel", "--master", "local[1]");
        assertCode(ExitCodes.USAGE, missing, "diffvision run: input", "does not exist");
        assertTrue(SparkSession.getDefaultSession().isEmpty());
    }

    @Test
    void topLevelHelpVersionAndMistakes() {
        assertCode(ExitCodes.OK, TestFiles.cli("--help"), "run", "conformance", "apply");
        assertCode(ExitCodes.OK, TestFiles.cli("--version"), "DiffVision");
        assertCode(ExitCodes.USAGE, TestFiles.cli(), "expected a command");
        assertCode(ExitCodes.USAGE, TestFiles.cli("frobnicate"), "frobnicate");
        assertCode(ExitCodes.OK, TestFiles.cli("apply", "--help"), "--layout", "chw|hwc");
    }
}
