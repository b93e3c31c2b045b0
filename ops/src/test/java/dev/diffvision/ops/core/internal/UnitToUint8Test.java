package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.io.PixelRange;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Aten#unitToUint8}: {@code floor(clamp(x, 0, 1) * 255 + 0.5)} evaluated with the input's precision, checked
 * exactly against the same formula in Java float / double arithmetic (IEEE, one rounding per operation, as
 * libtorch's element-wise kernels) on every level, both sides of every rounding boundary {@code (k + 0.5) / 255},
 * values outside [0, 1], NaN and infinities (NaN and -inf -> 0, +inf -> 255); the same for {@link UnitToUint8Simd},
 * the Java SIMD kernel that float32 CPU tensors take, over several chunks and a vector tail; and
 * {@link PixelRange#toUint8}, the public entry, giving the same bytes on both roads.
 */
class UnitToUint8Test extends OpTestBase {

    @Test
    void float32MatchesTheFormulaBitForBit() {
        float[] x = values();
        NDArray in = manager.create(x, new Shape(2, x.length / 2));
        NDArray out = Aten.unitToUint8(in);
        assertEquals(DataType.UINT8, out.getDataType());
        assertEquals(in.getShape(), out.getShape());
        assertArrayEquals(float32Formula(x), out.toByteArray());
    }

    /** {@code floor(clamp(x, 0, 1) * 255 + 0.5)} in float arithmetic, NaN to 0. */
    private static byte[] float32Formula(float[] x) {
        byte[] expected = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            expected[i] = (byte) (Float.isNaN(v) ? 0 : Math.floor(Math.min(1f, Math.max(0f, v)) * 255f + 0.5f));
        }
        return expected;
    }

    @Test
    void simdKernelMatchesTheFormulaBitForBit() {
        float[] levels = values();
        float[] x = new float[3 * 65_536 + 13]; // three chunks and a part, the last vector a tail
        for (int i = 0; i < x.length; i++) {
            x[i] = i < levels.length ? levels[i] : levels[(int) ((i * 2_654_435_761L) % levels.length)];
        }
        NDArray in = manager.create(x, new Shape(x.length));
        assertTrue(SimdKernels.applies(in), "the test JVM should run the SIMD kernels (--add-modules)");
        NDArray out = UnitToUint8Simd.quantise(in);
        assertEquals(DataType.UINT8, out.getDataType());
        assertEquals(in.getShape(), out.getShape());
        assertArrayEquals(float32Formula(x), out.toByteArray());
    }

    @Test
    void pixelRangeQuantisesLikeTheModuleOnBothRoads() {
        NDArray in = manager.create(values(), new Shape(4, values().length / 4));
        byte[] module = Aten.unitToUint8(in).toByteArray();
        NDArray out = PixelRange.toUint8(in);
        assertEquals(in.getManager(), out.getManager());
        assertArrayEquals(module, out.toByteArray());
        boolean before = SimdKernels.enabled(false);
        try {
            assertArrayEquals(module, PixelRange.toUint8(in).toByteArray());
        } finally {
            SimdKernels.enabled(before);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelRange.toUint8(manager.create(new int[] {1, 2})));
        assertTrue(e.getMessage().startsWith("toUint8: "), e.getMessage());
    }

    @Test
    void float64MatchesTheFormulaBitForBit() {
        float[] f = values();
        double[] x = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            x[i] = f[i] + (i % 3 == 0 ? 1e-12 : 0);
        }
        NDArray out = Aten.unitToUint8(manager.create(x));
        byte[] expected = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            expected[i] = (byte) (Double.isNaN(v) ? 0 : Math.floor(Math.min(1, Math.max(0, v)) * 255 + 0.5));
        }
        assertArrayEquals(expected, out.toByteArray());
    }

    /** Every level, the neighbours of every rounding boundary, out-of-range and non-finite values. */
    private static float[] values() {
        float[] v = new float[256 * 4 + 8];
        int n = 0;
        for (int k = 0; k < 256; k++) {
            v[n++] = k / 255f;
            float boundary = (k + 0.5f) / 255f;
            v[n++] = Math.nextDown(boundary);
            v[n++] = boundary;
            v[n++] = Math.nextUp(boundary);
        }
        for (float f : new float[] {-1f, -1e-7f, 1.0000001f, 2f, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, 0.5f}) {
            v[n++] = f;
        }
        return v;
    }
}
