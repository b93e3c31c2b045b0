package dev.diffvision.ops.contrib;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Padding;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Scoped;

/**
 * Sliding-window patches: Kornia's {@code kornia/contrib/extract_patches.py} ({@code extract_tensor_patches},
 * {@code combine_tensor_patches}, {@code compute_padding}); torch's {@code unfold} / {@code fold}, which DJL lacks.
 *
 * <p>Conventions (Kornia's): sizes are {@code (height, width)} (one integer = both); padding is one integer (all
 * sides), {@code (vertical, horizontal)} (each on both sides) or {@code (top, bottom, left, right)}, with zeros;
 * patches are ordered row-major by their top-left corner. Without padding, windows that do not fit are dropped
 * (Kornia also warns); {@code allow_auto_padding} pads with {@link #computePadding} instead. Tensors are
 * float32/float64; outputs keep dtype and device, belong to the input's manager, and gradients flow to the input.
 * Inputs are not modified.
 *
 * <p>Implementation: extraction is {@code kh + kw} strided slices (exact copies); combination (torch's
 * {@code fold}, which DJL's PyTorch engine lacks, as it lacks transposed convolution) places and sums
 * {@code kw} then {@code kh} zero-interleaved slices, then divides by the host-computed window count per pixel.
 */
public final class ExtractPatches {

    private ExtractPatches() {}

    /**
     * Kornia's {@code compute_padding}: the zero padding {@code (top, bottom, left, right)} after which windows of
     * {@code windowSize} with {@code stride} tile {@code originalSize} exactly (the odd pixel goes to the bottom /
     * right).
     *
     * <pre>{@code
     * int[] pad = ExtractPatches.computePadding(new int[] {4, 3}, new int[] {3, 3}, new int[] {3, 3}); // {1, 1, 0, 0}
     * }</pre>
     *
     * @param originalSize {@code (H, W)} or one size
     * @param windowSize {@code (kh, kw)} or one size
     * @param stride {@code (sh, sw)} or one size
     * @return {@code (top, bottom, left, right)}
     */
    public static int[] computePadding(int[] originalSize, int[] windowSize, int[] stride) {
        int[] size = pair("compute_padding", "original_size", originalSize);
        int[] window = pair("compute_padding", "window_size", windowSize);
        int[] step = pair("compute_padding", "stride", stride);
        int[] pad = new int[4];
        for (int axis = 0; axis < 2; axis++) {
            int remainder = Math.floorMod(size[axis] - window[axis], step[axis]);
            int total = remainder == 0 ? 0 : step[axis] - remainder;
            pad[2 * axis] = total / 2;
            pad[2 * axis + 1] = total - total / 2;
        }
        return pad;
    }

    /**
     * Kornia's {@code extract_tensor_patches}.
     *
     * <p>input: {@code (B, C, H, W)} (or {@code (C, H, W)}, returned without the batch dimension); output:
     * {@code (B, N, C, kh, kw)} with {@code N = nh * nw}, {@code nh = (H + pads - kh) / sh + 1} (floor).
     *
     * <pre>{@code
     * NDArray patches = ExtractPatches.extractTensorPatches(img, new int[] {2, 3}, new int[] {1}, new int[] {0}, false);
     * }</pre>
     *
     * @param input the image
     * @param windowSize {@code (kh, kw)} or one size, >= 1
     * @param stride {@code (sh, sw)} or one size, >= 1
     * @param padding 1, 2 or 4 non-negative integers (see the class comment); all zeros = none
     * @param allowAutoPadding without padding, pad so that the windows tile the image
     * @return the patches
     * @throws IllegalArgumentException for a bad rank, dtype or size, or a window larger than the padded image
     */
    public static NDArray extractTensorPatches(NDArray input, int[] windowSize, int[] stride, int[] padding,
                                               boolean allowAutoPadding) {
        String op = "extract_tensor_patches";
        Checks.image(input, op, "input");
        int[] window = pair(op, "window_size", windowSize);
        int[] step = pair(op, "stride", stride);
        int[] pad = padTuple(op, "padding", padding);
        return Rank.batched(input, x -> Scoped.run(() -> {
            Shape s = x.getShape();
            int[] pads = pad;
            int[] size = {(int) s.get(2), (int) s.get(3)};
            if (isZero(pads) && allowAutoPadding) {
                pads = computePadding(size, window, step);
            }
            NDArray padded = isZero(pads) ? x : Padding.pad2d(x, pads[0], pads[1], pads[2], pads[3],
                    BorderType.CONSTANT, 0);
            long hp = padded.getShape().get(2);
            long wp = padded.getShape().get(3);
            if (hp < window[0] || wp < window[1]) {
                throw new IllegalArgumentException(op + ": expected window_size no larger than the padded input, got"
                        + " window " + window[0] + "x" + window[1] + " for " + hp + "x" + wp);
            }
            long nh = (hp - window[0]) / step[0] + 1;
            long nw = (wp - window[1]) / step[1] + 1;
            NDList rows = new NDList();
            for (int i = 0; i < window[0]; i++) {
                rows.add(padded.get(":, :, " + i + ":" + (i + step[0] * (nh - 1) + 1) + ":" + step[0] + ", :"));
            }
            NDArray byRow = NDArrays.stack(rows, 2); // (B, C, kh, nh, Wp)
            NDList cols = new NDList();
            for (int j = 0; j < window[1]; j++) {
                cols.add(byRow.get("..., " + j + ":" + (j + step[1] * (nw - 1) + 1) + ":" + step[1]));
            }
            NDArray all = NDArrays.stack(cols, 5); // (B, C, kh, nh, nw, kw)
            return all.transpose(0, 3, 4, 1, 2, 5).reshape(s.get(0), nh * nw, s.get(1), window[0], window[1]);
        }, x));
    }

