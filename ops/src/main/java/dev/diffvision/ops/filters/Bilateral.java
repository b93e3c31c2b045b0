package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Names;
import dev.diffvision.ops.core.Padding;
import dev.diffvision.ops.core.Scoped;

import java.util.Locale;

/**
 * Edge-preserving smoothing: Kornia's {@code kornia/filters/bilateral.py} ({@code bilateral_blur},
 * {@code joint_bilateral_blur}).
 *
 * <p>Algorithm (Kornia's {@code _bilateral_blur}): for every pixel p and every q of the {@code (ky, kx)} window
 * around it, {@code w(p, q) = G_space(q - p) exp(-d(p, q)^2 / (2 sigma_color^2))}, with {@code G_space} the
 * normalised {@link FilterKernels#getGaussianKernel2d} of {@code sigma_space = (sigma_y, sigma_x)} over the square
 * window, and {@code d} the colour distance of the guidance at q and p over all guidance channels: {@code l1}
 * ({@code sum_c |g_c(q) - g_c(p)|}, Kornia's default, OpenCV's choice) or {@code l2}
 * ({@code sqrt(sum_c (g_c(q) - g_c(p))^2)}, Matlab's). The output is {@code sum_q w x(q) / sum_q w}; the image
 * (and guidance) is padded with {@code border_type} (default reflect) by {@code (k - 1) / 2}. The guidance is the
 * input itself for {@code bilateral_blur}.
 *
 * <p>Difference from OpenCV's {@code bilateralFilter}: OpenCV uses a disc of radius {@code d / 2} instead of the
 * square window, a space weight {@code exp(-r^2 / (2 sigma_space^2))} without separate y/x sigmas, and quantised
 * colour weights on 8-bit images; so the two agree closely but not to float precision.
 *
 * <p>Inputs are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)} (Kornia: 4-D only); the output has the
 * input's shape, dtype and device, belongs to the input's manager, and gradients flow to the input (through both
 * the averaged values and the colour weights) and to a tensor guidance. Inputs are not modified.
 *
 * <pre>{@code
 * NDArray smooth = Bilateral.bilateralBlur(img, new int[] {5}, new double[] {0.1}, new double[][] {{1.5, 1.5}},
 *         BorderType.REFLECT, Bilateral.ColorDistance.L1);
 * }</pre>
 */
public final class Bilateral {

    /** Kornia's {@code color_distance_type}. */
    public enum ColorDistance {
        /** Sum of absolute channel differences (Kornia's default; OpenCV). */
        L1,
        /** Euclidean distance over channels (Matlab). */
        L2;

        /**
         * @param name {@code l1} or {@code l2}, case-insensitive
         * @param op the operator, for the message
         * @return the distance
         * @throws IllegalArgumentException for another name
         */
        public static ColorDistance parse(String name, String op) {
            return Names.parse(values(), name, op, "color_distance_type");
        }

        /** @return Kornia's lower-case name */
        public String kornia() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Bilateral() {}

    /**
     * Kornia's {@code bilateral_blur}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; sigma_color: 1 or B values; sigma_space: 1 or B rows
     * of {@code (sigma_y, sigma_x)}; output: same shape as the input. A constant image is returned unchanged.
     *
     * @param input the image
     * @param kernelSize {@code (ky, kx)} or one size for both, odd and positive
     * @param sigmaColor the colour Gaussian's standard deviation, > 0 (smaller keeps more edges)
     * @param sigmaSpace the space Gaussian's {@code (sigma_y, sigma_x)}, > 0
     * @param border how the image is extended (Kornia's default reflect)
     * @param distance how colour differences are measured (Kornia's default l1)
     * @return the filtered image
     * @throws IllegalArgumentException for a wrong rank or dtype, even or non-positive sizes, non-positive sigmas
     *     or sigma batches other than 1 or B
     */
    public static NDArray bilateralBlur(NDArray input, int[] kernelSize, double[] sigmaColor, double[][] sigmaSpace,
                                        BorderType border, ColorDistance distance) {
        return filter("bilateral_blur", input, null, kernelSize, sigmaColor, sigmaSpace, border, distance);
    }

