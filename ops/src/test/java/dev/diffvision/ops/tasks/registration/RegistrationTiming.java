package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.PixelRange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times {@link ImageRegistrator#register} on the pairs of a {@code scripts/bench-registration.sh} work directory
 * (its {@code pairs.csv} and {@code truth.csv}) in one JVM, batch by batch, and prints per batch the wall time and
 * per round the pairs/s of the registration alone and the pairs within 0.5 px mean corner error against the truth
 * (the misses listed). Not a test: run by hand with the test classpath and one thread, as the job's tasks run,
 * {@code OMP_NUM_THREADS=1 java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp ...
 * dev.diffvision.ops.tasks.registration.RegistrationTiming DIR [BATCH] [ROUNDS]}; the defaults' options, changed by
 * {@code -Dlevels=N}, {@code -Dstarts=N} and {@code -Dsymmetric=true}.
 */
public final class RegistrationTiming {

    private RegistrationTiming() {}

    /**
     * @param args the work directory, the batch size (default 16) and the rounds over all pairs (default 2; the
     *     first warms up)
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String[]> pairs = rows(dir.resolve("pairs.csv"));
        List<String[]> truth = rows(dir.resolve("truth.csv"));
        try (NDManager manager = DiffVisionEngine.newManager()) {
            for (int round = 0; round < rounds; round++) {
                long total = 0;
                int ok = 0;
                List<String> misses = new ArrayList<>();
                for (int start = 0; start < pairs.size(); start += batch) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDList sources = new NDList();
                        NDList targets = new NDList();
                        int end = Math.min(start + batch, pairs.size());
                        for (int i = start; i < end; i++) {
                            sources.add(gray(dir.resolve(pairs.get(i)[1]), scope));
                            targets.add(gray(dir.resolve(pairs.get(i)[2]), scope));
                        }
                        NDArray s = NDArrays.stack(sources);
                        NDArray t = NDArrays.stack(targets);
                        long t0 = System.nanoTime();
                        List<RegistrationResult> r = ImageRegistrator.register(s, t, options(), null);
                        long ns = System.nanoTime() - t0;
                        total += ns;
                        for (int i = start; i < end; i++) {
                            double[] h = Arrays.stream(truth.get(i), 1, 10).mapToDouble(Double::parseDouble).toArray();
                            double e = RegistrationFixtures.cornerError(h, r.get(i - start).matrix(), 256);
                            if (e < 0.5) {
                                ok++;
                            } else {
                                misses.add(pairs.get(i)[0] + String.format(" %.2f", e));
                            }
                        }
                        System.out.printf("round %d batch %d: %.0f ms%n", round, start / batch, ns / 1e6);
                    }
                }
                System.out.printf("round %d: %d pairs in %.2f s (%.2f pairs/s), %d within 0.5 px; misses %s%n",
                        round, pairs.size(), total / 1e9, pairs.size() / (total / 1e9), ok, misses);
            }
        }
    }

    private static RegistrationOptions options() {
        RegistrationOptions o = RegistrationOptions.defaults();
        o = o.withLevels(Integer.getInteger("levels", o.levels()));
        o = o.withCoarseStarts(Integer.getInteger("starts", o.coarseStarts()));
        return o.withSymmetric(Boolean.getBoolean("symmetric"));
    }

    private static NDArray gray(Path file, NDManager manager) throws Exception {
        NDArray x = PixelRange.toUnitFloat(new ImageDecoder().decode(Files.readAllBytes(file)), manager);
        return x.getShape().get(0) == 1 ? x : x.get("0:1");
    }

    private static List<String[]> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String[]> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            out.add(line.split(","));
        }
        return out;
    }
}