    /**
     * Kornia's {@code combine_tensor_patches}: the inverse of {@link #extractTensorPatches}; where windows overlap
     * (stride < window) the patches are averaged, pixels covered by no window are 0.
     *
     * <p>patches: {@code (B, N, C, kh, kw)} (or {@code (N, C, kh, kw)}, returned without the batch dimension);
     * output: {@code (B, C, H, W)} with {@code (H, W) = original_size}.
     *
     * <pre>{@code
     * NDArray img = ExtractPatches.combineTensorPatches(patches, new int[] {4, 4}, new int[] {2}, new int[] {2},
     *         false, new int[] {0}, 1e-8);
     * }</pre>
     *
     * @param patches the patches, in {@link #extractTensorPatches}'s order
     * @param originalSize {@code (H, W)} or one size
     * @param windowSize {@code (kh, kw)}, the patches' size
     * @param stride {@code (sh, sw)}, each at most the window size
     * @param allowAutoUnpadding without unpadding, remove {@link #computePadding}'s padding
     * @param unpadding the padding used at extraction (1, 2 or 4 integers), removed here
     * @param eps added to the window count before dividing
     * @return the image
     * @throws IllegalArgumentException for a bad rank or dtype, a stride above the window, or a patch count that
     *     does not match the sizes
     */
    public static NDArray combineTensorPatches(NDArray patches, int[] originalSize, int[] windowSize, int[] stride,
                                               boolean allowAutoUnpadding, int[] unpadding, double eps) {
        String op = "combine_tensor_patches";
        Checks.notNull(patches, op, "patches");
        int rank = patches.getShape().dimension();
        if (rank != 4 && rank != 5) {
            throw new IllegalArgumentException(op + ": expected patches of shape (B, N, C, kh, kw) or (N, C, kh, kw),"
                    + " got " + Checks.describe(patches.getShape()));
        }
        Checks.floating(patches, op, "patches");
        int[] size = pair(op, "original_size", originalSize);
        int[] window = pair(op, "window_size", windowSize);
        int[] step = pair(op, "stride", stride);
        if (step[0] > window[0] || step[1] > window[1]) {
            throw new IllegalArgumentException(op + ": expected stride <= window_size, got stride " + step[0] + "x"
                    + step[1] + " for window " + window[0] + "x" + window[1]);
        }
        int[] given = padTuple(op, "unpadding", unpadding);
        int[] pads = isZero(given) && allowAutoUnpadding ? computePadding(size, window, step) : given;
        long hr = size[0] + pads[0] + pads[1];
        long wr = size[1] + pads[2] + pads[3];
        long nh = (hr - window[0]) / step[0] + 1;
        long nw = (wr - window[1]) / step[1] + 1;
        Shape s = rank == 5 ? patches.getShape() : new Shape(1).addAll(patches.getShape());
        if (hr < window[0] || wr < window[1] || s.get(1) != nh * nw || s.get(3) != window[0]
                || s.get(4) != window[1]) {
            throw new IllegalArgumentException(op + ": expected patches of shape (B, " + nh * nw + ", C, " + window[0]
                    + ", " + window[1] + ") for original_size " + size[0] + "x" + size[1] + ", got "
                    + Checks.describe(patches.getShape()));
        }
        double[] counts = coverage(hr, wr, window, step, nh, nw, pads, size);
        return Scoped.run(() -> {
            long b = s.get(0);
            long c = s.get(2);
            NDArray cols = patches.reshape(b, nh, nw, c, window[0], window[1]).transpose(0, 3, 4, 5, 1, 2)
                    .reshape(b * c, window[0], window[1], nh, nw);
            // fold along W: column j of every patch lands at j + sw * n
            NDArray rows = null;
            for (int j = 0; j < window[1]; j++) {
                NDArray placed = place(cols.get(":, :, " + j), step[1], j, wr);
                rows = rows == null ? placed : rows.add(placed);
            }
            // fold along H: row i lands at i + sh * n
            NDArray full = null;
            for (int i = 0; i < window[0]; i++) {
                NDArray placed = place(rows.get(":, " + i).swapAxes(-1, -2), step[0], i, hr).swapAxes(-1, -2);
                full = full == null ? placed : full.add(placed);
            }
            NDArray cropped = full.get(":, " + pads[0] + ":" + (pads[0] + size[0]) + ", " + pads[2] + ":"
                    + (pads[2] + size[1]));
            NDArray norm = patches.getManager().create(counts, new Shape(size[0], size[1]))
                    .toType(patches.getDataType(), false);
            NDArray out = cropped.reshape(b, c, size[0], size[1]).div(norm.add(eps));
            return rank == 5 ? out : out.squeeze(0);
        }, patches);
    }

