package dev.diffvision.benchmarks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file of the {@link OpBenchmark}s (and the other {@link TimedBenchmark}s) into a Markdown
 * table: one row per op, batch size and implementation, with ms per image (the score, ms per batch, divided by
 * B; for a benchmark with a {@code problems} parameter instead of {@code batch}, such as
 * {@link HomographyBenchmark}, ms per problem and B = problems), its 99.9% error (JMH reports
 * none below 3 iterations), the fastest and slowest measured iteration, and the ratio to OpenCV at the same
 * op and B (lower is faster).
 *
 * <pre>{@code
 * java -cp ... dev.diffvision.benchmarks.ResultsTable output/bench/ops.json > output/bench/ops.md
 * }</pre>
 */
public final class ResultsTable {

    private static final String OPENCV = "opencv";

    private ResultsTable() {}

    /**
     * Prints the table for one JMH JSON file ({@code -rf json}) to standard output.
     *
     * @param args the JSON file
     * @throws IOException if the file cannot be read
     * @throws ReflectiveOperationException if a benchmark class named in the file cannot be instantiated
     */
    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        if (args.length != 1) {
            System.err.println("usage: ResultsTable <jmh-results.json>");
            System.exit(2);
        }
        System.out.print(markdown(Path.of(args[0])));
    }

    /**
     * The table for one JMH JSON file.
     *
     * @param json JMH's {@code -rf json} output
     * @return Markdown, one line per row, header included
     * @throws IOException if the file cannot be read
     * @throws ReflectiveOperationException if a benchmark class named in the file cannot be instantiated
     */
    public static String markdown(Path json) throws IOException, ReflectiveOperationException {
        List<Row> rows = new ArrayList<>();
        Map<String, String> ops = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(json)) {
            for (JsonElement element : JsonParser.parseReader(in).getAsJsonArray()) {
                JsonObject result = element.getAsJsonObject();
                String name = result.get("benchmark").getAsString();
                int dot = name.lastIndexOf('.');
                String type = name.substring(0, dot);
                if (!ops.containsKey(type)) {
                    ops.put(type, opName(type));
                }
                JsonObject params = result.getAsJsonObject("params");
                int batch = params.get(params.has("batch") ? "batch" : "problems").getAsInt();
                JsonObject metric = result.getAsJsonObject("primaryMetric");
                JsonObject percentiles = metric.getAsJsonObject("scorePercentiles");
                rows.add(new Row(ops.get(type), batch, name.substring(dot + 1),
                        metric.get("score").getAsDouble() / batch, metric.get("scoreError").getAsDouble() / batch,
                        percentiles.get("0.0").getAsDouble() / batch, percentiles.get("100.0").getAsDouble() / batch));
            }
        }
        List<String> opOrder = new ArrayList<>(ops.values());
        rows.sort(Comparator.comparingInt((Row r) -> opOrder.indexOf(r.op)).thenComparingInt(r -> r.batch)
                .thenComparingInt(r -> implementationRank(r.method)).thenComparing(r -> r.method));
        StringBuilder out = new StringBuilder();
        out.append("| op | B | implementation | ms/image | ± ms/image | min–max ms/image | × OpenCV |\n");
        out.append("|---|---:|---|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            Row baseline = rows.stream().filter(r -> r.op.equals(row.op) && r.batch == row.batch
                    && r.method.equals(OPENCV)).findFirst().orElse(null);
            String ratio = baseline == null ? ""
                    : String.format(Locale.ROOT, "%.2f", row.msPerImage / baseline.msPerImage);
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s–%s | %s |%n", row.op, row.batch,
                    label(row.method), number(row.msPerImage), number(row.errorPerImage), number(row.minPerImage),
                    number(row.maxPerImage), ratio));
        }
        return out.toString();
    }

    private static String opName(String type) throws ReflectiveOperationException {
        return ((TimedBenchmark) Class.forName(type).getDeclaredConstructor().newInstance()).op();
    }

    /** OpenCV, BoofCV, DiffVision, then DiffVision's variants. */
    private static int implementationRank(String method) {
        return switch (method) {
            case OPENCV -> 0;
            case "boofcv" -> 1;
            case "diffvision" -> 2;
            default -> 3;
        };
    }

    /** {@code diffvisionSeparable} reads "DiffVision, separable". */
    private static String label(String method) {
        return switch (method) {
            case OPENCV -> "OpenCV";
            case "boofcv" -> "BoofCV";
            case "diffvision" -> "DiffVision";
            default -> method.startsWith("diffvision")
                    ? "DiffVision, " + method.substring("diffvision".length()).toLowerCase(Locale.ROOT)
                    : method;
        };
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, value < 0.1 ? "%.4f" : "%.3f", value);
    }

    private record Row(String op, int batch, String method, double msPerImage, double errorPerImage,
                       double minPerImage, double maxPerImage) {}
}
