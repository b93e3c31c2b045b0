package dev.diffvision.ops.geometry.transform;

import dev.diffvision.ops.core.Names;

/**
 * How {@code crop_by_indices} ({@link Crop2d}) brings a crop whose size differs from the requested one to that
 * size: Kornia's {@code shape_compensation}.
 */
public enum ShapeCompensation {
    /** Resampled to the size ({@code resize} with the crop's interpolation options). */
    RESIZE,
    /** Zeros added below and to the right, or rows and columns cut there when the crop is larger. */
    PAD;

    /**
     * Kornia's name, case-insensitive.
     *
     * @param name {@code "resize"} or {@code "pad"}
     * @param op the operator, for the error message
     * @return the mode
     * @throws IllegalArgumentException for another name
     */
    public static ShapeCompensation parse(String name, String op) {
        return Names.parse(values(), name, op, "shape_compensation");
    }
}
