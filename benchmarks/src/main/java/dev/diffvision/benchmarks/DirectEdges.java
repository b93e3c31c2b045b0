package dev.diffvision.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.color.Colors;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.filters.Filters;
import dev.diffvision.ops.geometry.transform.Transforms;
import dev.diffvision.ops.io.DType;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageEncoder;
import dev.diffvision.ops.io.PixelRange;
import dev.diffvision.spark.ResizePrecision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Path (a) of {@link TransformerBenchmark}: the connector's work without Spark or Arrow, in this JVM. A batch of
 * encoded RGB images is decoded with {@link ImageDecoder}, scaled to float [0, 1] and resized to {@code size x size}
 * one call per run of consecutive images of equal size (as the connector's {@code resizeTo} batches them)
 * (Kornia's resize, bilinear, no antialias, half-pixel centres: what the connector's {@code resizeTo} does, 8-bit
 * runs through {@link Sampling#interpolateScaled} as the connector's FLOAT path; with {@link ResizePrecision#PIXELS}, as the connector's {@code resizePrecision = pixels}:
 * the stacked uint8 run resized by ATen's 8-bit kernel, then scaled to [0, 1]), stacked to
 * {@code (B, 3, size, size)}, turned gray ({@link Colors#rgbToGrayscale}), put
 * through {@link Filters#sobel} (Kornia's normalised magnitude) and encoded image by image as 8-bit gray PNGs
 * ({@link ImageEncoder#encodePng(NDArray, int)}: clipped to [0, 1], times 255, rounded).
 *
 * <pre>{@code
 * try (NDManager m = NDManager.newBaseManager()) {
 *     List<byte[]> pngs = new DirectEdges(224).apply(List.of(Files.readAllBytes(photo)), m);
 * }
 * }</pre>
 */
public final class DirectEdges {

    private final ImageDecoder decoder = new ImageDecoder();
    private final int[] size;
    private final ResizePrecision precision;

    /**
     * Resizes float values ({@link ResizePrecision#FLOAT}).
     *
     * @param side the height and width every image is resized to, >= 1
     */
    public DirectEdges(int side) {
        this(side, ResizePrecision.FLOAT);
    }

    /**
     * @param side the height and width every image is resized to, >= 1
     * @param precision {@code FLOAT}: scale to [0, 1], then resize; {@code PIXELS}: resize the 8-bit pixels, then
     *     scale (the inputs are 8-bit PNG/JPEG)
     */
    public DirectEdges(int side, ResizePrecision precision) {
        this.size = new int[] {side, side};
        this.precision = precision;
    }

    /**
     * Runs one batch.
     *
     * @param encoded PNG or JPEG bytes of 3-channel images, any sizes, at least one
     * @param manager where the batch's arrays live; every intermediate is closed before returning
     * @return one gray PNG of {@code size x size} per input, in order
     * @throws IllegalArgumentException if an image cannot be decoded or is not 3-channel
     */
    public List<byte[]> apply(List<byte[]> encoded, NDManager manager) {
        try (NDManager batch = manager.newSubManager()) {
            List<HostTensor> decoded = encoded.stream().map(decoder::decode).toList();
            NDList resized = new NDList();
            for (int first = 0, end; first < decoded.size(); first = end) {
                NDList run = new NDList();
                end = first;
                while (end < decoded.size() && Arrays.equals(decoded.get(end).shape(), decoded.get(first).shape())) {
                    HostTensor image = decoded.get(end++);
                    run.add(scaledByResize(image) ? image.toNDArray(batch) : PixelRange.toUnitFloat(image, batch));
                }
                resized.add(resize(NDArrays.stack(run, 0), scaledByResize(decoded.get(first))));
            }
            NDArray edges = Filters.sobel(Colors.rgbToGrayscale(NDArrays.concat(resized, 0)));
            List<byte[]> pngs = new ArrayList<>(encoded.size());
            for (int i = 0; i < encoded.size(); i++) {
                pngs.add(ImageEncoder.encodePng(edges.get(i), 8));
            }
            return pngs;
        }
    }

    /** Whether the image's run stays 8-bit until the resize scales it (PIXELS, or FLOAT's interpolateScaled). */
    private boolean scaledByResize(HostTensor image) {
        return precision == ResizePrecision.PIXELS || image.dtype() == DType.UINT8;
    }

    private NDArray resize(NDArray run, boolean eightBit) {
        if (precision == ResizePrecision.PIXELS) {
            return Aten.interpolate(run, 0, size[0], size[1], false).toType(DataType.FLOAT32, false).div(255f);
        }
        if (eightBit) {
            return Sampling.interpolateScaled(run, size[0], size[1], Sampling.Resize.BILINEAR, false, 1 / 255.0);
        }
        return Transforms.resize(run, size, Sampling.Resize.BILINEAR, false, null, false);
    }
}
