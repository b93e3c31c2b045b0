package dev.diffvision.spark;

/**
 * The output columns {@link DiffVisionFrames#apply} can emit for each row's result (see {@link OutputColumns}).
 *
 * <ul>
 *   <li>{@link #TENSOR}: column {@code tensor}, DiffVision's tensor struct
 *       ({@code shape array<int>, dtype string, data binary}), float32 little-endian, row-major {@code (C, H, W)}.</li>
 *   <li>{@link #IMAGE}: column {@code image}, Spark's image struct (8-bit, BGR(A) or gray, interleaved), the
 *       result clamped to [0, 1] and rounded; 1, 3 or 4 channels.</li>
 *   <li>{@link #PNG}: column {@code png}, 8-bit PNG bytes of the clamped result; 1 to 4 channels.</li>
 *   <li>{@link #JPEG}: column {@code jpeg}, JPEG bytes (quality 0.9) of the clamped result; 1 or 3 channels.</li>
 * </ul>
 */
public enum OutputFormat {
    /** Float32 tensor struct. */
    TENSOR,
    /** Spark's image struct. */
    IMAGE,
    /** PNG bytes. */
    PNG,
    /** JPEG bytes. */
    JPEG
}
