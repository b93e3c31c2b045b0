package dev.diffvision.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.openjdk.jmh.annotations.Param;

/**
 * What {@link PngDecodeBenchmark} and {@link PngEncodeBenchmark} share: the number of images per benchmark call
 * ({@code batch}, so {@link ResultsTable} reports ms per image) and the loop that makes those calls.
 */
public abstract class CodecBenchmark extends TimedBenchmark {

    /** Images decoded or encoded per benchmark call. */
    @Param({"16"})
    public int batch;

    /** One codec call on one image; returns a size, summed so that no call is optimised away. */
    @FunctionalInterface
    protected interface Call {
        /**
         * @return a size of the result (pixels, bytes)
         * @throws IOException if javax.imageio fails
         */
        long run() throws IOException;
    }

    /**
     * Runs {@code call} {@link #batch} times.
     *
     * @param call the codec call
     * @return the summed sizes
     */
    protected final long repeat(Call call) {
        long sum = 0;
        try {
            for (int i = 0; i < batch; i++) {
                sum += call.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sum;
    }
}
