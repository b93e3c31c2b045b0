package dev.diffvision.spark;

import dev.diffvision.spark.train.BrightnessContrastFit;
import dev.diffvision.spark.train.DistributedOptimizer;
import dev.diffvision.spark.train.TrainingResult;
import dev.diffvision.spark.train.UpdateRule;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DistributedOptimizer in local-cluster[2,1,1024] (two executor JVMs) on an image-parameter fit through
 * DiffVision's adjust_contrast and adjust_brightness: both strategies reach the (contrast, brightness) one
 * process reaches on the same 40 images (tolerance 1e-5, float32 sums over different splits), and after enough
 * steps one process reaches the least-squares solution computed in float64 (tolerance 1e-3).
 */
class DistributedOptimizerClusterTest {

    private static final int STEPS = 8;
    private static final List<Integer> SEEDS = IntStream.range(0, 40).boxed().toList();
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSessions.localCluster(2);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static DistributedOptimizer adam(int steps, DistributedOptimizer.Strategy strategy) {
        return DistributedOptimizer.builder().setUpdateRule(UpdateRule.adam(0.05)).setSteps(steps)
                .optStrategy(strategy).build();
    }

    @Test
    void bothStrategiesAcrossExecutorsEqualOneProcess() {
        JavaRDD<Integer> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(SEEDS, 2).cache();
        double[] start = {1.0, 0.0};
        TrainingResult one = adam(STEPS, DistributedOptimizer.Strategy.BARRIER)
                .minimizeInProcess(SEEDS, new BrightnessContrastFit(), start);
        for (DistributedOptimizer.Strategy strategy : DistributedOptimizer.Strategy.values()) {
            TrainingResult n = adam(STEPS, strategy).minimize(rows, new BrightnessContrastFit(), start);
            assertArrayEquals(one.parameters(), n.parameters(), 1e-5, strategy.name());
            assertArrayEquals(one.losses(), n.losses(), 1e-5, strategy.name());
        }
    }

    @Test
    void oneProcessConvergesToTheLeastSquaresSolution() {
        TrainingResult fit = adam(400, DistributedOptimizer.Strategy.BARRIER)
                .minimizeInProcess(SEEDS, new BrightnessContrastFit(), new double[] {1.0, 0.0});
        double[] expected = BrightnessContrastFit.closedForm(SEEDS);
        assertEquals(1.3, expected[0], 0.01);
        assertArrayEquals(expected, fit.parameters(), 1e-3);
    }
}
