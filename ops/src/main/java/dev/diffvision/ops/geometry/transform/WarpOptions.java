package dev.diffvision.ops.geometry.transform;

import dev.diffvision.ops.core.GridPadding;
import dev.diffvision.ops.core.Interpolation;

/**
 * How a warp samples its source: Kornia's {@code mode}, {@code padding_mode}, {@code align_corners} and
 * {@code fill_value} keywords. Immutable; {@link #defaults()} are Kornia's warp defaults (bilinear, zeros,
 * align_corners true).
 *
 * <p>{@code fillValue} non-null is Kornia's {@code padding_mode="fill"}: destination pixels that sample outside
 * the source get that colour (one value per channel), blended by the sampler's coverage exactly as Kornia's
 * {@code _fill_and_warp}; {@code padding} must then be {@link GridPadding#ZEROS}.
 *
 * <pre>{@code
 * WarpOptions nearestBorder = WarpOptions.defaults().withMode(Interpolation.NEAREST).withPadding(GridPadding.BORDER);
 * }</pre>
 *
 * @param mode the interpolation
 * @param padding what outside samples read (zeros, border, reflection)
 * @param alignCorners the sampler's {@code align_corners}
 * @param fillValue the fill colour, one value per channel, or null
 */
public record WarpOptions(Interpolation mode, GridPadding padding, boolean alignCorners, double[] fillValue) {

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException for a null mode or padding, or a fill with padding other than zeros
     */
    public WarpOptions {
        if (mode == null || padding == null) {
            throw new IllegalArgumentException("warp: expected mode and padding_mode, got null");
        }
        if (fillValue != null && padding != GridPadding.ZEROS) {
            throw new IllegalArgumentException("warp: expected padding_mode zeros under a fill value, got "
                    + padding.kornia());
        }
        fillValue = fillValue == null ? null : fillValue.clone();
    }

    /** @return bilinear, zeros, align_corners true, no fill (Kornia's {@code warp_affine} defaults) */
    public static WarpOptions defaults() {
        return new WarpOptions(Interpolation.BILINEAR, GridPadding.ZEROS, true, null);
    }

    /**
     * Parses Kornia's keywords ({@code padding_mode} one of zeros, border, reflection, fill).
     *
     * @param mode {@code "bilinear"}, {@code "nearest"} or {@code "bicubic"}
     * @param paddingMode {@code "zeros"}, {@code "border"}, {@code "reflection"} or {@code "fill"}
     * @param alignCorners the sampler's {@code align_corners}
     * @param fillValue the colour of {@code "fill"}, one value per channel (ignored otherwise)
     * @param op the operator asking, for messages
     * @return the options
     * @throws IllegalArgumentException for unknown names or a fill without a colour
     */
    public static WarpOptions parse(String mode, String paddingMode, boolean alignCorners, double[] fillValue,
                                    String op) {
        Interpolation m = Interpolation.parse(mode, op);
        if ("fill".equalsIgnoreCase(paddingMode)) {
            if (fillValue == null) {
                throw new IllegalArgumentException(op + ": expected fill_value with padding_mode fill, got none");
            }
            return new WarpOptions(m, GridPadding.ZEROS, alignCorners, fillValue);
        }
        return new WarpOptions(m, GridPadding.parse(paddingMode, op), alignCorners, null);
    }

    /**
     * @param newMode the interpolation
     * @return a copy with that mode
     */
    public WarpOptions withMode(Interpolation newMode) {
        return new WarpOptions(newMode, padding, alignCorners, fillValue);
    }

    /**
     * @param newPadding the padding (clears a fill value)
     * @return a copy with that padding
     */
    public WarpOptions withPadding(GridPadding newPadding) {
        return new WarpOptions(mode, newPadding, alignCorners, null);
    }

    /**
     * @param newAlignCorners the sampler's {@code align_corners}
     * @return a copy with that setting
     */
    public WarpOptions withAlignCorners(boolean newAlignCorners) {
        return new WarpOptions(mode, padding, newAlignCorners, fillValue);
    }

    /**
     * @param colour one value per channel (Kornia's {@code padding_mode="fill"})
     * @return a copy that fills outside samples with {@code colour}
     */
    public WarpOptions withFill(double[] colour) {
        return new WarpOptions(mode, GridPadding.ZEROS, alignCorners, colour);
    }

    @Override
    public double[] fillValue() {
        return fillValue == null ? null : fillValue.clone();
    }
}
