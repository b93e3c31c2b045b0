package dev.diffvision.spark;

import ai.djl.ndarray.NDArray;
import org.apache.arrow.memory.ArrowBuf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A batch's results on their way back to rows: one device-to-host copy of the whole result tensor into one pooled
 * Arrow buffer, then each image's bytes read from that buffer. The counterpart of {@link ArrowImageBatch} on the
 * way out.
 *
 * <p>The copy reads the tensor's own host memory through a direct view ({@code toByteBuffer(true)}: no
 * intermediate Java array; a GPU tensor is first copied to the host once by DJL), so the batch's native arrays
 * can be closed as soon as this object exists, before the slower per-image work (encoding PNG/JPEG, building
 * rows) begins. Contents are native byte order (little-endian on x86 and ARM), row-major, the tensor's dtype.
 *
 * <pre>{@code
 * try (ArrowResultBatch out = ArrowResultBatch.copyOf(result, pool)) {   // result: (B, C, H, W) float32
 *     byte[] first = out.bytes(0, perImageBytes);
 * }
 * }</pre>
 */
final class ArrowResultBatch implements AutoCloseable {

    private final ArrowBuf buffer;
    private final ArrowBufferPool pool;
    private final long size;

    private ArrowResultBatch(ArrowBuf buffer, ArrowBufferPool pool, long size) {
        this.buffer = buffer;
        this.pool = pool;
        this.size = size;
    }

    /**
     * Copies a tensor's elements into a buffer from {@code pool}.
     *
     * @param result any shape and dtype, on any device; made contiguous first if it is a strided view
     * @param pool where the buffer comes from (and goes back to on {@link #close()})
     * @return the copy; close it when done
     */
    static ArrowResultBatch copyOf(NDArray result, ArrowBufferPool pool) {
        ByteBuffer view = result.toByteBuffer(true);
        long bytes = view.remaining();
        ArrowBuf buf = pool.take(bytes);
        buf.setBytes(0, view);
        return new ArrowResultBatch(buf, pool, bytes);
    }

    /** @return the number of bytes held */
    long size() {
        return size;
    }

    /**
     * @param offset first byte, {@code >= 0}
     * @param length number of bytes; {@code offset + length <= size()}
     * @return a copy of those bytes (what a row's binary field holds)
     * @throws IndexOutOfBoundsException outside the held bytes
     */
    byte[] bytes(long offset, int length) {
        checkRange(offset, length);
        byte[] out = new byte[length];
        buffer.getBytes(offset, out);
        return out;
    }

    /**
     * @param offset first byte, {@code >= 0}
     * @param length number of bytes; {@code offset + length <= size()}
     * @return a native-order view of those bytes without a copy, valid until {@link #close()}
     * @throws IndexOutOfBoundsException outside the held bytes
     */
    ByteBuffer view(long offset, int length) {
        checkRange(offset, length);
        return buffer.nioBuffer(offset, length).order(ByteOrder.nativeOrder());
    }

    /** Gives the buffer back to its pool; views and offsets are invalid afterwards. */
    @Override
    public void close() {
        pool.giveBack(buffer);
    }

    private void checkRange(long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("result batch: expected bytes within [0, " + size + "), got offset "
                    + offset + ", length " + length);
        }
    }
}
