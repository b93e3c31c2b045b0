package dev.diffvision.ops.filters;

import dev.diffvision.ops.core.Names;

import java.util.Locale;

/** The derivative kernels of {@link Sobel#spatialGradient}: Kornia's {@code mode} argument. */
public enum GradientMode {
    /** 3x3 Sobel for first order, 5x5 Sobel for second order. */
    SOBEL,
    /** 3x3 central differences. */
    DIFF;

    /**
     * Parses Kornia's name ({@code "sobel"} or {@code "diff"}).
     *
     * @param name the name, case-insensitive
     * @return the mode
     * @throws IllegalArgumentException naming the valid modes
     */
    public static GradientMode parse(String name) {
        return Names.parse(values(), name, "spatial_gradient", "mode");
    }

    /** @return Kornia's lower-case name */
    public String kornia() {
        return name().toLowerCase(Locale.ROOT);
    }
}
