package dev.diffvision.spark;

/**
 * How {@link DiffVisionFrames#apply} forms batches from images of different sizes.
 *
 * <ul>
 *   <li>{@link #GROUP_BY_SHAPE}: images of equal {@code (C, H, W)} and dtype batch together; sizes are kept.</li>
 *   <li>{@link #RESIZE}: every image is resized (bilinear, Kornia's {@code resize} without antialias, align
 *       corners false) to the configured {@code (H, W)} before the pipeline.</li>
 *   <li>{@link #PAD}: every image is placed at the top-left of a zero {@code (C, H, W)} canvas of the configured
 *       size; a {@code mask} column tells which pixels are real. Larger images are rejected row by row.</li>
 * </ul>
 */
public enum BatchShaping {
    /** Batch images of equal shape together, sizes kept. */
    GROUP_BY_SHAPE,
    /** Resize every image to the target size (bilinear). */
    RESIZE,
    /** Zero-pad every image to the target size, with a validity mask. */
    PAD
}
