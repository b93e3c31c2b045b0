package dev.diffvision.jobs;

import dev.diffvision.spark.OutputColumns;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.UUID;

/**
 * Runs on the executors: writes each processed row's PNG through the Hadoop FileSystem API and turns the row
 * into a {@link Manifest} row. A PNG is written to a hidden temporary name in its target folder and renamed
 * into place, so readers never see a half-written file. A row whose write fails keeps going as a failed
 * manifest row ({@code output_path} null, {@code error} set): rows in == rows out.
 *
 * <p>On the local file system the checksumming wrapper is bypassed, so no {@code .crc} files appear next to
 * the images.
 */
final class ImageWriter implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final OutputLayout layout;
    private final String imagesDir;
    private final int pathIndex;
    private final int shapeIndex;
    private final int pngIndex;
    private final int deviceIndex;
    private final int errorIndex;

    /**
     * @param hadoopConf the driver's Hadoop configuration, broadcast (Spark's wrapper is Kryo-safe)
     * @param layout maps source paths to output paths
     * @param imagesDir the qualified folder images go to
     * @param processed the schema of {@code DiffVisionFrames.apply}'s result (with {@code path} and {@code png})
     */
    ImageWriter(Broadcast<SerializableConfiguration> hadoopConf, OutputLayout layout, String imagesDir,
                StructType processed) {
        this.hadoopConf = hadoopConf;
        this.layout = layout;
        this.imagesDir = imagesDir;
        this.pathIndex = processed.fieldIndex("path");
        this.shapeIndex = processed.fieldIndex(OutputColumns.SHAPE);
        this.pngIndex = processed.fieldIndex(OutputColumns.PNG);
        this.deviceIndex = processed.fieldIndex(OutputColumns.DEVICE);
        this.errorIndex = processed.fieldIndex(OutputColumns.ERROR);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws IOException {
        FileSystem fs = writableFileSystem(new Path(imagesDir), hadoopConf.value().value());
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return write(fs, rows.next());
            }
        };
    }

    /**
     * The file system of {@code path}, without the local file system's checksum files.
     *
     * @param path any path on the file system
     * @param conf the Hadoop configuration
     * @return the (cached, shared) file system, or its raw inner file system for {@code file:}
     * @throws IOException if the file system cannot be created
     */
    static FileSystem writableFileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /**
     * Writes {@code bytes} to {@code target} atomically as far as the file system allows: to a hidden temporary
     * file in the same folder, then renamed over any existing file.
     *
     * @param fs the file system
     * @param target the final path
     * @param bytes the content
     * @throws IOException if writing or renaming fails; the temporary file is removed
     */
    static void writeAtomically(FileSystem fs, Path target, byte[] bytes) throws IOException {
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            if (fs.exists(target)) {
                fs.delete(target, false); // an earlier attempt of this task wrote it
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

    private Row write(FileSystem fs, Row in) {
        String source = in.getString(pathIndex);
        String error = in.isNullAt(errorIndex) ? null : in.getString(errorIndex);
        String output = null;
        if (error == null) {
            byte[] png = in.isNullAt(pngIndex) ? null : (byte[]) in.get(pngIndex);
            if (png == null) {
                error = "write: the pipeline produced no PNG";
            } else {
                Path target = new Path(layout.outputPath(source));
                try {
                    writeAtomically(fs, target, png);
                    output = target.toString();
                } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                    error = "write: cannot write " + target + ": " + e;
                }
            }
        }
        return RowFactory.create(source, output, in.get(shapeIndex), in.get(deviceIndex), error);
    }
}
