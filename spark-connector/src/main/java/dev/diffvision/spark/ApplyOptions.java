package dev.diffvision.spark;

import dev.diffvision.ops.io.DecodeOptions;

import java.io.Serializable;

/**
 * How {@link DiffVisionFrames#apply} runs a pipeline over image rows. Immutable and serialisable (it travels
 * to executors); build with {@link #of(String)} and the {@code withXxx} methods.
 *
 * <pre>{@code
 * ApplyOptions o = ApplyOptions.of("rgb_to_grayscale | sobel").withBatchSize(16).withOutputs(false, true);
 * }</pre>
 *
 * @param pipeline the pipeline spec, e.g. {@code rgb_to_grayscale | sobel}
 * @param inputCol the column holding images: encoded bytes (binary, e.g. {@code content} of the
 *     {@code binaryFile} source) or Spark's image struct (e.g. {@code image} of the {@code image} source)
 * @param batchSize at most this many images of equal shape run through the pipeline together, >= 1
 * @param maxPixels images declaring more pixels than this are rejected before decoding, >= 1
 * @param tensorOutput whether to emit the {@code tensor} column (float32 result, row-major)
 * @param pngOutput whether to emit the {@code png} column (result clamped to [0, 1], 8-bit PNG)
 * @param channels the channel layout images are converted to before the pipeline: {@code KEEP} (as stored),
 *     {@code GRAY}, {@code RGB} or {@code RGBA}; e.g. {@code RGB} lets an RGB pipeline take gray photos too
 */
public record ApplyOptions(String pipeline, String inputCol, int batchSize, long maxPixels, boolean tensorOutput,
                           boolean pngOutput, DecodeOptions.Channels channels) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default number of images per batch. */
    public static final int DEFAULT_BATCH_SIZE = 16;

    /** Validates every field. */
    public ApplyOptions {
        if (pipeline == null || pipeline.isBlank()) {
            throw new IllegalArgumentException("apply: expected a pipeline spec, got none");
        }
        if (inputCol == null || inputCol.isBlank()) {
            throw new IllegalArgumentException("apply: expected an input column name, got none");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("apply: expected batchSize >= 1, got " + batchSize);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("apply: expected maxPixels >= 1, got " + maxPixels);
        }
        if (channels == null) {
            throw new IllegalArgumentException("apply: expected a channel layout (KEEP, GRAY, RGB, RGBA), got none");
        }
        if (!tensorOutput && !pngOutput) {
            throw new IllegalArgumentException("apply: expected at least one output (tensor or png), got none");
        }
    }

    /**
     * Options with defaults: input column {@code content}, batches of {@value #DEFAULT_BATCH_SIZE}, the
     * decoder's default pixel limit, both outputs, channels kept as stored.
     *
     * @param pipeline the pipeline spec
     * @return the options
     */
    public static ApplyOptions of(String pipeline) {
        return new ApplyOptions(pipeline, "content", DEFAULT_BATCH_SIZE, DecodeOptions.DEFAULT_MAX_PIXELS, true, true,
                DecodeOptions.Channels.KEEP);
    }

    /**
     * @param column the input column
     * @return a copy reading images from {@code column}
     */
    public ApplyOptions withInputCol(String column) {
        return new ApplyOptions(pipeline, column, batchSize, maxPixels, tensorOutput, pngOutput, channels);
    }

    /**
     * @param size images per batch, >= 1
     * @return a copy with that batch size
     */
    public ApplyOptions withBatchSize(int size) {
        return new ApplyOptions(pipeline, inputCol, size, maxPixels, tensorOutput, pngOutput, channels);
    }

    /**
     * @param limit the largest accepted {@code width * height}
     * @return a copy with that pixel limit
     */
    public ApplyOptions withMaxPixels(long limit) {
        return new ApplyOptions(pipeline, inputCol, batchSize, limit, tensorOutput, pngOutput, channels);
    }

    /**
     * @param layout the channel layout images are converted to before the pipeline
     * @return a copy with that layout
     */
    public ApplyOptions withChannels(DecodeOptions.Channels layout) {
        return new ApplyOptions(pipeline, inputCol, batchSize, maxPixels, tensorOutput, pngOutput, layout);
    }

    /**
     * @param tensor emit the {@code tensor} column
     * @param png emit the {@code png} column
     * @return a copy with those outputs
     */
    public ApplyOptions withOutputs(boolean tensor, boolean png) {
        return new ApplyOptions(pipeline, inputCol, batchSize, maxPixels, tensor, png, channels);
    }
}
