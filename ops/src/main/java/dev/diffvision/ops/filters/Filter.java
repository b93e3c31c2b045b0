package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Kernels;
import dev.diffvision.ops.core.Names;
import dev.diffvision.ops.core.Padding;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.core.internal.SeparableSimd;
import dev.diffvision.ops.core.internal.SimdKernels;

import java.util.Locale;

/**
 * Filtering every channel with a 2-D or 3-D kernel: Kornia's {@code kornia/filters/filter.py}
 * ({@code filter2d}, {@code filter2d_separable}, {@code filter3d}).
 *
 * <p>Conventions (Kornia's): cross-correlation by default ({@link Behaviour#CONV} flips the kernel); the image
 * is padded with {@code border} before filtering ({@link BorderType#REFLECT} = OpenCV {@code BORDER_REFLECT_101}
 * by default) so that {@link PaddingMode#SAME} keeps {@code (H, W)}; an even kernel size pads
 * {@code (k - 1) / 2} before and the rest after. A kernel batch of 1 is shared by all images, a batch of
 * {@code B} gives image {@code b} its own kernel; with {@code normalized} each kernel is divided by the sum of
 * its absolute values. Inputs are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)}; the output has the
 * input's dtype, device and rank and belongs to the input's manager; gradients flow to the input and to the
 * kernel. Inputs are not modified.
 *
 * <p>Implementation: one index-select pad per axis, then the channels are folded into the batch
 * ({@code (B C, 1, H, W)}) and filtered by one plain convolution with a single output channel (a shared kernel),
 * or by one grouped convolution over {@code (1, B C, H, W)} (per-image kernels). The separable form pads once
 * and runs two such 1-D convolutions.
 *
 * <pre>{@code
 * NDArray k = manager.create(new float[] {0, -1, 0, -1, 5, -1, 0, -1, 0}, new Shape(1, 3, 3));
 * NDArray sharp = Filter.filter2d(img, k);       // reflect border, same size
 * }</pre>
 */
public final class Filter {

    /** Whether the output keeps the input's size ({@code 'same'}) or only covers full windows ({@code 'valid'}). */
    public enum PaddingMode {
        /** Pad so the output is {@code (H, W)}. */
        SAME,
        /** No padding: {@code (H - kh + 1, W - kw + 1)}. */
        VALID;

        /**
         * @param name {@code same} or {@code valid}, case-insensitive
         * @param op the operator, for the message
         * @return the mode
         * @throws IllegalArgumentException for another name
         */
        public static PaddingMode parse(String name, String op) {
            return Names.parse(values(), name, op, "padding");
        }
    }

    /** Kornia's {@code behaviour}: correlation (torch's conv2d) or true convolution (the kernel flipped). */
    public enum Behaviour {
        /** Cross-correlation. */
        CORR,
        /** Convolution: the kernel is flipped in both axes. */
        CONV;

        /**
         * @param name {@code corr} or {@code conv}, case-insensitive
         * @param op the operator, for the message
         * @return the behaviour
         * @throws IllegalArgumentException for another name
         */
        public static Behaviour parse(String name, String op) {
            return Names.parse(values(), name, op, "behaviour");
        }

        /** @return Kornia's lower-case name */
        public String kornia() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Filter() {}

    /**
     * {@link #filter2d(NDArray, NDArray, BorderType, boolean, PaddingMode, Behaviour)} with Kornia's defaults:
     * reflect border, not normalised, same size, correlation.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param kernel {@code (1, kh, kw)} or {@code (B, kh, kw)}
     * @return {@code (B, C, H, W)}, the input's rank
     */
    public static NDArray filter2d(NDArray input, NDArray kernel) {
        return filter2d(input, kernel, BorderType.REFLECT, false, PaddingMode.SAME, Behaviour.CORR);
    }

