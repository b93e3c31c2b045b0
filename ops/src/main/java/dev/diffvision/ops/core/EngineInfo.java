package dev.diffvision.ops.core;

import ai.djl.Device;
import dev.diffvision.ops.core.internal.SimdKernels;

/**
 * What the engine reported when it started: versions, devices and threading.
 *
 * @param engineName DJL's engine name ({@code PyTorch})
 * @param libtorchVersion the loaded libtorch version, e.g. {@code 2.7.1}
 * @param djlVersion DJL's version, e.g. {@code 0.36.0}
 * @param defaultDevice the device ops use by default ({@code gpu(0)} when a GPU is visible, else {@code cpu()})
 * @param gpuCount number of visible GPUs
 * @param intraOpThreads libtorch intra-op threads in effect
 * @param interOpThreads libtorch inter-op threads in effect
 * @param startupMillis time the first load took in this JVM, in milliseconds
 * @param allocator how glibc's malloc treats freed memory: {@code retaining}, {@code system defaults} or
 *     {@code unsupported} (see {@code diffvision.malloc} in the README)
 */
public record EngineInfo(String engineName, String libtorchVersion, String djlVersion, Device defaultDevice,
                         int gpuCount, int intraOpThreads, int interOpThreads, long startupMillis,
                         String allocator) {

    /**
     * One line for logs and job reports, ending with whether the Java SIMD kernels run in this JVM
     * ({@link SimdKernels#describe()}).
     *
     * @return e.g. {@code PyTorch 2.7.1 (DJL 0.36.0) on cpu(), 0 GPU(s), threads intra=2 inter=1, malloc retaining,
     *     loaded in 412 ms, simd on}
     */
    public String describe() {
        return engineName + " " + libtorchVersion + " (DJL " + djlVersion + ") on " + defaultDevice
                + ", " + gpuCount + " GPU(s), threads intra=" + intraOpThreads + " inter=" + interOpThreads
                + ", malloc " + allocator + ", loaded in " + startupMillis + " ms, " + SimdKernels.describe();
    }
}
