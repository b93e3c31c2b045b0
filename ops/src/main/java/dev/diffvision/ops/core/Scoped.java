package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.util.function.Supplier;

/**
 * Runs an operator body so that every intermediate NDArray is freed when it returns and only the result
 * survives, attached to the manager of the first input (DJL's ownership rule).
 *
 * <p>The inputs are temporarily attached to a sub-manager for the duration of the body, so that everything
 * the body derives from them lands in that sub-manager; on exit the sub-manager is closed, the inputs return
 * to their own managers and the result is attached to the first input's manager. Inputs are never modified or
 * closed. Autograd is unaffected: libtorch's graph keeps what backward needs.
 *
 * <pre>{@code
 * NDArray out = Scoped.run(() -> x.mul(2).add(1), x);   // the x.mul(2) temporary is freed
 * }</pre>
 */
public final class Scoped {

    private Scoped() {}

    /**
     * Evaluates {@code body} with {@code inputs} scoped; see the class comment.
     *
     * @param body computes the result from the inputs
     * @param inputs the op's tensor inputs; the first one's manager receives the result
     * @return the result, owned by {@code inputs[0].getManager()}
     */
    public static NDArray run(Supplier<NDArray> body, NDArray... inputs) {
        return runList(() -> new NDList(body.get()), inputs).singletonOrThrow();
    }

    /**
     * {@link #run} for an op with several results (e.g. {@code canny}'s magnitude and edges): every array of
     * the returned list is attached to the first input's manager.
     *
     * @param body computes the results from the inputs
     * @param inputs the op's tensor inputs; the first one's manager receives the results
     * @return the results, owned by {@code inputs[0].getManager()}
     */
    public static NDList runList(Supplier<NDList> body, NDArray... inputs) {
        NDManager owner = inputs[0].getManager();
        try (NDManager scope = owner.newSubManager()) {
            for (int i = 0; i < inputs.length; i++) {
                if (!repeats(inputs, i)) {
                    inputs[i].tempAttach(scope); // once per array: a second attach would hand it to the scope
                }
            }
            NDList result = body.get();
            result.attach(owner);
            return result;
        }
    }

    /** Whether {@code inputs[i]} already occurs earlier (an op called with the same array twice). */
    private static boolean repeats(NDArray[] inputs, int i) {
        for (int j = 0; j < i; j++) {
            if (inputs[j] == inputs[i]) {
                return true;
            }
        }
        return false;
    }
}