    /**
     * Kornia's {@code filter2d}: every channel filtered with a 2-D kernel.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; kernel: {@code (1, kh, kw)} shared or
     * {@code (B, kh, kw)} per image (any float dtype: it is cast to the input's); output:
     * {@code (B, C, H, W)} for {@link PaddingMode#SAME}, {@code (B, C, H - kh + 1, W - kw + 1)} for
     * {@link PaddingMode#VALID}.
     *
     * <pre>{@code
     * NDArray out = Filter.filter2d(img, kernel, BorderType.REPLICATE, true, PaddingMode.SAME, Behaviour.CORR);
     * }</pre>
     *
     * @param input the image
     * @param kernel the kernels
     * @param border how the image is extended for {@code SAME}; reflect needs {@code k / 2 < H, W}
     * @param normalized divide each kernel by the sum of its absolute values
     * @param padding {@code SAME} or {@code VALID}
     * @param behaviour {@code CORR} or {@code CONV}
     * @return the filtered image
     * @throws IllegalArgumentException for a wrong rank or dtype, a kernel that is not 3-D or holds NaN or
     *     infinity, a kernel batch other than 1 or {@code B}, or a kernel larger than the image for {@code VALID}
     */
    public static NDArray filter2d(NDArray input, NDArray kernel, BorderType border, boolean normalized,
                                   PaddingMode padding, Behaviour behaviour) {
        String op = "filter2d";
        Checks.image(input, op, "input");
        Checks.shape(kernel, op, "kernel", "B", "kH", "kW");
        Checks.floating(kernel, op, "kernel");
        Checks.finite(kernel, op, "kernel");
        return Rank.batched(input, x -> Scoped.run(() -> {
            checkKernelBatch(op, kernel, x);
            NDArray k = prepare(kernel, x.getDataType(), normalized, behaviour == Behaviour.CONV);
            long kh = k.getShape().get(1);
            long kw = k.getShape().get(2);
            NDArray padded = pad(op, x, (int) kh, (int) kw, border, padding);
            return correlate(padded, k);
        }, x, kernel));
    }

    /**
     * Kornia's {@code filter2d_separable}: filtering with {@code kernelX} along rows, then {@code kernelY} along
     * columns (= {@link #filter2d} with the outer product {@code kernelY^T kernelX}).
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; kernelX: {@code (1, kw)} or {@code (B, kw)};
     * kernelY: {@code (1, kh)} or {@code (B, kh)}; output as {@link #filter2d}. Correlation only (Kornia's
     * separable form has no {@code behaviour}).
     *
     * <pre>{@code
     * NDArray out = Filter.filter2dSeparable(img, kx, ky, BorderType.REFLECT, false, PaddingMode.SAME);
     * }</pre>
     *
     * @param input the image
     * @param kernelX the horizontal kernels
     * @param kernelY the vertical kernels
     * @param border how the image is extended for {@code SAME}
     * @param normalized divide each 1-D kernel by the sum of its absolute values
     * @param padding {@code SAME} or {@code VALID}
     * @return the filtered image
     * @throws IllegalArgumentException for a wrong rank or dtype, kernels that are not 2-D, hold NaN or infinity
     *     or have a batch other than 1 or {@code B}
     */
    public static NDArray filter2dSeparable(NDArray input, NDArray kernelX, NDArray kernelY, BorderType border,
                                            boolean normalized, PaddingMode padding) {
        String op = "filter2d_separable";
        Checks.image(input, op, "input");
        Checks.shape(kernelX, op, "kernel_x", "B", "kW");
        Checks.shape(kernelY, op, "kernel_y", "B", "kH");
        Checks.floating(kernelX, op, "kernel_x");
        Checks.floating(kernelY, op, "kernel_y");
        Checks.finite(kernelX, op, "kernel_x");
        Checks.finite(kernelY, op, "kernel_y");
        return Rank.batched(input, x -> Scoped.run(() -> {
            NDArray kx = prepare(kernelX.expandDims(1), x.getDataType(), normalized, false);
            NDArray ky = prepare(kernelY.expandDims(2), x.getDataType(), normalized, false);
            checkKernelBatch(op, kx, x);
            checkKernelBatch(op, ky, x);
            NDArray padded = pad(op, x, (int) ky.getShape().get(1), (int) kx.getShape().get(2), border, padding);
            return correlate(correlate(padded, kx), ky);
        }, x, kernelX, kernelY));
    }

