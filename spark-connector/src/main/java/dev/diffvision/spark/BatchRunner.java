package dev.diffvision.spark;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.DType;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageEncoder;
import dev.diffvision.ops.registry.Pipeline;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a pipeline over one batch of same-shaped images on one device: pack into Arrow, view as a
 * {@code (B, C, H, W)} tensor, scale to float32 [0, 1], apply the pipeline, and split the result into per-image
 * outputs. Every native array lives in a manager closed before returning, so memory stays flat over batches.
 */
final class BatchRunner {

    private final Pipeline pipeline;
    private final ApplyOptions options;
    private final Device device;

    /**
     * @param pipeline the compiled pipeline
     * @param options which outputs to produce
     * @param device where to run
     */
    BatchRunner(Pipeline pipeline, ApplyOptions options, Device device) {
        this.pipeline = pipeline;
        this.options = options;
        this.device = device;
    }

    /**
     * Runs one batch. A failure of the pipeline (e.g. an op rejecting the channel count) fails every image of
     * the batch with the op's message; it never escapes.
     *
     * @param images {@code (C, H, W)} images of one shape and dtype
     * @return one result per image, in order
     */
    List<BatchResult> run(List<HostTensor> images) {
        String where = device.toString();
        try (NDManager manager = DiffVisionEngine.newManager(device);
             ArrowImageBatch batch = ArrowImageBatch.pack(images, ExecutorRuntime.allocator(), manager)) {
            NDArray raw = batch.tensor();
            float max = images.get(0).dtype() == DType.UINT16 ? 65535f : 255f;
            NDArray input = raw.toType(DataType.FLOAT32, false).div(max);
            NDArray output = pipeline.apply(input);
            checkImageBatch(output, images.size());
            return split(output, where);
        } catch (IllegalArgumentException e) {
            return failAll(images.size(), where, e.getMessage());
        } catch (RuntimeException e) {
            return failAll(images.size(), where, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void checkImageBatch(NDArray output, int batch) {
        long[] s = output.getShape().getShape();
        if (s.length != 4 || s[0] != batch) {
            throw new IllegalArgumentException("pipeline: expected output of shape (B, C, H, W) with B = " + batch
                    + ", got " + Checks.describe(output.getShape()));
        }
    }

    private List<BatchResult> split(NDArray output, String where) {
        long[] s = output.getShape().getShape();
        int[] shape = {(int) s[1], (int) s[2], (int) s[3]};
        int perImage = shape[0] * shape[1] * shape[2];
        ByteBuffer floats = options.emits(OutputFormat.TENSOR)
                ? output.toType(DataType.FLOAT32, false).toByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
        ByteBuffer bytes = null;
        String pngError = null;
        if (options.emits(OutputFormat.PNG)) {
            if (shape[0] > 4) {
                pngError = "encodePng: expected 1, 2, 3 or 4 output channels, got " + shape[0];
            } else {
                bytes = output.clip(0, 1).mul(255).add(0.5).floor().toType(DataType.UINT8, false).toByteBuffer();
            }
        }
        List<BatchResult> results = new ArrayList<>((int) s[0]);
        for (int i = 0; i < s[0]; i++) {
            byte[] tensor = floats == null ? null : slice(floats, (long) i * perImage * 4, perImage * 4);
            if (pngError != null) {
                results.add(new BatchResult(shape, tensor, null, where, pngError));
                continue;
            }
            byte[] png = null;
            if (bytes != null) {
                byte[] pixels = slice(bytes, (long) i * perImage, perImage);
                png = ImageEncoder.encodePng(HostTensor.ofUint8(pixels, shape[0], shape[1], shape[2]));
            }
            results.add(new BatchResult(shape, tensor, png, where, null));
        }
        return results;
    }

    private static byte[] slice(ByteBuffer buffer, long offset, int length) {
        byte[] out = new byte[length];
        buffer.get(Math.toIntExact(offset), out);
        return out;
    }

    private static List<BatchResult> failAll(int n, String where, String message) {
        List<BatchResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(BatchResult.failed(where, message));
        }
        return out;
    }
}
