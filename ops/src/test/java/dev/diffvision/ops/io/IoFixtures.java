package dev.diffvision.ops.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Test resources under {@code /io/} (written by tools/gen_io_refs.py) and tensor comparison helpers. */
final class IoFixtures {
    private IoFixtures() {
    }

    /** The bytes of a class-path resource such as {@code "images/rgb8.png"} under {@code /io/}. */
    static byte[] resource(String name) {
        try (InputStream in = IoFixtures.class.getResourceAsStream("/io/" + name)) {
            assertNotNull(in, "missing test resource /io/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A NumPy-written reference array. */
    static HostTensor npy(String name) {
        return Npy.read(resource(name));
    }

    /** The repository's samples/images folder (tests run with the module directory as working directory). */
    static Path samplesDir() {
        Path dir = Path.of("..", "samples", "images");
        return Files.isDirectory(dir) ? dir : Path.of("samples", "images");
    }

    /** All elements as unsigned integers (UINT8 / UINT16) or truncated floats. */
    static int[] ints(HostTensor t) {
        float[] f = t.toFloatArray();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (int) f[i];
        }
        return out;
    }

    /** Same dtype, same shape, identical bytes. */
    static void assertSameTensor(HostTensor expected, HostTensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), "dtype");
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertEquals(expected.data(), actual.data(), "data");
    }

    /** The largest absolute difference between two tensors of equal shape. */
    static int maxAbsDiff(HostTensor expected, HostTensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        int[] a = ints(expected);
        int[] b = ints(actual);
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** The mean absolute difference between two tensors of equal shape. */
    static double meanAbsDiff(HostTensor expected, HostTensor actual) {
        int[] a = ints(expected);
        int[] b = ints(actual);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    /** A seeded uniformly random UINT8 or UINT16 tensor. */
    static HostTensor randomImage(DType dtype, Random random, long... shape) {
        ByteBuffer data = ByteBuffer.allocate((int) (dtype.byteSize() * count(shape))).order(ByteOrder.nativeOrder());
        random.nextBytes(data.array());
        return new HostTensor(shape, dtype, data);
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