    /**
     * Kornia's {@code filter3d}: every channel of a volume filtered with a 3-D kernel (cross-correlation).
     *
     * <p>input: {@code (B, C, D, H, W)} (5-D only, as Kornia); kernel: {@code (1, kD, kH, kW)} shared or
     * {@code (B, kD, kH, kW)} per volume (cast to the input's dtype); output: {@code (B, C, D, H, W)}. The volume
     * is padded with {@code border} by {@code (k - 1) / 2} before and the rest after on each axis (Kornia's
     * default {@link BorderType#REPLICATE}); with {@code normalized} each kernel is divided by the sum of its
     * absolute values. Gradients flow to the input and the kernel; the output belongs to the input's manager.
     *
     * <pre>{@code
     * NDArray k = manager.ones(new Shape(1, 3, 3, 3)).div(27);
     * NDArray smooth = Filter.filter3d(volume, k, BorderType.REPLICATE, false);   // 3x3x3 mean
     * }</pre>
     *
     * @param input the volume
     * @param kernel the kernels
     * @param border how the volume is extended; reflect needs {@code k / 2 < D, H, W}
     * @param normalized divide each kernel by the sum of its absolute values
     * @return the filtered volume
     * @throws IllegalArgumentException for a wrong rank or dtype, a kernel that is not 4-D or holds NaN or
     *     infinity, or a kernel batch other than 1 or {@code B}
     */
    public static NDArray filter3d(NDArray input, NDArray kernel, BorderType border, boolean normalized) {
        String op = "filter3d";
        Checks.shape(input, op, "input", "B", "C", "D", "H", "W");
        Checks.floating(input, op, "input");
        Checks.shape(kernel, op, "kernel", "B", "kD", "kH", "kW");
        Checks.floating(kernel, op, "kernel");
        Checks.finite(kernel, op, "kernel");
        return Scoped.run(() -> {
            checkKernelBatch(op, kernel, input);
            NDArray k = kernel.toType(input.getDataType(), false);
            k = normalized ? k.div(k.abs().sum(new int[] {1, 2, 3}, true)) : k;
            Shape ks = k.getShape();
            int kd = (int) ks.get(1);
            int kh = (int) ks.get(2);
            int kw = (int) ks.get(3);
            NDArray x = Padding.pad3d(input, (kd - 1) / 2, kd / 2, (kh - 1) / 2, kh / 2, (kw - 1) / 2, kw / 2,
                    border, 0);
            Shape s = input.getShape();
            Shape p = x.getShape();
            long b = s.get(0);
            long c = s.get(1);
            NDArray out;
            if (ks.get(0) == 1) {
                out = Conv3d.conv3d(x.reshape(b * c, 1, p.get(2), p.get(3), p.get(4)), k.reshape(1, 1, kd, kh, kw))
                        .singletonOrThrow();
            } else {
                NDArray weight = k.expandDims(1).broadcast(new Shape(b, c, kd, kh, kw)).reshape(b * c, 1, kd, kh, kw);
                out = Conv3d.conv3d(x.reshape(1, b * c, p.get(2), p.get(3), p.get(4)), weight, null,
                        new Shape(1, 1, 1), new Shape(0, 0, 0), new Shape(1, 1, 1), (int) (b * c)).singletonOrThrow();
            }
            return out.reshape(s);
        }, input, kernel);
    }

    /**
     * Filters with host kernels: {@link #filter2d} with Kornia's {@code normalized=false, padding='same',
     * behaviour='corr'}, for the ops built on it (blurs, Laplacian).
     *
     * @param op the calling operator, for messages
     * @param x {@code (B, C, H, W)}, already checked
     * @param kernels {@code (1 or B, kh, kw)}
     * @param border the border
     * @return {@code (B, C, H, W)}
     */
    static NDArray filterHost(String op, NDArray x, double[][][] kernels, BorderType border) {
        return Scoped.run(() -> {
            NDArray k = Kernels.convWeight(kernels, x.getManager(), x.getDataType()).squeeze(1);
            checkKernelBatch(op, k, x);
            return correlate(pad(op, x, kernels[0].length, kernels[0][0].length, border, PaddingMode.SAME), k);
        }, x);
    }

