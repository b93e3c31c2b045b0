package dev.diffvision.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link TransformerBenchmark}'s Markdown table: one line per path, executor count and batch size (the median of its
 * measured passes when there are several) with its images/s, the system load when it started, and two ratios of images/s: to the
 * {@code direct} pass of the same batch size (not for the per-row UDF), and to the {@code OpenCV UDF} pass with
 * the same number of executors (blank where there is none).
 *
 * Rows travel between the benchmark's JVMs as tab-separated lines of a results file.
 *
 * <pre>{@code
 * ThroughputTable.append(rows, new ThroughputTable.Row("direct", 1, 16, 500, 2.5, 3.1));
 * java ... dev.diffvision.benchmarks.ThroughputTable rows.tsv      # prints the table
 * }</pre>
 */
public final class ThroughputTable {

    /** Paths compared against: in-JVM ops, and the per-row OpenCV UDF. */
    static final String DIRECT = "direct";
    static final String OPENCV = "OpenCV UDF";

    private ThroughputTable() {}

    /**
     * One measured pass.
     *
     * @param path {@code direct}, {@code VisionTransformer} or {@code OpenCV UDF}
     * @param executors executor JVMs (1 for {@code direct}: this JVM)
     * @param batch images per batch (1 for the per-row UDF)
     * @param images images processed
     * @param seconds wall time of the pass
     * @param load the system's 1-minute load average when the pass started (negative if unknown)
     */
    public record Row(String path, int executors, int batch, int images, double seconds, double load) {
        /** @return images per second */
        public double rate() {
            return images / seconds;
        }
    }

    /**
     * Adds one line to a results file (created if missing).
     *
     * @param results the file
     * @param row the pass
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void append(Path results, Row row) {
        String line = String.join("\t", row.path(), Integer.toString(row.executors()), Integer.toString(row.batch()),
                Integer.toString(row.images()), Double.toString(row.seconds()), Double.toString(row.load())) + "\n";
        try {
            Files.writeString(results, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prints the table of a results file.
     *
     * @param args the results file written by {@link #append}
     * @throws IOException if it cannot be read
     */
    public static void main(String[] args) throws IOException {
        List<Row> rows = Files.readAllLines(Path.of(args[0])).stream().map(line -> line.split("\t"))
                .map(f -> new Row(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5])))
                .toList();
        System.out.print(markdown(rows));
    }

    /**
     * One line per path, executor count and batch size, in the order they first appear; with several measured
     * passes of the same configuration (rounds within a JVM and JVMs started again, to average out the machine's
     * drift), the median rate and time, the range of rates and the mean load. Ratios are of medians.
     *
     * @param rows the passes, in the order to print
     * @return the table, header included
     */
    public static String markdown(List<Row> rows) {
        Map<String, List<Row>> passes = new LinkedHashMap<>();
        for (Row r : rows) {
            passes.computeIfAbsent(r.path() + "\t" + r.executors() + "\t" + r.batch(), k -> new ArrayList<>()).add(r);
        }
        List<Pass> merged = passes.values().stream().map(Pass::of).toList();
        StringBuilder out = new StringBuilder("| path | executors | batch size | images | passes | s (median) "
                + "| images/s (median) | images/s (range) | load (1 min, mean) | / direct | / OpenCV UDF |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Pass p : merged) {
            Row r = p.first();
            Optional<Pass> direct = merged.stream().filter(o -> !r.path().equals(OPENCV))
                    .filter(o -> o.first().path().equals(DIRECT) && o.first().batch() == r.batch()).findFirst();
            Optional<Pass> opencv = merged.stream()
                    .filter(o -> o.first().path().equals(OPENCV) && o.first().executors() == r.executors())
                    .findFirst();
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %d | %.1f | %.1f | %.1f-%.1f | %.1f | %s | %s |%n",
                    r.path(), r.executors(), r.path().equals(OPENCV) ? "per row" : Integer.toString(r.batch()),
                    r.images(), p.rates().length, p.medianSeconds(), p.medianRate(), p.rates()[0],
                    p.rates()[p.rates().length - 1], p.meanLoad(), ratio(p, direct), ratio(p, opencv)));
        }
        return out.toString();
    }

    /** The measured passes of one configuration: their rates sorted, median time and mean load. */
    private record Pass(Row first, double[] rates, double medianSeconds, double meanLoad) {
        static Pass of(List<Row> measured) {
            double[] rates = measured.stream().mapToDouble(Row::rate).sorted().toArray();
            double[] seconds = measured.stream().mapToDouble(Row::seconds).sorted().toArray();
            return new Pass(measured.get(0), rates, median(seconds),
                    measured.stream().mapToDouble(Row::load).average().orElse(-1));
        }

        double medianRate() {
            return median(rates);
        }

        private static double median(double[] sorted) {
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    private static String ratio(Pass p, Optional<Pass> base) {
        return base.filter(b -> b != p)
                .map(b -> String.format(Locale.ROOT, "%.2f", p.medianRate() / b.medianRate())).orElse("");
    }
}
