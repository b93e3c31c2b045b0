package dev.diffvision.ops.morphology;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Padding;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Scoped;

import java.util.Arrays;

/**
 * Grey-scale mathematical morphology: Kornia's {@code kornia/morphology/morphology.py} ({@code dilation},
 * {@code erosion}, {@code opening}, {@code closing}, {@code gradient}, {@code top_hat}, {@code bottom_hat}).
 *
 * <p>Conventions (Kornia's, the values of its {@code unfold} and {@code shift} engines): {@code kernel} is a
 * {@code (kh, kw)} membership mask (non-zero cells belong to the neighbourhood, their magnitude is ignored);
 * erosion is {@code min over kernel cells b of f(x + b) - se(b)} and dilation reflects the element,
 * {@code max over b of f(x - b) + se(b)} (Minkowski, as scipy.ndimage; for a symmetric kernel both are OpenCV's
 * {@code dilate}/{@code erode}); the origin defaults to {@code (kh / 2, kw / 2)}. With the default
 * {@code geodesic} border pixels outside the image are ignored (padding with -inf for dilation, +inf for
 * erosion); {@code constant} pads with {@code borderValue}; {@code reflect}, {@code replicate} and
 * {@code circular} are the padding modes of {@link BorderType}. Composites: opening = dilation(erosion),
 * closing = erosion(dilation), gradient = dilation - erosion, top hat = x - opening, bottom hat = closing - x.
 *
 * <p>Every channel is processed on its own. Inputs are float32/float64 {@code (B, C, H, W)} or
 * {@code (C, H, W)}; outputs have the input's shape, dtype and device and belong to the input's manager.
 * Gradients flow to the input pixel that attains each maximum/minimum (split between exact ties). Inputs are not
 * modified.
 *
 * <p>Implementation: a running {@code maximum}/{@code minimum} over the shifted slices of the padded image, one
 * per kernel cell (Kornia's {@code shift} engine; DJL has no {@code unfold}).
 */
public final class BasicOperators {

    private BasicOperators() {}

    /**
     * Kornia's {@code dilation}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; kernel: {@code (kh, kw)}; output: same shape as the
     * input.
     *
     * <pre>{@code
     * NDArray d = BasicOperators.dilation(img, new double[][] {{0, 1, 0}, {1, 1, 1}, {0, 1, 0}},
     *         MorphologyOptions.DEFAULTS);
     * }</pre>
     *
     * @param input the image
     * @param kernel the neighbourhood mask, at least one non-zero cell
     * @param options structuring element, origin and border
     * @return the dilated image
     * @throws IllegalArgumentException for a wrong rank or dtype, an empty, ragged or non-finite kernel, a
     *     structuring element of another shape or with NaN, an origin outside the kernel or an unknown border type
     */
    public static NDArray dilation(NDArray input, double[][] kernel, MorphologyOptions options) {
        return apply("dilation", input, kernel, options, true);
    }

    /**
     * Kornia's {@code erosion}; see {@link #dilation} for shapes and arguments (the element is not reflected).
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} neighbourhood mask
     * @param options structuring element, origin and border
     * @return the eroded image
     */
    public static NDArray erosion(NDArray input, double[][] kernel, MorphologyOptions options) {
        return apply("erosion", input, kernel, options, false);
    }

    /**
     * Kornia's {@code opening}: {@code dilation(erosion(input))} with the same arguments.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} neighbourhood mask
     * @param options structuring element, origin and border
     * @return the opened image
     */
    public static NDArray opening(NDArray input, double[][] kernel, MorphologyOptions options) {
        check("opening", input, kernel, options);
        return Scoped.run(() -> dilation(erosion(input, kernel, options), kernel, options), input);
    }

    /**
     * Kornia's {@code closing}: {@code erosion(dilation(input))} with the same arguments.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} neighbourhood mask
     * @param options structuring element, origin and border
     * @return the closed image
     */
    public static NDArray closing(NDArray input, double[][] kernel, MorphologyOptions options) {
        check("closing", input, kernel, options);
        return Scoped.run(() -> erosion(dilation(input, kernel, options), kernel, options), input);
    }

    /**
     * Kornia's {@code gradient}: {@code dilation - erosion}, >= 0 for a flat element.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} neighbourhood mask
     * @param options structuring element, origin and border
     * @return the morphological gradient
     */
    public static NDArray gradient(NDArray input, double[][] kernel, MorphologyOptions options) {
        check("gradient", input, kernel, options);
        return Scoped.run(() -> dilation(input, kernel, options).sub(erosion(input, kernel, options)), input);
    }

    /**
     * Kornia's {@code top_hat}: {@code input - opening(input)} (bright details smaller than the element).
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} neighbourhood mask
     * @param options structuring element, origin and border
     * @return the white top hat
     */
    public static NDArray topHat(NDArray input, double[][] kernel, MorphologyOptions options) {
        check("top_hat", input, kernel, options);
        return Scoped.run(() -> input.sub(opening(input, kernel, options)), input);
    }