    /**
     * Spreads the last axis of {@code v} ({@code n} window positions) to a length-{@code size} axis: element m goes
     * to {@code offset + step * m}, the rest is 0 (one tap of torch's {@code fold}).
     */
    private static NDArray place(NDArray v, int step, int offset, long size) {
        Shape s = v.getShape();
        long n = s.get(s.dimension() - 1);
        NDArray spread = v;
        if (step > 1) {
            NDArray zeros = v.getManager().zeros(new Shape(s.getShape()).addAll(new Shape(step - 1)), v.getDataType());
            spread = v.expandDims(-1).concat(zeros, -1).reshape(s.slice(0, s.dimension() - 1).addAll(new Shape(n * step)))
                    .get("..., :" + ((n - 1) * step + 1));
        }
        long used = (n - 1) * step + 1;
        return Padding.pad2d(spread, 0, 0, offset, (int) (size - offset - used), BorderType.CONSTANT, 0);
    }

    /** How many windows cover each pixel of the unpadded image. */
    private static double[] coverage(long hr, long wr, int[] window, int[] step, long nh, long nw, int[] pads,
                                     int[] size) {
        double[] full = new double[(int) (hr * wr)];
        for (long i = 0; i < nh; i++) {
            for (long j = 0; j < nw; j++) {
                for (int y = 0; y < window[0]; y++) {
                    for (int x = 0; x < window[1]; x++) {
                        full[(int) ((i * step[0] + y) * wr + j * step[1] + x)]++;
                    }
                }
            }
        }
        double[] out = new double[size[0] * size[1]];
        for (int y = 0; y < size[0]; y++) {
            for (int x = 0; x < size[1]; x++) {
                out[y * size[1] + x] = full[(int) ((y + pads[0]) * wr + x + pads[2])];
            }
        }
        return out;
    }

    private static boolean isZero(int[] pads) {
        for (int p : pads) {
            if (p != 0) {
                return false;
            }
        }
        return true;
    }

    /** One or two positive integers as {@code (height, width)}. */
    private static int[] pair(String op, String name, int[] value) {
        if (value == null || (value.length != 1 && value.length != 2)) {
            throw new IllegalArgumentException(op + ": expected " + name + " of one or two integers, got "
                    + java.util.Arrays.toString(value));
        }
        int[] out = value.length == 1 ? new int[] {value[0], value[0]} : value.clone();
        if (out[0] < 1 || out[1] < 1) {
            throw new IllegalArgumentException(op + ": expected " + name + " >= 1, got "
                    + java.util.Arrays.toString(value));
        }
        return out;
    }

    /** Kornia's {@code create_padding_tuple}: 1, 2 or 4 integers to {@code (top, bottom, left, right)}. */
    private static int[] padTuple(String op, String name, int[] value) {
        int[] out = switch (value == null ? 0 : value.length) {
            case 1 -> new int[] {value[0], value[0], value[0], value[0]};
            case 2 -> new int[] {value[0], value[0], value[1], value[1]};
            case 4 -> value.clone();
            default -> throw new IllegalArgumentException(op + ": expected " + name + " of 1, 2 or 4 integers, got "
                    + java.util.Arrays.toString(value));
        };
        for (int p : out) {
            if (p < 0) {
                throw new IllegalArgumentException(op + ": expected " + name + " >= 0, got "
                        + java.util.Arrays.toString(value));
            }
        }
        return out;
    }
}
