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
 * Native memory stays flat across thousands of batches: {@code diffvision.memoryBatches} batches (1,000 by
 * default, 5,000 from {@code scripts/bench-connector.sh}; every shaping mode and resize precision, good and failing batches) through
 * {@link BatchRunner} in this JVM leave no NDArray or manager attached to DJL's system manager and the Arrow bytes
 * at what the buffer pool held after the warm-up, checked five times along the way. RSS is printed for the
 * record, not asserted (it includes the growing Java heap).
 */
class NativeMemoryFlatTest {

    /** 1,000 in the suite (about 10 s alone, minutes on a loaded machine); the bench script runs 5,000. */
    private static final int BATCHES = Integer.getInteger("diffvision.memoryBatches", 1_000);
    private static final int CHECK_EVERY = BATCHES / 5;

    @Test
    void thousandsOfBatchesLeaveNoLiveArraysOrArrowBuffers() {
        ApplyOptions base = ApplyOptions.of("rgb_to_grayscale | sobel").withOutputFormats(EnumSet.of(OutputFormat.TENSOR));
        List<BatchRunner> runners = List.of(
                new BatchRunner(ExecutorRuntime.pipeline(base.pipeline()), base, Device.cpu()),
                new BatchRunner(ExecutorRuntime.pipeline(base.pipeline()), base.withResizeTo(12, 12), Device.cpu()),
                new BatchRunner(ExecutorRuntime.pipeline(base.pipeline()), base.withResizeTo(12, 12)
                        .withResizePrecision(ResizePrecision.PIXELS), Device.cpu()),
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
            boolean fail = i % 5 == 0;   // multiples of 5 reach every runner
            List<BatchResult> out = runners.get(i % runners.size()).run(fail ? rejected : good);
            if (!fail) {
                assertNull(out.get(0).error());
            }
            if (i % CHECK_EVERY == 0) {
                assertEquals(resources, NativeCounts.djlResources(), "DJL resources after " + i + " batches");
                assertEquals(pooled, NativeCounts.arrowBytes(), "Arrow bytes after " + i + " batches");
                samples.add(i + ": rss=" + NativeCounts.rssKib() + " KiB");
            }
        }
        System.out.println("NativeMemoryFlatTest: DJL resources " + resources + ", Arrow bytes " + pooled + ", RSS start "
                + rssStart + " KiB; " + String.join(", ", samples));
    }
}
