package dev.diffvision.ops.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link PixelRange}: raw / (2^bits - 1) in float32, on the input's manager and device, input untouched. */
class PixelRangeTest extends OpTestBase {

    @Test
    void scalesUint8ArraysBy255() {
        NDArray raw = manager.create(new byte[] {0, (byte) 51, (byte) 255}, new Shape(1, 1, 3))
                .toType(DataType.UINT8, false);
        NDArray unit = PixelRange.toUnitFloat(raw, 8);
        assertEquals(DataType.FLOAT32, unit.getDataType());
        assertEquals(raw.getShape(), unit.getShape());
        assertEquals(raw.getDevice(), unit.getDevice());
        assertSame(raw.getManager(), unit.getManager());
        assertArrayEquals(new float[] {0f, 0.2f, 1f}, unit.toFloatArray(), 1e-7f);
    }

    @Test
    void doesNotModifyAFloatInput() {
        NDArray raw = manager.create(new float[] {0f, 65535f});
        NDArray unit = PixelRange.toUnitFloat(raw, 16);
        assertArrayEquals(new float[] {0f, 65535f}, raw.toFloatArray());
        assertArrayEquals(new float[] {0f, 1f}, unit.toFloatArray());
    }

    @Test
    void hostTensorsTakeTheBitDepthFromTheirDtype() {
        NDArray a = PixelRange.toUnitFloat(HostTensor.ofUint8(new byte[] {0, (byte) 255}, 2), manager);
        assertArrayEquals(new float[] {0f, 1f}, a.toFloatArray());
        NDArray b = PixelRange.toUnitFloat(HostTensor.ofUint16(new short[] {(short) 65535, 0, 257}, 3, 1), manager);
        assertEquals(new Shape(3, 1), b.getShape());
        assertEquals(DataType.FLOAT32, b.getDataType());
        assertArrayEquals(new float[] {1f, 0f, 257f / 65535f}, b.toFloatArray(), 1e-7f);
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelRange.toUnitFloat(manager.zeros(new Shape(2)), 10));
        assertEquals("toUnitFloat: expected bitDepth 8 or 16, got 10", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PixelRange.toUnitFloat(HostTensor.of(new float[2], 2), manager));
        assertEquals("toUnitFloat: expected a UINT8 or UINT16 tensor, got HostTensor(FLOAT32, (2,))", e.getMessage());
    }
}
