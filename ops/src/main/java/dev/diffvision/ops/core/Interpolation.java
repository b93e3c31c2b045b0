package dev.diffvision.ops.core;

import java.util.Locale;

/**
 * How a sampler interpolates between pixel centres, with Kornia's (and torch's) names: the {@code mode} of
 * {@code grid_sample}, {@code warp_affine}, {@code remap}.
 */
public enum Interpolation {
    /** Weighted mean of the 4 nearest pixels. */
    BILINEAR(0),
    /** The nearest pixel (ties round half to even, like torch). */
    NEAREST(1),
    /** Cubic convolution over the 16 nearest pixels (Keys, a = -0.75, as torch). */
    BICUBIC(2);

    private final int aten;

    Interpolation(int aten) {
        this.aten = aten;
    }

    /**
     * Parses Kornia's lower-case name ({@code "bilinear"}, {@code "nearest"}, {@code "bicubic"}).
     *
     * @param name the name, case-insensitive
     * @param op the operator asking, for the message
     * @return the mode
     * @throws IllegalArgumentException listing the valid names if {@code name} is unknown
     */
    public static Interpolation parse(String name, String op) {
        return Names.parse(values(), Interpolation::kornia, name, op, "mode");
    }

    /** @return Kornia's name, e.g. {@code "bilinear"} */
    public String kornia() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return ATen's {@code interpolation_mode} code of {@code grid_sampler} */
    int aten() {
        return aten;
    }
}
