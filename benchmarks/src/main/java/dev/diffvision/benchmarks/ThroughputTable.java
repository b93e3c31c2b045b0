package dev.diffvision.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link TransformerBenchmark}'s Markdown table: one line per measured pass with its images/s, the system load
 * when it started, and two ratios of images/s: to the {@code direct} pass of the same batch size (not for the
 * per-row UDF), and to the {@code OpenCV UDF} pass with the same number of executors (blank where there is none).
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
     * @param rows the passes, in the order to print
     * @return the table, header included
     */
    public static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder(
                "| path | executors | batch size | images | s | images/s | load (1 min) | / direct | / OpenCV UDF |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Optional<Row> direct = rows.stream().filter(o -> !r.path().equals(OPENCV))
                    .filter(o -> o.path().equals(DIRECT) && o.batch() == r.batch()).findFirst();
            Optional<Row> opencv = rows.stream()
                    .filter(o -> o.path().equals(OPENCV) && o.executors() == r.executors()).findFirst();
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %.1f | %.1f | %.1f | %s | %s |%n",
                    r.path(), r.executors(), r.path().equals(OPENCV) ? "per row" : Integer.toString(r.batch()),
                    r.images(), r.seconds(), r.rate(), r.load(), ratio(r, direct), ratio(r, opencv)));
        }
        return out.toString();
    }

    private static String ratio(Row r, Optional<Row> base) {
        return base.filter(b -> b != r).map(b -> String.format(Locale.ROOT, "%.2f", r.rate() / b.rate())).orElse("");
    }
}
