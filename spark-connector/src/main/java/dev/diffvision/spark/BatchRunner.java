package dev.diffvision.spark;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.geometry.transform.Transforms;
import dev.diffvision.ops.io.DType;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.PixelRange;
import dev.diffvision.ops.registry.Pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a pipeline over one batch on one device: pack the images into one Arrow buffer, view it as a tensor,
 * scale to float32 (uint8 / 255, uint16 / 65535, float tensors as they are), shape the batch (kept, padded at
 * packing, or resized bilinearly on the device, one call per run of equal input shapes: on float values, or on the
 * uint8 pixels of 8-bit images with {@link ResizePrecision#PIXELS}), apply the pipeline,
 * copy what the outputs need into pooled Arrow buffers ({@link ArrowResultBatch}) and split those into per-image
 * outputs. Every native array lives in a manager closed before the per-image encoding starts, and the Arrow
 * buffers go back to their pool after it, so memory stays flat over batches.
 *
 * <pre>{@code
 * BatchRunner runner = new BatchRunner(pipeline, options, Device.cpu());
 * List<BatchResult> results = runner.run(images);   // one per image, in order
 * }</pre>
 */
final class BatchRunner {

    private final Pipeline pipeline;
    private final ApplyOptions options;
    private final Device device;

    /**
     * @param pipeline the compiled pipeline
     * @param options the shaping, outputs and non-finite rule
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
     * @param images {@code (C, H, W)} images of one dtype and channel count; of one shape for
     *     {@code GROUP_BY_SHAPE}, at most the target size for {@code PAD}
     * @return one result per image, in order
     */
    List<BatchResult> run(List<HostTensor> images) {
        String where = device.toString();
        HostResults host;
        try (NDManager manager = DiffVisionEngine.newManager(device)) {
            NDArray output;
            try (ArrowImageBatch batch = pack(images, manager)) {
                output = pipeline.apply(shapedInput(batch, images.get(0).dtype()));
                checkImageBatch(output, images.size());
            }
            host = toHost(output);
        } catch (IllegalArgumentException e) {
            return failAll(images.size(), where, e.getMessage());
        } catch (RuntimeException e) {
            return failAll(images.size(), where, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try (host) {
            return split(host, where);
        }
    }

    private ArrowImageBatch pack(List<HostTensor> images, NDManager manager) {
        HostTensor first = images.get(0);
        return switch (options.shaping()) {
            case GROUP_BY_SHAPE -> ArrowImageBatch.pack(images, (int) first.dim(1), (int) first.dim(2),
                    ExecutorRuntime.buffers(), manager);
            case PAD -> ArrowImageBatch.pack(images, options.targetHeight(), options.targetWidth(),
                    ExecutorRuntime.buffers(), manager);
            case RESIZE -> ArrowImageBatch.concatenate(images, ExecutorRuntime.buffers(), manager);
        };
    }

    /** The batch as float32 {@code (B, C, H, W)}: scaled, and for {@code RESIZE} resized run by run. */
    private NDArray shapedInput(ArrowImageBatch batch, DType dtype) {
        if (options.shaping() != BatchShaping.RESIZE) {
            return toUnitFloat(batch.tensor(), dtype);
        }
        int[] size = {options.targetHeight(), options.targetWidth()};
        boolean pixels = resizesPixels(dtype);
        NDList resized = new NDList();
        for (NDArray run : batch.runs()) {
            resized.add(pixels
                    ? toUnitFloat(Aten.interpolate(run, 0, size[0], size[1], false), dtype)
                    : floatResize(run, dtype, size));
        }
        return resized.size() == 1 ? resized.singletonOrThrow() : NDArrays.concat(resized, 0);
    }

    /**
     * Whether runs are resized as uint8 pixels ({@link ResizePrecision#PIXELS}): only 8-bit images, and only on
     * the CPU, where ATen has its fixed-point kernel for them; everything else takes the float path.
     */
    private boolean resizesPixels(DType dtype) {
        return options.resizePrecision() == ResizePrecision.PIXELS && dtype == DType.UINT8 && !device.isGpu();
    }

    /**
     * Kornia's resize (bilinear, half-pixel centres, no antialias) of the run scaled to unit floats. 8-bit pixels
     * are resized straight to scaled floats ({@code Sampling.interpolateScaled}: only the rows the resize reads are
     * converted; equal to scaling first up to float rounding); 16-bit ones travel as floats already.
     */
    private static NDArray floatResize(NDArray run, DType dtype, int[] size) {
        if (dtype == DType.UINT8) {
            return Sampling.interpolateScaled(run, size[0], size[1], Sampling.Resize.BILINEAR, false, 1 / 255.0);
        }
        return Transforms.resize(toUnitFloat(run, dtype), size, Sampling.Resize.BILINEAR, false, null, false);
    }

    private static NDArray toUnitFloat(NDArray raw, DType dtype) {
        NDArray floats = raw.toType(DataType.FLOAT32, false);
        return switch (dtype) {
            case UINT8 -> floats.div(255f);
            case UINT16 -> floats.div(65535f);
            default -> floats.mul(1f);
        };
    }

    private static void checkImageBatch(NDArray output, int batch) {
        long[] s = output.getShape().getShape();
        if (s.length != 4 || s[0] != batch) {
            throw new IllegalArgumentException("pipeline: expected output of shape (B, C, H, W) with B = " + batch
                    + ", got " + Checks.describe(output.getShape()));
        }
    }

    /**
     * What leaves the device: the finite flags if asked for, then the float32 values (for {@code TENSOR}) and the
     * 8-bit pixels (for the image formats), each in one pooled Arrow buffer; only what the outputs need.
     */
    private HostResults toHost(NDArray output) {
        long[] s = output.getShape().getShape();
        int[] shape = {(int) s[1], (int) s[2], (int) s[3]};
        NDArray floats = output.toType(DataType.FLOAT32, false);
        boolean[] finite = options.rejectNonFinite() ? finitePerImage(floats) : null;
        boolean eightBit = options.emits(OutputFormat.IMAGE) || options.emits(OutputFormat.PNG)
                || options.emits(OutputFormat.JPEG);
        ArrowBufferPool pool = ExecutorRuntime.buffers();
        ArrowResultBatch values = options.emits(OutputFormat.TENSOR) ? ArrowResultBatch.copyOf(floats, pool) : null;
        try {
            ArrowResultBatch pixels = eightBit ? ArrowResultBatch.copyOf(PixelRange.toUint8(floats), pool) : null;
            return new HostResults((int) s[0], shape, finite, values, pixels);
        } catch (RuntimeException e) {
            if (values != null) {
                values.close();
            }
            throw e;
        }
    }

    private List<BatchResult> split(HostResults host, String where) {
        int[] shape = host.shape();
        int perImage = shape[0] * shape[1] * shape[2];
        List<BatchResult> results = new ArrayList<>(host.count());
        for (int i = 0; i < host.count(); i++) {
            if (host.finite() != null && !host.finite()[i]) {
                results.add(new BatchResult(null, null, where, ErrorKind.NON_FINITE,
                        "pipeline: expected finite output values, got NaN or infinity"));
                continue;
            }
            byte[] tensor = host.values() == null ? null : host.values().bytes((long) i * perImage * 4, perImage * 4);
            HostTensor image = host.pixels() == null ? null : new HostTensor(
                    new long[] {shape[0], shape[1], shape[2]}, DType.UINT8, host.pixels().view((long) i * perImage, perImage));
            try {
                results.add(new BatchResult(shape, EncodedOutputs.encode(options.outputFormats(), tensor, image),
                        where, null, null));
            } catch (RowFailure e) {
                results.add(BatchResult.failed(where, e));
            }
        }
        return results;
    }

    private static boolean[] finitePerImage(NDArray floats) {
        NDArray bad = floats.isNaN().logicalOr(floats.isInfinite()).toType(DataType.INT32, false).sum(new int[] {1, 2, 3});
        long[] counts = bad.toLongArray();
        boolean[] out = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i] == 0;
        }
        return out;
    }

    private static List<BatchResult> failAll(int n, String where, String message) {
        RowFailure failure = new RowFailure(ErrorKind.REJECTED, message);
        List<BatchResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(BatchResult.failed(where, failure));
        }
        return out;
    }

    /**
     * A batch's results on the host.
     *
     * @param count images in the batch
     * @param shape each image's {@code (C, H, W)}
     * @param finite per image, whether every value is finite; null when not checked
     * @param values float32 values of all images, null unless {@code TENSOR} is emitted
     * @param pixels 8-bit pixels of all images, null unless an image format is emitted
     */
    private record HostResults(int count, int[] shape, boolean[] finite, ArrowResultBatch values,
                               ArrowResultBatch pixels) implements AutoCloseable {
        @Override
        public void close() {
            if (values != null) {
                values.close();
            }
            if (pixels != null) {
                pixels.close();
            }
        }
    }
}
