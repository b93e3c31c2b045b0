package dev.diffvision.spark;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.HostTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A timing main for the connector's per-image path from a row's encoded bytes to the batch tensor, the part of
 * {@link PartitionProcessor} and {@link BatchRunner} before the pipeline runs: {@link ImageColumn#read} (decode,
 * channel layout) on each of {@value #BATCH} rows, then {@link ArrowImageBatch#concatenate} (copy into one pooled
 * Arrow buffer, NDArray views over it), as {@code resizeTo(224, 224)} batches are packed. It lives in the
 * connector's package because those classes are package-private; it needs no Spark session. Per file: 60 warm-up
 * batches, then the minimum and median over 200 batches of each step, in ms per image. Old {@code ops.io} classes
 * put first on the class path give the "before" of a decoder change, as for {@code PngCodecTiming}.
 *
 * <pre>{@code
 * cp="ops/target/classes:spark-connector/target/classes:benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Dai.djl.offline=true -cp "$cp" \
 *     dev.diffvision.spark.DecodeToBatchTiming /tmp/bench/img-00000.png samples/images/astronaut.png
 * }</pre>
 */
public final class DecodeToBatchTiming {
    private static final int BATCH = 16;
    private static final int WARM_UP = 60;
    private static final int BATCHES = 200;

    private DecodeToBatchTiming() {
    }

    /**
     * Times reading and packing each file as {@value #BATCH} identical rows of a {@code binaryFile}-like column.
     *
     * @param args {@code FILE...} PNG or JPEG files
     * @throws Exception if a file cannot be read
     */
    public static void main(String[] args) throws Exception {
        StructType schema = new StructType().add("content", DataTypes.BinaryType);
        ApplyOptions options = ApplyOptions.of("rgb_to_grayscale | sobel").withResizeTo(224, 224)
                .withResizePrecision(ResizePrecision.PIXELS);
        ImageColumn column = ImageColumn.resolve(schema, options);
        for (String file : args) {
            Row row = RowFactory.create((Object) Files.readAllBytes(Path.of(file)));
            long[] read = new long[BATCHES];
            long[] pack = new long[BATCHES];
            for (int i = -WARM_UP; i < BATCHES; i++) {
                List<HostTensor> images = new ArrayList<>(BATCH);
                long start = System.nanoTime();
                for (int j = 0; j < BATCH; j++) {
                    images.add(column.read(row));
                }
                long decoded = System.nanoTime();
                try (NDManager manager = DiffVisionEngine.newManager(Device.cpu());
                     ArrowImageBatch batch = ArrowImageBatch.concatenate(images, ExecutorRuntime.buffers(), manager)) {
                    long packed = System.nanoTime();
                    if (i >= 0 && batch.runs().size() == 1) {
                        read[i] = decoded - start;
                        pack[i] = packed - decoded;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-24s ImageColumn.read %s  pack into the Arrow batch %s  (ms per image)%n",
                    Path.of(file).getFileName(), summary(read), summary(pack));
        }
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "min %.3f median %.3f", sorted[0] / 1e6 / BATCH,
                sorted[sorted.length / 2] / 1e6 / BATCH);
    }
}
