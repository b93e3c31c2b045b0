package dev.diffvision.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every image-op benchmark shares: the batch-size parameter and the input batch (JMH settings: see
 * {@link TimedBenchmark}).
 *
 * <p>Subclasses are one class per op family, with one one-line {@code @Benchmark} method per implementation:
 * {@code opencv}, {@code boofcv}, and {@code diffvision} (plus {@code diffvision<Variant>} for other DiffVision
 * settings). A method processes the whole batch once; scores are ms per batch, and
 * {@link ResultsTable} divides them by B. {@link #op()} names the Kornia op for the table.
 */
public abstract class OpBenchmark extends TimedBenchmark {

    /** Images per batch. */
    @Param({"1", "16", "64"})
    public int batch;

    /** The input, in each library's layout; created per trial. */
    protected ImageBatch images;

    /**
     * Gives every library DiffVision's thread count ({@link EqualThreads}), loads the input, then lets the subclass
     * allocate its reusable outputs.
     */
    @Setup(Level.Trial)
    public final void setUp() {
        EqualThreads.apply();
        images = createInput(batch);
        allocateOutputs();
    }

    /** Frees the input and the OpenCV outputs it handed out. */
    @TearDown(Level.Trial)
    public final void tearDown() {
        images.close();
    }

    /**
     * The input batch: {@link ImageBatch#rgb(int)} unless the op works on gray images.
     *
     * @param batch images
     * @return the batch
     */
    protected ImageBatch createInput(int batch) {
        return ImageBatch.rgb(batch);
    }

    /** Allocates the OpenCV and BoofCV outputs (from {@link #images}) that every call reuses. */
    protected abstract void allocateOutputs();
}
