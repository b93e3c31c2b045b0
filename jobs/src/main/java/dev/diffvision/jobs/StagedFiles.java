package dev.diffvision.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Writes files so that readers never see a half-written one, on any Hadoop file system (local, HDFS, object
 * stores with a rename): the content goes to a uniquely named file in a staging folder, which is then renamed
 * onto the target, replacing what an earlier attempt of the same task (or an earlier run) left there.
 *
 * <p>The staging folder ({@code <output>/_staging}) starts with {@code _}, so Hadoop's and Spark's readers skip
 * it; the driver deletes it when the job ends, which also removes what a killed task left behind. On HDFS a
 * rename is atomic, but a rename onto an existing file fails, so the old file is deleted first: for that
 * instant the target is absent, never partial. Two attempts of one task running at once (speculation) write
 * the same bytes; the last rename wins.
 *
 * <p>On the local file system ({@code file:}) the same steps run through {@code java.nio.file} instead:
 * Hadoop's {@link RawLocalFileSystem} sets the default permission on every file it creates, and without
 * Hadoop's native library (the usual case for a Spark distribution) it does so by starting a {@code chmod}
 * process per file: in {@code PipelineJob} over 1,000 generated PNGs (local[*], 2 cores) that took processing from
 * 11.2-11.7 s to 16.3-17.0 s, far more than decoding, the pipeline and encoding together. Here the
 * file gets the JVM's umask like any other file the job writes, and the staged file replaces the target in one
 * atomic {@code rename(2)} ({@link StandardCopyOption#ATOMIC_MOVE}), so the target is never even absent.
 */
final class StagedFiles {

    /** The staging folder's name under the output root. */
    static final String STAGING = "_staging";

    private StagedFiles() {}

    /**
     * The file system of {@code path}, without the local file system's checksum files.
     *
     * @param path any path on the file system
     * @param conf the Hadoop configuration
     * @return the (cached, shared) file system, or its raw inner file system for {@code file:}
     * @throws IOException if the file system cannot be created
     */
    static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /**
     * Writes {@code bytes} to {@code target} through a staged file.
     *
     * @param fs the file system of both folders
     * @param staging the staging folder (created when missing)
     * @param target the final path (its folder is created when missing)
     * @param bytes the content
     * @throws IOException if writing or renaming fails; the staged file is then removed
     */
    static void write(FileSystem fs, Path staging, Path target, byte[] bytes) throws IOException {
        Path tmp = new Path(staging, UUID.randomUUID() + "-" + target.getName());
        if (fs instanceof RawLocalFileSystem local) {
            java.nio.file.Path staged = local.pathToFile(tmp).toPath();
            removingOnFailure(() -> writeLocal(staged, local.pathToFile(target).toPath(), bytes),
                    () -> Files.deleteIfExists(staged));
        } else {
            removingOnFailure(() -> writeHadoop(fs, tmp, target, bytes), () -> fs.delete(tmp, false));
        }
    }

    private static void writeHadoop(FileSystem fs, Path tmp, Path target, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        fs.mkdirs(target.getParent());
        if (fs.exists(target)) {
            fs.delete(target, false); // an earlier attempt of this task or an earlier run wrote it
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("rename of " + tmp + " to " + target + " failed");
        }
    }

    private static void writeLocal(java.nio.file.Path tmp, java.nio.file.Path target, byte[] bytes)
            throws IOException {
        Files.createDirectories(tmp.getParent());
        Files.write(tmp, bytes);
        Files.createDirectories(target.getParent());
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A file-system step that may fail with an {@link IOException}. */
    private interface IoStep {
        void run() throws IOException;
    }

    /** Runs {@code write}; if it fails, runs {@code remove} (its own failure added as suppressed) and rethrows. */
    private static void removingOnFailure(IoStep write, IoStep remove) throws IOException {
        try {
            write.run();
        } catch (IOException | RuntimeException e) {
            try {
                remove.run();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
