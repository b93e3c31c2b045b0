package dev.diffvision.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.tasks.registration.MotionModel;
import dev.diffvision.ops.tasks.registration.RegistrationOptimizer;
import dev.diffvision.ops.tasks.registration.RegistrationOptions;
import dev.diffvision.spark.train.DistributedOptimizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shared-parameter registration ({@link SharedRegistrar}, {@code diffvision register --shared}) in a real
 * {@code local[2]} session: four sample photographs (gray, area-resized to 64x64) each warped by the
 * same known similarity H (2 degrees about the centre, scale 1.03, shift (1.5, -1) px; Kornia's warp_perspective,
 * 16-bit PNG targets). Convention: H maps a source pixel to a target pixel, 0-based pixel centres; errors are the
 * mean distance of the four image corners mapped by the estimate and by the truth.
 */
class SharedRegistrationTest {

    private static final int SIDE = 64;
    private static final double[] TRUTH = similarity(Math.toRadians(2), 1.03, 1.5, -1.0);
    private static final RegistrationOptions OPTIONS = RegistrationOptions.defaults()
            .withModel(MotionModel.SIMILARITY).withOptimizer(RegistrationOptimizer.ADAM).withLevels(2);
    private static final int STEPS = 40;
    private static SparkSession spark;
    private static final List<Row> ROWS = new ArrayList<>();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws IOException {
        DiffVisionEngine.start();
        try (NDManager m = DiffVisionEngine.newManager()) {
            for (String sample : List.of("astronaut.png", "camera.png", "chelsea.jpg", "rocket.jpg")) {
                String id = sample.substring(0, sample.indexOf('.'));
                writePair(m, sample, id);
                ROWS.add(RowFactory.create(id, tmp.resolve(id + "_src.png").toString(),
                        tmp.resolve(id + "_tgt.png").toString(), null));
            }
        }
        StringBuilder csv = new StringBuilder("id,source,target\n");
        for (Row r : ROWS) {
            csv.append(r.getString(0)).append(',').append(r.getString(1)).append(',').append(r.getString(2)).append('\n');
        }
        Files.writeString(tmp.resolve("pairs.csv"), csv.toString());
        spark = TestFiles.spark("local[2]", "SharedRegistrationTest");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Source pixel -> target pixel: rotation and scale about the image centre, then a shift. */
    private static double[] similarity(double angle, double scale, double tx, double ty) {
        double c = (SIDE - 1) / 2.0;
        double a = scale * Math.cos(angle);
        double b = scale * Math.sin(angle);
        return new double[] {a, -b, c - a * c + b * c + tx, b, a, c - b * c - a * c + ty, 0, 0, 1};
    }

    private static void writePair(NDManager m, String sample, String id) throws IOException {
        NDArray source = Sampling.interpolate(RegistrationPairs.gray(m, sample), SIDE, SIDE, Sampling.Resize.AREA, false);
        RegistrationPairs.write(tmp, id, source, TRUTH, new int[] {SIDE, SIDE});
    }

    private static double[] matrix(Row r) {
        double[] h = new double[9];
        for (int i = 0; i < 9; i++) {
            h[i] = r.getDouble(1 + i);
        }
        return h;
    }

    private static double cornerError(double[] a, double[] b) {
        double sum = 0;
        for (double x : new double[] {0, SIDE - 1}) {
            for (double y : new double[] {0, SIDE - 1}) {
                double za = a[6] * x + a[7] * y + a[8];
                double zb = b[6] * x + b[7] * y + b[8];
                double dx = (a[0] * x + a[1] * y + a[2]) / za - (b[0] * x + b[1] * y + b[2]) / zb;
                double dy = (a[3] * x + a[4] * y + a[5]) / za - (b[3] * x + b[4] * y + b[5]) / zb;
                sum += Math.hypot(dx, dy);
            }
        }
        return sum / 4;
    }

    private static SharedRegistrar registrar(DistributedOptimizer.Strategy strategy) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return new SharedRegistrar(SerializableConfiguration.broadcast(sc.sc(), new Configuration()), OPTIONS,
                strategy, STEPS);
    }

    @Test
    void twoPartitionsReachTheSingleProcessResultAndTheTruth() throws IOException {
        SharedRegistrar registrar = registrar(DistributedOptimizer.Strategy.BARRIER);
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ROWS, 2);
        double[] distributed = matrix(registrar.register(rows));
        double[] single = matrix(registrar.registerInProcess(ROWS));
        double apart = cornerError(distributed, single);
        double error = cornerError(distributed, TRUTH);
        System.out.printf("shared: distributed vs single-process %.2e px, vs truth %.4f px (single %.4f px)%n", apart,
                error, cornerError(single, TRUTH));
        // Same steps, same row-weighted mean gradient: only float32 summation order differs.
        assertTrue(apart < 1e-2, "distributed vs single-process corner distance " + apart + " px");
        assertTrue(error < 0.25, "corner error vs truth " + error + " px");
    }

    @Test
    void cliSharedModeWritesOneRowWithTheTransform() throws IOException {
        Path out = tmp.resolve("out");
        TestFiles.Result r = TestFiles.cli("register", "--pairs", tmp.resolve("pairs.csv").toString(), "--out",
                out.toString(), "--shared", "--strategy", "tree", "--model", "similarity", "--levels", "2",
                "--steps", String.valueOf(STEPS));
        assertEquals(ExitCodes.OK, r.code(), r.all());
        List<Row> rows = spark.read().parquet(out.resolve("results").toString()).collectAsList();
        assertEquals(1, rows.size(), rows.toString());
        Row row = rows.get(0);
        assertEquals("shared", row.getString(0));
        assertNull(row.get(13), row.toString());
        assertEquals(2 * STEPS, row.getInt(11));
        double error = cornerError(matrix(row), TRUTH);
        assertTrue(error < 0.25, "corner error vs truth " + error + " px: " + row);
    }

    @Test
    void sharedModeRejectsLevenbergMarquardt() {
        TestFiles.Result r = TestFiles.cli("register", "--pairs", "x.csv", "--out", "y", "--shared",
                "--optimizer", "lm", "--master", "local[1]");
        assertEquals(ExitCodes.USAGE, r.code(), r.all());
        assertTrue(r.err().contains("expected --optimizer adam or sgd with --shared, got lm"), r.all());
    }
}
