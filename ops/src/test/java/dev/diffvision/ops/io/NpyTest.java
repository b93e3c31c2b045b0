package dev.diffvision.ops.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.diffvision.ops.io.IoFixtures.assertSameTensor;
import static dev.diffvision.ops.io.IoFixtures.npy;
import static dev.diffvision.ops.io.IoFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Npy} against files written by NumPy 1.24 (tools/gen_io_refs.py): values are asserted exactly, and
 * what we write must be byte-identical to {@code numpy.save}'s output for the same array.
 */
class NpyTest extends OpTestBase {

    @Test
    void readsFloat32WrittenByNumpy() {
        HostTensor t = npy("npy/f4_2x3.npy");
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new long[] {2, 3}, t.shape());
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f}, t.toFloatArray());
    }

    @Test
    void readsSpecialFloat32Values() {
        float[] v = npy("npy/f4_special.npy").toFloatArray();
        assertArrayEquals(new float[] {0.1f, -2.5f, 1e-30f, 3.0e38f, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY}, Arrays.copyOf(v, 6));
        assertTrue(Float.isNaN(v[6]));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(v[7]), "negative zero kept");
    }

    @Test
    void readsFloat64IncludingScalarAndSubnormal() {
        HostTensor scalar = npy("npy/f8_scalar.npy");
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.numElements());
        assertEquals(Math.PI, scalar.data().getDouble(0));

        HostTensor t = npy("npy/f8_2x2.npy");
        assertArrayEquals(new long[] {2, 2}, t.shape());
        double[] v = new double[4];
        t.data().asDoubleBuffer().get(v);
        assertArrayEquals(new double[] {1.0 / 3.0, -1e300, Double.MIN_VALUE, 42.0}, v);
    }

    @Test
    void readsUnsignedIntegers() {
        HostTensor u1 = npy("npy/u1_5.npy");
        assertEquals(DType.UINT8, u1.dtype());
        assertArrayEquals(new long[] {5}, u1.shape());
        assertArrayEquals(new int[] {0, 1, 127, 128, 255}, IoFixtures.ints(u1));

        HostTensor u2 = npy("npy/u2_2x3.npy");
        assertEquals(DType.UINT16, u2.dtype());
        assertArrayEquals(new int[] {0, 1, 255, 256, 32768, 65535}, IoFixtures.ints(u2));
    }

    @Test
    void convertsBigEndianFilesToNativeOrder() {
        assertArrayEquals(new float[] {1.5f, -2.25f, 1e10f}, npy("npy/f4_be.npy").toFloatArray());
        HostTensor u2 = npy("npy/u2_be.npy");
        assertEquals(DType.UINT16, u2.dtype());
        assertArrayEquals(new int[] {1, 258, 65535}, IoFixtures.ints(u2));
        HostTensor f8 = npy("npy/f8_be.npy");
        assertArrayEquals(new long[] {2, 1}, f8.shape());
        assertEquals(-0.125, f8.data().getDouble(0));
        assertEquals(1e-300, f8.data().getDouble(8));
    }

    @Test
    void readsFormatVersions2And3() {
        HostTensor v1 = npy("npy/f4_2x3.npy");
        assertSameTensor(v1, npy("npy/f4_v2.npy"));
        assertSameTensor(v1, npy("npy/f4_v3.npy"));
    }

    @Test
    void readsEmptyAndHigherRankArrays() {
        HostTensor empty = npy("npy/f4_0x3.npy");
        assertArrayEquals(new long[] {0, 3}, empty.shape());
        assertEquals(0, empty.byteSize());

        HostTensor t = npy("npy/f4_1x2x3x4.npy");
        assertArrayEquals(new long[] {1, 2, 3, 4}, t.shape());
        assertEquals(23f, t.toFloatArray()[23]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"f4_2x3", "f4_special", "f8_scalar", "f8_2x2", "u1_5", "u2_2x3", "f4_0x3", "f4_1x2x3x4"})
    void writesExactlyWhatNumpySaveWrites(String name) {
        byte[] numpyBytes = resource("npy/" + name + ".npy");
        assertArrayEquals(numpyBytes, Npy.toBytes(Npy.read(numpyBytes)));
    }

    @Test
    void roundTripsEveryDtype() {
        HostTensor[] tensors = {
            HostTensor.of(new float[] {1.25f, -3f, Float.MAX_VALUE, Float.MIN_VALUE, 0f, 7f}, 3, 2),
            HostTensor.of(new double[] {Math.E, -1e-310}, 2),
            HostTensor.ofUint8(new byte[] {0, 1, (byte) 200, (byte) 255}, 2, 1, 2),
            HostTensor.ofUint16(new short[] {0, 1000, (short) 40000, (short) 65535}, 4),
            HostTensor.of(new float[] {5f}),
        };
        for (HostTensor t : tensors) {
            HostTensor back = Npy.read(Npy.toBytes(t));
            assertSameTensor(t, back);
        }
    }

    @Test
    void headerIsPaddedTo64BytesAndEndsWithNewline() {
        byte[] bytes = Npy.toBytes(HostTensor.of(new float[6], 2, 3));
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64);
        assertEquals('\n', bytes[10 + headerLength - 1]);
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
    }

    @Test
    void readsFromStreamWithoutConsumingMore() {
        byte[] one = resource("npy/u1_5.npy");
        byte[] two = resource("npy/f4_2x3.npy");
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        ByteArrayInputStream in = new ByteArrayInputStream(both);
        assertEquals(DType.UINT8, Npy.read(in).dtype());
        assertEquals(DType.FLOAT32, Npy.read(in).dtype());
        assertEquals(0, in.available());
    }

    @Test
    void writesToStreamAndPath(@TempDir Path dir) {
        HostTensor t = HostTensor.ofUint16(new short[] {3, 2, 1}, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(t, out);
        assertSameTensor(t, Npy.read(out.toByteArray()));
        Path file = dir.resolve("t.npy");
        Npy.write(t, file);
        assertSameTensor(t, Npy.read(file));
    }

    @Test
    void ndArrayConvenienceRoundTrip(@TempDir Path dir) {
        NDArray a = manager.arange(12f).reshape(3, 4);
        Path file = dir.resolve("a.npy");
        Npy.write(a, file);
        NDArray back = Npy.read(manager, file);
        assertEquals(new Shape(3, 4), back.getShape());
        assertEquals(DataType.FLOAT32, back.getDataType());
        assertArrayEquals(a.toFloatArray(), back.toFloatArray());
    }

    @Test
    void rejectsFortranOrder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> npy("npy/f4_fortran.npy"));
        assertEquals("npy: expected fortran_order False (C order), got True", e.getMessage());
    }

    @Test
    void rejectsUnsupportedDtype() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> npy("npy/i4_3.npy"));
        assertTrue(e.getMessage().startsWith("npy: expected descr '<f4', '<f8', '|u1' or '<u2'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("got '<i4'"), e.getMessage());
    }

    @Test
    void acceptsUint8DescrSpellings() {
        for (String descr : new String[] {"|u1", "<u1", "u1"}) {
            byte[] bytes = withHeader("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2,), }", 2);
            assertArrayEquals(new int[] {0, 0}, IoFixtures.ints(Npy.read(bytes)), descr);
        }
    }

    @Test
    void parsesHeaderVariants() {
        // Double quotes, reordered keys, no trailing comma, Python 2 long literal, extra spaces.
        byte[] bytes = withHeader("{\"shape\": ( 1L , 2 ),'fortran_order':False , 'descr':'<f4'}", 8);
        assertArrayEquals(new long[] {1, 2}, Npy.read(bytes).shape());
    }

    @Test
    void rejectsBadMagic() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.read("PK\u0003\u0004 not npy".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("npy: expected magic \\x93NUMPY, got PK\\x03\\x04 n", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Npy.read(new byte[] {(byte) 0x93, 'N'}));
        assertEquals("npy: expected magic \\x93NUMPY, got \\x93N (2 bytes, truncated file)", e.getMessage());
    }

    @Test
    void rejectsUnknownVersion() {
        byte[] bytes = resource("npy/f4_2x3.npy");
        bytes[6] = 4;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(bytes));
        assertEquals("npy: expected format version 1.0, 2.0 or 3.0, got 4.0", e.getMessage());
    }

    @Test
    void rejectsTruncatedHeaderAndData() {
        byte[] full = resource("npy/f4_2x3.npy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.read(Arrays.copyOf(full, 40)));
        assertEquals("npy: expected 118 bytes of header, got 30 (truncated file)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Npy.read(Arrays.copyOf(full, full.length - 3)));
        assertEquals("npy: expected 24 data bytes for shape (2, 3) <f4, got 21 (truncated file)", e.getMessage());
    }

    @Test
    void rejectsMalformedHeaders() {
        String[] bad = {
            "{'descr': '<f4', 'fortran_order': False}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1, }",
            "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }",
            "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)",
            "['descr', '<f4']",
        };
        for (String header : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Npy.read(withHeader(header, 8)), header);
            assertTrue(e.getMessage().startsWith("npy: expected "), e.getMessage());
        }
    }

    @Test
    void rejectsShapesTooLargeForOneBuffer() {
        byte[] bytes = withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }", 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(bytes));
        assertTrue(e.getMessage().contains("expected at most 2147483647 data bytes"), e.getMessage());
    }

    /** A version 1.0 file with the given header text followed by {@code dataBytes} zero bytes. */
    private static byte[] withHeader(String header, int dataBytes) {
        byte[] text = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + text.length + dataBytes];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) text.length, (byte) (text.length >> 8)};
        System.arraycopy(magic, 0, out, 0, magic.length);
        System.arraycopy(text, 0, out, 10, text.length);
        return out;
    }
}
