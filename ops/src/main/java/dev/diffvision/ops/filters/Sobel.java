package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Kernels;
import dev.diffvision.ops.core.Padding;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.core.internal.SimdKernels;
import dev.diffvision.ops.core.internal.SobelSimd;

/**
 * Image derivatives: Kornia's {@code kornia/filters/sobel.py} ({@code spatial_gradient}, {@code sobel},
 * {@code spatial_gradient3d}).
 *
 * <p>Conventions (Kornia's): cross-correlation with the kernels of {@link GradientKernels}; the border is
 * replicated; with {@code normalized} each kernel is divided by the sum of its absolute values (so a unit
 * slope gives 1 for Sobel and 0.5 for diff); {@code sobel} puts {@code eps} inside the square root so that its
 * gradient is finite on flat regions. Every channel is filtered on its own. Inputs are float32 or float64,
 * {@code (B, C, H, W)} or {@code (C, H, W)}; outputs have the input's dtype, device and rank, belong to the
 * input's manager, and gradients flow to the input. Inputs are not modified.
 *
 * <p>Implementation: all channels of all images are folded into the batch and filtered by one convolution
 * with all derivative kernels as output channels (one native call instead of a depthwise convolution per
 * kernel), after one replicate pad. {@code sobel} runs in one TorchScript call ({@code sobel.py}): the 3x3
 * kernels as separable sums of shifted views and the magnitude accumulated in place; float32 CPU images without
 * gradients take a Java SIMD pass with the same arithmetic instead ({@code core.internal.SobelSimd}).
 */
public final class Sobel {

    /** Kornia's default {@code eps} for {@link #sobel}. */
    public static final double DEFAULT_EPS = 1e-6;

    /** The L1 norm of the 3x3 Sobel kernels. */
    private static final double NORM_L1 = 8;

    private Sobel() {}

    /**
     * First-order Sobel derivatives with Kornia's defaults ({@code mode="sobel", order=1, normalized=true}).
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @return {@code (B, C, 2, H, W)} (or {@code (C, 2, H, W)}): {@code [d/dx, d/dy]}
     * @see #spatialGradient(NDArray, GradientMode, int, boolean)
     */
    public static NDArray spatialGradient(NDArray input) {
        return spatialGradient(input, GradientMode.SOBEL, 1, true);
    }

    /**
     * Kornia's {@code spatial_gradient}: first or second derivatives of every channel.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}, float32/float64;
     * output: {@code (B, C, K, H, W)} (or {@code (C, K, H, W)}) with {@code K = 2} for order 1
     * ({@code [dx, dy]}) and {@code K = 3} for order 2 ({@code [dxx, dxy, dyy]}).
     *
     * <pre>{@code
     * NDArray g = Sobel.spatialGradient(img, GradientMode.DIFF, 1, false);   // (B, C, 2, H, W)
     * }</pre>
     *
     * @param input the image
     * @param mode {@link GradientMode#SOBEL} or {@link GradientMode#DIFF}
     * @param order 1 or 2
     * @param normalized divide each kernel by its L1 norm
     * @return the derivatives
     * @throws IllegalArgumentException for a wrong rank, dtype, order or an empty input
     */
    public static NDArray spatialGradient(NDArray input, GradientMode mode, int order, boolean normalized) {
        Checks.image(input, "spatial_gradient", "input");
        Checks.oneOf(order, "spatial_gradient", "order", 1, 2);
        double[][][] kernels = GradientKernels.get(mode, order);
        double[][][] weights = normalized ? Kernels.normalizeL1(kernels) : kernels;
        return Rank.batched(input, x -> Scoped.run(() -> {
            Shape s = x.getShape();
            long b = s.get(0);
            long c = s.get(1);
            long h = s.get(2);
            long w = s.get(3);
            int pad = weights[0].length / 2;
            NDArray planes = x.reshape(b * c, 1, h, w);
            NDArray padded = Padding.pad2d(planes, pad, pad, pad, pad, BorderType.REPLICATE, 0);
            NDArray weight = Kernels.convWeight(weights, x.getManager(), x.getDataType());
            NDArray out = Conv2d.conv2d(padded, weight).singletonOrThrow();
            return out.reshape(b, c, weights.length, h, w);
        }, x));
    }

