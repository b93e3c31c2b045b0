package dev.diffvision.spark;

import dev.diffvision.ops.io.DecodeOptions;

import java.io.Serializable;
import java.util.EnumSet;

/**
 * How {@link DiffVisionFrames#apply} runs a pipeline over image rows. Immutable, validated and serialisable (it
 * travels to executors); build with {@link #of(String)} and the {@code withXxx} copies.
 *
 * <pre>{@code
 * ApplyOptions o = ApplyOptions.of("rgb_to_grayscale | sobel")
 *         .withBatchSize(32).withMaxBatchBytes(64L << 20)           // 32 images or 64 MiB of float32
 *         .withResizeTo(224, 224)                                   // or withPadTo(h, w), default: group by shape
 *         .withResizePrecision(ResizePrecision.PIXELS)              // 8-bit images resized as uint8 (default FLOAT)
 *         .withOutputFormats(EnumSet.of(OutputFormat.TENSOR, OutputFormat.PNG))
 *         .withErrorCol("problem").withRejectNonFinite(true);
 * }</pre>
 *
 * @param pipeline the pipeline spec, e.g. {@code rgb_to_grayscale | sobel}
 * @param inputCol the column holding images: binary (encoded PNG/JPEG or {@code .npy} bytes, e.g. {@code content}
 *     of the {@code binaryFile} source), Spark's image struct (e.g. {@code image} of the {@code image} source) or
 *     DiffVision's tensor struct ({@link OutputColumns#TENSOR_STRUCT}, e.g. from
 *     {@link DiffVisionFrames#readTensors})
 * @param batchSize at most this many images run through the pipeline together, >= 1
 * @param maxBatchBytes a batch also stops before its images' decoded float32 size ({@code 4 * C * H * W} each,
 *     after shaping) would exceed this many bytes; an image larger than this alone still forms a batch of one;
 *     >= 1
 * @param maxPixels images declaring more pixels ({@code H * W}) than this are rejected before decoding, >= 1
 * @param channels the channel layout images are converted to before the pipeline: {@code KEEP} (as stored),
 *     {@code GRAY}, {@code RGB} or {@code RGBA}; e.g. {@code RGB} lets an RGB pipeline take gray photos too
 * @param shaping how images of different sizes form batches (see {@link BatchShaping})
 * @param targetHeight the height images are resized or padded to; 0 with {@code GROUP_BY_SHAPE}, else >= 1
 * @param targetWidth the width images are resized or padded to; 0 with {@code GROUP_BY_SHAPE}, else >= 1
 * @param outputFormats the result columns to emit, at least one (see {@link OutputFormat}); the accessor returns a
 *     copy
 * @param errorCol the name of the error column (null when the row succeeded)
 * @param rejectNonFinite whether a row whose input (tensor or {@code .npy}) or output holds NaN or infinity fails
 *     with an error instead of producing it
 * @param resizePrecision what {@link BatchShaping#RESIZE} resizes (see {@link ResizePrecision}): {@code FLOAT}
 *     (default) or {@code PIXELS} (8-bit images as uint8, then scaled); no effect with other shapings
 * @param keepInput whether the result keeps the image column, in its place (default false: the outputs replace
 *     it); keeping it costs no copy beyond what Spark does for any column it passes on
 */
