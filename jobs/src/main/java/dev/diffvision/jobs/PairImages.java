package dev.diffvision.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.PixelRange;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/** Reads the images of registration pairs: any Hadoop path, decoded to gray float32 in [0, 1]. */
final class PairImages {

    private PairImages() {}

    /**
     * @param file a Hadoop path, e.g. {@code hdfs:///reg/a.png} or {@code /tmp/a.png}
     * @param conf the Hadoop configuration
     * @param manager owns the result
     * @return the image, {@code (1, 1, H, W)} float32 in [0, 1]
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it cannot be decoded
     */
    static NDArray decodeGray(String file, Configuration conf, NDManager manager) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(conf);
        byte[] bytes;
        try (FSDataInputStream in = fs.open(path)) {
            bytes = in.readAllBytes();
        }
        ImageDecoder decoder = new ImageDecoder(DecodeOptions.defaults().withChannels(DecodeOptions.Channels.GRAY));
        return PixelRange.toUnitFloat(decoder.decode(bytes), manager).expandDims(0);
    }
}
