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
 * gray, registers them in batches with {@link ImageRegistrator} on the device, round after round (the first warms
 * up: TorchScript kernels specialise on their first calls), and writes the last round's
 * {@code id,h00..h22,loss,iterations,converged} for {@code bench_registration.py report --dv-csv}, which scores
 * them against the truth. Prints each batch's and each round's registration time (decoding excluded) and pairs/s.
 * Options: the defaults (homography, L2, Levenberg-Marquardt), changed by {@code -Dlevels=N}, {@code -Dstarts=N}
 * and {@code -Dsymmetric=true}.
 *
 * <p>Usage: {@code RegistrationTiming DIR OUT_CSV [device (gpu0)] [batch (64)] [rounds (1)]}; on the CPU, one
 * libtorch thread as the job's tasks run:
 * {@code java -Dai.djl.pytorch.num_threads=1 -cp ... RegistrationTiming /tmp/diffvision-regbench out.csv cpu 16 3}.
 */
public final class RegistrationTiming {

    private RegistrationTiming() {}

    /**
     * @param args the pairs folder, the output CSV, optionally the device, the batch size and the rounds
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Device device = args.length > 2 ? Device.fromName(args[2]) : Device.gpu();
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        System.out.println("engine: " + DiffVisionEngine.start().describe());
        List<String[]> pairs = Files.readAllLines(dir.resolve("pairs.csv")).stream().skip(1)
                .map(line -> line.split(",")).toList();
        ImageDecoder decoder = new ImageDecoder(DecodeOptions.defaults().withChannels(DecodeOptions.Channels.GRAY));
        List<String> rows = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            rows = new ArrayList<>();
            rows.add("id,h00,h01,h02,h10,h11,h12,h20,h21,h22,loss,iterations,converged");
            long nanos = 0;
            try (NDManager m = DiffVisionEngine.newManager(device)) {
                for (int first = 0; first < pairs.size(); first += batch) {
                    List<String[]> group = pairs.subList(first, Math.min(pairs.size(), first + batch));
                    nanos += registerBatch(group, decoder, m, rows);
                }
            }
            double s = nanos / 1e9;
            System.out.printf(Locale.ROOT, "round %d: registered %d pairs on %s in batches of %d: %.2f s, "
                    + "%.2f pairs/s%n", round, pairs.size(), device, batch, s, pairs.size() / s);
        }
        Files.write(out, rows);
    }

    /** Registers one batch, appends its rows, returns the nanoseconds spent registering. */
    private static long registerBatch(List<String[]> group, ImageDecoder decoder, NDManager manager,
                                      List<String> rows) throws IOException {
        try (NDManager scope = manager.newSubManager()) {
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
                    NDArrays.concat(targets), options(), null);
            long spent = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "batch of %d: %.2f s%n", group.size(), spent / 1e9);
            for (int i = 0; i < group.size(); i++) {
                rows.add(row(group.get(i)[0], results.get(i)));
            }
            return spent;
        }
    }

    private static RegistrationOptions options() {
        RegistrationOptions o = RegistrationOptions.defaults();
        o = o.withLevels(Integer.getInteger("levels", o.levels()));
        o = o.withCoarseStarts(Integer.getInteger("starts", o.coarseStarts()));
        return o.withSymmetric(Boolean.getBoolean("symmetric"));
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
