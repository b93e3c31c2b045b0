package dev.diffvision.benchmarks;

/**
 * A benchmark class that names the Kornia op it measures, for {@link ResultsTable}; every benchmark class
 * implements it ({@link OpBenchmark} for the image ops).
 */
public interface NamedOp {

    /**
     * The Kornia name of the benchmarked op, for the results table.
     *
     * @return e.g. {@code "sobel"}
     */
    String op();
}
