package dev.diffvision.ops.registry;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.testing.NativeMemoryChurn;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No registered op leaves autograd holding memory that Java may free before backward (see
 * {@code core.Constants}): for every differentiable op, on its float64 sample input (with its sample arguments),
 * the gradient of {@code sum(w * op(x))} for fixed random weights {@code w} is the same when a garbage collection
 * and a burst of NaN-filled direct buffers come between forward and backward as when backward follows at once
 * (all ops' forwards first, one GC, one backward).
 * A DJL number operand ({@code x.mul(2.0)}) or a float64 {@code manager.create(double[])} constant saved by
 * {@code mul}, {@code div}, {@code pow}, {@code maximum}, {@code matMul}, a convolution or an index fails this
 * in every run here (glibc): its freed buffer is overwritten by the allocator's free-list pointers (a tiny
 * denormal) or by the NaN fill, so the gradient becomes inf, NaN or 0, and a freed index tensor makes backward
 * throw (index out of bounds): before the migration to {@code Constants} some 40 ops failed this way. Tolerance:
 * 1e-12 relative to the gradient's largest magnitude (the two backward passes run the same kernels on the same
 * values).
 */
class GarbageCollectedConstantsTest extends OpTestBase {

    @Test
    void gradientsSurviveGarbageCollectionBetweenForwardAndBackward() {
        OpRegistry registry = OpRegistry.defaults();
        List<String> names = new ArrayList<>();
        for (String name : registry.names()) {
            OpDefinition def = registry.get(name);
            if (def.differentiable() && def.kind() != OpDefinition.Kind.KERNEL_FACTORY) {
                names.add(name);
            }
        }
        Map<String, double[]> quiet = gradients(registry, names, false);
        Map<String, double[]> churned = gradients(registry, names, true);
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            double[] expected = quiet.get(name);
            double[] actual = churned.get(name);
            double scale = 1;
            for (double g : expected) {
                scale = Math.max(scale, Math.abs(g));
            }
            for (int i = 0; i < expected.length; i++) {
                if (!(Math.abs(expected[i] - actual[i]) <= 1e-12 * scale)) {
                    failures.add(name + "[" + i + "]: " + expected[i] + " without GC, " + actual[i] + " with");
                    break;
                }
            }
        }
        assertTrue(names.size() > 150, "differentiable ops checked: " + names.size());
        assertEquals(List.of(), failures, "gradients changed by a GC between forward and backward");
    }

    /**
     * Every op's input gradient of {@code sum(w * op(x))}: all forwards, then (if asked) one GC and buffer churn,
     * then one backward through the sum of all the ops' terms.
     */
    private Map<String, double[]> gradients(OpRegistry registry, List<String> names, boolean churn) {
        Map<String, NDArray> inputs = new LinkedHashMap<>();
        NDList terms = new NDList();
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            for (String name : names) {
                OpDefinition def = registry.get(name);
                NDArray x = sample(def);
                x.setRequiresGradient(true);
                NDArray y = def.create(def.sampleArgs()).apply(x);
                terms.add(y.mul(rand(DataType.FLOAT64, y.getShape().getShape())).sum());
                inputs.put(name, x);
            }
            if (churn) {
                NativeMemoryChurn.churn(1);
            }
            collector.backward(NDArrays.add(terms.toArray(new NDArray[0])));
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        inputs.forEach((name, x) -> out.put(name, x.getGradient().toDoubleArray()));
        return out;
    }

    /** The op's float64 sample input, from a fresh seed so both runs draw the same input and weights. */
    private NDArray sample(OpDefinition def) {
        random.setSeed(77);
        HostTensor input = def.sampleInput();
        return input == null ? rand(DataType.FLOAT64, def.sampleShape())
                : input.toNDArray(manager).toType(DataType.FLOAT64, false).duplicate();
    }
}
