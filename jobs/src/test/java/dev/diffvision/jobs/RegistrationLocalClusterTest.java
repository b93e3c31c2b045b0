package dev.diffvision.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.core.Sampling;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distributed run equals the local one: {@link RegistrationJob} (per-pair mode, homography, Levenberg-Marquardt,
 * 2 levels, 20 iterations) on the same three small pairs (sample photos, gray, area-resized to 64x64, warped by
 * known homographies) in {@code local[2]} and in {@code local-cluster[2,1,1024]} (two executor JVMs started from
 * the SPARK_HOME the build assembles in target/test-spark-home). The matrices agree within 1e-3 px mean corner
 * distance (same code and CPU kernels; only how pairs fall into batches may differ, and a batch equals its pairs
 * one by one up to float rounding).
 */
class RegistrationLocalClusterTest {

    private static final int SIDE = 64;
    private static final double[][] TRUTH = {
        {1.02, 0.03, -2.0, -0.02, 0.99, 1.5, 1e-4, -2e-4, 1},
        {0.98, -0.04, 2.5, 0.03, 1.01, -1.0, 0, 0, 1},
        {1.0, 0.0, 1.25, 0.0, 1.0, -0.75, 0, 0, 1}};

    @TempDir
    static Path tmp;

    @BeforeAll
    static void writePairs() throws IOException {
        DiffVisionEngine.start();
        StringBuilder csv = new StringBuilder("id,source,target\n");
        List<String> samples = List.of("astronaut.png", "camera.png", "chelsea.jpg");
        try (NDManager m = DiffVisionEngine.newManager()) {
            for (int i = 0; i < samples.size(); i++) {
                NDArray source = Sampling.interpolate(RegistrationPairs.gray(m, samples.get(i)), SIDE, SIDE,
                        Sampling.Resize.AREA, false);
                RegistrationPairs.write(tmp, String.valueOf(i), source, TRUTH[i], new int[] {SIDE, SIDE});
                csv.append("p").append(i).append(',').append(tmp.resolve(i + "_src.png")).append(',')
                        .append(tmp.resolve(i + "_tgt.png")).append('\n');
            }
        }
        Files.writeString(tmp.resolve("pairs.csv"), csv.toString());
    }

    /** Runs the job in the given session (the job uses it and leaves it running), returns id -> row. */
    private static Map<String, Row> register(SparkSession spark, String name) {
        Path out = tmp.resolve(name);
        try {
            TestFiles.Result r = TestFiles.cli("register", "--pairs", tmp.resolve("pairs.csv").toString(), "--out",
                    out.toString(), "--levels", "2", "--max-iterations", "20");
            assertEquals(ExitCodes.OK, r.code(), r.all());
            Map<String, Row> rows = new HashMap<>();
            for (Row row : spark.read().parquet(out.resolve("results").toString()).collectAsList()) {
                assertNull(row.get(13), row.toString());
                rows.put(row.getString(0), row);
            }
            assertEquals(TRUTH.length, rows.size(), rows.keySet().toString());
            return rows;
        } finally {
            spark.stop();
        }
    }

    /**
     * {@code local-cluster[2,1,1024]}: executors get the dependency jars from SPARK_HOME/jars and this build's
     * own classes (class folders and module jars) through {@code spark.executor.extraClassPath}.
     */
    private static SparkSession localCluster() throws IOException {
        Path sparkHome = Path.of(System.getenv("SPARK_HOME"));
        if (!Files.exists(sparkHome.resolve("RELEASE"))) {
            Files.writeString(sparkHome.resolve("RELEASE"), "Spark test home assembled by the DiffVision build\n");
        }
        Set<String> assembled = Arrays.stream(sparkHome.resolve("jars").toFile().list()).collect(Collectors.toSet());
        String ownClasses = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> new File(entry).isDirectory() || !assembled.contains(new File(entry).getName()))
                .collect(Collectors.joining(File.pathSeparator));
        return TestFiles.spark("local-cluster[2,1,1024]", "RegistrationLocalClusterTest",
                "spark.executor.extraClassPath", ownClasses,
                "spark.executor.extraJavaOptions", "-Dai.djl.offline=true " + System.getProperty("diffvision.addOpens", ""),
                "spark.executor.memory", "1g");
    }

    private static double cornerDistance(Row a, Row b) {
        double sum = 0;
        for (double x : new double[] {0, SIDE - 1}) {
            for (double y : new double[] {0, SIDE - 1}) {
                double[] pa = map(a, x, y);
                double[] pb = map(b, x, y);
                sum += Math.hypot(pa[0] - pb[0], pa[1] - pb[1]);
            }
        }
        return sum / 4;
    }

    private static double[] map(Row r, double x, double y) {
        double z = r.getDouble(7) * x + r.getDouble(8) * y + r.getDouble(9);
        return new double[] {(r.getDouble(1) * x + r.getDouble(2) * y + r.getDouble(3)) / z,
            (r.getDouble(4) * x + r.getDouble(5) * y + r.getDouble(6)) / z};
    }

    @Test
    void localClusterRegistersAsLocalDoes() throws IOException {
        Map<String, Row> local = register(TestFiles.spark("local[2]", "RegistrationLocalClusterTest"), "local");
        Map<String, Row> cluster = register(localCluster(), "cluster");
        for (String id : local.keySet()) {
            double apart = cornerDistance(local.get(id), cluster.get(id));
            System.out.printf("%s: local vs local-cluster %.2e px%n", id, apart);
            assertTrue(apart < 1e-3, id + ": local " + local.get(id) + " vs local-cluster " + cluster.get(id));
            assertEquals(local.get(id).getInt(11), cluster.get(id).getInt(11), id + ": iterations");
        }
    }
}
