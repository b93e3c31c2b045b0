package dev.diffvision.ops.registry;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every registered op, with default parameters (plus its declared sample arguments) on its sample input,
 * through the same checks: dtype and device kept, float64 accepted, batch element == the op on that element
 * alone, the (C, H, W) form equals the batched one (volume ops, 5-D only as Kornia, must reject the unbatched
 * form instead), input unmodified, float64 finite-difference gradients, and
 * bad rank / dtype rejected with an IllegalArgumentException naming the op. Kernel factories (whose input is a
 * window size, not an image) get the checks that apply to them: dtype kept, same values in float32 and float64,
 * input unmodified, bad rank / dtype / non-integral or non-positive sizes rejected. Losses and metrics (whose
 * output is a reduction, not an image) get: dtype kept, float32 == float64, input unmodified, float64 gradients
 * when differentiable, a rank-1 input rejected (and int32 when differentiable: metrics take integral labels), and
 * batch element == the op on that element alone (with batch-sized tensor parameters sliced alike) only when the
 * output keeps the batch as its first dimension. Geometric ops (points or matrices in) get the loss checks. Asserts
 * how many ops it checked, so none slips through.
 */
class RegisteredOpsHarnessTest extends OpTestBase {

    /** Raise when an issue registers more ops; the harness must see every one. */
    private static final int EXPECTED_OPS = 194;

    @Test
    void everyRegisteredOpPassesTheCommonChecks() {
        OpRegistry registry = OpRegistry.defaults();
        List<String> checked = new ArrayList<>();
        for (String name : registry.names()) {
            OpDefinition def = registry.get(name);
            ImageOp op = def.create(def.sampleArgs());
            if (def.kind() == OpDefinition.Kind.KERNEL_FACTORY) {
                checkKernelFactory(name, op);
            } else if (def.kind() == OpDefinition.Kind.GEOMETRY) {
                checkGeometry(name, def, op);
            } else if (def.kind() == OpDefinition.Kind.LOSS) {
                checkLoss(name, def, op);
            } else {
                check(name, def, op);
            }
            checked.add(name);
        }
        assertEquals(EXPECTED_OPS, checked.size(), "ops checked: " + checked);
    }

