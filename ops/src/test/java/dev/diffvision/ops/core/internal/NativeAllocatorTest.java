package dev.diffvision.ops.core.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.core.EngineInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine makes glibc keep freed memory (this JVM runs on Linux with glibc, as CI does): a freed 40 MiB block
 * (above glibc's largest adaptive mmap threshold, 32 MiB, so by default it would be unmapped on free and
 * page-faulted in again) is reused without faulting its pages back, counted with the process's minor page
 * faults from /proc/self/stat; plus the setting's parsing.
 */
class NativeAllocatorTest {

    private static final long BLOCK = 40L << 20;
    private static final long PAGES = BLOCK / 4096;

    @Test
    void theEngineMakesGlibcKeepFreedMemory() throws IOException {
        EngineInfo info = DiffVisionEngine.start();
        assertEquals("retaining", info.allocator(), info.describe());
        assertTrue(info.describe().contains("malloc retaining"), info.describe());
        assertEquals(NativeAllocator.Outcome.RETAINING, NativeAllocator.configure(NativeAllocator.Mode.SYSTEM),
                "the first configuration stays: the settings are process-wide");

        touchAndFree();
        long before = minorFaults();
        touchAndFree();
        long faults = minorFaults() - before;
        assertTrue(faults < PAGES / 4, "expected the freed block to be reused without faulting its " + PAGES
                + " pages in again, got " + faults + " minor faults");
    }

    @Test
    void theModeIsReadFromThePropertyAndRejectsOtherValues() {
        String old = System.getProperty("diffvision.malloc");
        try {
            System.setProperty("diffvision.malloc", " System ");
            assertEquals(NativeAllocator.Mode.SYSTEM, NativeAllocator.Mode.fromEnvironment());
            System.setProperty("diffvision.malloc", "retain");
            assertEquals(NativeAllocator.Mode.RETAIN, NativeAllocator.Mode.fromEnvironment());
            System.setProperty("diffvision.malloc", "jemalloc");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    NativeAllocator.Mode::fromEnvironment);
            assertTrue(e.getMessage().contains("diffvision.malloc") && e.getMessage().contains("'jemalloc'"),
                    e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("diffvision.malloc");
            } else {
                System.setProperty("diffvision.malloc", old);
            }
        }
    }

    /** mallocs a block, writes every byte (faulting in whatever is not resident) and frees it. */
    private static void touchAndFree() {
        long address = Native.malloc(BLOCK);
        assertTrue(address != 0, "malloc failed");
        try {
            new Pointer(address).setMemory(0, BLOCK, (byte) 1);
        } finally {
            Native.free(address);
        }
    }

    /** The process's minor page faults so far (field 10 of /proc/self/stat). */
    private static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }
}
