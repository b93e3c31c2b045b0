package dev.diffvision.ops.core.internal;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

import java.util.Locale;

/**
 * How glibc's {@code malloc}, which libtorch's CPU tensors come from, treats freed memory in this JVM.
 *
 * <p>By default glibc serves large blocks (over 128 KiB, a threshold that adapts up to 32 MiB) with fresh
 * {@code mmap}s and gives them back on {@code free}, and trims freed memory off its heaps. Every op's output and
 * intermediates are then page-faulted in again on every call; on the machines we measured, faulting a fresh
 * block ran at 0.4-2 GB/s where writing warm memory runs at tens of GB/s, so a 256x256 op on one image spent
 * most of its time in the kernel. {@link Mode#RETAIN} (the default) makes glibc keep what it frees
 * ({@code mallopt(M_MMAP_MAX, 0)}: blocks come from the heaps; {@code mallopt(M_TRIM_THRESHOLD, 2 GiB)}: the
 * heaps are not trimmed; {@code mallopt(M_TOP_PAD, 64 MiB)}: a thread's extra heap is not unmapped when it
 * empties), the way jemalloc or PyTorch's recommended preloads behave. The process's resident
 * memory then stays at its high-water mark instead of shrinking between batches: size executors' memory
 * overhead for the largest batch, as for any libtorch job.
 *
 * <p>Read once per JVM, when the engine starts, from {@code diffvision.malloc} / {@code DIFFVISION_MALLOC}:
 * {@code retain} (default) or {@code system} (leave glibc's settings alone). The settings are process-wide; on a
 * C library other than glibc nothing changes.
 */
public final class NativeAllocator {

    /** glibc's {@code M_TRIM_THRESHOLD}. */
    private static final int M_TRIM_THRESHOLD = -1;
    /** glibc's {@code M_TOP_PAD}. */
    private static final int M_TOP_PAD = -2;
    /** glibc's {@code M_MMAP_MAX}. */
    private static final int M_MMAP_MAX = -4;
    /** Slack kept at the top of a heap, and the free space that keeps a thread's extra heap from being unmapped. */
    private static final int TOP_PAD = 64 << 20;
    private static Outcome outcome;

    private NativeAllocator() {}

    /** What to ask of the allocator. */
    public enum Mode {
        /** Keep freed memory for reuse (no mmap'd blocks, no trimming). */
        RETAIN,
        /** glibc's own settings. */
        SYSTEM;

        /**
         * Reads the mode from {@code diffvision.malloc}, then {@code DIFFVISION_MALLOC}; {@link #RETAIN} when unset.
         *
         * @return the mode
         * @throws IllegalArgumentException for a value other than {@code retain} or {@code system}
         */
        public static Mode fromEnvironment() {
            String text = System.getProperty("diffvision.malloc", System.getenv("DIFFVISION_MALLOC"));
            if (text == null || text.isBlank()) {
                return RETAIN;
            }
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "retain" -> RETAIN;
                case "system" -> SYSTEM;
                default -> throw new IllegalArgumentException("engine: expected diffvision.malloc (or "
                        + "DIFFVISION_MALLOC) to be 'retain' or 'system', got '" + text + "'");
            };
        }
    }

    /** What {@link #configure} did. */
    public enum Outcome {
        /** glibc now keeps freed memory. */
        RETAINING,
        /** glibc's settings were left alone, as asked. */
        SYSTEM_DEFAULTS,
        /** The C library is not glibc (or refused the settings): nothing changed. */
        UNSUPPORTED
    }

    /**
     * Applies {@code mode} unless an earlier call already configured this process (the settings are process-wide
     * and made once, before libtorch allocates).
     *
     * @param mode what to ask
     * @return what this process's allocator does, from the first call
     */
    public static synchronized Outcome configure(Mode mode) {
        if (outcome == null) {
            outcome = mode == Mode.SYSTEM ? Outcome.SYSTEM_DEFAULTS : retain();
        }
        return outcome;
    }

    private static Outcome retain() {
        Function mallopt;
        try {
            NativeLibrary libc = NativeLibrary.getInstance("c");
            libc.getFunction("gnu_get_libc_version");
            mallopt = libc.getFunction("mallopt");
        } catch (UnsatisfiedLinkError e) {
            return Outcome.UNSUPPORTED;
        }
        boolean mmapOff = mallopt.invokeInt(new Object[] {M_MMAP_MAX, 0}) == 1;
        boolean trimOff = mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, Integer.MAX_VALUE}) == 1;
        boolean padded = mallopt.invokeInt(new Object[] {M_TOP_PAD, TOP_PAD}) == 1;
        return mmapOff && trimOff && padded ? Outcome.RETAINING : Outcome.UNSUPPORTED;
    }
}
