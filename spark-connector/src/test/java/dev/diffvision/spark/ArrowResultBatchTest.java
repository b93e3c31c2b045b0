package dev.diffvision.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.DiffVisionEngine;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * ArrowResultBatch copies a result tensor into a pooled Arrow buffer: expected bytes are the tensor's elements in
 * row-major, native (little-endian) order, written out by hand; the copy outlives the tensor's manager.
 */
class ArrowResultBatchTest {

    @Test
    void copiesAStridedViewInRowMajorOrderAndOutlivesTheTensor() {
        ArrowBufferPool pool = new ArrowBufferPool(new RootAllocator(Long.MAX_VALUE), 1);
        ArrowResultBatch copy;
        try (NDManager m = DiffVisionEngine.newManager()) {
            // (2, 3) transposed: a non-contiguous view whose row-major order is 0 3 1 4 2 5
            NDArray transposed = m.arange(0f, 6f).reshape(2, 3).transpose();
            copy = ArrowResultBatch.copyOf(transposed, pool);
        }
        try (copy) {
            assertEquals(24, copy.size());
            ByteBuffer expected = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : new float[] {0, 3, 1, 4, 2, 5}) {
                expected.putFloat(v);
            }
            assertArrayEquals(expected.array(), copy.bytes(0, 24));
            assertEquals(4f, copy.view(12, 4).getFloat(0));
            assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, copy.bytes(8, 4), "1.0f = 0x3F800000, little-endian");
        }
    }

    @Test
    void uint8ResultsKeepOneBytePerElementAndRangesAreChecked() {
        ArrowBufferPool pool = new ArrowBufferPool(new RootAllocator(Long.MAX_VALUE), 0);
        try (NDManager m = DiffVisionEngine.newManager();
             ArrowResultBatch copy = ArrowResultBatch.copyOf(
                     m.create(new byte[] {7, (byte) 200, 9}, new Shape(1, 3)).toType(DataType.UINT8, false), pool)) {
            assertArrayEquals(new byte[] {(byte) 200, 9}, copy.bytes(1, 2));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> copy.bytes(2, 2));
            assertEquals("result batch: expected bytes within [0, 3), got offset 2, length 2", e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> copy.view(-1, 1));
        }
        assertEquals(0, pool.allocatedBytes(), "the buffer went back to a pool that keeps none");
    }
}
