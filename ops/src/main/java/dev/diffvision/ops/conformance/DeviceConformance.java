package dev.diffvision.ops.conformance;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.core.EngineInfo;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.Samples;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks that a device computes what the CPU computes: every registered op runs on its sample input (with its
 * sample arguments; kernel factories on the window size 5) on the CPU and on the device, forward in float64 and
 * float32, and for differentiable ops the float64 input gradient of {@code sum(w * op(x))} for fixed weights
 * {@code w}. The CPU results are the reference
 * (the ops' own tests check them against Kornia, OpenCV, scikit-image and finite differences); this tool finds
 * what only a device shows: a tensor left on the CPU, a kernel the device lacks, a device-specific numerical
 * difference.
 *
 * <p>Differences are relative to the reference's largest magnitude (at least 1). Tolerances:
 * {@value #FLOAT64_TOLERANCE} in float64 (different summation orders and libm only) and {@value #FLOAT32_TOLERANCE}
 * in float32 (cuDNN convolutions may use TF32, 10-bit mantissas, by libtorch's default). Ops whose output jumps
 * where the input crosses a threshold (median ties, Canny, histograms, rounding) may differ by one step where the
 * two devices round a value on either side of it; the report lists such differences like any other, to be read.
 *
 * <p>Run on a GPU machine ({@code scripts/check-device.sh} sets up libtorch and the class path):
 * <pre>{@code
 * java -cp ... dev.diffvision.ops.conformance.DeviceConformance gpu0
 * }</pre>
 * prints one line per op and a summary, and exits with status 1 when an op fails.
 */
public final class DeviceConformance {

    /** Largest relative float64 difference accepted, forward and gradient. */
    public static final double FLOAT64_TOLERANCE = 1e-9;
    /** Largest relative float32 difference accepted (TF32 convolutions). */
    public static final double FLOAT32_TOLERANCE = 2e-3;

    /** The window size kernel factories are asked for. */
    private static final float KERNEL_SIZE = 5;

    private DeviceConformance() {}

    /**
     * One op's agreement. A difference is {@code NaN} where that comparison does not apply (the CPU rejects the
     * dtype, or the op is not differentiable).
     *
     * @param op the op's registry name
     * @param forward64 largest relative forward difference in float64
     * @param forward32 largest relative forward difference in float32
     * @param gradient64 largest relative input-gradient difference in float64
     * @param error what the device threw where the CPU did not, else {@code null}
     */
    public record Agreement(String op, double forward64, double forward32, double gradient64, String error) {

        /** @return no device error and every applicable difference within its tolerance */
        public boolean passed() {
            return error == null && within(forward64, FLOAT64_TOLERANCE) && within(forward32, FLOAT32_TOLERANCE)
                    && within(gradient64, FLOAT64_TOLERANCE);
        }

        /** @return one report line: op, the three differences (or -), status */
        public String line() {
            return String.format("%-40s %10s %10s %10s  %s", op, format(forward64), format(forward32),
                    format(gradient64), passed() ? "ok" : error != null ? "ERROR " + error : "DIFFERS");
        }

        private static boolean within(double difference, double tolerance) {
            return Double.isNaN(difference) || difference <= tolerance;
        }

        private static String format(double d) {
            return Double.isNaN(d) ? "-" : String.format("%.1e", d);
        }
    }

    /**
     * Compares every op of {@code registry} on {@code device} with the CPU.
     *
     * @param registry the ops
     * @param device the device to check, e.g. {@code Device.gpu(0)}
     * @return one agreement per op, in the registry's order
     */
    public static List<Agreement> compare(OpRegistry registry, Device device) {
        List<Agreement> out = new ArrayList<>();
        for (String name : registry.names()) {
            out.add(compare(registry.get(name), device));
        }
        return out;
    }

    /**
     * Compares one op on {@code device} with the CPU.
     *
     * @param def the op
     * @param device the device to check
     * @return its agreement
     */
    public static Agreement compare(OpDefinition def, Device device) {
        HostTensor input = def.kind() == OpDefinition.Kind.KERNEL_FACTORY ? HostTensor.of(new float[] {KERNEL_SIZE})
                : def.sampleInput() != null ? def.sampleInput() : Samples.uniform(def.sampleShape());
        try (NDManager cpu = DiffVisionEngine.newManager(Device.cpu());
             NDManager dev = DiffVisionEngine.newManager(device)) {
            double f64 = Double.NaN;
            double f32 = Double.NaN;
            double g64 = Double.NaN;
            String error = null;
            try {
                f64 = difference(m -> forward(def, input, DataType.FLOAT64, m), cpu, dev);
                f32 = difference(m -> forward(def, input, DataType.FLOAT32, m), cpu, dev);
                if (def.differentiable() && def.kind() != OpDefinition.Kind.KERNEL_FACTORY) {
                    g64 = difference(m -> gradient(def, input, m), cpu, dev);
                }
            } catch (DeviceFailure e) {
                error = e.getMessage();
            }
            return new Agreement(def.name(), f64, f32, g64, error);
        }
    }

    /**
     * The largest difference between a reference and a device result, relative to the reference's largest
     * magnitude (at least 1). Non-finite values must match exactly (same infinity, or NaN on both sides).
     *
     * @param reference the CPU's values, or {@code null} when the CPU rejected the input
     * @param actual the device's values, same length
     * @return the relative difference; {@code NaN} when the reference is {@code null}; infinite for a shape or
     *     non-finite mismatch
     */
    static double relativeDifference(double[] reference, double[] actual) {
        if (reference == null) {
            return Double.NaN;
        }
        if (actual.length != reference.length) {
            return Double.POSITIVE_INFINITY;
        }
        double scale = 1;
        for (double r : reference) {
            if (Double.isFinite(r)) {
                scale = Math.max(scale, Math.abs(r));
            }
        }
        double max = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = reference[i];
            double a = actual[i];
            if (!Double.isFinite(r) || !Double.isFinite(a)) {
                if (Double.compare(r, a) != 0) {
                    return Double.POSITIVE_INFINITY;
                }
            } else {
                max = Math.max(max, Math.abs(r - a) / scale);
            }
        }
        return max;
    }

    /**
     * The device's values compared with the CPU's: {@code NaN} when the CPU rejects the input or dtype (nothing to
     * compare); a device exception where the CPU had none is a failure.
     */
    private static double difference(Function<NDManager, double[]> values, NDManager cpu, NDManager device) {
        double[] reference;
        try {
            reference = values.apply(cpu);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
        double[] actual;
        try {
            actual = values.apply(device);
        } catch (RuntimeException e) {
            throw new DeviceFailure(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        }
        return relativeDifference(reference, actual);
    }

    /** The op's output on {@code manager}'s device, as float64 values. */
    private static double[] forward(OpDefinition def, HostTensor input, DataType dtype, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = input.toNDArray(scope).toType(dtype, false);
            NDArray y = def.create(def.sampleArgs()).apply(x);
            return y.toType(DataType.FLOAT64, false).toDevice(Device.cpu(), false).toDoubleArray();
        }
    }

    /** The float64 input gradient of {@code sum(w * op(x))}, {@code w} a fixed sequence in [0, 1). */
    private static double[] gradient(OpDefinition def, HostTensor input, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = input.toNDArray(scope).toType(DataType.FLOAT64, false);
            x.setRequiresGradient(true);
            try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                NDArray y = def.create(def.sampleArgs()).apply(x);
                NDArray w = Samples.uniform(y.getShape().getShape()).toNDArray(scope).toType(DataType.FLOAT64, false);
                collector.backward(y.mul(w).sum());
            }
            return x.getGradient().toDevice(Device.cpu(), false).toDoubleArray();
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The device threw where the CPU did not. */
    private static final class DeviceFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeviceFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Runs {@link #compare(OpRegistry, Device)} for every registered op and prints the report.
     *
     * @param args the device: {@code gpu}, {@code gpu0}, {@code gpu1}, ... (default {@code gpu0})
     */
    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "gpu0";
        Device device = Device.fromName(name.equals("gpu") ? "gpu0" : name);
        EngineInfo info = DiffVisionEngine.start();
        System.out.println("engine: " + info.describe());
        System.out.printf("%-40s %10s %10s %10s  %s%n", "op (vs cpu)", "fwd f64", "fwd f32", "grad f64", "status");
        List<Agreement> all = new ArrayList<>();
        for (String op : OpRegistry.defaults().names()) {
            Agreement a = compare(OpRegistry.defaults().get(op), device);
            all.add(a);
            System.out.println(a.line());
        }
        long failed = all.stream().filter(a -> !a.passed()).count();
        System.out.printf("%d ops on %s: %d agree with the CPU, %d do not%n", all.size(), device,
                all.size() - failed, failed);
        if (failed > 0) {
            System.exit(1);
        }
    }
}
