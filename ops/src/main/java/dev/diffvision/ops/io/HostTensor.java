package dev.diffvision.ops.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A dense tensor in JVM memory: a shape, a {@link DType} and the elements in row-major (C) order in a
 * native-byte-order {@link ByteBuffer}. It is what decoders produce and {@code .npy} files hold, before the
 * data reaches an engine ({@link #toNDArray}), and what comes back from one ({@link #fromNDArray}).
 *
 * <p>Images follow the library's CHW convention: shape {@code (C, H, W)}, element {@code [c, y, x]} at
 * index {@code (c * H + y) * W + x}.
 *
 * <p>A {@code HostTensor} is immutable as far as this class is concerned: {@link #data()} hands out
 * read-only views. The constructor wraps the given buffer without copying, so the caller must not modify
 * that buffer afterwards. Instances are safe to share between threads.
 *
 * <pre>{@code
 * HostTensor t = HostTensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);  // shape (2, 3), FLOAT32
 * t.numElements();   // 6
 * t.byteSize();      // 24
 * try (NDManager m = NDManager.newBaseManager()) {
 *     NDArray a = t.toNDArray(m);                         // float32 (2, 3) on m's device
 *     HostTensor back = HostTensor.fromNDArray(a);        // copied back to the host
 * }
 * }</pre>
 */
public final class HostTensor {
    private final long[] shape;
    private final DType dtype;
    private final ByteBuffer data;

    /**
     * Wraps {@code data} (its remaining bytes, from position to limit) as a tensor, without copying.
     *
     * @param shape the dimensions, each {@code >= 0}; empty for a scalar (0-d tensor)
     * @param dtype the element type
     * @param data the elements in row-major order and native byte order ({@link ByteOrder#nativeOrder()});
     *     exactly {@code product(shape) * dtype.byteSize()} bytes must remain
     * @throws IllegalArgumentException if a dimension is negative, the size overflows a {@code ByteBuffer},
     *     or the number of bytes does not match the shape
     */
    public HostTensor(long[] shape, DType dtype, ByteBuffer data) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        this.shape = shape.clone();
        this.dtype = dtype;
        long expected = checkedByteSize(this.shape, dtype);
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("HostTensor: expected " + expected + " data bytes for shape "
                    + formatShape(this.shape) + " " + dtype + ", got " + data.remaining());
        }
        this.data = data.slice().order(ByteOrder.nativeOrder());
    }

    /**
     * A {@link DType#FLOAT32} tensor holding a copy of {@code values}.
     *
     * @param values the elements in row-major order
     * @param shape the dimensions; their product must equal {@code values.length}
     * @return a new tensor
     * @throws IllegalArgumentException if the shape does not match the number of values
     */
    public static HostTensor of(float[] values, long... shape) {
        ByteBuffer buf = allocate(values.length, DType.FLOAT32);
        buf.asFloatBuffer().put(values);
        return new HostTensor(shape, DType.FLOAT32, buf);
    }

    /**
     * A {@link DType#FLOAT64} tensor holding a copy of {@code values}.
     *
     * @param values the elements in row-major order
     * @param shape the dimensions; their product must equal {@code values.length}
     * @return a new tensor
     * @throws IllegalArgumentException if the shape does not match the number of values
     */
    public static HostTensor of(double[] values, long... shape) {
        ByteBuffer buf = allocate(values.length, DType.FLOAT64);
        buf.asDoubleBuffer().put(values);
        return new HostTensor(shape, DType.FLOAT64, buf);
    }

    /**
     * A {@link DType#UINT8} tensor holding a copy of {@code values}, each byte read as unsigned
     * ({@code (byte) 255} is 255).
     *
     * @param values the elements in row-major order
     * @param shape the dimensions; their product must equal {@code values.length}
     * @return a new tensor
     * @throws IllegalArgumentException if the shape does not match the number of values
     */
    public static HostTensor ofUint8(byte[] values, long... shape) {
        return new HostTensor(shape, DType.UINT8, ByteBuffer.wrap(values.clone()));
    }

    /**
     * A {@link DType#UINT16} tensor holding a copy of {@code values}, each short read as unsigned
     * ({@code (short) 65535} is 65535).
     *
     * @param values the elements in row-major order
     * @param shape the dimensions; their product must equal {@code values.length}
     * @return a new tensor
     * @throws IllegalArgumentException if the shape does not match the number of values
     */
    public static HostTensor ofUint16(short[] values, long... shape) {
        ByteBuffer buf = allocate(values.length, DType.UINT16);
        buf.asShortBuffer().put(values);
        return new HostTensor(shape, DType.UINT16, buf);
    }

    /**
     * Copies an engine tensor to the host ({@link NDArray#toByteBuffer()}, which also moves GPU data to
     * the CPU). The array itself is left untouched and still owned by its manager.
     *
     * @param array a uint8, uint16, float32 or float64 array of any shape, on any device
     * @return a host copy with the same shape and element type
     * @throws IllegalArgumentException for any other data type
     */
    public static HostTensor fromNDArray(NDArray array) {
        DType dtype = switch (array.getDataType()) {
            case UINT8 -> DType.UINT8;
            case UINT16 -> DType.UINT16;
            case FLOAT32 -> DType.FLOAT32;
            case FLOAT64 -> DType.FLOAT64;
            default -> throw new IllegalArgumentException(
                    "fromNDArray: expected dtype uint8, uint16, float32 or float64, got " + array.getDataType());
        };
        return new HostTensor(array.getShape().getShape(), dtype, array.toByteBuffer());
    }

    /**
     * The dimensions.
     *
     * @return a copy of the shape; empty for a scalar
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The number of dimensions.
     *
     * @return the length of {@link #shape()}
     */
    public int rank() {
        return shape.length;
    }

    /**
     * One dimension.
     *
     * @param axis {@code 0 <= axis < rank()}
     * @return the size of that dimension
     * @throws IndexOutOfBoundsException if the axis is out of range
     */
    public long dim(int axis) {
        return shape[Objects.checkIndex(axis, shape.length)];
    }

    /**
     * The element type.
     *
     * @return the dtype
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The elements as a read-only view sharing this tensor's storage, positioned at 0, in native byte order.
     *
     * @return a view of {@link #byteSize()} bytes
     */
    public ByteBuffer data() {
        return data.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    /**
     * The number of elements: the product of the shape (1 for a scalar).
     *
     * @return the element count
     */
    public long numElements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * The size of the data in bytes.
     *
     * @return {@code numElements() * dtype().byteSize()}
     */
    public long byteSize() {
        return data.capacity();
    }

    /**
     * The elements converted to float32 in row-major order. Integer types give their raw values
     * (a uint8 255 becomes 255f, not 1f; see {@link PixelRange} for scaling); float64 is rounded to
     * the nearest float32.
     *
     * @return a new array of {@link #numElements()} values
     */
    public float[] toFloatArray() {
        int n = (int) numElements();
        float[] out = new float[n];
        ByteBuffer buf = data();
        switch (dtype) {
            case UINT8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = buf.get(i) & 0xFF;
                }
            }
            case UINT16 -> {
                var shorts = buf.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = shorts.get(i) & 0xFFFF;
                }
            }
            case FLOAT32 -> buf.asFloatBuffer().get(out);
            case FLOAT64 -> {
                var doubles = buf.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = (float) doubles.get(i);
                }
            }
        }
        return out;
    }

    /**
     * Copies this tensor into a new engine array owned by {@code manager} (on its device) with the same
     * shape; the array never shares memory with this tensor. UINT8, FLOAT32 and FLOAT64 keep their type. UINT16 becomes float32 holding the raw values
     * 0..65535 (exactly representable), because libtorch's uint16 support is too thin to compute with; use
     * {@link PixelRange#toUnitFloat(NDArray, int)} with bit depth 16 to scale it to [0, 1].
     *
     * @param manager the owner of the result; closing it frees the array
     * @return a new array: uint8, float32 or float64
     */
    public NDArray toNDArray(NDManager manager) {
        Shape s = new Shape(shape);
        return switch (dtype) {
            case UINT8 -> manager.create(directCopy(), s, DataType.UINT8);
            case UINT16 -> manager.create(toFloatArray(), s);
            case FLOAT32 -> manager.create(directCopy(), s, DataType.FLOAT32);
            case FLOAT64 -> manager.create(directCopy(), s, DataType.FLOAT64);
        };
    }

    /**
     * A private direct copy of the data. DJL's PyTorch engine wraps a direct buffer in place on the CPU (and
     * copies anything else into a new direct buffer), so handing it our own storage would let in-place ops on
     * the array write into this tensor.
     */
    private ByteBuffer directCopy() {
        ByteBuffer copy = ByteBuffer.allocateDirect(data.capacity()).order(ByteOrder.nativeOrder());
        return copy.put(data()).flip();
    }

    /**
     * A short description such as {@code HostTensor(UINT8, (3, 480, 640))}.
     *
     * @return the dtype and shape
     */
    @Override
    public String toString() {
        return "HostTensor(" + dtype + ", " + formatShape(shape) + ")";
    }

    /** Formats a shape the way Python prints tuples: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String formatShape(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** A zeroed heap buffer of {@code count} elements of {@code dtype}, in native order. */
    static ByteBuffer allocate(long count, DType dtype) {
        long bytes = count * dtype.byteSize();
        if (count < 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("HostTensor: expected at most " + Integer.MAX_VALUE
                    + " data bytes, got " + count + " elements of " + dtype);
        }
        return ByteBuffer.allocate((int) bytes).order(ByteOrder.nativeOrder());
    }

    /** The byte size a shape needs, validating each dimension and the int-sized buffer limit. */
    static long checkedByteSize(long[] shape, DType dtype) {
        long bytes = dtype.byteSize();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "HostTensor: expected dimensions >= 0, got shape " + formatShape(shape));
            }
            bytes = d == 0 ? 0 : (bytes > Integer.MAX_VALUE / d ? Long.MAX_VALUE : bytes * d);
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("HostTensor: expected at most " + Integer.MAX_VALUE
                    + " data bytes, got shape " + formatShape(shape) + " " + dtype);
        }
        return bytes;
    }
}
