package dev.diffvision.benchmarks;

import dev.diffvision.ops.io.ImageDecoder;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import nu.pattern.OpenCV;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * PNG decoding of {@code batch} copies of {@link CodecInputs#texturePng()} (256x256 RGB, 8 bits): OpenCV's
 * {@code imdecode} (libpng, interleaved BGR), javax.imageio's {@code ImageIO.read} (the JDK reader behind
 * DiffVision's PNG decoding before its own codec; the read alone, without the copy to CHW planes the old path
 * added), and {@link ImageDecoder#decode(byte[])} (DiffVision's codec, CHW planes, chunk CRCs verified).
 *
 * <pre>{@code
 * java -cp ... org.openjdk.jmh.Main -f 1 -wi 2 -i 3 'Png(De|En)codeBenchmark'
 * }</pre>
 */
public class PngDecodeBenchmark extends CodecBenchmark {

    private byte[] png;
    private MatOfByte encoded;
    private final ImageDecoder decoder = new ImageDecoder();

    /** @return {@code "png decode"} */
    @Override
    public String op() {
        return "png decode";
    }

    /** Encodes the input once; javax.imageio without its disk cache, as DiffVision ran it. */
    @Setup
    public void setUp() {
        OpenCV.loadLocally();
        ImageIO.setUseCache(false); // as DiffVision configured ImageIO: streams in memory
        png = CodecInputs.texturePng();
        encoded = new MatOfByte(png);
    }

    /**
     * OpenCV, image by image.
     *
     * @return the summed pixel counts
     */
    @Benchmark
    public long opencv() {
        return repeat(() -> {
            Mat m = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_UNCHANGED);
            long size = m.total();
            m.release();
            return size;
        });
    }

    /**
     * javax.imageio, image by image.
     *
     * @return the summed widths
     */
    @Benchmark
    public long imageio() {
        return repeat(() -> ImageIO.read(new ByteArrayInputStream(png)).getWidth());
    }

    /**
     * DiffVision, image by image.
     *
     * @return the summed byte sizes
     */
    @Benchmark
    public long diffvision() {
        return repeat(() -> decoder.decode(png).byteSize());
    }
}