    /**
     * Kornia's {@code joint_bilateral_blur}: {@link #bilateralBlur} with the colour weights taken from
     * {@code guidance}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; guidance: {@code (B or 1, Cg, H, W)} (a batch of 1 is
     * shared by all images), or {@code (Cg, H, W)} with a 3-D input; {@code Cg} may differ from {@code C};
     * output: same shape as the input.
     *
     * @param input the image
     * @param guidance the image the colour weights come from
     * @param kernelSize {@code (ky, kx)} or one size for both, odd and positive
     * @param sigmaColor the colour Gaussian's standard deviation, > 0
     * @param sigmaSpace the space Gaussian's {@code (sigma_y, sigma_x)}, > 0
     * @param border how the images are extended
     * @param distance how colour differences are measured
     * @return the filtered image
     * @throws IllegalArgumentException as {@link #bilateralBlur}, or for a guidance of another batch or size
     */
    public static NDArray jointBilateralBlur(NDArray input, NDArray guidance, int[] kernelSize, double[] sigmaColor,
                                             double[][] sigmaSpace, BorderType border, ColorDistance distance) {
        String op = "joint_bilateral_blur";
        Checks.image(guidance, op, "guidance");
        return filter(op, input, guidance, kernelSize, sigmaColor, sigmaSpace, border, distance);
    }

    private static NDArray filter(String op, NDArray input, NDArray guidance, int[] kernelSize, double[] sigmaColor,
                                  double[][] sigmaSpace, BorderType border, ColorDistance distance) {
        Checks.image(input, op, "input");
        int[] k = FilterKernels.unpack2d(op, kernelSize);
        FilterKernels.checkSize(op, k[0], 0, false);
        FilterKernels.checkSize(op, k[1], 0, false);
        if (sigmaColor.length == 0) {
            throw new IllegalArgumentException(op + ": expected sigma_color a number or one per image, got none");
        }
        for (double s : sigmaColor) {
            if (!(s > 0)) {
                throw new IllegalArgumentException(op + ": expected sigma_color > 0, got " + s);
            }
        }
        double[][][] space;
        try {
            space = FilterKernels.getGaussianKernel2d(k, sigmaSpace, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^get_gaussian_kernel2d:", op + ":"), e);
        }
        NDArray[] inputs = guidance == null ? new NDArray[] {input} : new NDArray[] {input, guidance};
        return Scoped.run(() -> {
            boolean unbatched = input.getShape().dimension() == 3;
            NDArray x = unbatched ? input.expandDims(0) : input;
            long b = x.getShape().get(0);
            NDArray g = guidance == null ? x : Guidance.batched(op, guidance, x);
            checkBatch(op, "sigma_color", sigmaColor.length, b);
            checkBatch(op, "sigma_space", space.length, b);
            int py = (k[0] - 1) / 2;
            int px = (k[1] - 1) / 2;
            NDArray windows = windows(Padding.pad2d(x, py, py, px, px, border, 0), k, x.getShape());
            NDArray guideWindows = guidance == null ? windows
                    : windows(Padding.pad2d(g, py, py, px, px, border, 0), k, g.getShape());
            NDArray diff = guideWindows.sub(g.expandDims(4));
            NDArray distanceSq = distance == ColorDistance.L1
                    ? diff.abs().sum(new int[] {1}, true).square()
                    : diff.square().sum(new int[] {1}, true);
            NDArray scale = OpParams.tensor(x, negHalfInverseSquares(sigmaColor), sigmaColor.length, 1, 1, 1, 1);
            NDArray spaceWeights = OpParams.tensor(x, OpParams.flat(space), space.length, 1, 1, 1, (long) k[0] * k[1]);
            NDArray weights = distanceSq.mul(scale).exp().mul(spaceWeights);
            NDArray out = windows.mul(weights).sum(new int[] {4}).div(weights.sum(new int[] {4}));
            return unbatched ? out.squeeze(0) : out;
        }, inputs);
    }

    /** The {@code (ky, kx)} windows of a padded {@code (B, C, H + ky - 1, W + kx - 1)} image: {@code (B, C, H, W, ky kx)}. */
    private static NDArray windows(NDArray padded, int[] k, Shape shape) {
        long h = shape.get(2);
        long w = shape.get(3);
        NDList shifts = new NDList(k[0] * k[1]);
        for (int i = 0; i < k[0]; i++) {
            for (int j = 0; j < k[1]; j++) {
                shifts.add(padded.get(":, :, " + i + ":" + (i + h) + ", " + j + ":" + (j + w)));
            }
        }
        return NDArrays.stack(shifts, 4);
    }

    private static double[] negHalfInverseSquares(double[] sigma) {
        double[] out = new double[sigma.length];
        for (int i = 0; i < sigma.length; i++) {
            out[i] = -0.5 / (sigma[i] * sigma[i]);
        }
        return out;
    }

    private static void checkBatch(String op, String name, int n, long b) {
        if (n != 1 && n != b) {
            throw new IllegalArgumentException(op + ": expected " + name + " for 1 or " + b + " images, got " + n);
        }
    }
}
