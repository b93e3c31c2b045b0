package dev.diffvision.spark;

import ai.djl.Device;
import dev.diffvision.ops.io.HostTensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Native memory stays flat across thousands of batches: 5,000 batches (every shaping mode, good and failing
 * batches) through {@link BatchRunner} in this JVM leave no NDArray or manager attached to DJL's system manager
 * and the Arrow bytes at what the buffer pool held after the warm-up, checked every 1,000 batches. RSS is printed for the record, not asserted (the
 * allocator and JIT make it noisy; {@code scripts/bench-connector.sh} reports it over a longer run).
 */
class NativeMemoryFlatTest {

    private static final int BATCHES = 5_000;

    @Test
    void fiveThousandBatchesLeaveNoLiveArraysOrArrowBuffers() {
        ApplyOptions base = ApplyOptions.of("rgb_to_grayscale | sobel").withOutputFormats(EnumSet.of(OutputFormat.TENSOR));
        List<BatchRunner> runners = List.of(
                new BatchRunner(ExecutorRuntime.pipeline(base.pipeline()), base, Device.cpu()),
                new BatchRunner(ExecutorRuntime.pipeline(base.pipeline()), base.withResizeTo(12, 12), Device.cpu()),
                new BatchRunner(ExecutorRuntime.pipeline(base.pipeline()), base.withPadTo(20, 20), Device.cpu()));
        List<HostTensor> good = List.of(TestImages.pixels(3, 16, 16, 1), TestImages.pixels(3, 16, 16, 2));
        List<HostTensor> rejected = List.of(TestImages.pixels(4, 16, 16, 3));
        for (BatchRunner r : runners) {   // warm-up: the engine, pipeline and TorchScript caches are created once
            r.run(good);
            r.run(rejected);
        }
        int resources = NativeCounts.djlResources();
        long pooled = NativeCounts.arrowBytes();
        long rssStart = NativeCounts.rssKib();
        List<String> samples = new ArrayList<>();
        for (int i = 1; i <= BATCHES; i++) {
            boolean fail = i % 10 == 0;
            List<BatchResult> out = runners.get(i % 3).run(fail ? rejected : good);
            if (!fail) {
                assertNull(out.get(0).error());
            }
            if (i % 1000 == 0) {
                assertEquals(resources, NativeCounts.djlResources(), "DJL resources after " + i + " batches");
                assertEquals(pooled, NativeCounts.arrowBytes(), "Arrow bytes after " + i + " batches");
                samples.add(i + ": rss=" + NativeCounts.rssKib() + " KiB");
            }
        }
        System.out.println("NativeMemoryFlatTest: DJL resources " + resources + ", Arrow bytes " + pooled + ", RSS start "
                + rssStart + " KiB; " + String.join(", ", samples));
    }
}
