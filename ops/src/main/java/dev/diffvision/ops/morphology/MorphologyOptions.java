package dev.diffvision.ops.morphology;

/**
 * The options Kornia's morphology functions share beyond the kernel, as one immutable record.
 *
 * @param structuringElement a non-flat structuring element of the kernel's shape, added before the maximum in
 *     dilation and subtracted before the minimum in erosion, or null for a flat one (all zeros)
 * @param origin {@code (row, col)} of the kernel cell placed on the output pixel, or null for
 *     {@code (kh / 2, kw / 2)}
 * @param borderType {@code geodesic} (Kornia's default: pixels outside the image are ignored), or a padding
 *     mode: {@code constant}, {@code reflect}, {@code replicate}, {@code circular}
 * @param borderValue the fill for {@code constant}; ignored otherwise
 */
public record MorphologyOptions(double[][] structuringElement, int[] origin, String borderType, double borderValue) {

    /** Kornia's defaults: flat element, centred origin, geodesic border. */
    public static final MorphologyOptions DEFAULTS = new MorphologyOptions(null, null, "geodesic", 0);

    /**
     * @param borderType the border handling
     * @return a copy with that border
     */
    public MorphologyOptions withBorder(String borderType) {
        return new MorphologyOptions(structuringElement, origin, borderType, borderValue);
    }
}
