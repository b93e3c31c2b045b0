package dev.diffvision.ops.core;

import java.util.Locale;

/**
 * What a sampler reads outside the image, with Kornia's (and torch's) names: the {@code padding_mode} of
 * {@code grid_sample}, {@code warp_affine}, {@code remap}.
 *
 * <p>For a row {@code a b c d} sampled at integer positions {@code -2 -1 | 0 1 2 3 | 4 5}:
 * <ul>
 *   <li>{@link #ZEROS}: {@code 0 0 | a b c d | 0 0}; bilinear weights that fall outside count as 0</li>
 *   <li>{@link #BORDER}: {@code a a | a b c d | d d} (positions clamped to the image)</li>
 *   <li>{@link #REFLECTION}: mirror at the image border: with {@code align_corners=true} about the edge pixel
 *       centres ({@code c b | a b c d | c b}), with {@code false} about the image edges
 *       ({@code b a | a b c d | d c})</li>
 * </ul>
 */
public enum GridPadding {
    /** Zeros outside the image. */
    ZEROS(0),
    /** The nearest border pixel. */
    BORDER(1),
    /** Mirrored into the image. */
    REFLECTION(2);

    private final int aten;

    GridPadding(int aten) {
        this.aten = aten;
    }

    /**
     * Parses Kornia's lower-case name ({@code "zeros"}, {@code "border"}, {@code "reflection"}).
     *
     * @param name the name, case-insensitive
     * @param op the operator asking, for the message
     * @return the padding mode
     * @throws IllegalArgumentException listing the valid names if {@code name} is unknown
     */
    public static GridPadding parse(String name, String op) {
        return Names.parse(values(), GridPadding::kornia, name, op, "padding_mode");
    }

    /** @return Kornia's name, e.g. {@code "zeros"} */
    public String kornia() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return ATen's {@code padding_mode} code of {@code grid_sampler} */
    int aten() {
        return aten;
    }
}