    /**
     * The separable form of {@link #filterHost}. One kernel pair for the whole batch (the usual case) runs as
     * weighted sums of shifted views in one TorchScript call ({@code separable_correlate.py}); libtorch's
     * convolutions of single-channel planes are several times slower on CPU; float32 CPU images without gradients
     * take Java SIMD passes instead ({@code core.internal.SeparableSimd}). Per-image kernels convolve.
     *
     * @param op the calling operator, for messages
     * @param x {@code (B, C, H, W)}, already checked
     * @param kernelX {@code (1 or B, kw)}
     * @param kernelY {@code (1 or B, kh)}
     * @param border the border
     * @return {@code (B, C, H, W)}
     */
    static NDArray filterHostSeparable(String op, NDArray x, double[][] kernelX, double[][] kernelY,
                                       BorderType border) {
        return Scoped.run(() -> {
            if (kernelX.length == 1 && kernelY.length == 1) {
                int kh = kernelY[0].length;
                int kw = kernelX[0].length;
                int[] pads = {(kh - 1) / 2, kh - 1 - (kh - 1) / 2, (kw - 1) / 2, kw - 1 - (kw - 1) / 2};
                Padding.checkPad2d(x.getShape(), pads[0], pads[1], pads[2], pads[3], border);
                return SimdKernels.applies(x) ? SeparableSimd.correlate(x, border, pads, kernelX[0], kernelY[0])
                        : Aten.separableCorrelate(x, Aten.borderCode(border), pads, kernelX[0], kernelY[0]);
            }
            NDArray kx = Kernels.convWeight(new double[][][] {kernelX}, x.getManager(), x.getDataType())
                    .reshape(kernelX.length, 1, kernelX[0].length);
            NDArray ky = Kernels.convWeight(new double[][][] {kernelY}, x.getManager(), x.getDataType())
                    .reshape(kernelY.length, kernelY[0].length, 1);
            checkKernelBatch(op, kx, x);
            NDArray padded = pad(op, x, kernelY[0].length, kernelX[0].length, border,
                    PaddingMode.SAME);
            return correlate(correlate(padded, kx), ky);
        }, x);
    }

    /**
     * Valid cross-correlation of every channel.
     *
     * @param x {@code (B, C, Hp, Wp)}
     * @param k {@code (1 or B, kh, kw)} in x's dtype
     * @return {@code (B, C, Hp - kh + 1, Wp - kw + 1)}
     */
    private static NDArray correlate(NDArray x, NDArray k) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long kb = k.getShape().get(0);
        long kh = k.getShape().get(1);
        long kw = k.getShape().get(2);
        NDArray out;
        if (kb == 1) {
            out = Conv2d.conv2d(x.reshape(b * c, 1, s.get(2), s.get(3)), k.reshape(1, 1, kh, kw)).singletonOrThrow();
        } else {
            NDArray weight = k.expandDims(1).broadcast(new Shape(b, c, kh, kw)).reshape(b * c, 1, kh, kw);
            out = Conv2d.conv2d(x.reshape(1, b * c, s.get(2), s.get(3)), weight, null, new Shape(1, 1),
                    new Shape(0, 0), new Shape(1, 1), (int) (b * c)).singletonOrThrow();
        }
        return out.reshape(b, c, out.getShape().get(2), out.getShape().get(3));
    }

    private static NDArray prepare(NDArray kernel, DataType dtype, boolean normalized, boolean flip) {
        NDArray k = kernel.toType(dtype, false);
        if (flip) {
            k = k.flip(1, 2);
        }
        return normalized ? k.div(k.abs().sum(new int[] {1, 2}, true)) : k;
    }

    private static NDArray pad(String op, NDArray x, int kh, int kw, BorderType border, PaddingMode padding) {
        if (padding == PaddingMode.VALID) {
            if (kh > x.getShape().get(2) || kw > x.getShape().get(3)) {
                throw new IllegalArgumentException(op + ": expected a kernel no larger than the image for valid"
                        + " padding, got kernel " + kh + "x" + kw + " for input " + Checks.describe(x.getShape()));
            }
            return x;
        }
        int top = (kh - 1) / 2;
        int left = (kw - 1) / 2;
        return Padding.pad2d(x, top, kh - 1 - top, left, kw - 1 - left, border, 0);
    }

    private static void checkKernelBatch(String op, NDArray kernel, NDArray x) {
        long kb = kernel.getShape().get(0);
        long b = x.getShape().get(0);
        if (kb != 1 && kb != b) {
            throw new IllegalArgumentException(op + ": expected a kernel batch of 1 or the input batch " + b
                    + ", got " + kb);
        }
    }
}
