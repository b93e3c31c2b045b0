package dev.diffvision.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.io.DType;
import dev.diffvision.ops.io.HostTensor;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A batch of images of one shape and dtype packed into one contiguous Arrow buffer, seen by DJL as one
 * {@code (B, C, H, W)} tensor without a per-element copy.
 *
 * <p>Each image is copied once, with bulk {@code ByteBuffer} copies, into the Arrow buffer; the NDArray then
 * aliases that memory (DJL's {@code create(ByteBuffer)} on a direct, native-order buffer), so the buffer must
 * outlive the tensor: {@link #close()} closes the tensor first, then releases the buffer. On a GPU manager
 * DJL copies the buffer to the device once. 16-bit images travel as float32 raw values (libtorch's uint16
 * support is limited).
 *
 * <pre>{@code
 * try (ArrowImageBatch batch = ArrowImageBatch.pack(images, allocator, manager)) {
 *     NDArray pixels = batch.tensor();   // (B, C, H, W), uint8 or float32 raw values
 * }
 * }</pre>
 */
final class ArrowImageBatch implements AutoCloseable {

    private final ArrowBuf buffer;
    private final NDArray tensor;

    private ArrowImageBatch(ArrowBuf buffer, NDArray tensor) {
        this.buffer = buffer;
        this.tensor = tensor;
    }

    /**
     * Packs images of identical shape and dtype.
     *
     * @param images {@code (C, H, W)} host tensors, all of the same shape and dtype, at least one
     * @param allocator where the Arrow buffer comes from
     * @param manager the owner (and device) of the tensor
     * @return the batch; close it when done
     * @throws IllegalArgumentException if the images differ in shape or dtype
     */
    static ArrowImageBatch pack(List<HostTensor> images, BufferAllocator allocator, NDManager manager) {
        HostTensor first = images.get(0);
        HostTensor[] converted = images.stream().map(ArrowImageBatch::transferForm).toArray(HostTensor[]::new);
        long perImage = converted[0].byteSize();
        for (HostTensor t : converted) {
            if (!java.util.Arrays.equals(t.shape(), converted[0].shape()) || t.dtype() != converted[0].dtype()) {
                throw new IllegalArgumentException("batch: expected images of one shape and dtype, got "
                        + first + " and " + t);
            }
        }
        ArrowBuf buf = allocator.buffer(perImage * converted.length);
        try {
            ByteBuffer target = buf.nioBuffer(0, Math.toIntExact(perImage * converted.length))
                    .order(ByteOrder.nativeOrder());
            for (HostTensor t : converted) {
                ByteBuffer src = t.data().duplicate();
                src.rewind();
                target.put(src);
            }
            target.rewind();
            long[] s = converted[0].shape();
            Shape shape = new Shape(converted.length, s[0], s[1], s[2]);
            DataType dtype = converted[0].dtype() == DType.UINT8 ? DataType.UINT8 : DataType.FLOAT32;
            return new ArrowImageBatch(buf, manager.create(target, shape, dtype));
        } catch (RuntimeException e) {
            buf.close();
            throw e;
        }
    }

    /** @return the batch as {@code (B, C, H, W)}: uint8 for 8-bit images, float32 raw values for 16-bit */
    NDArray tensor() {
        return tensor;
    }

    /** Closes the tensor, then releases the Arrow buffer it aliases. */
    @Override
    public void close() {
        tensor.close();
        buffer.close();
    }

    private static HostTensor transferForm(HostTensor t) {
        if (t.dtype() != DType.UINT16) {
            return t;
        }
        float[] values = t.toFloatArray();
        return HostTensor.of(values, t.shape());
    }
}
