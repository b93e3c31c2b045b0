package dev.diffvision.spark;

/**
 * Why a row failed; each kind is counted by {@link ApplyMetrics} and logged once per executor JVM.
 */
public enum ErrorKind {
    /** The cell is null, or its bytes are not a readable PNG, JPEG or {@code .npy} file. */
    UNDECODABLE,
    /** The image has more pixels than {@code maxPixels}, or is larger than the {@code padTo} size. */
    OVERSIZED,
    /** A tensor struct or {@code .npy} array is malformed: unknown dtype, wrong rank, data not matching shape. */
    BAD_TENSOR,
    /** The input or the output holds NaN or infinity and {@code rejectNonFinite} is set. */
    NON_FINITE,
    /** The pipeline or an output encoder rejected the image, e.g. for its channel count. */
    REJECTED
}
