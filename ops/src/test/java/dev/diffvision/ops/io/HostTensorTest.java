package dev.diffvision.ops.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;

import static dev.diffvision.ops.io.IoFixtures.assertSameTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link HostTensor}: validation, conversions, and the NDArray round trip on the test engine's device. */
class HostTensorTest extends OpTestBase {

    @Test
    void describesItself() {
        HostTensor t = HostTensor.ofUint8(new byte[24], 2, 3, 4);
        assertEquals(3, t.rank());
        assertEquals(3, t.dim(1));
        assertEquals(24, t.numElements());
        assertEquals(24, t.byteSize());
        assertEquals("HostTensor(UINT8, (2, 3, 4))", t.toString());
        assertEquals("HostTensor(FLOAT32, (3,))", HostTensor.of(new float[3], 3).toString());
        assertEquals("HostTensor(FLOAT64, ())", HostTensor.of(new double[] {1}).toString());
    }

    @Test
    void rejectsWrongDataSizeNamingExpectedAndActual() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostTensor.of(new float[5], 2, 3));
        assertEquals("HostTensor: expected 24 data bytes for shape (2, 3) FLOAT32, got 20", e.getMessage());
    }

    @Test
    void rejectsNegativeDimensions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HostTensor(new long[] {2, -1}, DType.UINT8, ByteBuffer.allocate(0)));
        assertEquals("HostTensor: expected dimensions >= 0, got shape (2, -1)", e.getMessage());
    }

    @Test
    void isImmutableFromOutside() {
        long[] shape = {2, 2};
        HostTensor t = HostTensor.of(new float[4], shape);
        shape[0] = 7;
        t.shape()[1] = 9;
        assertArrayEquals(new long[] {2, 2}, t.shape());
        assertThrows(ReadOnlyBufferException.class, () -> t.data().put(0, (byte) 1));
        assertEquals(ByteOrder.nativeOrder(), t.data().order());
    }

    @Test
    void wrapsTheRemainingBytesOfABuffer() {
        ByteBuffer buf = ByteBuffer.allocate(6);
        buf.put(new byte[] {9, 9, 1, 2, 3, 4}).position(2);
        HostTensor t = new HostTensor(new long[] {4}, DType.UINT8, buf);
        assertArrayEquals(new int[] {1, 2, 3, 4}, IoFixtures.ints(t));
    }

    @Test
    void toFloatArrayGivesRawValuesForIntegers() {
        assertArrayEquals(new float[] {0, 128, 255},
                HostTensor.ofUint8(new byte[] {0, (byte) 128, (byte) 255}, 3).toFloatArray());
        assertArrayEquals(new float[] {0, 40000, 65535},
                HostTensor.ofUint16(new short[] {0, (short) 40000, (short) 65535}, 3).toFloatArray());
        assertArrayEquals(new float[] {0.1f, 1e30f}, HostTensor.of(new double[] {0.1, 1e30}, 2).toFloatArray());
    }

    @Test
    void roundTripsThroughNdArrayKeepingDtype() {
        HostTensor[] tensors = {
            HostTensor.ofUint8(new byte[] {0, 7, (byte) 255, 1, 2, 3}, 1, 2, 3),
            HostTensor.of(new float[] {1.5f, -2f, 3f, 4f}, 2, 2),
            HostTensor.of(new double[] {Math.PI, -1e300}, 2),
            HostTensor.of(new float[] {42f}),
            HostTensor.of(new float[0], 0, 3),
        };
        for (HostTensor t : tensors) {
            NDArray a = t.toNDArray(manager);
            assertEquals(new Shape(t.shape()), a.getShape(), t.toString());
            assertEquals(manager.getDevice(), a.getDevice());
            assertSameTensor(t, HostTensor.fromNDArray(a));
        }
    }

    @Test
    void uint16BecomesFloat32RawValues() {
        NDArray a = HostTensor.ofUint16(new short[] {0, 1, (short) 65535}, 3).toNDArray(manager);
        assertEquals(DataType.FLOAT32, a.getDataType());
        assertArrayEquals(new float[] {0f, 1f, 65535f}, a.toFloatArray());
    }

    @Test
    void ndArrayDoesNotAliasTheHostBuffer() {
        ByteBuffer direct = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        direct.putFloat(0, 1f).putFloat(4, 2f);
        NDArray a = new HostTensor(new long[] {2}, DType.FLOAT32, direct).toNDArray(manager);
        direct.putFloat(0, 99f);
        assertArrayEquals(new float[] {1f, 2f}, a.toFloatArray());
    }

    @Test
    void fromNdArrayCopiesNonContiguousViewsInCOrder() {
        NDArray a = manager.arange(6f).reshape(2, 3).transpose();
        HostTensor t = HostTensor.fromNDArray(a);
        assertArrayEquals(new long[] {3, 2}, t.shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.toFloatArray());
    }

    @Test
    void fromNdArrayRejectsOtherDtypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostTensor.fromNDArray(manager.arange(3)));
        assertEquals("fromNDArray: expected dtype uint8, uint16, float32 or float64, got int32", e.getMessage());
    }
}
