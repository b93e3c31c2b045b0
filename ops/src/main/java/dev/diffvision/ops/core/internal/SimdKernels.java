package dev.diffvision.ops.core.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * When and how an op runs one of DiffVision's Java SIMD kernels instead of its TorchScript module: forward passes
 * on the CPU, where one pass of Java code over the pixels, written with the JDK's Vector API
 * ({@code jdk.incubator.vector}), beats a chain of libtorch kernels that each make a pass over memory. The kernels:
 * {@link ColorSimd} (grayscale, HSV), {@link SeparableSimd} (Gaussian and box blurs), {@link SsimSimd},
 * {@link SelectionSimd} (median), {@link SobelSimd}, {@link PyramidSimd} (pyrdown), {@link ResampleSimd}
 * (bilinear and area resizing) and {@link UnitToUint8Simd} (quantisation to 8 bits). They read the input tensor's memory and write the output tensor's memory in
 * place (direct buffers over libtorch's own storage).
 *
 * <p>A kernel applies ({@link #applies}) when all of these hold; otherwise the op takes its TorchScript path,
 * which gives the same values up to float rounding (tests compare the two):
 * <ul>
 *   <li>the JVM was started with {@code --add-modules=jdk.incubator.vector} (the build, the tests, the scripts
 *       and {@code conf/spark-defaults.conf} add it; without it everything still works, on the TorchScript
 *       path);</li>
 *   <li>they are not switched off: {@code -Ddiffvision.simd=off} or {@code DIFFVISION_SIMD=off}, or
 *       {@link #enabled(boolean)};</li>
 *   <li>every input is float32 (float64 keeps libtorch's exact double arithmetic; the resampling kernel also
 *       reads 8-bit pixels, {@link #appliesToPixels}), on the CPU, non-empty, at most 2 GiB, and does not require
 *       a gradient (autograd needs libtorch's graph).</li>
 * </ul>
 * A kernel splits its planes (or images) over libtorch's intra-op thread count, as libtorch would
 * ({@link #forEach}): in Spark that is one thread per task ({@code spark.task.cpus}), so a task runs its kernel on
 * its own thread.
 *
 * <pre>{@code
 * NDArray hsv = SimdKernels.applies(x) ? ColorSimd.rgbToHsv(x, eps) : Aten.rgbToHsv(x, eps);
 * }</pre>
 */
public final class SimdKernels {

    /**
     * {@code 2^23}, for rounding in float arithmetic where Java 17's vector float-to-int cast is slow: for
     * {@code |v| < 2^22}, {@code (v + ROUNDING) - ROUNDING} is {@code v} rounded to the nearest integer (half to
     * even), and for an integer {@code k} in {@code [0, 2^23)} the bits of {@code k + ROUNDING} are
     * {@link #ROUNDING_BITS} {@code + k}.
     */
    static final float ROUNDING = 8_388_608f;
    /** The bit pattern of {@link #ROUNDING}. */
    static final int ROUNDING_BITS = Float.floatToRawIntBits(ROUNDING);
    /** Whether the Vector API module is in this JVM's boot layer. */
    private static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static volatile boolean enabled = !"off".equals(setting());

    private SimdKernels() {}

    /**
     * Whether the SIMD kernels can run in this JVM: the Vector API module is present and they are not switched
     * off.
     *
     * @return true when {@link #applies} can hold
     */
    public static boolean available() {
        return MODULE_PRESENT && enabled;
    }

    /**
     * Switches the SIMD kernels on or off for this JVM (for A/B measurements and for tests that compare them with
     * the TorchScript path); on has no effect without the Vector API module.
     *
     * @param on whether ops may use them
     * @return the previous setting
     */
    public static boolean enabled(boolean on) {
        boolean before = enabled;
        enabled = on;
        return before;
    }

    /**
     * How the engine describes the kernels, for its report line.
     *
     * @return {@code "simd on"}, {@code "simd off"} or {@code "simd off (no jdk.incubator.vector)"}
     */
    public static String describe() {
        if (!MODULE_PRESENT) {
            return "simd off (no jdk.incubator.vector)";
        }
        return enabled ? "simd on" : "simd off";
    }

    /**
     * Whether a SIMD kernel may compute an op of these inputs (see the class comment).
     *
     * @param inputs the op's tensor inputs
     * @return true when every input qualifies as float32 and the kernels are available
     */
    public static boolean applies(NDArray... inputs) {
        for (NDArray x : inputs) {
            if (!qualifies(x, DataType.FLOAT32)) {
                return false;
            }
        }
        return available();
    }

    /**
     * {@link #applies} for an 8-bit image (the resampling kernel reads pixels and writes floats).
     *
     * @param x the op's input
     * @return true when x is uint8 and otherwise qualifies
     */
    public static boolean appliesToPixels(NDArray x) {
        return available() && qualifies(x, DataType.UINT8);
    }

    /**
     * Whether a kernel's float32 output of {@code values} values fits the 2 GiB a direct buffer can address (the
     * inputs are checked by {@link #applies}; outputs larger than the input, e.g. of an upsampling resize or of
     * SSIM's five statistics, are checked with this).
     *
     * @param values the output's element count
     * @return true when {@code 4 * values <= Integer.MAX_VALUE}
     */
    public static boolean fitsOutput(long values) {
        return values <= Integer.MAX_VALUE / 4;
    }

    private static boolean qualifies(NDArray x, DataType dtype) {
        long bytes = x.size() * dtype.getNumOfBytes();
        return x.getDataType() == dtype && x.getDevice().equals(Device.cpu()) && bytes > 0
                && bytes <= Integer.MAX_VALUE && x instanceof PtNDArray && !x.hasGradient();
    }

    /**
     * The tensor's memory as a native-order buffer (read and written in place). A non-contiguous tensor is first
     * copied to a contiguous one in its manager (DJL's rule), so call this inside the op's scope.
     *
     * @param x a CPU tensor for which {@link #applies} or {@link #appliesToPixels} holds
     * @return a direct buffer of all of x's bytes
     */
    static ByteBuffer buffer(NDArray x) {
        ByteBuffer b = JniUtils.getByteBuffer((PtNDArray) x, true).order(ByteOrder.nativeOrder());
        long bytes = x.size() * x.getDataType().getNumOfBytes();
        if (!b.isDirect() || b.capacity() != bytes) {
            throw new IllegalStateException("simd: expected a direct buffer of " + bytes + " bytes, got "
                    + (b.isDirect() ? "" : "a heap buffer of ") + b.capacity() + " bytes");
        }
        return b;
    }

    /**
     * Values as float32, the precision the kernels compute in (taps, axes).
     *
     * @param values any doubles
     * @return each rounded to float
     */
    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /**
     * A new, uninitialised float32 tensor on the CPU in {@code like}'s manager, for a kernel to fill.
     *
     * @param like an input of the op
     * @param shape the output's shape
     * @return the tensor
     */
    static NDArray newOutput(NDArray like, Shape shape) {
        return like.getManager().create(shape, DataType.FLOAT32);
    }

    /**
     * Work of one item (a plane or an image) with the scratch state of the thread running it.
     *
     * @param <S> the scratch state's type
     */
    @FunctionalInterface
    interface ItemWork<S> {
        /**
         * @param scratch this thread's scratch state
         * @param item the item's index
         */
        void run(S scratch, int item);
    }

    /**
     * Runs {@code work} for items {@code 0 .. count - 1}, split into contiguous ranges over libtorch's intra-op
     * thread count (the common fork-join pool plus the caller); each range gets its own scratch state. With one
     * thread (Spark's tasks), everything runs on the caller's thread.
     *
     * @param count the items
     * @param scratch makes one thread's scratch state
     * @param work one item's work
     * @param <S> the scratch state's type
     */
    static <S> void forEach(int count, Supplier<S> scratch, ItemWork<S> work) {
        int threads = Math.min(count, Libtorch.intraOpThreads());
        if (threads <= 1) {
            S state = scratch.get();
            for (int i = 0; i < count; i++) {
                work.run(state, i);
            }
            return;
        }
        int per = (count + threads - 1) / threads;
        IntStream.range(0, threads).parallel().forEach(t -> {
            S state = scratch.get();
            for (int i = t * per; i < Math.min(count, (t + 1) * per); i++) {
                work.run(state, i);
            }
        });
    }

    /**
     * Work on one image plane of float32 tensors.
     *
     * @param <S> the scratch state's type
     */
    @FunctionalInterface
    interface PlaneWork<S> {
        /**
         * @param scratch this thread's scratch state
         * @param in the input's values
         * @param from the float index where the input plane starts
         * @param out the output's values
         * @param to the float index where the output plane starts
         */
        void run(S scratch, FloatBuffer in, int from, FloatBuffer out, int to);
    }

    /**
     * Runs {@code work} on every plane of a float32 {@code (B, C, H, W)} input and its {@code (B, C, h, w)} output,
     * split over threads as {@link #forEach(int, Supplier, ItemWork)}.
     *
     * @param x the input, for which {@link #applies} holds
     * @param out the output, {@code B C} planes as x
     * @param scratch makes one thread's scratch state
     * @param work one plane's work
     * @param <S> the scratch state's type
     */
    static <S> void forEachPlane(NDArray x, NDArray out, Supplier<S> scratch, PlaneWork<S> work) {
        Shape s = x.getShape();
        Shape t = out.getShape();
        int inPlane = Math.toIntExact(s.get(2) * s.get(3));
        int outPlane = Math.toIntExact(t.get(2) * t.get(3));
        FloatBuffer in = buffer(x).asFloatBuffer();
        FloatBuffer o = buffer(out).asFloatBuffer();
        forEach(Math.toIntExact(s.get(0) * s.get(1)), scratch,
                (state, p) -> work.run(state, in, p * inPlane, o, p * outPlane));
    }

    /**
     * {@link #forEach(int, Supplier, ItemWork)} for work without scratch state.
     *
     * @param count the items
     * @param work one item's work
     */
    static void forEach(int count, IntConsumer work) {
        forEach(count, () -> null, (none, item) -> work.accept(item));
    }

    private static String setting() {
        String value = System.getProperty("diffvision.simd", System.getenv("DIFFVISION_SIMD"));
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }
}
