package dev.diffvision.benchmarks;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.color.Colors;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.filters.Filters;
import dev.diffvision.ops.geometry.homography.Homography;
import dev.diffvision.ops.geometry.transform.Transforms;
import dev.diffvision.ops.geometry.transform.WarpOptions;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.metrics.Metrics;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The operator benchmarks' DiffVision side on any device, without JMH, OpenCV or BoofCV on the class path (a GPU
 * node needs only DiffVision and DJL): the same ops, parameters and inputs as the JMH suite (the sample photo at
 * 256x256, 512x512 for resize; 1,000 DLT problems of 100 points), timed at B = 1, 16, 64; then host <-> device
 * copies of a connector-sized batch, and the connector's typical pipeline ({@link DirectEdges}: decode, resize 224,
 * gray, Sobel, PNG) over the sample images.
 *
 * <p>Timing: after a warm-up ({@value #WARM_UP} calls: TorchScript kernels specialise on their first calls),
 * {@code n} calls (enough for about {@code --seconds}) are queued back to back and the clock stops when the last
 * result has reached the host (a one-element copy), so asynchronous devices are timed to completion; each call's
 * output is closed (on CUDA the caching allocator reuses its memory). Prints ms per batch and per image.
 *
 * <p>Usage: {@code DeviceTiming [device (gpu0)] [--batches 1,16,64] [--seconds 0.5] [--images DIR]
 * [--sections ops,transfers,pipeline]} (the pipeline runs only with {@code --images}; transfers only off the CPU).
 */
public final class DeviceTiming {

    private static final int DLT_PROBLEMS = 1000;
    private static final int WARM_UP = 5;

    private final Device device;
    private final double seconds;

    private DeviceTiming(Device device, double seconds) {
        this.device = device;
        this.seconds = seconds;
    }

    /** One timed op: a name, the input's side and channel count, and the call. */
    private record Case(String name, int side, Function<NDArray, NDArray> op) {}

    private static List<Case> cases() {
        int[] out = {SamplePhoto.SIZE, SamplePhoto.SIZE};
        int[] resized = {224, 224};
        WarpOptions warp = WarpOptions.defaults();
        return List.of(
                new Case("rgb_to_grayscale", 256, Colors::rgbToGrayscale),
                new Case("rgb_to_hsv", 256, Colors::rgbToHsv),
                new Case("sobel", 256, Filters::sobel),
                new Case("gaussian_blur2d 11x11", 256, x -> Filters.gaussianBlur2d(x, new int[] {11, 11}, 10.5, 10.5)),
                new Case("box_blur 5x5", 256, x -> Filters.boxBlur(x, new int[] {5, 5}, BorderType.REFLECT, false)),
                new Case("median_blur 5x5", 256, x -> Filters.medianBlur(x, new int[] {5, 5})),
                new Case("ssim 11", 256, x -> Metrics.ssim(x, x, 11, 1.0, 1e-12, "same")),
                new Case("warp_affine 30 deg", 256, x -> Transforms.warpAffine(x,
                        matrices(x, WarpMatrices.rotation(), 2), out, warp)),
                new Case("warp_perspective", 256, x -> Transforms.warpPerspective(x,
                        matrices(x, WarpMatrices.tilt(), 3), out, warp)),
                new Case("resize bilinear 512->224", 512, x -> Transforms.resize(x, resized,
                        Sampling.Resize.BILINEAR, false, "short", false)),
                new Case("resize area 512->224", 512, x -> Transforms.resize(x, resized, Sampling.Resize.AREA, false,
                        "short", false)),
                new Case("resize antialias 512->224", 512, x -> Transforms.resize(x, resized,
                        Sampling.Resize.BILINEAR, false, "short", true)),
                new Case("pyrdown", 256, x -> Transforms.pyrdown(x, BorderType.REFLECT, false, 2.0)));
    }

    /** {@code (B, rows, 3)} copies of a 3x3 matrix's first rows, float32, on {@code x}'s device. */
    private static NDArray matrices(NDArray x, double[] m, int rows) {
        long b = x.getShape().get(0);
        float[] values = new float[Math.toIntExact(b * rows * 3)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) m[i % (rows * 3)];
        }
        return x.getManager().create(values, new Shape(b, rows, 3));
    }

    /** Times every case at every batch size. */
    private void operators(int[] batches) {
        System.out.printf("%n%-28s %5s %12s %12s%n", "op on " + device, "B", "ms/batch", "ms/image");
        for (Case c : cases()) {
            float[] photo = c.side == SamplePhoto.SIZE ? SamplePhoto.rgb()
                    : SamplePhoto.enlarge(SamplePhoto.rgb(), 3, c.side / SamplePhoto.SIZE);
            for (int b : batches) {
                try (NDManager m = DiffVisionEngine.newManager(device)) {
                    NDArray x = m.create(repeat(photo, b), new Shape(b, 3, c.side, c.side));
                    double ms = time(() -> c.op.apply(x));
                    System.out.printf("%-28s %5d %12.4f %12.5f%n", c.name, b, ms, ms / b);
                }
            }
        }
        try (NDManager m = DiffVisionEngine.newManager(device)) {
            DltProblems drawn = DltProblems.draw(DLT_PROBLEMS);
            Shape shape = new Shape(DLT_PROBLEMS, DltProblems.POINTS, 2);
            NDArray source = m.create(drawn.source(), shape);
            NDArray target = m.create(drawn.target(), shape);
            double ms = time(() -> Homography.findHomographyDlt(source, target, null, Homography.Solver.LU));
            System.out.printf("%-28s %5d %12.4f %12.5f%n", "find_homography_dlt 100 pts", DLT_PROBLEMS, ms,
                    ms / DLT_PROBLEMS);
        }
    }

    /**
     * Host -> device and device -> host copies of a (64, 3, 224, 224) batch: uint8 in from a direct buffer (the
     * connector's packed Arrow batch), float32 out through DJL's {@code toByteBuffer()} and through the
     * connector's way ({@code ArrowResultBatch}: one copy to host memory by libtorch, then one bulk copy from a
     * direct view into a pooled buffer).
     */
    private void transfers() {
        Shape shape = new Shape(64, 3, 224, 224);
        int n = Math.toIntExact(shape.size());
        ByteBuffer host = ByteBuffer.allocateDirect(n);
        new Random(1).ints(n, 0, 256).forEach(v -> host.put((byte) v));
        host.rewind();
        ByteBuffer back = ByteBuffer.allocateDirect(4 * n);
        try (NDManager m = DiffVisionEngine.newManager(device)) {
            double in = time(() -> m.create(host, shape, DataType.UINT8));
            NDArray result = m.create(host, shape, DataType.UINT8).toType(DataType.FLOAT32, false);
            double out = timeHost(() -> result.toByteBuffer().remaining());
            double direct = timeHost(() -> {
                try (NDArray onHost = result.toDevice(Device.cpu(), false)) {
                    back.clear();
                    back.put(onHost.toByteBuffer(true));
                    return back.position();
                }
            });
            System.out.printf("%nhost -> %s uint8 %s: %.3f ms (%.2f GB/s)%n", device, shape, in, n / in / 1e6);
            System.out.printf("%s -> host float32, DJL toByteBuffer(): %.3f ms (%.2f GB/s)%n", device, out,
                    4.0 * n / out / 1e6);
            System.out.printf("%s -> host float32, copy to host + direct view (ArrowResultBatch): %.3f ms "
                    + "(%.2f GB/s)%n", device, direct, 4.0 * n / direct / 1e6);
        }
    }

    /** The connector's typical pipeline over {@code images}, batches of 64, images/s. */
    private void pipeline(Path dir) throws java.io.IOException {
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path p : paths.sorted().toList()) {
                files.add(Files.readAllBytes(p));
            }
        }
        List<byte[]> rgb = new ArrayList<>();
        ImageDecoder decoder = new ImageDecoder();
        for (byte[] f : files) {
            try {
                if (decoder.decode(f).dim(0) == 3) {   // the pipeline's input is RGB
                    rgb.add(f);
                }
            } catch (IllegalArgumentException e) {
                // not an image this decoder reads
            }
        }
        DirectEdges edges = new DirectEdges(224);
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            batch.add(rgb.get(i % rgb.size()));
        }
        try (NDManager m = DiffVisionEngine.newManager(device)) {
            double ms = timeHost(() -> edges.apply(batch, m).size());
            System.out.printf("%npipeline decode -> resize 224 -> gray -> sobel -> PNG on %s, %d images of %s, "
                    + "B = 64: %.1f ms/batch, %.0f images/s%n", device, rgb.size(), dir, ms, 64 * 1000 / ms);
        }
    }

    /** Mean ms per call of an op whose result stays on the device; stops the clock when the last one is done. */
    private double time(java.util.function.Supplier<NDArray> call) {
        int n = callsFor(() -> sync(call.get()));
        NDArray last = null;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (last != null) {
                last.close();
            }
            last = call.get();
        }
        sync(last);
        return (System.nanoTime() - start) / 1e6 / n;
    }

    /** Mean ms per call of work that ends on the host. */
    private double timeHost(java.util.function.IntSupplier call) {
        int n = callsFor(call::getAsInt);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            call.getAsInt();
        }
        return (System.nanoTime() - start) / 1e6 / n;
    }

    /** Warms {@code once} up, times it once, and returns how many calls fill about {@code seconds} (3 to 10,000). */
    private int callsFor(Runnable once) {
        for (int i = 0; i < WARM_UP; i++) {
            once.run();
        }
        long t0 = System.nanoTime();
        once.run();
        double seconds1 = (System.nanoTime() - t0) / 1e9;
        return (int) Math.max(3, Math.min(10_000, seconds / Math.max(seconds1, 1e-6)));
    }

    /** Waits for {@code result} by copying one element of it to the host, then closes it. */
    private static void sync(NDArray result) {
        try (result) {
            result.flatten().get(0).toDevice(Device.cpu(), false).toType(DataType.FLOAT64, false).getDouble();
        }
    }

    private static float[] repeat(float[] one, int times) {
        float[] all = new float[one.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return all;
    }

    /**
     * @param args {@code [device] [--batches 1,16,64] [--seconds 0.5] [--images DIR] [--sections ...]}; the
     *     device is {@code cpu}, {@code gpu0}, {@code gpu1}, ...
     * @throws java.io.IOException if the images folder cannot be read
     */
    public static void main(String[] args) throws java.io.IOException {
        Device device = Device.gpu();
        int[] batches = {1, 16, 64};
        double seconds = 0.5;
        Path images = null;
        List<String> sections = List.of("ops", "transfers", "pipeline");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batches" -> batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--images" -> images = Path.of(args[++i]);
                case "--sections" -> sections = List.of(args[++i].split(","));
                default -> device = Device.fromName(args[i]);
            }
        }
        System.out.println("engine: " + DiffVisionEngine.start().describe());
        DeviceTiming timing = new DeviceTiming(device, seconds);
        if (sections.contains("ops")) {
            timing.operators(batches);
        }
        if (sections.contains("transfers") && !device.equals(Device.cpu())) {
            timing.transfers();
        }
        if (sections.contains("pipeline") && images != null) {
            timing.pipeline(images);
        }
    }
}
