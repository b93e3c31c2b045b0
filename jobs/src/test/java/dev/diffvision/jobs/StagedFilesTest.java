package dev.diffvision.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StagedFiles} on the real local file system (Hadoop's {@code file:}, which it writes through
 * {@code java.nio.file}): the target holds exactly the bytes, missing folders are created, an existing target is
 * replaced, nothing stays in the staging folder, and a failed write leaves neither a target nor a staged file.
 * HDFS goes through the Hadoop path, covered end to end by {@code PipelineJobHdfsTest}.
 */
class StagedFilesTest {

    @TempDir
    java.nio.file.Path dir;

    private FileSystem local() throws IOException {
        return StagedFiles.fileSystem(new Path(dir.toUri()), new Configuration());
    }

    @Test
    void localFileSystemIsTheRawOneWithoutChecksumFiles() throws IOException {
        assertInstanceOf(RawLocalFileSystem.class, local());
    }

    @Test
    void writesTheBytesCreatingFoldersAndLeavesNothingStaged() throws IOException {
        Path staging = new Path(dir.resolve(StagedFiles.STAGING).toUri());
        Path target = new Path(dir.resolve("images/a/b/cat.png").toUri());
        byte[] bytes = "not really a PNG".getBytes(StandardCharsets.US_ASCII);

        StagedFiles.write(local(), staging, target, bytes);

        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("images/a/b/cat.png")));
        assertEquals(0, count(dir.resolve(StagedFiles.STAGING)), "the staged file was moved, not copied");
        assertEquals(1, count(dir.resolve("images/a/b")), "no checksum or temporary files beside the target");
    }

    @Test
    void replacesWhatAnEarlierAttemptWrote() throws IOException {
        Path staging = new Path(dir.resolve(StagedFiles.STAGING).toUri());
        Path target = new Path(dir.resolve("out.png").toUri());
        StagedFiles.write(local(), staging, target, new byte[] {1, 2, 3, 4, 5});

        StagedFiles.write(local(), staging, target, new byte[] {9});

        assertArrayEquals(new byte[] {9}, Files.readAllBytes(dir.resolve("out.png")));
    }

    @Test
    void aFailedWriteLeavesNoStagedFile() throws IOException {
        Path staging = new Path(dir.resolve(StagedFiles.STAGING).toUri());
        Files.writeString(dir.resolve("blocker"), "a file where the target's folder should be");
        Path target = new Path(dir.resolve("blocker/out.png").toUri());

        assertThrows(IOException.class, () -> StagedFiles.write(local(), staging, target, new byte[] {1}));

        assertEquals(0, count(dir.resolve(StagedFiles.STAGING)), "the staged file was removed");
        assertTrue(Files.isRegularFile(dir.resolve("blocker")), "the blocking file is untouched");
    }

    private static long count(java.nio.file.Path folder) throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