    /**
     * Kornia's {@code spatial_gradient3d}: first or second derivatives of every channel of a volume by central
     * differences ({@link GradientKernels#diff3d}), replicate border.
     *
     * <p>input: {@code (B, C, D, H, W)} (5-D only, as Kornia); output: {@code (B, C, 3, D, H, W)} for order 1,
     * {@code [d/dx, d/dy, d/dz]} ({@code 0.5 (f(+1) - f(-1))}, answering 1 to a unit slope), or
     * {@code (B, C, 6, D, H, W)} for order 2, {@code [xx, yy, zz, xy, yz, xz]}. Convention (Kornia's, kept as is):
     * for order 2 Kornia flips the kernels along depth before correlating, so the {@code yz} and {@code xz}
     * channels answer -1 to {@code f = y z} and {@code f = x z} (the others +1 to their monomials). Only
     * {@code mode = diff} exists (Kornia has no 3-D Sobel kernel). Gradients flow to the input; the output belongs
     * to the input's manager.
     *
     * <pre>{@code
     * NDArray g = Sobel.spatialGradient3d(volume, GradientMode.DIFF, 1);   // (B, C, 3, D, H, W)
     * }</pre>
     *
     * @param input the volume
     * @param mode {@link GradientMode#DIFF}
     * @param order 1 or 2
     * @return the derivatives
     * @throws IllegalArgumentException for a wrong rank or dtype, the sobel mode, or an order other than 1, 2
     */
    public static NDArray spatialGradient3d(NDArray input, GradientMode mode, int order) {
        String op = "spatial_gradient3d";
        Checks.shape(input, op, "input", "B", "C", "D", "H", "W");
        Checks.floating(input, op, "input");
        if (mode != GradientMode.DIFF) {
            throw new IllegalArgumentException(op + ": expected mode diff (Kornia has no 3-D Sobel kernel), got "
                    + mode.kornia());
        }
        double[][][][] kernels = GradientKernels.diff3d(order);
        return Scoped.run(() -> {
            Shape s = input.getShape();
            NDArray x = Padding.pad3d(input, 1, 1, 1, 1, 1, 1, BorderType.REPLICATE, 0);
            if (order == 1) {
                NDArray dx = x.get(":, :, 1:-1, 1:-1, 2:").sub(x.get(":, :, 1:-1, 1:-1, :-2"));
                NDArray dy = x.get(":, :, 1:-1, 2:, 1:-1").sub(x.get(":, :, 1:-1, :-2, 1:-1"));
                NDArray dz = x.get(":, :, 2:, 1:-1, 1:-1").sub(x.get(":, :, :-2, 1:-1, 1:-1"));
                return Constants.scale(NDArrays.stack(new NDList(dx, dy, dz), 2), 0.5);
            }
            double[] flat = new double[kernels.length * 27];
            int i = 0;
            for (double[][][] kernel : kernels) {
                for (int d = 2; d >= 0; d--) {   // Kornia's flip(-3): depth reversed
                    for (double[] row : kernel[d]) {
                        for (double v : row) {
                            flat[i++] = v;
                        }
                    }
                }
            }
            NDArray weight = OpParams.tensor(input, flat, kernels.length, 1, 3, 3, 3);
            Shape p = x.getShape();
            NDArray out = Conv3d.conv3d(x.reshape(s.get(0) * s.get(1), 1, p.get(2), p.get(3), p.get(4)), weight)
                    .singletonOrThrow();
            return out.reshape(s.get(0), s.get(1), kernels.length, s.get(2), s.get(3), s.get(4));
        }, input);
    }

    /**
     * Kornia's {@code sobel}: the gradient magnitude {@code sqrt(dx^2 + dy^2 + eps)} of every channel.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}, float32/float64; output: same shape. Values are
     * >= {@code sqrt(eps)}; with {@code normalized} a unit step edge gives about 0.5.
     *
     * <pre>{@code
     * NDArray edges = Sobel.sobel(gray, true, Sobel.DEFAULT_EPS);
     * }</pre>
     *
     * @param input the image
     * @param normalized divide the Sobel kernels by their L1 norm (8), Kornia's default {@code true}
     * @param eps added inside the square root, >= 0 (Kornia's default 1e-6)
     * @return the magnitude
     * @throws IllegalArgumentException for a wrong rank or dtype, an empty input or a negative eps
     */
    public static NDArray sobel(NDArray input, boolean normalized, double eps) {
        Checks.image(input, "sobel", "input");
        Checks.atLeast(eps, 0, "sobel", "eps");
        double scale2 = normalized ? 1.0 / (NORM_L1 * NORM_L1) : 1.0;
        return Rank.batched(input, x -> Scoped.run(() -> SimdKernels.applies(x) ? SobelSimd.sobel(x, scale2, eps)
                : Aten.sobel(x, scale2, eps), x));
    }

    /**
     * {@link #sobel(NDArray, boolean, double)} with Kornia's defaults ({@code normalized=true, eps=1e-6}).
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @return the gradient magnitude, same shape
     */
    public static NDArray sobel(NDArray input) {
        return sobel(input, true, DEFAULT_EPS);
    }
}
