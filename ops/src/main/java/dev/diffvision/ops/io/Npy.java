package dev.diffvision.ops.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes NumPy's {@code .npy} format (one array per file), the interchange format for reference
 * data and for tensors leaving the JVM.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0, C order, and the element types of {@link DType}:
 * {@code '<f4'}, {@code '<f8'}, {@code '|u1'} (also {@code '<u1'}, {@code 'u1'}) and {@code '<u2'}.
 * Big-endian files ({@code '>f4'}, {@code '>f8'}, {@code '>u2'}) are converted to native order on reading.
 * Fortran-order files, other element types and structured dtypes are rejected. Writing produces what
 * {@code numpy.save} produces: version 1.0 (2.0 only when the header exceeds 65535 bytes), little-endian,
 * header padded so the data starts at a multiple of 64 bytes.
 *
 * <p>Malformed input (bad magic, unknown version, unparsable header, truncated data) raises an
 * {@link IllegalArgumentException} whose message starts with {@code npy:} and says what was expected and
 * what was found. I/O failures of the underlying stream or file raise {@link UncheckedIOException}.
 *
 * <pre>{@code
 * HostTensor t = Npy.read(Path.of("expected.npy"));   // e.g. FLOAT32 (3, 32, 32)
 * byte[] bytes = Npy.toBytes(t);                      // numpy.load(io.BytesIO(bytes)) gives it back
 * try (NDManager m = NDManager.newBaseManager()) {
 *     NDArray a = Npy.read(m, Path.of("expected.npy"));
 * }
 * }</pre>
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Largest header accepted; NumPy itself refuses headers over 10000 bytes by default. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int ALIGN = 64;

    private Npy() {
    }

    /**
     * Reads one array from a stream, consuming exactly the header and the data (the stream is not closed).
     *
     * @param in a stream positioned at the start of a {@code .npy} file
     * @return the array, data in native byte order
     * @throws IllegalArgumentException if the bytes are not a supported {@code .npy} file
     * @throws UncheckedIOException if reading the stream fails
     */
    public static HostTensor read(InputStream in) {
        try {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("npy: expected magic \\x93NUMPY, got " + escape(magic)
                        + (magic.length < MAGIC.length ? " (" + magic.length + " bytes, truncated file)" : ""));
            }
            byte[] version = readFully(in, 2, "format version");
            int major = version[0] & 0xFF;
            if (major < 1 || major > 3 || version[1] != 0) {
                throw new IllegalArgumentException("npy: expected format version 1.0, 2.0 or 3.0, got "
                        + major + "." + (version[1] & 0xFF));
            }
            ByteBuffer lengthField = ByteBuffer.wrap(readFully(in, major == 1 ? 2 : 4, "header length"))
                    .order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = major == 1 ? lengthField.getShort() & 0xFFFF : lengthField.getInt() & 0xFFFFFFFFL;
            if (headerLength > MAX_HEADER_BYTES) {
                throw new IllegalArgumentException("npy: expected a header of at most " + MAX_HEADER_BYTES
                        + " bytes, got " + headerLength);
            }
            byte[] headerBytes = readFully(in, (int) headerLength, "header");
            String headerText = new String(headerBytes,
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            NpyHeader header = NpyHeader.parse(headerText);
            int byteSize = (int) HostTensor.checkedByteSize(header.shape(), header.dtype());
            byte[] data = in.readNBytes(byteSize);
            if (data.length < byteSize) {
                throw new IllegalArgumentException("npy: expected " + byteSize + " data bytes for shape "
                        + HostTensor.formatShape(header.shape()) + " " + header.dtype().npyDescr() + ", got "
                        + data.length + " (truncated file)");
            }
            if (header.byteOrder() != ByteOrder.nativeOrder()) {
                swapBytes(data, header.dtype().byteSize());
            }
            return new HostTensor(header.shape(), header.dtype(), ByteBuffer.wrap(data));
        } catch (IOException e) {
            throw new UncheckedIOException("npy: reading failed", e);
        }
    }

    /**
     * Reads one array from the bytes of a {@code .npy} file (trailing bytes are ignored).
     *
     * @param bytes the file's content
     * @return the array
     * @throws IllegalArgumentException if the bytes are not a supported {@code .npy} file
     */
    public static HostTensor read(byte[] bytes) {
        return read(new ByteArrayInputStream(bytes));
    }

    /**
     * Reads one array from a file.
     *
     * @param path a {@code .npy} file
     * @return the array
     * @throws IllegalArgumentException if the file is not a supported {@code .npy} file
     * @throws UncheckedIOException if the file cannot be read
     */
    public static HostTensor read(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("npy: cannot read " + path, e);
        }
    }

    /**
     * Reads one array from a file into a new engine array ({@link HostTensor#toNDArray}: uint16 files become
     * float32 holding the raw values).
     *
     * @param manager the owner of the result
     * @param path a {@code .npy} file
     * @return uint8, float32 or float64 array with the file's shape, on the manager's device
     * @throws IllegalArgumentException if the file is not a supported {@code .npy} file
     * @throws UncheckedIOException if the file cannot be read
     */
    public static NDArray read(NDManager manager, Path path) {
        return read(path).toNDArray(manager);
    }

    /**
     * Writes a tensor in {@code .npy} format to a stream (not closed, not flushed beyond what it buffers).
     *
     * @param tensor any shape and dtype
     * @param out the destination
     * @throws UncheckedIOException if writing fails
     */
    public static void write(HostTensor tensor, OutputStream out) {
        try {
            out.write(header(tensor));
            ByteBuffer data = tensor.data();
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                swapBytes(copy, tensor.dtype().byteSize());
                data = ByteBuffer.wrap(copy);
            }
            WritableByteChannel channel = Channels.newChannel(out);
            while (data.hasRemaining()) {
                channel.write(data);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("npy: writing failed", e);
        }
    }

    /**
     * The bytes of a {@code .npy} file holding {@code tensor}.
     *
     * @param tensor any shape and dtype
     * @return the file content
     */
    public static byte[] toBytes(HostTensor tensor) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) tensor.byteSize() + ALIGN * 2);
        write(tensor, out);
        return out.toByteArray();
    }

    /**
     * Writes a tensor to a {@code .npy} file, replacing any existing file.
     *
     * @param tensor any shape and dtype
     * @param path the destination
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(HostTensor tensor, Path path) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            write(tensor, out);
        } catch (IOException e) {
            throw new UncheckedIOException("npy: cannot write " + path, e);
        }
    }

    /**
     * Copies an engine array to the host and writes it to a {@code .npy} file ({@link HostTensor#fromNDArray}).
     *
     * @param array a uint8, uint16, float32 or float64 array on any device; left untouched
     * @param path the destination
     * @throws IllegalArgumentException for other data types
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(NDArray array, Path path) {
        write(HostTensor.fromNDArray(array), path);
    }

    /** Magic, version, header length and the padded header dictionary, as numpy.save writes them. */
    private static byte[] header(HostTensor tensor) {
        String dict = new NpyHeader(tensor.dtype(), ByteOrder.LITTLE_ENDIAN, tensor.shape()).format();
        int major = paddedLength(dict, MAGIC.length + 4) > 0xFFFF ? 2 : 1;
        int preamble = MAGIC.length + (major == 1 ? 4 : 6);
        int padded = paddedLength(dict, preamble);
        ByteBuffer buf = ByteBuffer.allocate(preamble + padded).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            buf.putShort((short) padded);
        } else {
            buf.putInt(padded);
        }
        buf.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (buf.position() < buf.capacity() - 1) {
            buf.put((byte) ' ');
        }
        buf.put((byte) '\n');
        return buf.array();
    }

    /** Length of the dictionary plus newline, space-padded so that preamble + header is a multiple of 64. */
    private static int paddedLength(String dict, int preamble) {
        int unpadded = dict.length() + 1;
        return unpadded + Math.floorMod(-(preamble + unpadded), ALIGN);
    }

    private static byte[] readFully(InputStream in, int n, String what) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new IllegalArgumentException("npy: expected " + n + " bytes of " + what + ", got "
                    + bytes.length + " (truncated file)");
        }
        return bytes;
    }

    /** Reverses the byte order of each {@code elementSize}-byte element in place. */
    private static void swapBytes(byte[] data, int elementSize) {
        for (int i = 0; i < data.length; i += elementSize) {
            for (int a = i, b = i + elementSize - 1; a < b; a++, b--) {
                byte t = data[a];
                data[a] = data[b];
                data[b] = t;
            }
        }
    }

    /** Bytes as a Python bytes literal body: printable ASCII as is, others as {@code \xNN}. */
    private static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int v = b & 0xFF;
            sb.append(v >= 0x20 && v < 0x7F && v != '\\' ? String.valueOf((char) v) : String.format("\\x%02x", v));
        }
        return sb.toString();
    }
}
