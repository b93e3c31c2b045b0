package dev.diffvision.ops.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.conformance.CaseResult;
import dev.diffvision.ops.conformance.ConformanceRunner;
import dev.diffvision.ops.io.Npy;
import dev.diffvision.ops.registry.OpRegistry;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reference data of the op tests: the generated OpenCV / scikit-image {@code .npy} files under a package folder
 * of the test resources (see {@code tools/gen_*_refs.py}), and Kornia cases run through the registry.
 */
public final class References {

    private References() {}

    /**
     * Loads {@code <folder>/<name>.npy} from the test resources.
     *
     * @param manager owns the result
     * @param folder e.g. {@code filters}
     * @param name the file name without {@code .npy}
     * @return the array, in the file's dtype
     */
    public static NDArray npy(NDManager manager, String folder, String name) {
        return Npy.read(manager, KorniaVectors.folder().resolveSibling(folder).resolve(name + ".npy"));
    }

    /**
     * Runs a Kornia case through the default registry exactly as the conformance runner does, and asserts it
     * passes within the case's own tolerance.
     *
     * @param name the case's file name without {@code .json}
     */
    public static void assertKorniaCasePasses(String name) {
        CaseResult r = new ConformanceRunner(OpRegistry.defaults(), null).run(KorniaVectors.load(name));
        assertEquals(CaseResult.Status.PASS, r.status(), r.line());
    }
}
