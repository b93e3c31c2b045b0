package dev.diffvision.spark;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.HostTensor;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ArrowImageBatch layouts against hand-written expected values; Arrow buffers go back to their pool. */
class ArrowImageBatchTest {

    private static final HostTensor A = HostTensor.ofUint8(new byte[] {1, 2, 3, 4}, 1, 2, 2);
    private static final HostTensor B = HostTensor.ofUint8(new byte[] {5, 6, 7}, 1, 1, 3);

    private static ArrowBufferPool pool(int limit) {
        return new ArrowBufferPool(new RootAllocator(Long.MAX_VALUE), limit);
    }

    @Test
    void packPlacesEachImageTopLeftOfAZeroSlotEvenInAReusedBuffer() {
        ArrowBufferPool pool = pool(1);
        HostTensor nines = HostTensor.ofUint8(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}, 1, 2, 6);
        try (NDManager m = DiffVisionEngine.newManager()) {
            try (ArrowImageBatch dirty = ArrowImageBatch.pack(List.of(nines), 2, 6, pool, m)) {
                assertEquals(12, dirty.tensor().size());
            }
            long held = pool.allocatedBytes();
            assertTrue(held >= 12, "the buffer stays in the pool: " + held);
            try (ArrowImageBatch batch = ArrowImageBatch.pack(List.of(A, B), 2, 3, pool, m)) {
                assertEquals(new Shape(2, 1, 2, 3), batch.tensor().getShape());
                assertEquals(DataType.UINT8, batch.tensor().getDataType());
                assertArrayEquals(new byte[] {1, 2, 0, 3, 4, 0, 5, 6, 7, 0, 0, 0}, batch.tensor().toByteArray());
                assertEquals(held, pool.allocatedBytes(), "the pooled buffer was reused");
            }
        }
    }

    @Test
    void poolKeepsAtMostItsLimitOfIdleBuffersAndHandsOutOneThatFits() {
        ArrowBufferPool pool = pool(1);
        var small = pool.take(1024);
        var large = pool.take(4096);
        pool.giveBack(small);
        pool.giveBack(large);
        assertEquals(large.capacity(), pool.allocatedBytes(), "the smaller idle buffer was released");
        assertSame(large, pool.take(2000));
        pool.giveBack(large);
    }

    @Test
    void concatenateViewsEachRunOfEqualShapesAsOneBatch() {
        HostTensor f = HostTensor.of(new float[] {0.5f, -1f, 2f, 3f, 4f, 5f}, 2, 1, 3);
        HostTensor f2 = HostTensor.of(new float[] {6f, 7f, 8f, 9f, 10f, 11f}, 2, 1, 3);
        HostTensor g = HostTensor.of(new float[] {7f, 8f}, 2, 1, 1);
        ArrowBufferPool pool = pool(0);
        try (NDManager m = DiffVisionEngine.newManager();
             ArrowImageBatch batch = ArrowImageBatch.concatenate(List.of(f, f2, g, f), pool, m)) {
            assertEquals(new Shape(20), batch.tensor().getShape());
            assertEquals(3, batch.runs().size());
            assertEquals(new Shape(2, 2, 1, 3), batch.runs().get(0).getShape());
            assertArrayEquals(new float[] {0.5f, -1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f},
                    batch.runs().get(0).toFloatArray());
            assertEquals(new Shape(1, 2, 1, 1), batch.runs().get(1).getShape());
            assertArrayEquals(g.toFloatArray(), batch.runs().get(1).toFloatArray());
            assertEquals(new Shape(1, 2, 1, 3), batch.runs().get(2).getShape());
            assertArrayEquals(f.toFloatArray(), batch.runs().get(2).toFloatArray());
        }
        assertEquals(0, pool.allocatedBytes());
    }

    @Test
    void mixedChannelsOrOversizedImagesAreRefusedAndTheBufferReleased() {
        HostTensor rgb = HostTensor.ofUint8(new byte[12], 3, 2, 2);
        ArrowBufferPool pool = pool(0);
        try (NDManager m = DiffVisionEngine.newManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ArrowImageBatch.pack(List.of(A, rgb), 2, 2, pool, m));
            assertTrue(e.getMessage().startsWith("batch: expected images of one channel count and dtype"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> ArrowImageBatch.pack(List.of(B), 2, 2, pool, m));
            assertEquals("batch: expected images of at most 2 x 2, got " + B, e.getMessage());
        }
        assertEquals(0, pool.allocatedBytes());
    }
}
