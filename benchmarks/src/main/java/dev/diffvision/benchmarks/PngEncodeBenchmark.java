package dev.diffvision.benchmarks;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageEncoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import nu.pattern.OpenCV;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * PNG encoding of {@code batch} copies of {@link CodecInputs#edgeMap()} (224x224 gray, 8 bits): OpenCV's
 * {@code imencode} with its defaults (libpng: Sub filter, zlib level 1 with the {@code Z_RLE} strategy),
 * javax.imageio's {@code ImageIO.write} of a {@code TYPE_BYTE_GRAY} image (the JDK writer behind DiffVision's PNG
 * encoding before its own codec: adaptive filters, zlib level 4; the write alone, without the copy from CHW the
 * old path added), and DiffVision's codec (Up filter): {@link ImageEncoder#encodePng(HostTensor)} (its Java
 * run-length deflate coder), and java.util.zip's zlib at level 1 (the previous default) and level 6.
 */
public class PngEncodeBenchmark extends CodecBenchmark {

    private HostTensor edges;
    private Mat mat;
    private BufferedImage image;

    /** @return {@code "png encode"} */
    @Override
    public String op() {
        return "png encode";
    }

    /** Builds the input in each library's layout once; javax.imageio without its disk cache, as DiffVision ran it. */
    @Setup
    public void setUp() {
        OpenCV.loadLocally();
        ImageIO.setUseCache(false); // as DiffVision configured ImageIO: streams in memory
        edges = CodecInputs.edgeMap();
        byte[] pixels = new byte[CodecInputs.EDGES * CodecInputs.EDGES];
        edges.data().get(pixels);
        mat = new Mat(CodecInputs.EDGES, CodecInputs.EDGES, CvType.CV_8UC1);
        mat.put(0, 0, pixels);
        image = new BufferedImage(CodecInputs.EDGES, CodecInputs.EDGES, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, CodecInputs.EDGES, CodecInputs.EDGES, pixels);
    }

    /** Frees the OpenCV matrix. */
    @TearDown
    public void tearDown() {
        mat.release();
    }

    /**
     * OpenCV, image by image.
     *
     * @return the summed file sizes
     */
    @Benchmark
    public long opencv() {
        return repeat(() -> {
            MatOfByte png = new MatOfByte();
            Imgcodecs.imencode(".png", mat, png);
            long size = png.total();
            png.release();
            return size;
        });
    }

    /**
     * javax.imageio, image by image.
     *
     * @return the summed file sizes
     */
    @Benchmark
    public long imageio() {
        return repeat(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.size();
        });
    }

    /**
     * DiffVision with its default coder, run-length deflate, image by image.
     *
     * @return the summed file sizes
     */
    @Benchmark
    public long diffvision() {
        return repeat(() -> ImageEncoder.encodePng(edges).length);
    }

    /**
     * DiffVision with zlib at level 1, image by image.
     *
     * @return the summed file sizes
     */
    @Benchmark
    public long diffvisionLevel1() {
        return repeat(() -> ImageEncoder.encodePng(edges, 1).length);
    }

    /**
     * DiffVision at level 6, image by image.
     *
     * @return the summed file sizes
     */
    @Benchmark
    public long diffvisionLevel6() {
        return repeat(() -> ImageEncoder.encodePng(edges, 6).length);
    }
}
