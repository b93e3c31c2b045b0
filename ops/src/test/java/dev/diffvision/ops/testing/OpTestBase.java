package dev.diffvision.ops.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.DiffVisionEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Base class of op tests: a fresh NDManager per test (closed after it, so leaks show up as growth), a seeded
 * RNG, and comparison helpers that state the tolerance.
 */
public abstract class OpTestBase {

    /** Closed after each test. */
    protected NDManager manager;
    /** Seeded per test, so failures reproduce. */
    protected Random random;

    @BeforeEach
    void openManager() {
        DiffVisionEngine.start();
        manager = DiffVisionEngine.newManager();
        random = new Random(1234);
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /**
     * A uniform [0, 1) tensor from the seeded RNG.
     *
     * @param dtype float32 or float64
     * @param shape its shape
     * @return the tensor, owned by {@link #manager}
     */
    protected NDArray rand(DataType dtype, long... shape) {
        double[] v = new double[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble();
        }
        return manager.create(v, new Shape(shape)).toType(dtype, false);
    }

    /**
     * Asserts equal shapes and element-wise {@code |actual - expected| <= atol}.
     *
     * @param expected the reference
     * @param actual the op's output
     * @param atol absolute tolerance
     */
    protected static void assertClose(NDArray expected, NDArray actual, double atol) {
        assertEquals(expected.getShape(), actual.getShape(), "shape");
        assertArrayEquals(expected.toType(DataType.FLOAT64, false).toDoubleArray(),
                actual.toType(DataType.FLOAT64, false).toDoubleArray(), atol);
    }

    /**
     * Asserts that a batched output equals the op applied to each item alone (a batch of one), item by item.
     *
     * @param batch the op's output on {@code x}, {@code (B, ...)}
     * @param x the batch, {@code (B, ...)}
     * @param op the op
     * @param atol absolute tolerance
     */
    protected static void assertPerItem(NDArray batch, NDArray x, UnaryOperator<NDArray> op, double atol) {
        for (long b = 0; b < x.getShape().get(0); b++) {
            String item = b + ":" + (b + 1);
            assertClose(op.apply(x.get(item)), batch.get(item), atol);
        }
    }
}
