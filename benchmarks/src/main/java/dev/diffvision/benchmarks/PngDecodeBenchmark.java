package dev.diffvision.benchmarks;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import nu.pattern.OpenCV;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
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
public class PngDecodeBenchmark extends TimedBenchmark {

    /** Images decoded per call. */
    @Param({"16"})
    public int batch;

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
     * @return the last image's pixel count, so that nothing is optimised away
     */
    @Benchmark
    public long opencv() {
        long sum = 0;
        for (int i = 0; i < batch; i++) {
            Mat m = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_UNCHANGED);
            sum += m.total();
            m.release();
        }
        return sum;
    }

    /**
     * javax.imageio, image by image.
     *
     * @return the summed widths
     */
    @Benchmark
    public long imageio() {
        long sum = 0;
        try {
            for (int i = 0; i < batch; i++) {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                sum += image.getWidth();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sum;
    }

    /**
     * DiffVision, image by image.
     *
     * @return the summed byte sizes
     */
    @Benchmark
    public long diffvision() {
        long sum = 0;
        for (int i = 0; i < batch; i++) {
            HostTensor t = decoder.decode(png);
            sum += t.byteSize();
        }
        return sum;
    }
}
