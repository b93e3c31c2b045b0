package dev.diffvision.ops.color;

import dev.diffvision.ops.core.Names;

import java.util.Locale;

/**
 * The layout of a Bayer colour filter array: Kornia's {@code kornia.color.CFA} ({@code cfa} argument of
 * {@link Raw}).
 *
 * <p>Names follow OpenCV's convention as Kornia documents it: the two letters are the colours of pixels
 * {@code (1, 1)} and {@code (1, 2)} (row, column, counting from 0). So {@link #BG} has blue at {@code (1, 1)},
 * green at {@code (1, 2)} and red at the top-left pixel {@code (0, 0)}.
 */
public enum Cfa {
    /** Red at (0, 0), blue at (1, 1). */
    BG(0, 0, 1, 1),
    /** Red at (0, 1), blue at (1, 0). */
    GB(0, 1, 1, 0),
    /** Red at (1, 1), blue at (0, 0). */
    RG(1, 1, 0, 0),
    /** Red at (1, 0), blue at (0, 1). */
    GR(1, 0, 0, 1);

    private final int redRow;
    private final int redCol;
    private final int blueRow;
    private final int blueCol;

    Cfa(int redRow, int redCol, int blueRow, int blueCol) {
        this.redRow = redRow;
        this.redCol = redCol;
        this.blueRow = blueRow;
        this.blueCol = blueCol;
    }

    /**
     * Which colour each pixel of the 2x2 tile samples.
     *
     * @return {@code [row][col]}: 0 red, 1 green, 2 blue
     */
    int[][] tile() {
        int[][] t = {{1, 1}, {1, 1}};
        t[redRow][redCol] = 0;
        t[blueRow][blueCol] = 2;
        return t;
    }

    /**
     * Parses Kornia's name ({@code "BG"}, {@code "GB"}, {@code "RG"}, {@code "GR"}, case-insensitive).
     *
     * @param name the name
     * @param op the op's Kornia name, for the message
     * @return the layout
     * @throws IllegalArgumentException naming the valid layouts
     */
    public static Cfa parse(String name, String op) {
        return Names.parse(values(), Cfa::kornia, name, op, "cfa");
    }

    /** @return Kornia's name, e.g. {@code BG} */
    public String kornia() {
        return name().toUpperCase(Locale.ROOT);
    }
}
