package dev.diffvision.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
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
        try {
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
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
