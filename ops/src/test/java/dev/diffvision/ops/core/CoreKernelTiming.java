package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.internal.TorchScriptModules;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A manual timing run of the core kernels (not a test, asserts nothing; JMH benchmarks belong in the
 * benchmarks module): first-call latency of each TorchScript module, a bilinear 30° affine warp of a
 * 64×3×256×256 float32 batch through ATen's grid sampler, and reflect padding through ATen versus the
 * index-select reference. Prints best and median ms per batch and per image.
 *
 * <pre>{@code
 * java -Dai.djl.offline=true -cp <test classpath> dev.diffvision.ops.core.CoreKernelTiming [repeats]
 * }</pre>
 */
public final class CoreKernelTiming {

    private static final int B = 64;

    private CoreKernelTiming() {}

    /**
     * @param args optional repeat count (default 10)
     */
    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        System.out.println("engine: " + DiffVisionEngine.start().describe() + ", graph_optimizer="
                + System.getProperty("ai.djl.pytorch.graph_optimizer", "default"));
        try (NDManager manager = DiffVisionEngine.newManager()) {
            firstCalls(manager);
            NDArray x = manager.randomUniform(0f, 1f, new Shape(B, 3, 256, 256));
            double a = Math.toRadians(30);
            float[] theta = new float[B * 6];
            for (int b = 0; b < B; b++) {
                System.arraycopy(new float[] {(float) Math.cos(a), (float) -Math.sin(a), 0, (float) Math.sin(a),
                    (float) Math.cos(a), 0}, 0, theta, b * 6, 6);
            }
            NDArray grid = Sampling.affineGrid(manager.create(theta, new Shape(B, 2, 3)), x.getShape(), true);
            time("grid_sample bilinear zeros 30deg (ATen)", manager, x, repeats,
                    t -> Sampling.gridSample(t, grid, Interpolation.BILINEAR, GridPadding.ZEROS, true));
            time("affine_grid + grid_sample (ATen)", manager, x, repeats,
                    t -> Sampling.gridSample(t, Sampling.affineGrid(manager.create(theta, new Shape(B, 2, 3)),
                            t.getShape(), true), Interpolation.BILINEAR, GridPadding.ZEROS, true));
            time("reflect pad 5 (ATen)", manager, x, repeats,
                    t -> Padding.pad2d(t, 5, 5, 5, 5, BorderType.REFLECT, 0));
            time("reflect pad 5 (index-select reference)", manager, x, repeats,
                    t -> PaddingReference.pad2d(t, 5, 5, 5, 5, BorderType.REFLECT));
            time("constant pad 5 (DJL)", manager, x, repeats,
                    t -> Padding.pad2d(t, 5, 5, 5, 5, BorderType.CONSTANT, 0));
        }
        TorchScriptModules.closeAll();
    }

    private static void firstCalls(NDManager manager) {
        NDArray img = manager.randomUniform(0f, 1f, new Shape(1, 3, 8, 8));
        NDArray a = manager.eye(3, 3, 0, DataType.FLOAT64).expandDims(0).add(0.1);
        String[] names = {"grid_sample", "affine_grid", "pad2d", "im2col", "solve", "inverse", "svd", "eigh"};
        Runnable[] calls = {
            () -> Sampling.gridSample(img, manager.zeros(new Shape(1, 4, 4, 2)), Interpolation.BILINEAR,
                    GridPadding.ZEROS, true),
            () -> Sampling.affineGrid(manager.zeros(new Shape(1, 2, 3)), new Shape(1, 3, 4, 4), true),
            () -> Padding.pad2d(img, 1, 1, 1, 1, BorderType.REFLECT, 0),
            () -> Patches.extract(img, new int[] {3, 3}),
            () -> Linalg.solve(a, a),
            () -> Linalg.inverse(a),
            () -> Linalg.svd(a),
            () -> Linalg.eigh(a),
        };
        for (int i = 0; i < calls.length; i++) {
            long t0 = System.nanoTime();
            calls[i].run();
            long t1 = System.nanoTime();
            calls[i].run();
            long t2 = System.nanoTime();
            System.out.printf("%-12s load + first call %6.1f ms, second call %5.2f ms%n", names[i], (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6);
        }
    }

    private static void time(String what, NDManager manager, NDArray x, int repeats, Function<NDArray, NDArray> op) {
        double[] ms = new double[repeats];
        for (int i = -3; i < repeats; i++) {
            try (NDManager scope = manager.newSubManager()) {
                x.tempAttach(scope);
                long t0 = System.nanoTime();
                NDArray y = op.apply(x);
                y.get(0, 0, 0, 0).getFloat();
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-42s best %7.1f ms (%.2f ms/image), median %7.1f ms (%.2f ms/image)%n", what, ms[0],
                ms[0] / B, ms[repeats / 2], ms[repeats / 2] / B);
    }
}
