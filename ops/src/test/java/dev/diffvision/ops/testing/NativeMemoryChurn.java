package dev.diffvision.ops.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Provokes the hazard {@code core.Constants} guards against: a garbage collection frees the direct buffers of
 * unreachable DJL number operands, and fresh small direct buffers filled with NaN take their place, so a
 * libtorch tensor still pointing at such memory reads NaN instead of its value.
 *
 * <pre>{@code
 * NDArray y = op.apply(x);        // forward
 * NativeMemoryChurn.churn(3);      // free and overwrite what the Java side let go
 * y.sum().backward();              // backward reads only libtorch-owned memory if the op is safe
 * }</pre>
 */
public final class NativeMemoryChurn {

    private static final int BUFFERS_PER_ROUND = 2000;

    private NativeMemoryChurn() {}

    /**
     * @param rounds how many times to collect garbage and refill freed small chunks with NaN, {@code >= 1}
     */
    public static void churn(int rounds) {
        for (int round = 0; round < rounds; round++) {
            System.gc();
            List<ByteBuffer> held = new ArrayList<>(BUFFERS_PER_ROUND);
            for (int i = 0; i < BUFFERS_PER_ROUND; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(8);
                b.putDouble(0, Double.NaN);
                held.add(b);
            }
            held.clear();
        }
    }
}
