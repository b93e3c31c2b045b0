package dev.diffvision.benchmarks;

import nu.pattern.OpenCV;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.api.java.UDF1;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Path (b) of {@link TransformerBenchmark}: the same edge pipeline as {@link DirectEdges} for one image with
 * OpenCV Java, as a per-row Spark UDF runs it. {@code imdecode} (8-bit BGR), {@code convertTo} float32 / 255,
 * {@code resize} {@code INTER_LINEAR} (half-pixel centres, no antialias: Kornia's bilinear {@code resize}),
 * {@code cvtColor} {@code BGR2GRAY} (0.299 R + 0.587 G + 0.114 B, Kornia's weights), two {@code Sobel} calls
 * (3x3, scale 1/8 = Kornia's normalised kernel, {@code BORDER_REPLICATE}) and {@code magnitude}, {@code convertTo}
 * 8-bit times 255 (saturating), {@code imencode} PNG. OpenCV's threads are set once per JVM to the task's
 * {@code spark.task.cpus} (1 outside Spark), as DiffVision's libtorch threads are.
 *
 * <p>Differences from Kornia's {@code sobel} magnitude as DiffVision computes it: no {@code eps = 1e-6} inside
 * the square root (at most 0.26 of a gray level, at flat pixels), OpenCV rounds halves to even where DiffVision
 * rounds them up, and libjpeg (OpenCV) and ImageIO (DiffVision) may decode a JPEG pixel 1 level apart;
 * {@link TransformerBenchmark} prints the largest difference it finds on the inputs.
 *
 * <pre>{@code
 * byte[] png = new OpenCvEdges(224).call(Files.readAllBytes(photo));
 * spark.udf().register("opencv_edges", new OpenCvEdges(224), DataTypes.BinaryType);
 * }</pre>
 */
public final class OpenCvEdges implements UDF1<byte[], byte[]> {

    private static final long serialVersionUID = 1L;

    static {
        OpenCV.loadLocally();
        // OpenCV's own thread pool would otherwise use every core of the machine; like DiffVision's libtorch
        // threads it follows spark.task.cpus (1 outside a task), so both run on the cores Spark gave the task.
        TaskContext task = TaskContext.get();
        Core.setNumThreads(task == null ? 1 : task.cpus());
    }

    private final int side;

    /**
     * @param side the height and width of the results, >= 1
     */
    public OpenCvEdges(int side) {
        this.side = side;
    }

    /**
     * @param encoded PNG or JPEG bytes of any image OpenCV reads (gray ones are read as 3 equal channels)
     * @return an 8-bit gray PNG of {@code side x side}
     * @throws IllegalArgumentException if OpenCV cannot decode the bytes
     */
    @Override
    public byte[] call(byte[] encoded) {
        Mat bgr = Imgcodecs.imdecode(new MatOfByte(encoded), Imgcodecs.IMREAD_COLOR);
        if (bgr.empty()) {
            throw new IllegalArgumentException("opencv_edges: expected PNG or JPEG bytes, got " + encoded.length
                    + " bytes OpenCV cannot decode");
        }
        Mat unit = new Mat();
        bgr.convertTo(unit, CvType.CV_32FC3, 1.0 / 255);
        Mat resized = new Mat();
        Imgproc.resize(unit, resized, new Size(side, side), 0, 0, Imgproc.INTER_LINEAR);
        Mat gray = new Mat();
        Imgproc.cvtColor(resized, gray, Imgproc.COLOR_BGR2GRAY);
        Mat dx = new Mat();
        Mat dy = new Mat();
        Mat magnitude = new Mat();
        SobelBenchmark.opencvSobel(gray, dx, dy, magnitude);
        Mat eightBit = new Mat();
        magnitude.convertTo(eightBit, CvType.CV_8UC1, 255);
        MatOfByte png = new MatOfByte();
        Imgcodecs.imencode(".png", eightBit, png);
        byte[] out = png.toArray();
        for (Mat m : new Mat[] {bgr, unit, resized, gray, dx, dy, magnitude, eightBit, png}) {
            m.release();
        }
        return out;
    }
}
