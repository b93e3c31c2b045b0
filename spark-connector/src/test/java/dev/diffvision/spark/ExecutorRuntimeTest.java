package dev.diffvision.spark;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task-device choice of {@link ExecutorRuntime#deviceFor} for each kind of task resource and engine. */
class ExecutorRuntimeTest {

    @Test
    void aTaskWithAGpuRunsOnItsFirstAddress() {
        assertEquals(Device.gpu(1), ExecutorRuntime.deviceFor(new String[] {"1"}, 2));
        assertEquals(Device.gpu(0), ExecutorRuntime.deviceFor(new String[] {" 0 ", "1"}, 2));
    }

    @Test
    void aTaskWithoutAGpuOrAnEngineWithoutGpusRunsOnTheCpu() {
        assertEquals(Device.cpu(), ExecutorRuntime.deviceFor(new String[0], 2));
        assertEquals(Device.cpu(), ExecutorRuntime.deviceFor(new String[] {"0"}, 0));
    }

    @Test
    void anAddressLibtorchDoesNotSeeIsAClearError() {
        String outOfRange = assertThrows(IllegalStateException.class,
                () -> ExecutorRuntime.deviceFor(new String[] {"2"}, 2)).getMessage();
        assertTrue(outOfRange.contains("GPU address '2'") && outOfRange.contains("expected 0 to 1"), outOfRange);
        String uuid = assertThrows(IllegalStateException.class,
                () -> ExecutorRuntime.deviceFor(new String[] {"GPU-8f3c2a"}, 1)).getMessage();
        assertTrue(uuid.contains("GPU address 'GPU-8f3c2a'") && uuid.contains("expected 0 to 0"), uuid);
    }
}
