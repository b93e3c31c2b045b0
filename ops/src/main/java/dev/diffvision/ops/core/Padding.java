package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Spatial padding of image tensors in the four border modes of {@link BorderType}, differentiable.
 *
 * <p>DJL 0.36's {@code pad} is constant-only; the other modes are built here as one index-select per padded
 * axis (the gradient of an index-select is a scatter-add, so autograd flows into the input). Index tables are
 * computed on the host and created on the input's device.
 *
 * <pre>{@code
 * NDArray padded = Padding.pad2d(x, 1, 1, 1, 1, BorderType.REPLICATE, 0);  // (B, C, H + 2, W + 2)
 * }</pre>
 */
public final class Padding {

    private static final String OP = "pad";

    private Padding() {}

    /**
     * Pads the last two dimensions of {@code x}.
     *
     * <p>input: {@code (*, H, W)} float32/float64, any rank >= 2; output: {@code (*, H + top + bottom,
     * W + left + right)}, same dtype and device, owned by the input's manager. The input is not modified.
     *
     * @param x the tensor to pad
     * @param top rows added above, >= 0
     * @param bottom rows added below, >= 0
     * @param left columns added on the left, >= 0
     * @param right columns added on the right, >= 0
     * @param border the border mode; {@link BorderType#REFLECT} needs each pad smaller than that axis's size,
     *     {@link BorderType#CIRCULAR} at most that size (torch's rules)
     * @param fill the value for {@link BorderType#CONSTANT}, ignored otherwise
     * @return the padded tensor
     * @throws IllegalArgumentException for negative pads, rank < 2, or pads too large for the mode
     */
    public static NDArray pad2d(NDArray x, int top, int bottom, int left, int right, BorderType border,
                                double fill) {
        Shape shape = x.getShape();
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(OP + ": expected input of shape (*, H, W), got " + Checks.describe(shape));
        }
        int rank = shape.dimension();
        long h = shape.get(rank - 2);
        long w = shape.get(rank - 1);
        checkPad(top, bottom, h, border, "H");
        checkPad(left, right, w, border, "W");
        if (border == BorderType.CONSTANT) {
            long[] pads = new long[rank * 2];
            pads[0] = left;
            pads[1] = right;
            pads[2] = top;
            pads[3] = bottom;
            return x.pad(new Shape(pads), fill);
        }
        // every path gathers at least once: the result is a new array that stays in the autograd graph
        // (duplicate() would detach it)
        return Scoped.run(() -> {
            NDArray rows = top + bottom == 0 && left + right > 0 ? x
                    : x.get(new NDIndex("..., {}, :", x.getManager().create(indices(h, top, bottom, border))));
            return left + right == 0 ? rows
                    : rows.get(new NDIndex("..., {}", x.getManager().create(indices(w, left, right, border))));
        }, x);
    }

    /**
     * The source index of every output position along one axis of size {@code n} padded by
     * {@code before}/{@code after}; shared by the padding and sampling code.
     *
     * @param n the axis size, >= 1
     * @param before positions added before index 0
     * @param after positions added after index n - 1
     * @param border REFLECT, REPLICATE or CIRCULAR
     * @return {@code n + before + after} indices in {@code [0, n)}
     */
    public static long[] indices(long n, int before, int after, BorderType border) {
        long[] out = new long[(int) (n + before + after)];
        for (int i = 0; i < out.length; i++) {
            out[i] = sourceIndex(i - before, n, border);
        }
        return out;
    }

    private static long sourceIndex(long i, long n, BorderType border) {
        switch (border) {
            case REPLICATE:
                return Math.min(Math.max(i, 0), n - 1);
            case CIRCULAR:
                return Math.floorMod(i, n);
            case REFLECT:
                if (n == 1) {
                    return 0;
                }
                long period = 2 * (n - 1);
                long m = Math.floorMod(i, period);
                return m < n ? m : period - m;
            default:
                throw new IllegalArgumentException(OP + ": expected a non-constant border, got " + border.kornia());
        }
    }

    private static void checkPad(int before, int after, long size, BorderType border, String axis) {
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException(OP + ": expected non-negative padding, got " + before + " and "
                    + after + " on " + axis);
        }
        long max = switch (border) {
            case REFLECT -> size - 1;
            case CIRCULAR -> size;
            default -> Long.MAX_VALUE;
        };
        if (before > max || after > max) {
            throw new IllegalArgumentException(OP + ": expected " + border.kornia() + " padding of at most " + max
                    + " on " + axis + " of size " + size + ", got " + before + " and " + after);
        }
    }
}