public record ApplyOptions(String pipeline, String inputCol, int batchSize, long maxBatchBytes, long maxPixels,
                           DecodeOptions.Channels channels, BatchShaping shaping, int targetHeight, int targetWidth,
                           EnumSet<OutputFormat> outputFormats, String errorCol, boolean rejectNonFinite,
                           ResizePrecision resizePrecision, boolean keepInput)
        implements Serializable {

    private static final long serialVersionUID = 4L;

    /** Default number of images per batch. */
    public static final int DEFAULT_BATCH_SIZE = 16;

    /** Default limit of a batch's decoded float32 bytes: 256 MiB. */
    public static final long DEFAULT_MAX_BATCH_BYTES = 256L << 20;

    /** Default name of the error column. */
    public static final String DEFAULT_ERROR_COL = "error";

    /** Validates every field and takes a private copy of {@code outputFormats}. */
    public ApplyOptions {
        requireName(pipeline, "a pipeline spec");
        requireName(inputCol, "an input column name");
        requireName(errorCol, "an error column name");
        if (batchSize < 1) {
            throw new IllegalArgumentException("apply: expected batchSize >= 1, got " + batchSize);
        }
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("apply: expected maxBatchBytes >= 1, got " + maxBatchBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("apply: expected maxPixels >= 1, got " + maxPixels);
        }
        if (channels == null) {
            throw new IllegalArgumentException("apply: expected a channel layout (KEEP, GRAY, RGB, RGBA), got none");
        }
        if (shaping == null) {
            throw new IllegalArgumentException("apply: expected a batch shaping (GROUP_BY_SHAPE, RESIZE, PAD), got none");
        }
        boolean sized = shaping != BatchShaping.GROUP_BY_SHAPE;
        if (sized && (targetHeight < 1 || targetWidth < 1)) {
            throw new IllegalArgumentException("apply: expected a target size >= 1 x 1 for " + shaping + ", got "
                    + targetHeight + " x " + targetWidth);
        }
        if (!sized && (targetHeight != 0 || targetWidth != 0)) {
            throw new IllegalArgumentException("apply: expected no target size for GROUP_BY_SHAPE, got "
                    + targetHeight + " x " + targetWidth);
        }
        if (sized && (long) targetHeight * targetWidth > maxPixels) {
            throw new IllegalArgumentException("apply: expected a target size of at most " + maxPixels + " pixels, got "
                    + targetHeight + " x " + targetWidth);
        }
        if (outputFormats == null || outputFormats.isEmpty()) {
            throw new IllegalArgumentException("apply: expected at least one output format (TENSOR, IMAGE, PNG, JPEG), "
                    + "got none");
        }
        if (resizePrecision == null) {
            throw new IllegalArgumentException("apply: expected a resize precision (FLOAT, PIXELS), got none");
        }
        outputFormats = EnumSet.copyOf(outputFormats);
    }

    /**
     * Options with defaults: input column {@code content}, batches of {@value #DEFAULT_BATCH_SIZE} images and at
     * most {@link #DEFAULT_MAX_BATCH_BYTES} bytes, the decoder's default pixel limit, channels kept as stored,
     * images grouped by shape (resizes, when asked for, on float values), tensor and PNG outputs, error column
     * {@value #DEFAULT_ERROR_COL}, non-finite values let through, the image column replaced by the outputs.
     *
     * @param pipeline the pipeline spec
     * @return the options
     */
    public static ApplyOptions of(String pipeline) {
        return new ApplyOptions(pipeline, "content", DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCH_BYTES,
                DecodeOptions.DEFAULT_MAX_PIXELS, DecodeOptions.Channels.KEEP, BatchShaping.GROUP_BY_SHAPE, 0, 0,
                EnumSet.of(OutputFormat.TENSOR, OutputFormat.PNG), DEFAULT_ERROR_COL, false, ResizePrecision.FLOAT,
                false);
    }

    /** @return a copy of the output formats */
    @Override
    public EnumSet<OutputFormat> outputFormats() {
        return EnumSet.copyOf(outputFormats);
    }

    /**
     * @param format an output format
     * @return whether its column is emitted
     */
    public boolean emits(OutputFormat format) {
        return outputFormats.contains(format);
    }

    /**
     * @param column the input column
     * @return a copy reading images from {@code column}
     */
    public ApplyOptions withInputCol(String column) {
        return new ApplyOptions(pipeline, column, batchSize, maxBatchBytes, maxPixels, channels, shaping,
                targetHeight, targetWidth, outputFormats, errorCol, rejectNonFinite, resizePrecision, keepInput);
    }

    /**
     * @param size images per batch, >= 1
     * @return a copy with that batch size
     */
    public ApplyOptions withBatchSize(int size) {
        return new ApplyOptions(pipeline, inputCol, size, maxBatchBytes, maxPixels, channels, shaping,
                targetHeight, targetWidth, outputFormats, errorCol, rejectNonFinite, resizePrecision, keepInput);
    }

    /**
     * @param bytes the largest decoded float32 size of one batch, >= 1
     * @return a copy with that limit
     */
    public ApplyOptions withMaxBatchBytes(long bytes) {
        return new ApplyOptions(pipeline, inputCol, batchSize, bytes, maxPixels, channels, shaping,
                targetHeight, targetWidth, outputFormats, errorCol, rejectNonFinite, resizePrecision, keepInput);
    }

    /**
     * @param limit the largest accepted {@code width * height}
     * @return a copy with that pixel limit
     */
    public ApplyOptions withMaxPixels(long limit) {
        return new ApplyOptions(pipeline, inputCol, batchSize, maxBatchBytes, limit, channels, shaping,
                targetHeight, targetWidth, outputFormats, errorCol, rejectNonFinite, resizePrecision, keepInput);
    }

    /**
     * @param layout the channel layout images are converted to before the pipeline
     * @return a copy with that layout
     */
    public ApplyOptions withChannels(DecodeOptions.Channels layout) {
        return new ApplyOptions(pipeline, inputCol, batchSize, maxBatchBytes, maxPixels, layout, shaping,
                targetHeight, targetWidth, outputFormats, errorCol, rejectNonFinite, resizePrecision, keepInput);
    }

    /**
     * Resizes every image (bilinear) to {@code height x width} before the pipeline, so any sizes batch together.
     *
     * @param height target rows, >= 1
     * @param width target columns, >= 1
     * @return a copy with {@link BatchShaping#RESIZE}
     */
    public ApplyOptions withResizeTo(int height, int width) {
        return withShaping(BatchShaping.RESIZE, height, width);
    }

    /**
     * Zero-pads every image at its bottom and right to {@code height x width}; the {@code mask} column marks the
     * real pixels. Larger images fail row by row.
     *
     * @param height target rows, >= 1
     * @param width target columns, >= 1
     * @return a copy with {@link BatchShaping#PAD}
     */
    public ApplyOptions withPadTo(int height, int width) {
        return withShaping(BatchShaping.PAD, height, width);
    }

    /** @return a copy with {@link BatchShaping#GROUP_BY_SHAPE} (the default) */
    public ApplyOptions withGroupByShape() {
        return withShaping(BatchShaping.GROUP_BY_SHAPE, 0, 0);
    }

    private ApplyOptions withShaping(BatchShaping mode, int height, int width) {
        return new ApplyOptions(pipeline, inputCol, batchSize, maxBatchBytes, maxPixels, channels, mode,
                height, width, outputFormats, errorCol, rejectNonFinite, resizePrecision, keepInput);
    }

    /**
     * Chooses what {@link #withResizeTo} resizes: {@link ResizePrecision#FLOAT} (default, Kornia's resize on
     * float values) or {@link ResizePrecision#PIXELS} (8-bit images resized as uint8 on the CPU, then scaled to
     * [0, 1]: faster, within 1 level of 255 of {@code FLOAT}). No effect unless resizing.
     *
     * <pre>{@code
     * ApplyOptions.of("rgb_to_grayscale | sobel").withResizeTo(224, 224).withResizePrecision(ResizePrecision.PIXELS);
     * }</pre>
     *
     * @param precision the resize precision, not null
     * @return a copy with that precision
     */
    public ApplyOptions withResizePrecision(ResizePrecision precision) {
        return new ApplyOptions(pipeline, inputCol, batchSize, maxBatchBytes, maxPixels, channels, shaping,
                targetHeight, targetWidth, outputFormats, errorCol, rejectNonFinite, precision, keepInput);
    }

    /**
     * @param formats the result columns to emit, at least one
     * @return a copy with those outputs
     */
    public ApplyOptions withOutputFormats(EnumSet<OutputFormat> formats) {
        return new ApplyOptions(pipeline, inputCol, batchSize, maxBatchBytes, maxPixels, channels, shaping,
                targetHeight, targetWidth, formats, errorCol, rejectNonFinite, resizePrecision, keepInput);
    }

    /**
     * @param column the name of the error column
     * @return a copy writing errors there
     */
    public ApplyOptions withErrorCol(String column) {
        return new ApplyOptions(pipeline, inputCol, batchSize, maxBatchBytes, maxPixels, channels, shaping,
                targetHeight, targetWidth, outputFormats, column, rejectNonFinite, resizePrecision, keepInput);
    }

    /**
     * @param reject whether NaN or infinite input or output values fail the row
     * @return a copy with that rule
     */
    public ApplyOptions withRejectNonFinite(boolean reject) {
        return new ApplyOptions(pipeline, inputCol, batchSize, maxBatchBytes, maxPixels, channels, shaping,
                targetHeight, targetWidth, outputFormats, errorCol, reject, resizePrecision, keepInput);
    }

    /**
     * @param keep whether the result keeps the image column in its place (false: the outputs replace it)
     * @return a copy with that choice
     */
    public ApplyOptions withInputKept(boolean keep) {
        return new ApplyOptions(pipeline, inputCol, batchSize, maxBatchBytes, maxPixels, channels, shaping,
                targetHeight, targetWidth, outputFormats, errorCol, rejectNonFinite, resizePrecision, keep);
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("apply: expected " + what + ", got none");
        }
    }
}
