package dev.diffvision.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.geometry.transform.Pyramid;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RegistrationJob} through {@code diffvision register} in a real {@code local[2]} session: sample photos
 * (gray, 128x128) warped by known homographies with Kornia's warp_perspective (16-bit PNG targets), plus a
 * missing file, an undecodable file and a pair of different sizes. Every manifest row comes back; the good
 * pairs within 0.1 px mean corner error of the truth (source pixel -> target pixel); the same manifest as Parquet
 * gives the same rows.
 */
class RegistrationJobTest {

    private static final double[] H1 = {1.03, 0.04, -4.0, -0.03, 0.97, 5.0, 2e-4, -1e-4, 1};
    private static final double[] H2 = {0.98, -0.06, 6.0, 0.05, 1.01, -3.0, 0, 0, 1};
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        DiffVisionEngine.start();
        try (NDManager m = DiffVisionEngine.newManager()) {
            writePair(m, "astronaut.png", H1, "a");
            writePair(m, "camera.png", H2, "c");
        }
        Files.copy(TestFiles.sample("chelsea.jpg"), tmp.resolve("chelsea.jpg"));
        Files.writeString(tmp.resolve("broken.png"), "not a PNG", StandardCharsets.UTF_8);
        String init = "\"1 0 -3 0 1 4 0 0 1\"";
        Files.writeString(tmp.resolve("pairs.csv"), String.join("\n",
                "id,source,target,init",
                "a," + tmp.resolve("a_src.png") + "," + tmp.resolve("a_tgt.png") + ",",
                "c," + tmp.resolve("c_src.png") + "," + tmp.resolve("c_tgt.png") + ",",
                "a_init," + tmp.resolve("a_src.png") + "," + tmp.resolve("a_tgt.png") + "," + init,
                "missing," + tmp.resolve("nope.png") + "," + tmp.resolve("a_tgt.png") + ",",
                "broken," + tmp.resolve("broken.png") + "," + tmp.resolve("a_tgt.png") + ",",
                "sizes," + tmp.resolve("chelsea.jpg") + "," + tmp.resolve("a_tgt.png") + ",") + "\n");
        spark = SparkSession.builder().master("local[2]").appName("RegistrationJobTest")
                .config("spark.ui.enabled", "false") // no web UI in tests
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static void writePair(NDManager m, String sample, double[] h, String id) throws IOException {
        NDArray source = Pyramid.pyrdown(RegistrationPairs.gray(m, sample), BorderType.REFLECT, false, 2);
        RegistrationPairs.write(tmp, id, source, h, new int[] {128, 128});
    }

    private static double cornerError(double[] a, Row r) {
        double sum = 0;
        for (double x : new double[] {0, 127}) {
            for (double y : new double[] {0, 127}) {
                double za = a[6] * x + a[7] * y + a[8];
                double zb = r.getDouble(7) * x + r.getDouble(8) * y + r.getDouble(9);
                double dx = (a[0] * x + a[1] * y + a[2]) / za - (r.getDouble(1) * x + r.getDouble(2) * y + r.getDouble(3)) / zb;
                double dy = (a[3] * x + a[4] * y + a[5]) / za - (r.getDouble(4) * x + r.getDouble(5) * y + r.getDouble(6)) / zb;
                sum += Math.hypot(dx, dy);
            }
        }
        return sum / 4;
    }

    /** The job's Parquet results under {@code out}, by pair id. */
    private static Map<String, Row> resultsById(Path out) {
        Map<String, Row> rows = new HashMap<>();
        for (Row row : spark.read().parquet(out.resolve("results").toString()).collectAsList()) {
            rows.put(row.getString(0), row);
        }
        return rows;
    }

    @Test
    void registersEveryPairAndReportsBadOnes() throws IOException {
        Path out = tmp.resolve("out");
        TestFiles.Result r = TestFiles.cli("register", "--pairs", tmp.resolve("pairs.csv").toString(), "--out",
                out.toString(), "--batch-size", "4", "--images", "--levels", "3");
        assertEquals(ExitCodes.OK, r.code(), r.all());
        Map<String, Row> rows = resultsById(out);
        assertEquals(6, rows.size(), "rows in == rows out: " + rows.keySet());
        for (String id : List.of("a", "c", "a_init")) {
            Row row = rows.get(id);
            assertNull(row.get(13), row.toString());
            double err = cornerError(id.equals("c") ? H2 : H1, row);
            assertTrue(err < 0.1, id + ": corner error " + err + " " + row);
            assertTrue(row.getBoolean(12), row.toString());
            assertTrue(Files.size(out.resolve("images").resolve(id + "_overlay.png")) > 0);
        }
        assertTrue(rows.get("missing").getString(13).contains("nope.png"), rows.get("missing").toString());
        assertTrue(rows.get("broken").getString(13).contains("decode"), rows.get("broken").toString());
        assertTrue(rows.get("sizes").getString(13).contains("same size"), rows.get("sizes").toString());
        try (Stream<Path> files = Files.list(out.resolve("results.csv"))) {
            Path csv = files.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
            List<String> lines = Files.readAllLines(csv);
            assertEquals("id,h00,h01,h02,h10,h11,h12,h20,h21,h22,loss,iterations,converged,error", lines.get(0));
            assertEquals(7, lines.size());
        }
        assertTrue(r.out().contains("6 in, 3 ok (3 converged), 3 failed"), r.all());
    }

    @Test
    void readsAParquetManifestLikeTheCsvOne() throws IOException {
        Path manifest = tmp.resolve("pairs.parquet");
        spark.read().option("header", "true").csv(tmp.resolve("pairs.csv").toString()).coalesce(1)
                .write().parquet(manifest.toString());
        Path out = tmp.resolve("out-parquet");
        TestFiles.Result r = TestFiles.cli("register", "--pairs", manifest.toString(), "--out", out.toString(),
                "--batch-size", "4", "--levels", "3");
        assertEquals(ExitCodes.OK, r.code(), r.all());
        Map<String, Row> rows = resultsById(out);
        assertEquals(6, rows.size(), "rows in == rows out: " + rows.keySet());
        for (String id : List.of("a", "c", "a_init")) {
            double err = cornerError(id.equals("c") ? H2 : H1, rows.get(id));
            assertTrue(err < 0.1, id + ": corner error " + err + " " + rows.get(id));
        }
        assertTrue(rows.get("missing").getString(13).contains("nope.png"), rows.get("missing").toString());
        assertTrue(r.out().contains("6 in, 3 ok (3 converged), 3 failed"), r.all());
    }

    @Test
    void badOptionsExitTwoBeforeAnySparkWork() {
        TestFiles.Result r = TestFiles.cli("register", "--pairs", "x.csv", "--out", "y", "--model", "warp");
        assertEquals(ExitCodes.USAGE, r.code(), r.all());
        assertTrue(r.err().contains("expected model one of homography"), r.all());
    }
}
