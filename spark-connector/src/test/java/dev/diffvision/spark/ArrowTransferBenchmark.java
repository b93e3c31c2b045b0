package dev.diffvision.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.HostTensor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The Arrow <-> NDArray host paths in GB/s: {@link ArrowImageBatch#pack} of a batch (bulk copies of each decoded
 * image into one Arrow buffer, then a DJL tensor aliasing it) versus DJL's {@code create(float[])} and a plain
 * heap-to-direct copy of the same bytes (the machine's memory bandwidth at that moment, the ceiling of the packing
 * step); and on the way back, {@link ArrowResultBatch#copyOf} of a float32 result versus DJL's
 * {@code toByteBuffer()} (a copy into a new Java array). Run by
 * {@code scripts/bench-connector.sh}; prints the median of 30 timed runs after 10 warm-up runs for each case.
 * Bytes counted: the batch's size in its transfer dtype (uint8 or float32).
 *
 * <p>Usage: {@code ArrowTransferBenchmark [batch] [height] [width]} (default 64 x 3 x 224 x 224).
 */
public final class ArrowTransferBenchmark {

    private static final int WARMUP = 10;
    private static final int RUNS = 30;

    private ArrowTransferBenchmark() {}

    /**
     * @param args optional batch size, height, width
     */
    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int height = args.length > 1 ? Integer.parseInt(args[1]) : 224;
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 224;
        DiffVisionEngine.start();
        Random random = new Random(1);
        List<HostTensor> bytes = new ArrayList<>();
        List<HostTensor> floats = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            byte[] pixels = new byte[3 * height * width];
            random.nextBytes(pixels);
            bytes.add(HostTensor.ofUint8(pixels, 3, height, width));
            float[] values = new float[pixels.length];
            for (int j = 0; j < values.length; j++) {
                values[j] = (pixels[j] & 0xFF) / 255f;
            }
            floats.add(HostTensor.of(values, 3, height, width));
        }
        float[] flat = new float[batch * 3 * height * width];
        long byteCount = (long) batch * 3 * height * width;
        System.out.printf("batch (%d, 3, %d, %d), %d warm-up + %d timed runs, median%n", batch, height, width, WARMUP, RUNS);
        ByteBuffer direct = ByteBuffer.allocateDirect((int) byteCount);
        report("baseline: heap -> direct memcpy", byteCount, () -> copyOnce(bytes, direct));
        report("ArrowImageBatch.pack uint8", byteCount, () -> packOnce(bytes, height, width));
        report("ArrowImageBatch.pack float32", 4 * byteCount, () -> packOnce(floats, height, width));
        report("NDManager.create(float[]) (DJL)", 4 * byteCount, () -> createOnce(flat, batch, height, width));
        try (NDManager m = DiffVisionEngine.newManager()) {
            NDArray result = m.create(flat, new Shape(batch, 3, height, width));
            report("ArrowResultBatch.copyOf float32", 4 * byteCount, () -> resultOnce(result));
            report("NDArray.toByteBuffer() (DJL)", 4 * byteCount, () -> (long) result.toByteBuffer().remaining());
        }
    }

    private static long resultOnce(NDArray result) {
        try (ArrowResultBatch out = ArrowResultBatch.copyOf(result, ExecutorRuntime.buffers())) {
            return out.size();
        }
    }

    private static long copyOnce(List<HostTensor> images, ByteBuffer target) {
        target.clear();
        for (HostTensor t : images) {
            target.put(t.data().duplicate().rewind());
        }
        return target.position();
    }

    private static long packOnce(List<HostTensor> images, int height, int width) {
        try (NDManager m = DiffVisionEngine.newManager();
             ArrowImageBatch b = ArrowImageBatch.pack(images, height, width, ExecutorRuntime.buffers(), m)) {
            return b.tensor().size();
        }
    }

    private static long createOnce(float[] flat, int batch, int height, int width) {
        try (NDManager m = DiffVisionEngine.newManager()) {
            NDArray a = m.create(flat, new Shape(batch, 3, height, width));
            return a.size();
        }
    }

    private static void report(String name, long bytes, Supplier<Long> run) {
        double[] seconds = new double[RUNS];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long start = System.nanoTime();
            run.get();
            double s = (System.nanoTime() - start) / 1e9;
            if (i >= WARMUP) {
                seconds[i - WARMUP] = s;
            }
        }
        Arrays.sort(seconds);
        double median = seconds[RUNS / 2];
        System.out.printf("%-34s %8.2f ms  %6.2f GB/s%n", name, median * 1e3, bytes / median / 1e9);
    }
}
