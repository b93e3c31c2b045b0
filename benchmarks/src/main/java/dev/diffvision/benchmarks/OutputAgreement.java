package dev.diffvision.benchmarks;

import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.io.ImageDecoder;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How far {@link OpenCvEdges}' PNGs are from {@link DirectEdges}' on the same files (both decoded back to 8-bit
 * gray): the largest absolute difference in gray levels and the share of pixels that differ at all.
 *
 * <pre>{@code
 * System.out.println(OutputAgreement.describe(files, 224));
 * }</pre>
 */
public final class OutputAgreement {

    /** Files compared: enough to meet every kind of input, few enough to take a second. */
    private static final int MAX_FILES = 32;

    private OutputAgreement() {}

    /**
     * @param files PNG/JPEG RGB images; all are compared if at most {@value #MAX_FILES}, else the first and the
     *     last half of that many (scripts/bench-transformer.sh's sample photos sort last)
     * @param side the output side both paths resize to
     * @return one line: files compared, largest difference, share of differing pixels
     */
    public static String describe(List<Path> files, int side) {
        ImageDecoder decoder = new ImageDecoder();
        DirectEdges direct = new DirectEdges(side);
        OpenCvEdges opencv = new OpenCvEdges(side);
        int compared = 0;
        int largest = 0;
        long differing = 0;
        long pixels = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Path> chosen = files.size() <= MAX_FILES ? files : Stream.concat(
                    files.subList(0, MAX_FILES / 2).stream(), files.subList(files.size() - MAX_FILES / 2, files.size())
                    .stream()).toList();
            for (Path file : chosen) {
                byte[] bytes = TransformerBenchmark.read(file);
                float[] ours = decoder.decode(direct.apply(List.of(bytes), manager).get(0)).toFloatArray();
                float[] theirs = decoder.decode(opencv.call(bytes)).toFloatArray();
                for (int i = 0; i < ours.length; i++) {
                    int d = Math.round(Math.abs(ours[i] - theirs[i]));
                    largest = Math.max(largest, d);
                    differing += d > 0 ? 1 : 0;
                }
                pixels += ours.length;
                compared++;
            }
        }
        return String.format(Locale.ROOT, "OpenCV UDF vs DiffVision outputs on %d files: largest difference %d gray "
                + "level(s), %.3f%% of pixels differ", compared, largest, 100.0 * differing / pixels);
    }
}
