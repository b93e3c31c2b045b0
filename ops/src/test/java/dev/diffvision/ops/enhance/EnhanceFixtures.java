package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.conformance.CaseResult;
import dev.diffvision.ops.conformance.ConformanceRunner;
import dev.diffvision.ops.io.Npy;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.testing.KorniaVectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reference data of the enhance tests: the arrays written by {@code tools/gen_enhance_refs.py}, Kornia's cases. */
final class EnhanceFixtures {

    private EnhanceFixtures() {}

    /**
     * @param manager owns the result
     * @param name a file of {@code resources/enhance/} without {@code .npy}
     * @param dtype float32 or float64
     * @return the array, {@code (C, H, W)}
     */
    static NDArray load(NDManager manager, String name, DataType dtype) {
        try (InputStream in = EnhanceFixtures.class.getResourceAsStream("/enhance/" + name + ".npy")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource enhance/" + name + ".npy");
            }
            return Npy.read(in).toNDArray(manager).toType(dtype, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs one Kornia vector through the registry, as the conformance runner does, and asserts it passes.
     *
     * @param name the case's file name without {@code .json}
     */
    static void assertKorniaCasePasses(String name) {
        CaseResult r = new ConformanceRunner(OpRegistry.defaults(), null).run(KorniaVectors.load(name));
        assertEquals(CaseResult.Status.PASS, r.status(), r.line());
    }
}
