package dev.diffvision.benchmarks;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.ImageEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import nu.pattern.OpenCV;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A timing main for before/after comparisons of the PNG codecs, where JMH cannot help: it calls only
 * {@link ImageDecoder#decode(byte[])} and {@link ImageEncoder#encodePng(HostTensor)}, which every version of
 * DiffVision has, so it runs unchanged against an older build of the ops classes put first on the class path.
 * Per case: 300 warm-up calls, then the minimum, 10th percentile and median of 500 timed calls, in ms (the
 * minimum is the figure least disturbed by other load). With {@code --opencv}, OpenCV's {@code imdecode} /
 * {@code imencode} on the same inputs instead.
 *
 * <pre>{@code
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *     dev.diffvision.benchmarks.PngCodecTiming [--opencv] samples/images/astronaut.png /tmp/bench/img-00000.png
 * }</pre>
 */
public final class PngCodecTiming {
    private static final int WARM_UP = 300;
    private static final int CALLS = 500;

    private PngCodecTiming() {
    }

    /**
     * Times decoding each file and encoding {@link CodecInputs#edgeMap()}.
     *
     * @param args {@code [--opencv] FILE.png...}
     * @throws Exception if a file cannot be read
     */
    public static void main(String[] args) throws Exception {
        boolean opencv = args.length > 0 && args[0].equals("--opencv");
        if (opencv) {
            OpenCV.loadLocally();
        }
        ImageDecoder decoder = new ImageDecoder();
        for (String file : Arrays.copyOfRange(args, opencv ? 1 : 0, args.length)) {
            byte[] png = Files.readAllBytes(Path.of(file));
            String name = "decode " + Path.of(file).getFileName();
            if (opencv) {
                MatOfByte encoded = new MatOfByte(png);
                time(name, () -> Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_UNCHANGED).release());
            } else {
                time(name, () -> decoder.decode(png));
            }
        }
        HostTensor edges = CodecInputs.edgeMap();
        if (opencv) {
            byte[] pixels = new byte[(int) edges.byteSize()];
            edges.data().get(pixels);
            Mat mat = new Mat(CodecInputs.EDGES, CodecInputs.EDGES, CvType.CV_8UC1);
            mat.put(0, 0, pixels);
            time("encode edge map 224x224", () -> {
                MatOfByte out = new MatOfByte();
                Imgcodecs.imencode(".png", mat, out);
                out.release();
            });
        } else {
            time("encode edge map 224x224", () -> ImageEncoder.encodePng(edges));
        }
    }

    private static void time(String name, Runnable call) {
        for (int i = 0; i < WARM_UP; i++) {
            call.run();
        }
        long[] nanos = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-40s min %.3f  p10 %.3f  median %.3f ms%n", name, nanos[0] / 1e6,
                nanos[CALLS / 10] / 1e6, nanos[CALLS / 2] / 1e6);
    }
}
