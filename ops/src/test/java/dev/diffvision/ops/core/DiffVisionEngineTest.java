package dev.diffvision.ops.core;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

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
    void rejectsNegativeThreadCounts() {
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(-1, 0));
    }
}
