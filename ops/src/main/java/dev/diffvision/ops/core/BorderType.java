package dev.diffvision.ops.core;

import java.util.Locale;

/**
 * How an image is extended past its border, with Kornia's names.
 *
 * <p>For a row {@code a b c d}, padded by 2 on each side:
 * <ul>
 *   <li>{@link #CONSTANT}: {@code 0 0 | a b c d | 0 0} (the fill value)</li>
 *   <li>{@link #REFLECT}: {@code c b | a b c d | c b} (= OpenCV {@code BORDER_REFLECT_101}, torch {@code reflect})</li>
 *   <li>{@link #REPLICATE}: {@code a a | a b c d | d d}</li>
 *   <li>{@link #CIRCULAR}: {@code c d | a b c d | a b}</li>
 * </ul>
 */
public enum BorderType {
    /** Fill with a constant value. */
    CONSTANT,
    /** Mirror without repeating the edge pixel (OpenCV BORDER_REFLECT_101). */
    REFLECT,
    /** Repeat the edge pixel. */
    REPLICATE,
    /** Wrap around. */
    CIRCULAR;

    /**
     * Parses Kornia's lower-case name ({@code "reflect"}, {@code "replicate"}, ...).
     *
     * @param name the name, case-insensitive
     * @param op the operator asking, for the message
     * @return the border type
     * @throws IllegalArgumentException listing the valid names if {@code name} is unknown
     */
    public static BorderType parse(String name, String op) {
        return Names.parse(values(), BorderType::kornia, name, op, "border_type");
    }

    /** @return Kornia's name for this border type, e.g. {@code "replicate"} */
    public String kornia() {
        return name().toLowerCase(Locale.ROOT);
    }
}
