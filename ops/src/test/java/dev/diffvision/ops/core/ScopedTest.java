package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Scoped.run's ownership rules, including an input passed twice (e.g. {@code solve(a, a)}). */
class ScopedTest extends OpTestBase {

    @Test
    void resultAndInputsBelongToTheCallersManager() {
        NDArray x = rand(DataType.FLOAT32, 2, 3);
        NDArray y = Scoped.run(() -> x.mul(2).add(1), x);
        assertSame(manager, x.getManager());
        assertSame(manager, y.getManager());
    }

    @Test
    void anInputPassedTwiceReturnsToItsOwnManager() {
        NDArray a = rand(DataType.FLOAT64, 2, 2);
        NDArray sum = Scoped.run(() -> a.add(a), a, a);
        assertSame(manager, a.getManager());
        assertArrayEquals(a.mul(2).toDoubleArray(), sum.toDoubleArray(), 0);
        // still usable in a later op
        Scoped.run(() -> a.mul(a), a, a);
        assertSame(manager, a.getManager());
    }
}
