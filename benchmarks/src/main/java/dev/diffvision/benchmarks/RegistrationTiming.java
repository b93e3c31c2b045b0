package dev.diffvision.benchmarks;

import ai.djl.Device;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.PixelRange;
import dev.diffvision.ops.tasks.registration.ImageRegistrator;
import dev.diffvision.ops.tasks.registration.RegistrationOptions;
import dev.diffvision.ops.tasks.registration.RegistrationResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The registration benchmark's DiffVision side in one JVM on any device, without Spark: reads the pairs that
 * {@code tools/bench_registration.py generate} wrote ({@code DIR/pairs.csv}: id, source, target), decodes them to
 * gray, registers them in batches with {@link ImageRegistrator} (default options: homography, L2,
 * Levenberg-Marquardt, 4 levels) on the device, and writes {@code id,h00..h22,loss,iterations,converged} for
 * {@code bench_registration.py report --dv-csv}. Prints the registration time (decoding excluded, the engine
 * already started) and pairs/s.
 *
 * <p>Usage: {@code RegistrationTiming DIR OUT_CSV [device (gpu0)] [batch (64)]}.
 */
public final class RegistrationTiming {

    private RegistrationTiming() {}

    /**
     * @param args the pairs folder, the output CSV, optionally the device and the batch size
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Device device = args.length > 2 ? Device.fromName(args[2]) : Device.gpu();
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        System.out.println("engine: " + DiffVisionEngine.start().describe());
        List<String[]> pairs = Files.readAllLines(dir.resolve("pairs.csv")).stream().skip(1)
                .map(line -> line.split(",")).toList();
        ImageDecoder decoder = new ImageDecoder(DecodeOptions.defaults().withChannels(DecodeOptions.Channels.GRAY));
        List<String> rows = new ArrayList<>();
        rows.add("id,h00,h01,h02,h10,h11,h12,h20,h21,h22,loss,iterations,converged");
        long nanos = 0;
        try (NDManager m = DiffVisionEngine.newManager(device)) {
            for (int first = 0; first < pairs.size(); first += batch) {
                List<String[]> group = pairs.subList(first, Math.min(pairs.size(), first + batch));
                try (NDManager scope = m.newSubManager()) {
                    NDList sources = new NDList();
                    NDList targets = new NDList();
                    for (String[] p : group) {
                        sources.add(PixelRange.toUnitFloat(decoder.decode(Files.readAllBytes(Path.of(p[1]))), scope)
                                .expandDims(0));
                        targets.add(PixelRange.toUnitFloat(decoder.decode(Files.readAllBytes(Path.of(p[2]))), scope)
                                .expandDims(0));
                    }
                    long start = System.nanoTime();
                    List<RegistrationResult> results = ImageRegistrator.register(NDArrays.concat(sources),
                            NDArrays.concat(targets), RegistrationOptions.defaults(), null);
                    long spent = System.nanoTime() - start;
                    nanos += spent;
                    System.out.printf(Locale.ROOT, "batch of %d: %.2f s%n", group.size(), spent / 1e9);
                    for (int i = 0; i < group.size(); i++) {
                        rows.add(row(group.get(i)[0], results.get(i)));
                    }
                }
            }
        }
        Files.write(out, rows);
        double s = nanos / 1e9;
        System.out.printf(Locale.ROOT, "registered %d pairs on %s in batches of %d: %.2f s, %.2f pairs/s%n",
                pairs.size(), device, batch, s, pairs.size() / s);
    }

    private static String row(String id, RegistrationResult r) {
        StringBuilder sb = new StringBuilder(id);
        for (double v : r.matrix()) {
            sb.append(',').append(v);
        }
        return sb.append(',').append(r.loss()).append(',').append(r.iterations()).append(',').append(r.converged())
                .toString();
    }
}
