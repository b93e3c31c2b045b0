package dev.diffvision.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every benchmark class shares: JMH settings sized for a 2-core machine (average time in ms, one fork, 3
 * warm-up and 5 measured iterations; scripts/bench-ops.sh may override them) and the name of the Kornia op it
 * measures, for {@link ResultsTable}. {@link OpBenchmark} is the base of the image ops;
 * {@link HomographyBenchmark} extends this directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public abstract class TimedBenchmark {

    /**
     * The Kornia name of the benchmarked op, for the results table.
     *
     * @return e.g. {@code "sobel"}
     */
    public abstract String op();
}
