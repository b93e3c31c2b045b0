package dev.diffvision.spark;

/**
 * What a {@link BatchShaping#RESIZE} batch is resized on: float values (Kornia's {@code resize}, the default) or,
 * for 8-bit images on the CPU, the 8-bit pixels themselves.
 *
 * <ul>
 *   <li>{@link #FLOAT}: every image is scaled to float32 [0, 1] ({@code / 255}, {@code / 65535}) and resized
 *       (bilinear, half-pixel centres, no antialias): {@code Transforms.resize} on the scaled image, up to float
 *       rounding. On the CPU 8-bit runs go through {@code Sampling.interpolateScaled}, which converts only the
 *       rows the resize reads (resizing commutes with the scale).</li>
 *   <li>{@link #PIXELS}: a run of uint8 images (decoded 8-bit PNG/JPEG, Spark image structs, uint8 tensor
 *       structs) is resized as uint8 by ATen's fixed-point {@code upsample_bilinear2d} kernel for 8-bit images
 *       (same geometry: bilinear, half-pixel centres, no antialias), and only the {@code H x W} target is
 *       scaled to float32 {@code / 255} (the resize step measured 3x faster than {@link #FLOAT} for 16 RGB images
 *       512x512 -> 224x224, 1.4x for 256x256, on a loaded 2-core machine). Each
 *       resized value is then within 1 level (of 255) of {@link #FLOAT}'s times 255: the kernel rounds to whole
 *       levels after its horizontal and after its vertical pass (at most 0.5 each) and its weights are 14-bit
 *       fixed point (at most 255 * 2^-14 per pass; 1.03 in all at worst, at most 1.0 measured, 0.3 on average).
 *       16-bit and float images, and batches on a GPU, take the {@link #FLOAT} path.</li>
 * </ul>
 */
public enum ResizePrecision {
    /** Resize float32 values in [0, 1] (Kornia's {@code resize}; the default). */
    FLOAT,
    /** Resize 8-bit images as uint8 pixels on the CPU, then scale to [0, 1]; other inputs as {@link #FLOAT}. */
    PIXELS
}
