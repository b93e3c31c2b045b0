package dev.diffvision.benchmarks;

import boofcv.concurrency.BoofConcurrency;
import dev.diffvision.ops.core.DiffVisionEngine;
import nu.pattern.OpenCV;
import org.opencv.core.Core;

/**
 * Gives OpenCV and BoofCV the thread count DiffVision runs with, so that every library in a benchmark works on the
 * same number of cores. Left alone, OpenCV Java runs its parallel loops (resize, pyrDown, the warps, cvtColor) on
 * one pthread per core and BoofCV its {@code _MT} variants, whatever {@code DIFFVISION_THREADS} says.
 *
 * <pre>{@code
 * int threads = EqualThreads.apply();   // DIFFVISION_THREADS=1: every library on one thread
 * }</pre>
 */
final class EqualThreads {

    private EqualThreads() {}

    /**
     * Loads the engine (which reads {@code DIFFVISION_THREADS}) and OpenCV's natives, then sets OpenCV's and BoofCV's
     * thread counts to libtorch's intra-op thread count, which DiffVision's kernels also use.
     *
     * @return the thread count every library now uses
     */
    static int apply() {
        int threads = DiffVisionEngine.start().intraOpThreads();
        OpenCV.loadLocally();
        Core.setNumThreads(threads);
        BoofConcurrency.USE_CONCURRENT = threads > 1;
        if (threads > 1) {
            BoofConcurrency.setMaxThreads(threads);
        }
        return threads;
    }
}
