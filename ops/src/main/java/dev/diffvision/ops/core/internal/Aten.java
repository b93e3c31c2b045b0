package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Typed doors to the ATen kernels DiffVision reaches through its TorchScript modules
 * ({@link TorchScriptModules}); the one seam between op classes and that plumbing. No argument checks here:
 * the public ops in {@code dev.diffvision.ops.core} check first and call these inside {@code Scoped.run}.
 */
public final class Aten {

    private static final long[] NO_OPTIONS = {};

    private Aten() {}

    /**
     * {@code torch.grid_sampler}.
     *
     * @param input {@code (B, C, H, W)}
     * @param grid {@code (B, Hout, Wout, 2)}, same dtype and device
     * @param interpolation 0 bilinear, 1 nearest, 2 bicubic
     * @param padding 0 zeros, 1 border, 2 reflection
     * @param alignCorners whether -1 and 1 are the centres of the corner pixels
     * @return {@code (B, C, Hout, Wout)}
     */
    public static NDArray gridSampler(NDArray input, NDArray grid, int interpolation, int padding,
                                      boolean alignCorners) {
        return one("grid_sample", new long[] {interpolation, padding, alignCorners ? 1 : 0}, input, grid);
    }

    /**
     * {@code torch.affine_grid_generator}.
     *
     * @param theta {@code (B, 2, 3)}
     * @param size {@code [B, C, H, W]} of the output image
     * @param alignCorners as in {@link #gridSampler}
     * @return {@code (B, H, W, 2)}
     */
    public static NDArray affineGrid(NDArray theta, long[] size, boolean alignCorners) {
        return one("affine_grid", new long[] {size[0], size[1], size[2], size[3], alignCorners ? 1 : 0}, theta);
    }

    /**
     * {@code upsample_bilinear2d} (mode 0), {@code upsample_nearest2d} (1), {@code upsample_bicubic2d} (2) or
     * {@code adaptive_avg_pool2d} (3) to a given size: {@code F.interpolate(x, size=(h, w), mode=...)}.
     *
     * @param x {@code (B, C, H, W)}
     * @param mode 0 bilinear, 1 nearest, 2 bicubic, 3 area
     * @param h output height
     * @param w output width
     * @param alignCorners for bilinear and bicubic
     * @return {@code (B, C, h, w)}
     */
    public static NDArray interpolate(NDArray x, int mode, int h, int w, boolean alignCorners) {
        return one("interpolate", new long[] {mode, h, w, alignCorners ? 1 : 0}, x);
    }

    /**
     * {@code reflection_pad2d} (mode 0), {@code replication_pad2d} (1) or {@code _pad_circular} (2) of the last
     * two dimensions of a tensor of any rank >= 2.
     *
     * @param x {@code (*, H, W)}
     * @param mode 0 reflect, 1 replicate, 2 circular
     * @param left columns added on the left
     * @param right columns added on the right
     * @param top rows added above
     * @param bottom rows added below
     * @return {@code (*, H + top + bottom, W + left + right)}
     */
    public static NDArray pad2d(NDArray x, int mode, int left, int right, int top, int bottom) {
        return one("pad2d", new long[] {mode, left, right, top, bottom}, x);
    }

    /**
     * {@code torch.im2col} ({@code F.unfold}).
     *
     * @param x {@code (B, C, H, W)}
     * @param kernel {@code {kh, kw}}
     * @param dilation {@code {dh, dw}}
     * @param padding {@code {ph, pw}}
     * @param stride {@code {sh, sw}}
     * @return {@code (B, C * kh * kw, L)}
     */
    public static NDArray im2col(NDArray x, int[] kernel, int[] dilation, int[] padding, int[] stride) {
        return one("im2col", new long[] {kernel[0], kernel[1], dilation[0], dilation[1], padding[0], padding[1],
            stride[0], stride[1]}, x);
    }

    /**
     * {@code torch.linalg.solve}.
     *
     * @param a {@code (*, N, N)}
     * @param b {@code (*, N, K)}
     * @return {@code X}, {@code (*, N, K)}
     */
    public static NDArray solve(NDArray a, NDArray b) {
        return one("solve", NO_OPTIONS, a, b);
    }

    /**
     * {@code torch.linalg.inv}.
     *
     * @param a {@code (*, N, N)}
     * @return {@code (*, N, N)}
     */
    public static NDArray inverse(NDArray a) {
        return one("inverse", NO_OPTIONS, a);
    }

    /**
     * {@code torch.linalg.svd(a, full_matrices=False)}.
     *
     * @param a {@code (*, M, N)}
     * @return {@code U (*, M, K), S (*, K), Vh (*, K, N)}
     */
    public static NDList svd(NDArray a) {
        return TorchScriptModules.forward("svd", NO_OPTIONS, a);
    }

    /**
     * {@code torch.linalg.eigh(a, "L")}.
     *
     * @param a {@code (*, N, N)}, symmetric (only its lower triangle is read)
     * @return {@code eigenvalues (*, N)} ascending, {@code eigenvectors (*, N, N)} as columns
     */
    public static NDList eigh(NDArray a) {
        return TorchScriptModules.forward("eigh", NO_OPTIONS, a);
    }

    private static NDArray one(String module, long[] options, NDArray... inputs) {
        return TorchScriptModules.forward(module, options, inputs).singletonOrThrow();
    }
}
