package dev.diffvision.spark;

import dev.diffvision.ops.core.EngineInfo;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * local-cluster[2,1,1024]: two executor JVMs started by Spark's own worker from the assembled SPARK_HOME. The
 * engine loads inside each executor and the outputs equal the ops called directly in this JVM.
 */
class LocalClusterTest {

    private static final String SPEC = "rgb_to_grayscale | sobel";

    @RegisterExtension
    static final SparkTestSessions.Fixture FIXTURE = SparkTestSessions.fixture(() -> SparkTestSessions.localCluster(2));

    @Test
    void engineLoadsInsideEachExecutorJvm() {
        long driverPid = ProcessHandle.current().pid();
        MapPartitionsFunction<Long, String> probe = ignored -> {
            EngineInfo info = ExecutorRuntime.engine();
            List<String> out = new ArrayList<>();
            out.add(ProcessHandle.current().pid() + " " + info.libtorchVersion() + " " + ExecutorRuntime.deviceForTask());
            return out.iterator();
        };
        List<String> reports = FIXTURE.spark().range(0, 8, 1, 8).as(Encoders.LONG()).mapPartitions(probe, Encoders.STRING())
                .collectAsList();
        Set<String> pids = new HashSet<>();
        for (String r : reports) {
            String[] parts = r.split(" ");
            assertEquals("2.7.1", parts[1], r);
            assertEquals("cpu()", parts[2], r);
            assertFalse(parts[0].equals(Long.toString(driverPid)), "ran in the driver JVM: " + r);
            pids.add(parts[0]);
        }
        assertTrue(pids.size() >= 1 && pids.size() <= 2, pids.toString());
    }

    @Test
    void outputsEqualTheDirectCall() throws IOException {
        List<Row> rows = DiffVisionFrames.apply(
                FIXTURE.spark().read().format("binaryFile").load(FIXTURE.images().toString()).repartition(2),
                ApplyOptions.of(SPEC).withBatchSize(2)).collectAsList();
        PipelineResults.assertMatchesDirect(rows, SPEC);
    }

    @Test
    void thousandMixedRowsGiveExactCountsAndDirectResults() {
        MixedRows.runAndCheck(FIXTURE.spark(), 4);
    }
}
