package dev.diffvision.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.io.DType;
import dev.diffvision.ops.io.HostTensor;
import org.apache.arrow.memory.ArrowBuf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of images of one channel count and dtype packed into one contiguous Arrow buffer that DJL sees as a
 * tensor without a per-element copy, in one of two layouts:
 * <ul>
 *   <li>{@link #pack}: {@code (B, C, H, W)}, each image at the top-left of its {@code H x W} slot and zeros
 *       elsewhere (equal-shape batches fill their slots exactly, padded batches do not);</li>
 *   <li>{@link #concatenate}: images of any sizes one after another, seen through {@link #runs()} as one
 *       {@code (k, C, H, W)} view per run of consecutive images of equal shape (for batches resized on the
 *       device: each run is resized by one call).</li>
 * </ul>
 *
 * <p>Each image is copied once, with bulk {@code ByteBuffer} copies (one per row when padded), into the Arrow
 * buffer; the NDArray then aliases that memory (DJL's {@code create(ByteBuffer)} on a direct, native-order
 * buffer), so the buffer must outlive the tensor: {@link #close()} closes the tensor first, then releases the
 * buffer. On a GPU manager DJL copies the buffer to the device once. 16-bit images travel as float32 raw values
 * (libtorch's uint16 support is limited).
 *
 * <pre>{@code
 * try (ArrowImageBatch batch = ArrowImageBatch.pack(images, 224, 224, pool, manager)) {
 *     NDArray pixels = batch.tensor();   // (B, C, 224, 224), uint8, float32 or float64
 * }
 * }</pre>
 */
final class ArrowImageBatch implements AutoCloseable {

    private final ArrowBuf buffer;
    private final ArrowBufferPool pool;
    private final NDArray tensor;
    private final List<NDArray> runs;

    private ArrowImageBatch(ArrowBuf buffer, ArrowBufferPool pool, NDArray tensor, List<NDArray> runs) {
        this.buffer = buffer;
        this.pool = pool;
        this.tensor = tensor;
        this.runs = runs;
    }

    /**
     * Packs images into {@code (B, C, height, width)}, each at the top-left of its slot, zeros elsewhere.
     *
     * @param images {@code (C, H, W)} host tensors of one channel count and dtype, {@code H <= height},
     *     {@code W <= width}, at least one
     * @param height slot rows
     * @param width slot columns
     * @param pool where the Arrow buffer comes from (and goes back to on close)
     * @param manager the owner (and device) of the tensor
     * @return the batch; close it when done
     * @throws IllegalArgumentException if the images differ in channels or dtype, or one exceeds the slot
     */
    static ArrowImageBatch pack(List<HostTensor> images, int height, int width, ArrowBufferPool pool,
                                NDManager manager) {
        HostTensor[] converted = transferForms(images);
        long channels = converted[0].dim(0);
        int element = converted[0].dtype().byteSize();
        long slot = channels * height * width * element;
        for (HostTensor t : converted) {
            if (t.dim(1) > height || t.dim(2) > width) {
                throw new IllegalArgumentException("batch: expected images of at most " + height + " x " + width
                        + ", got " + t);
            }
        }
        ArrowBuf buf = pool.take(slot * converted.length);
        try {
            ByteBuffer target = nioView(buf, slot * converted.length);
            if (Arrays.stream(converted).anyMatch(t -> t.dim(1) != height || t.dim(2) != width)) {
                buf.setZero(0, slot * converted.length);
            }
            for (int i = 0; i < converted.length; i++) {
                copyPadded(converted[i], target, Math.toIntExact(i * slot), height, width);
            }
            Shape shape = new Shape(converted.length, channels, height, width);
            return new ArrowImageBatch(buf, pool, manager.create(target, shape, engineType(converted[0])), List.of());
        } catch (RuntimeException e) {
            pool.giveBack(buf);
            throw e;
        }
    }

    /**
     * Packs images of any sizes one after another into one buffer. Consecutive images of equal shape lie next to
     * each other, so each such run is one {@code (k, C, H, W)} view without a copy.
     *
     * @param images {@code (C, H, W)} host tensors of one channel count and dtype, at least one
     * @param pool where the Arrow buffer comes from (and goes back to on close)
     * @param manager the owner (and device) of the tensor and the views
     * @return the batch; close it when done
     * @throws IllegalArgumentException if the images differ in channels or dtype
     */
    static ArrowImageBatch concatenate(List<HostTensor> images, ArrowBufferPool pool, NDManager manager) {
        HostTensor[] converted = transferForms(images);
        long total = 0;
        for (HostTensor t : converted) {
            total += t.byteSize();
        }
        ArrowBuf buf = pool.take(total);
        try {
            ByteBuffer target = nioView(buf, total);
            for (HostTensor t : converted) {
                target.put(t.data().duplicate().rewind());
            }
            target.rewind();
            int element = converted[0].dtype().byteSize();
            NDArray flat = manager.create(target, new Shape(total / element), engineType(converted[0]));
            List<NDArray> views = new ArrayList<>();
            long offset = 0;
            for (int first = 0, end; first < converted.length; first = end) {
                long[] shape = converted[first].shape();
                end = first + 1;
                while (end < converted.length && Arrays.equals(converted[end].shape(), shape)) {
                    end++;
                }
                long n = (end - first) * converted[first].numElements();
                Shape run = new Shape(end - first, shape[0], shape[1], shape[2]);
                // a view of the one tensor (one device copy on a GPU), sliced without parsing an index string
                views.add(flat.get(new NDIndex().addSliceDim(offset, offset + n)).reshape(run));
                offset += n;
            }
            return new ArrowImageBatch(buf, pool, flat, views);
        } catch (RuntimeException e) {
            pool.giveBack(buf);
            throw e;
        }
    }

    /**
     * @return {@link #pack}: the batch as {@code (B, C, H, W)}; {@link #concatenate}: all values, flat. Uint8 for
     *     8-bit images, float32 raw values for 16-bit ones, else the images' float type
     */
    NDArray tensor() {
        return tensor;
    }

    /**
     * @return {@link #concatenate}: one {@code (k, C, H, W)} view per run of consecutive images of equal shape,
     *     in order (their first dimensions add up to the number of images); {@link #pack}: empty
     */
    List<NDArray> runs() {
        return runs;
    }

    /** Closes the tensor and its views, then gives the Arrow buffer they alias back to the pool. */
    @Override
    public void close() {
        runs.forEach(NDArray::close);
        tensor.close();
        pool.giveBack(buffer);
    }

    private static HostTensor[] transferForms(List<HostTensor> images) {
        HostTensor[] converted = images.stream().map(ArrowImageBatch::transferForm).toArray(HostTensor[]::new);
        for (HostTensor t : converted) {
            if (t.dim(0) != converted[0].dim(0) || t.dtype() != converted[0].dtype()) {
                throw new IllegalArgumentException("batch: expected images of one channel count and dtype, got "
                        + converted[0] + " and " + t);
            }
        }
        return converted;
    }

    private static ByteBuffer nioView(ArrowBuf buf, long bytes) {
        return buf.nioBuffer(0, Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }

    /** Copies a {@code (C, h, w)} image into the top-left of a zeroed {@code (C, height, width)} slot at {@code offset}. */
    private static void copyPadded(HostTensor t, ByteBuffer target, int offset, int height, int width) {
        ByteBuffer src = t.data().duplicate().rewind();
        int channels = (int) t.dim(0);
        int h = (int) t.dim(1);
        int w = (int) t.dim(2);
        int element = t.dtype().byteSize();
        if (h == height && w == width) {
            target.put(offset, src, 0, src.remaining());
            return;
        }
        int row = w * element;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                int from = (c * h + y) * row;
                int to = offset + ((c * height + y) * width) * element;
                target.put(to, src, from, row);
            }
        }
    }

    private static DataType engineType(HostTensor t) {
        return switch (t.dtype()) {
            case UINT8 -> DataType.UINT8;
            case FLOAT64 -> DataType.FLOAT64;
            default -> DataType.FLOAT32;
        };
    }

    private static HostTensor transferForm(HostTensor t) {
        if (t.dtype() != DType.UINT16) {
            return t;
        }
        return HostTensor.of(t.toFloatArray(), t.shape());
    }
}
