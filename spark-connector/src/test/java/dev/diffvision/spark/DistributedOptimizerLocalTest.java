package dev.diffvision.spark;

import dev.diffvision.spark.train.DistributedOptimizer;
import dev.diffvision.spark.train.FailingOnce;
import dev.diffvision.spark.train.LeastSquares;
import dev.diffvision.spark.train.TrainingResult;
import dev.diffvision.spark.train.UpdateRule;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DistributedOptimizer in local[2] (4 attempts per task, so a failed barrier stage can be retried) on linear
 * least squares: 2 partitions reach the parameters and losses one process reaches on the same rows (tolerance
 * 1e-5: float32 partition sums round differently; that one process converges to the normal equations' solution
 * is checked in UpdateRuleTest); a barrier run whose task fails once resumes from its last checkpoint and ends
 * where an uninterrupted run ends (1e-9: the checkpoint holds the exact float64 state).
 */
class DistributedOptimizerLocalTest {

    /** Few steps: Spark's allGather polls for completion once a second, so each barrier step takes >= 1 s. */
    private static final int STEPS = 12;
    private static final List<double[]> ROWS = LeastSquares.rows(300, 11);
    private static SparkSession spark;
    private static JavaRDD<double[]> rdd;

    @BeforeAll
    static void start() {
        spark = SparkTestSessions.local(2, 4);
        rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ROWS, 2).cache();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static DistributedOptimizer.Builder sgd(DistributedOptimizer.Strategy strategy) {
        return DistributedOptimizer.builder().setUpdateRule(UpdateRule.sgd(0.1, 0.9)).setSteps(STEPS).optStrategy(strategy);
    }

    @Test
    void barrierAndTreeAggregateEqualOneProcessWithSgd() {
        TrainingResult one = sgd(DistributedOptimizer.Strategy.BARRIER).build()
                .minimizeInProcess(ROWS, new LeastSquares(), new double[3]);
        for (DistributedOptimizer.Strategy strategy : DistributedOptimizer.Strategy.values()) {
            TrainingResult n = sgd(strategy).build().minimize(rdd, new LeastSquares(), new double[3]);
            assertArrayEquals(one.parameters(), n.parameters(), 1e-5, strategy.name());
            assertArrayEquals(one.losses(), n.losses(), 1e-5, strategy.name());
            assertEquals(0, n.resumedFromStep());
        }
    }

    @Test
    void barrierAndTreeAggregateEqualOneProcessWithAdam() {
        DistributedOptimizer adam = DistributedOptimizer.builder().setUpdateRule(UpdateRule.adam(0.25)).setSteps(STEPS)
                .build();
        TrainingResult one = adam.minimizeInProcess(ROWS, new LeastSquares(), new double[3]);
        TrainingResult barrier = adam.minimize(rdd, new LeastSquares(), new double[3]);
        TrainingResult tree = DistributedOptimizer.builder().setUpdateRule(UpdateRule.adam(0.25)).setSteps(STEPS)
                .optStrategy(DistributedOptimizer.Strategy.TREE_AGGREGATE).build()
                .minimize(rdd, new LeastSquares(), new double[3]);
        assertArrayEquals(one.parameters(), barrier.parameters(), 1e-5);
        assertArrayEquals(one.parameters(), tree.parameters(), 1e-5);
        assertTrue(one.losses()[STEPS - 1] < one.losses()[0] / 4, "Adam's loss fell from " + one.losses()[0]);
    }

    @Test
    void barrierStageRestartedAfterATaskFailureResumesFromTheLastCheckpoint(@TempDir Path dir) {
        TrainingResult uninterrupted = sgd(DistributedOptimizer.Strategy.BARRIER).build()
                .minimize(rdd, new LeastSquares(), new double[3]);
        Path marker = dir.resolve("failed");
        // checkpoints after steps 5 and 10; a task fails evaluating step 8, so the retry starts from step 5
        TrainingResult resumed = sgd(DistributedOptimizer.Strategy.BARRIER)
                .optCheckpoints(dir.resolve("checkpoints").toUri().toString(), 5).build()
                .minimize(rdd, new FailingOnce<>(new LeastSquares(), marker, 8), new double[3]);
        assertTrue(Files.exists(marker), "the injected failure did not happen");
        assertEquals(5, resumed.resumedFromStep());
        assertArrayEquals(uninterrupted.parameters(), resumed.parameters(), 1e-9);
        assertArrayEquals(uninterrupted.losses(), resumed.losses(), 1e-9);
        assertTrue(Files.exists(dir.resolve("checkpoints").resolve("step-000000010.state")));
    }
}
