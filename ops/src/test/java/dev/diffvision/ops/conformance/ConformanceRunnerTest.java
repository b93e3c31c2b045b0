package dev.diffvision.ops.conformance;

import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.Npy;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.testing.KorniaVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conformance runner over Kornia's vectors, npy/hwc cases, dumps and the line format. */
class ConformanceRunnerTest {

    @BeforeAll
    static void engine() {
        DiffVisionEngine.start();
    }

    private static String run(ConformanceRunner runner, Path folder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        runner.runFolder(folder, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyRegisteredOpPassesItsKorniaCasesAndNothingFails(@TempDir Path dump) throws IOException {
        ConformanceRunner runner = new ConformanceRunner(OpRegistry.defaults(), dump);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConformanceRunner.Summary s = runner.runFolder(KorniaVectors.folder(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, s.failed(), out);
        for (String sobelCase : List.of("spatial_gradient__diff", "spatial_gradient__sobel_normalized",
                "rgb_to_grayscale")) {
            assertTrue(out.contains("PASS " + sobelCase + ".json max_abs_err="), out);
            assertTrue(Files.exists(dump.resolve(sobelCase + ".npy")), sobelCase);
        }
        assertTrue(s.passed() >= 3, out);
        assertEquals(s.passed() + s.failed() + s.unsupported(), s.results().size());
        String[] lines = out.split("\n");
        assertEquals(s.passed() + " passed, " + s.failed() + " failed, " + s.unsupported() + " unsupported",
                lines[lines.length - 1].trim());
        assertTrue(out.contains("PASS warp_perspective__translation.json max_abs_err="), out);
    }

    @Test
    void npyCasesInHwcLayoutAndFailuresAreReported(@TempDir Path dir) throws IOException {
        // A 4x5x3 (H, W, C) image; expected = its BT.601 gray as (H, W, 1), computed here in float64.
        float[] rgb = new float[4 * 5 * 3];
        float[] gray = new float[4 * 5];
        for (int i = 0; i < gray.length; i++) {
            rgb[3 * i] = (i % 7) / 7f;
            rgb[3 * i + 1] = (i % 5) / 5f;
            rgb[3 * i + 2] = (i % 3) / 3f;
            gray[i] = (float) (0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2]);
        }
        Npy.write(HostTensor.of(rgb, 4, 5, 3), dir.resolve("in.npy"));
        Npy.write(HostTensor.of(gray, 4, 5, 1), dir.resolve("out.npy"));
        Files.writeString(dir.resolve("gray_hwc.json"), "{\"op\": \"kornia.color.rgb_to_grayscale\", \"params\": {},"
                + " \"input_npy\": \"in.npy\", \"expected_npy\": \"out.npy\", \"layout\": \"hwc\", \"atol\": 1e-6}");
        Files.writeString(dir.resolve("gray_wrong.json"), "{\"op\": \"kornia.color.rgb_to_grayscale\","
                + " \"params\": {}, \"input\": [[[0.5]], [[0.5]], [[0.5]]], \"expected\": [[[0.4]]], \"atol\": 1e-6}");
        Files.writeString(dir.resolve("broken.json"), "{\"op\": ");
        Path dump = dir.resolve("dump");
        String out = run(new ConformanceRunner(OpRegistry.defaults(), dump), dir);
        assertTrue(out.contains("PASS gray_hwc.json"), out);
        assertTrue(out.contains("FAIL gray_wrong.json max_abs_err=0.100"), out);
        assertTrue(out.contains("FAIL broken.json"), out);
        assertTrue(out.endsWith("1 passed, 2 failed, 0 unsupported\n"), out);
        HostTensor dumped = Npy.read(dump.resolve("gray_hwc.npy"));
        assertArrayEquals(new long[] {4, 5, 1}, dumped.shape());
        assertArrayEquals(gray, dumped.toFloatArray(), 1e-6f);
    }
}
