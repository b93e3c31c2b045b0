package dev.diffvision.spark;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What is alive natively in this JVM: NDArrays and managers attached to DJL's PyTorch system manager (every
 * root manager is one of its resources, and stays one until closed), bytes held by the connector's Arrow
 * allocator, and the process's resident set size (Linux {@code /proc/self/status}).
 */
final class NativeCounts {

    private NativeCounts() {}

    /** @return resources (managers and arrays) attached to the engine's system manager right now */
    static int djlResources() {
        NDManager probe = DiffVisionEngine.newManager();
        NDManager system = probe.getParentManager();
        probe.close();
        try {
            Field resources = BaseNDManager.class.getDeclaredField("resources");
            resources.setAccessible(true);
            return ((Map<?, ?>) resources.get(system)).size();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DJL's BaseNDManager.resources is not readable", e);
        }
    }

    /** @return bytes held by the connector's Arrow buffer pool (idle pooled buffers plus those in use) */
    static long arrowBytes() {
        return ExecutorRuntime.buffers().allocatedBytes();
    }

    /** @return this process's resident set size in KiB ({@code VmRSS}) */
    static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmRSS in /proc/self/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