    private void checkKernelFactory(String name, ImageOp op) {
        NDArray size = manager.create(5f);
        NDArray kernel = op.apply(size);
        assertEquals(DataType.FLOAT32, kernel.getDataType(), name + " keeps float32");
        assertEquals(size.getDevice(), kernel.getDevice(), name + " stays on the input's device");
        assertEquals(5f, size.getFloat(), name + " leaves its input alone");
        assertTrue(kernel.size() > 0 && kernel.isInfinite().logicalOr(kernel.isNaN()).none().getBoolean(),
                name + " gives a finite kernel");
        NDArray kernel64 = op.apply(size.toType(DataType.FLOAT64, false));
        assertEquals(DataType.FLOAT64, kernel64.getDataType(), name + " keeps float64");
        assertClose(kernel64, kernel, 1e-6);
        for (NDArray bad : List.of(manager.zeros(new Shape(3, 4)), size.toType(DataType.INT32, false),
                manager.create(5.5f), manager.create(0f))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.apply(bad),
                    name + " rejects " + bad);
            assertTrue(e.getMessage().startsWith(name + ": expected "), e.getMessage());
        }
    }

    private void checkLoss(String name, OpDefinition def, ImageOp op) {
        // a loss mixes every element: a seeded sample of them keeps the gradient check fast
        NDArray x = checkNonImageOutput(name, def, op, new GradientCheck.Options(1e-6, 1e-5, 1e-3, 48, 42));
        if (def.differentiable()) {
            assertRejects(name, " rejects int32", () -> op.apply(x.toType(DataType.INT32, false)));
        }
        assertRejects(name, " rejects rank 1", () -> op.apply(manager.zeros(new Shape(5))));
    }

    /** Geometry ops that take any rank (element-wise, or over the last dimension of any size), so none is wrong. */
    private static final java.util.Set<String> ANY_SHAPE = java.util.Set.of("rad2deg", "deg2rad", "squared_norm");

    private void checkGeometry(String name, OpDefinition def, ImageOp op) {
        NDArray x = checkNonImageOutput(name, def, op, GradientCheck.Options.defaults());
        assertRejects(name, " rejects int32", () -> op.apply(x.toType(DataType.INT32, false)));
        if (!ANY_SHAPE.contains(name)) {
            assertRejects(name, " rejects a (7) input", () -> op.apply(manager.zeros(new Shape(7))));
        }
    }

    /**
     * The checks of ops whose output is not an image of the input's shape (losses, metrics, geometry): float32
     * and float64 kept and agreeing, input unmodified, finite output, batch element == the op on that element
     * alone when the output keeps the batch, and gradients when differentiable.
     *
     * @return the sample input, for the op-specific rejection checks
     */
    private NDArray checkNonImageOutput(String name, OpDefinition def, ImageOp op, GradientCheck.Options gradient) {
        NDArray x = sample(def);
        NDArray before = x.duplicate();
        NDArray y = op.apply(x);
        assertEquals(DataType.FLOAT32, y.getDataType(), name + " keeps float32");
        assertEquals(x.getDevice(), y.getDevice(), name + " stays on the input's device");
        assertClose(before, x, 0);
        assertTrue(y.isInfinite().logicalOr(y.isNaN()).none().getBoolean(), name + " gives finite values");

        NDArray x64 = x.toType(DataType.FLOAT64, false);
        NDArray y64 = op.apply(x64);
        assertEquals(DataType.FLOAT64, y64.getDataType(), name + " keeps float64");
        assertClose(y64, y, 1e-5 * (1 + y64.abs().max().getDouble()));

        long batch = x.getShape().get(0);
        if (y.getShape().dimension() > 0 && y.getShape().get(0) == batch) {
            for (int i = 0; i < batch; i++) {
                ImageOp single = def.create(sliceBatch(def, i, batch));
                assertClose(y.get(i + ":" + (i + 1)), single.apply(x.get(i + ":" + (i + 1))), 1e-6);
            }
        }
        if (def.differentiable()) {
            GradientCheck.check(op::apply, x64, gradient).assertPassed(name);
        }
        return x;
    }

    private static void assertRejects(String name, String what, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run, name + what);
        assertTrue(e.getMessage().startsWith(name + ": expected "), e.getMessage());
    }

    /** The sample arguments with every tensor whose first dimension is the batch cut to batch element i. */
    private Map<String, Object> sliceBatch(OpDefinition def, int i, long batch) {
        Map<String, Object> args = new HashMap<>(def.sampleArgs());
        for (ParamSpec p : def.params()) {
            Object value = args.get(p.name());
            if (p.type() != ParamType.TENSOR || value == null) {
                continue;
            }
            HostTensor t = (HostTensor) ParamType.TENSOR.convert(value, def.name(), p.name());
            if (t.rank() > 0 && t.dim(0) == batch) {
                args.put(p.name(), HostTensor.fromNDArray(t.toNDArray(manager).get(i + ":" + (i + 1))));
            }
        }
        return args;
    }

    private NDArray sample(OpDefinition def) {
        HostTensor input = def.sampleInput();
        return input == null ? rand(DataType.FLOAT32, def.sampleShape())
                : input.toNDArray(manager).toType(DataType.FLOAT32, false);
    }

    private void check(String name, OpDefinition def, ImageOp op) {
        NDArray x = sample(def);
        NDArray before = x.duplicate();
        NDArray y = op.apply(x);
        assertEquals(DataType.FLOAT32, y.getDataType(), name + " keeps float32");
        assertEquals(x.getDevice(), y.getDevice(), name + " stays on the input's device");
        assertClose(before, x, 0);

        // a batch may be computed with a different summation order than one image: float32 rounding, relative
        // to the output's magnitude (Lab reaches 100)
        double batchTolerance = 1e-6 * Math.max(1, y.abs().max().getFloat());
        for (int i = 0; i < x.getShape().get(0); i++) {
            NDArray single = op.apply(x.get(i + ":" + (i + 1)));
            assertClose(single.squeeze(0), y.get(i), batchTolerance);
            if (def.kind() == OpDefinition.Kind.VOLUME) {
                NDArray unbatched = x.get(i);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.apply(unbatched),
                        name + " takes 5-D volumes only");
                assertTrue(e.getMessage().startsWith(name + ": expected "), e.getMessage());
            } else {
                assertClose(single.squeeze(0), op.apply(x.get(i)), batchTolerance);
            }
        }

        NDArray x64 = x.toType(DataType.FLOAT64, false);
        NDArray y64 = op.apply(x64);
        assertEquals(DataType.FLOAT64, y64.getDataType(), name + " keeps float64");
        // float32 keeps ~7 significant digits, so its error scales with the output's magnitude (Lab's L reaches
        // 100, and a = 500 (fx - fy) cancels): 1e-5 of the larger of 1 and the largest |value|.
        double scale = Math.max(1, y64.abs().max().getDouble());
        assertClose(y64, y, 1e-5 * scale);

        if (def.differentiable()) {
            NDArray small = x64.get("0:1");
            GradientCheck.check(op::apply, small, GradientCheck.Options.defaults()).assertPassed(name);
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> op.apply(manager.zeros(new Shape(3, 4))), name + " rejects rank 2");
        assertTrue(e.getMessage().startsWith(name + ": expected "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> op.apply(x.toType(DataType.INT32, false)), name + " rejects int32");
        assertTrue(e.getMessage().startsWith(name + ": expected "), e.getMessage());
    }
}
