package dev.diffvision.benchmarks;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.ImageEncoder;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import nu.pattern.OpenCV;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A timing main for before/after comparisons of the PNG codecs, where JMH cannot help: it calls only
 * {@link ImageDecoder#decode(byte[])}, {@link ImageEncoder#encodePng(HostTensor)} and
 * {@link ImageEncoder#encodePng(HostTensor, int)}, which every version of DiffVision with its own PNG codec has,
 * so it runs unchanged against an older build of the ops classes put first on the class path. It decodes each
 * file, then encodes {@link CodecInputs#edgeMap()} and each decoded file, with the default coder and with zlib
 * level 1 ({@code encodePng(chw, 1)}), printing the encoded size too. Per case: 300 warm-up calls, then the
 * minimum, 10th percentile and median of 500 timed calls, in ms (the minimum is the figure least disturbed by
 * other load). With {@code --opencv}, OpenCV's {@code imdecode} / {@code imencode} with its defaults on the same
 * inputs instead (interleaved, BGR order, as OpenCV stores images).
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
     * Times decoding each file, and encoding {@link CodecInputs#edgeMap()} and each decoded file.
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
        Map<String, HostTensor> images = new LinkedHashMap<>();
        images.put("edge map 224x224", CodecInputs.edgeMap());
        for (String file : Arrays.copyOfRange(args, opencv ? 1 : 0, args.length)) {
            byte[] png = Files.readAllBytes(Path.of(file));
            String name = Path.of(file).getFileName().toString();
            if (opencv) {
                MatOfByte encoded = new MatOfByte(png);
                time("decode " + name, () -> {
                    Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_UNCHANGED).release();
                    return 0;
                });
            } else {
                time("decode " + name, () -> {
                    decoder.decode(png);
                    return 0;
                });
            }
            images.put(name, decoder.decode(png));
        }
        for (Map.Entry<String, HostTensor> image : images.entrySet()) {
            HostTensor chw = image.getValue();
            if (opencv) {
                Mat mat = toMat(chw);
                time("encode " + image.getKey(), () -> {
                    MatOfByte out = new MatOfByte();
                    Imgcodecs.imencode(".png", mat, out);
                    int size = (int) out.total();
                    out.release();
                    return size;
                });
                mat.release();
            } else {
                time("encode " + image.getKey(), () -> ImageEncoder.encodePng(chw).length);
                time("encode " + image.getKey() + " zlib 1", () -> ImageEncoder.encodePng(chw, 1).length);
            }
        }
    }

    /** The CHW tensor as OpenCV's interleaved image, channels in BGR(A) order, 8 or 16 bits. */
    private static Mat toMat(HostTensor chw) {
        int c = (int) chw.dim(0);
        int h = (int) chw.dim(1);
        int w = (int) chw.dim(2);
        int plane = h * w;
        boolean wide = chw.dtype().byteSize() == 2;
        ByteBuffer src = chw.data();
        short[] hwc = new short[c * plane];
        for (int ch = 0; ch < c; ch++) {
            int to = c >= 3 && ch < 3 ? 2 - ch : ch; // RGB(A) -> BGR(A)
            for (int i = 0; i < plane; i++) {
                hwc[i * c + to] = wide ? src.getShort(2 * (ch * plane + i)) : (short) (src.get(ch * plane + i) & 0xFF);
            }
        }
        Mat mat = new Mat(h, w, CvType.makeType(wide ? CvType.CV_16U : CvType.CV_8U, c));
        if (wide) {
            mat.put(0, 0, hwc);
        } else {
            byte[] bytes = new byte[hwc.length];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) hwc[i];
            }
            mat.put(0, 0, bytes);
        }
        return mat;
    }

    /** Times {@code call}, which returns the encoded size in bytes (0 for decoding: not printed). */
    private static void time(String name, IntSupplier call) {
        for (int i = 0; i < WARM_UP; i++) {
            call.getAsInt();
        }
        long[] nanos = new long[CALLS];
        int size = 0;
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            size = call.getAsInt();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-40s min %.3f  p10 %.3f  median %.3f ms%s%n", name, nanos[0] / 1e6,
                nanos[CALLS / 10] / 1e6, nanos[CALLS / 2] / 1e6, size > 0 ? "  " + size + " bytes" : "");
    }
}