    /**
     * Kornia's {@code bottom_hat}: {@code closing(input) - input} (dark details smaller than the element).
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (kh, kw)} neighbourhood mask
     * @param options structuring element, origin and border
     * @return the black top hat
     */
    public static NDArray bottomHat(NDArray input, double[][] kernel, MorphologyOptions options) {
        check("bottom_hat", input, kernel, options);
        return Scoped.run(() -> closing(input, kernel, options).sub(input), input);
    }

    private static NDArray apply(String op, NDArray input, double[][] kernel, MorphologyOptions options,
                                 boolean dilate) {
        BorderType border = check(op, input, kernel, options);
        int kh = kernel.length;
        int kw = kernel[0].length;
        int oy = options.origin() == null ? kh / 2 : options.origin()[0];
        int ox = options.origin() == null ? kw / 2 : options.origin()[1];
        // dilation reflects the element: window cell (i, j) holds kernel cell (kh - 1 - i, kw - 1 - j)
        int top = dilate ? kh - 1 - oy : oy;
        int left = dilate ? kw - 1 - ox : ox;
        double identity = dilate ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        return Rank.batched(input, x -> Scoped.run(() -> {
            long h = x.getShape().get(2);
            long w = x.getShape().get(3);
            NDArray padded = border == null
                    ? Padding.pad2d(x, top, kh - 1 - top, left, kw - 1 - left, BorderType.CONSTANT, identity)
                    : Padding.pad2d(x, top, kh - 1 - top, left, kw - 1 - left, border, options.borderValue());
            NDArray out = null;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int ki = dilate ? kh - 1 - i : i;
                    int kj = dilate ? kw - 1 - j : j;
                    if (kernel[ki][kj] == 0) {
                        continue;
                    }
                    NDArray shifted = padded.get(new NDIndex(":, :, {}:{}, {}:{}", i, i + h, j, j + w));
                    double offset = options.structuringElement() == null ? 0 : options.structuringElement()[ki][kj];
                    if (offset != 0) {
                        shifted = shifted.add(dilate ? offset : -offset);
                    }
                    out = out == null ? shifted : dilate ? out.maximum(shifted) : out.minimum(shifted);
                }
            }
            return out;
        }, x));
    }

    /** Validates the arguments; returns the padding mode, or null for geodesic. */
    private static BorderType check(String op, NDArray input, double[][] kernel, MorphologyOptions options) {
        Checks.image(input, op, "input");
        if (kernel == null || kernel.length == 0 || kernel[0].length == 0
                || Arrays.stream(kernel).anyMatch(r -> r.length != kernel[0].length)) {
            throw new IllegalArgumentException(op + ": expected kernel of shape (kH, kW), got "
                    + (kernel == null ? "null" : "a ragged or empty array"));
        }
        double[] cells = Arrays.stream(kernel).flatMapToDouble(Arrays::stream).toArray();
        Checks.finite(op, "kernel", cells);
        if (Arrays.stream(cells).allMatch(v -> v == 0)) {
            throw new IllegalArgumentException(op + ": expected kernel with at least one non-zero cell, got none");
        }
        double[][] se = options.structuringElement();
        if (se != null && (se.length != kernel.length
                || Arrays.stream(se).anyMatch(r -> r.length != kernel[0].length))) {
            throw new IllegalArgumentException(op + ": expected structuring_element of the kernel's shape ("
                    + kernel.length + ", " + kernel[0].length + "), got another shape");
        }
        if (se != null && Arrays.stream(se).flatMapToDouble(Arrays::stream).anyMatch(Double::isNaN)) {
            throw new IllegalArgumentException(op + ": expected structuring_element without NaN, got "
                    + Arrays.deepToString(se));
        }
        int[] origin = options.origin();
        if (origin != null && (origin.length != 2 || origin[0] < 0 || origin[0] >= kernel.length
                || origin[1] < 0 || origin[1] >= kernel[0].length)) {
            throw new IllegalArgumentException(op + ": expected origin [row, col] inside the kernel, got "
                    + Arrays.toString(origin));
        }
        if ("geodesic".equalsIgnoreCase(options.borderType())) {
            return null;
        }
        BorderType border;
        try {
            border = BorderType.parse(options.borderType(), op);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": expected border_type one of geodesic, constant, reflect,"
                    + " replicate, circular, got '" + options.borderType() + "'", e);
        }
        if (border == BorderType.CONSTANT && Double.isNaN(options.borderValue())) {
            throw new IllegalArgumentException(op + ": expected a border_value that is not NaN for the constant"
                    + " border, got NaN");
        }
        return border;
    }

    /**
     * The default flat 3x3 element (Kornia's examples use {@code torch.ones(3, 3)}).
     *
     * @return a fresh 3x3 array of ones
     */
    public static double[][] ones3x3() {
        return new double[][] {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
    }
}
