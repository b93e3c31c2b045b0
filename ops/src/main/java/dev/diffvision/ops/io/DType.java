package dev.diffvision.ops.io;

/**
 * Element type of a {@link HostTensor}: the four types images and {@code .npy} files need.
 *
 * <p>Each constant knows its size in bytes and its NumPy {@code descr} string as written in {@code .npy}
 * headers (little-endian, or byte-order-free {@code '|'} for one-byte types).
 *
 * <pre>{@code
 * DType.UINT16.byteSize();   // 2
 * DType.FLOAT32.npyDescr();  // "<f4"
 * }</pre>
 */
public enum DType {
    /** Unsigned 8-bit integer, values 0..255 (8-bit images); NumPy {@code '|u1'}. */
    UINT8(1, "|u1"),
    /** Unsigned 16-bit integer, values 0..65535 (16-bit PNG); NumPy {@code '<u2'}. */
    UINT16(2, "<u2"),
    /** IEEE 754 single precision; NumPy {@code '<f4'}. */
    FLOAT32(4, "<f4"),
    /** IEEE 754 double precision; NumPy {@code '<f8'}. */
    FLOAT64(8, "<f8");

    private final int byteSize;
    private final String npyDescr;

    DType(int byteSize, String npyDescr) {
        this.byteSize = byteSize;
        this.npyDescr = npyDescr;
    }

    /**
     * Size of one element in bytes.
     *
     * @return 1, 2, 4 or 8
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * The NumPy {@code descr} string this type is written with in {@code .npy} headers.
     *
     * @return {@code "|u1"}, {@code "<u2"}, {@code "<f4"} or {@code "<f8"}
     */
    public String npyDescr() {
        return npyDescr;
    }

    /**
     * Whether this is an unsigned integer type ({@link #UINT8} or {@link #UINT16}).
     *
     * @return true for the integer types, false for the floating-point ones
     */
    public boolean isInteger() {
        return this == UINT8 || this == UINT16;
    }
}
