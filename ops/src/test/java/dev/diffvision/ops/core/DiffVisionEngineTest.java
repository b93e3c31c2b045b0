package dev.diffvision.ops.core;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real engine loads offline from the native jar and reports itself. */
class DiffVisionEngineTest {

    @Test
    void loadsLibtorchOfflineAndReportsIt() {
        EngineInfo info = DiffVisionEngine.start();
        assertEquals("PyTorch", info.engineName());
        assertEquals(DiffVisionEngine.EXPECTED_LIBTORCH, info.libtorchVersion());
        assertEquals("true", System.getProperty("ai.djl.offline"));
        assertTrue(info.intraOpThreads() >= 1, info.describe());
        if (info.gpuCount() == 0) {
            assertEquals(Device.cpu(), info.defaultDevice());
        }
        assertTrue(info.describe().contains("PyTorch 2.7.1"), info.describe());
    }

    @Test
    void startIsIdempotentAndAppliesIntraOpThreads() {
        EngineInfo first = DiffVisionEngine.start();
        EngineInfo again = DiffVisionEngine.start(new EngineConfig(1, 0));
        assertEquals(first.startupMillis(), again.startupMillis());
        assertEquals(1, again.intraOpThreads());
        DiffVisionEngine.start(new EngineConfig(first.intraOpThreads(), 0));
    }

    @Test
    void unavailableLibtorchFailsWithWhatToInstallOrSet() throws Exception {
        // Asking DJL for a libtorch version that is neither on the class path nor cached, offline, must fail
        // with our instructions, not with a bare native error.
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                EngineProbe.class.getName()).redirectErrorStream(true);
        pb.environment().put("PYTORCH_VERSION", "2.5.1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("DiffVision could not load DJL's PyTorch engine (libtorch 2.7.1, offline)"), out);
        assertTrue(out.contains("pytorch-native-cpu:2.7.1 (classifier linux-x86_64)"), out);
        assertTrue(out.contains("PYTORCH_LIBRARY_PATH"), out);
    }

    @Test
    void rejectsNegativeThreadCounts() {
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(-1, 0));
    }
}
