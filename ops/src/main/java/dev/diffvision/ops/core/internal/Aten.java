package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;

/**
 * Typed doors to the ATen kernels DiffVision reaches through its TorchScript modules
 * ({@link TorchScriptModules}), and to the few ops fused into one such module for speed (separable
 * correlation, pyrdown's halving, Sobel magnitude, grayscale, HSV, the median's selection network, the
 * homography DLT); the one seam between op classes and that plumbing. No argument checks here: the public ops
 * in {@code dev.diffvision.ops.core} check first and call these inside {@code Scoped.run}.
 */
public final class Aten {

    private static final long[] NO_OPTIONS = {};
    /**
     * Working set per chunk of the cache-blocked kernels, in bytes: a chunk's input, padded copy and partial
     * results stay in the CPU caches instead of streaming a whole batch through main memory once per inner op.
     * At 256 x 256 float32, B = 64, 4 MiB (5 planes of an 11x11 blur, 2 of Sobel, 1 HSV image) measured about
     * 10% faster for the blurs than 1-2 MiB (one plane), with Sobel and HSV unchanged (within the noise).
     */
    private static final long CHUNK_BYTES = 4L << 20;
    /**
     * Padded input per chunk of {@link #pyrDown}, in bytes: the chunk and its partial sums stay in the CPU caches
     * (8 planes of 256 x 256 float32 measured fastest, about 2x faster than one chunk at B = 16, RGB).
     */
    private static final long PYR_DOWN_CHUNK_BYTES = 2L << 20;

    private Aten() {}

    /**
     * {@code torch.grid_sampler}, 2-D or 3-D by the input's rank.
     *
     * @param input {@code (B, C, H, W)} or {@code (B, C, D, H, W)}
     * @param grid {@code (B, Hout, Wout, 2)} or {@code (B, Dout, Hout, Wout, 3)}, same dtype and device
     * @param interpolation 0 bilinear, 1 nearest, 2 bicubic
     * @param padding 0 zeros, 1 border, 2 reflection
     * @param alignCorners whether -1 and 1 are the centres of the corner pixels
     * @return {@code (B, C, Hout, Wout)} or {@code (B, C, Dout, Hout, Wout)}
     */
    public static NDArray gridSampler(NDArray input, NDArray grid, int interpolation, int padding,
                                      boolean alignCorners) {
        return one("grid_sample", new long[] {interpolation, padding, alignCorners ? 1 : 0}, input, grid);
    }

    /**
     * Kornia's perspective warp sampling in one call ({@code perspective_sample.py}): per chunk of images, the grid
     * {@code transform_points(m, meshgrid)} (divided by {@code z + eps} where {@code |z| > eps}) is built and
     * sampled by {@code grid_sampler} at once, so the grid never streams through main memory.
     *
     * @param x {@code (B, C, H, W)}
     * @param m {@code (B, 3, 3)} in x's dtype, output to input in normalised coordinates
     * @param xs {@code (w)} the normalised output column coordinates, in x's dtype
     * @param ys {@code (h)} the normalised output row coordinates
     * @param interpolation as in {@link #gridSampler}
     * @param padding as in {@link #gridSampler}
     * @param alignCorners as in {@link #gridSampler}
     * @param eps the homogeneous division's threshold and guard
     * @return {@code (B, C, h, w)}
     */
    public static NDArray perspectiveSample(NDArray x, NDArray m, NDArray xs, NDArray ys, int interpolation,
                                            int padding, boolean alignCorners, double eps) {
        Shape s = x.getShape();
        long plane = xs.getShape().get(0) * ys.getShape().get(0);
        // per image: three coordinate planes, mask, scale and the two-channel grid (8 planes), output and input
        long image = ((8 + s.get(1)) * plane + s.get(1) * s.get(2) * s.get(3)) * x.getDataType().getNumOfBytes();
        double[] options = {interpolation, padding, alignCorners ? 1 : 0, perChunk(x, image), eps};
        return TorchScriptModules.forward("perspective_sample", options, x, m, xs, ys).singletonOrThrow();
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
     * Separable resampling by per-axis tap tables ({@code resample_separable.py}): {@code out[i, j] = scale
     * sum_k sum_l rowWeight[k, i] colWeight[l, j] x[rowIndex[k, i], colIndex[l, j]]}, rows first, on chunks of
     * image planes. The CPU road of bilinear and area resizing: about 3x and 2x faster than ATen's kernels at
     * 512 -> 224. Integer images are converted to the weights' dtype after the row gathers (no full-size copy).
     *
     * @param x {@code (B, C, H, W)} float32, float64 or integer
     * @param rowIndex {@code (Kh, h)} int64 in {@code [0, H)}
     * @param rowWeight {@code (Kh, h)} float (x's dtype for float x), each column summing to 1
     * @param colIndex {@code (Kw, w)} int64 in {@code [0, W)}
     * @param colWeight {@code (Kw, w)} like rowWeight, each column summing to 1
     * @param scale multiplies the result (1 for plain resizing, 1 / 255 for 8-bit pixels to unit floats)
     * @return {@code (B, C, h, w)} in the weights' dtype
     */
    public static NDArray resampleSeparable(NDArray x, NDArray rowIndex, NDArray rowWeight, NDArray colIndex,
                                            NDArray colWeight, double scale) {
        long h = rowIndex.getShape().get(1);
        long w = colIndex.getShape().get(1);
        // per plane: the gathered rows of each tap and their sum, the gathered columns of each tap and the output
        long rowTaps = rowIndex.getShape().get(0);
        long colTaps = colIndex.getShape().get(0);
        long plane = ((rowTaps + 1) * h * x.getShape().get(3) + (colTaps + 1) * h * w)
                * rowWeight.getDataType().getNumOfBytes();
        double[] options = {perChunk(x, plane), scale};
        return TorchScriptModules.forward("resample_separable", options, x, rowIndex, rowWeight, colIndex,
                colWeight).singletonOrThrow();
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
     * A rank filter by a min/max program over the zero-padded image ({@code median_blur.py}),
     * {@code planesPerChunk} planes of {@code B C} at a time.
     *
     * @param x {@code (B, C, H, W)}
     * @param kh window rows
     * @param kw window columns
     * @param program instructions as 6-tuples {@code (op, dst, a, shiftA, b, shiftB)}: slot {@code dst} becomes
     *     {@code min} ({@code op = 0}) or {@code max} ({@code op = 1}) of slot {@code a} from column
     *     {@code shiftA} on and slot {@code b} from column {@code shiftB} on, cut to the common width; slots
     *     {@code 0 .. kh - 1} start as the row-shifted views of the padded image
     * @param slots the number of slots, {@code >= kh}
     * @param result the slot read after the program
     * @param shift the column of that slot where the output starts
     * @param planesPerChunk planes filtered per pass of the program on the CPU, >= 1 (one pass on a GPU)
     * @return {@code (B, C, H, W)}
     */
    public static NDArray selectionFilter(NDArray x, int kh, int kw, int[] program, int slots, int result, int shift,
                                          int planesPerChunk) {
        long[] options = new long[6 + program.length];
        options[0] = kh;
        options[1] = kw;
        options[2] = onDevice(x, planesPerChunk);
        options[3] = result;
        options[4] = shift;
        options[5] = slots;
        for (int i = 0; i < program.length; i++) {
            options[6 + i] = program[i];
        }
        return one("median_blur", options, x);
    }

    /**
     * Separable cross-correlation, padding included ({@code separable_correlate.py}): per chunk of image planes,
     * the padding, then weighted sums of shifted views, rows first, accumulated in place.
     *
     * @param x {@code (B, C, H, W)}
     * @param border 0 reflect, 1 replicate, 2 circular, 3 zeros (pads already checked for the mode)
     * @param pads {@code {top, bottom, left, right}}, {@code top + bottom = kh - 1}, {@code left + right = kw - 1}
     * @param kernelX the row taps, {@code kw} values
     * @param kernelY the column taps, {@code kh} values
     * @return {@code (B, C, H, W)}, {@code out[y, x] = sum_i sum_j kernelY[i] kernelX[j] p[y + i, x + j]} with
     *     {@code p} the padded image
     */
    public static NDArray separableCorrelate(NDArray x, int border, int[] pads, double[] kernelX,
                                             double[] kernelY) {
        Shape s = x.getShape();
        long padded = (s.get(2) + kernelY.length - 1) * (s.get(3) + kernelX.length - 1);
        // the padded plane, the row sums and the output
        long planeBytes = (padded + 2 * s.get(2) * s.get(3)) * x.getDataType().getNumOfBytes();
        double[] options = new double[8 + kernelX.length + kernelY.length];
        options[0] = kernelX.length;
        options[1] = kernelY.length;
        options[2] = border;
        options[3] = perChunk(x, planeBytes);
        for (int i = 0; i < 4; i++) {
            options[4 + i] = pads[i];
        }
        System.arraycopy(kernelX, 0, options, 8, kernelX.length);
        System.arraycopy(kernelY, 0, options, 8 + kernelX.length, kernelY.length);
        return TorchScriptModules.forward("separable_correlate", options, x).singletonOrThrow();
    }

    /**
     * Kornia's {@code pyrdown} at exactly half size ({@code pyr_down.py}), padding included: per chunk of image
     * planes, the padding by 2, then a separable 6-tap correlation evaluated at even positions only (stride-2 row
     * views, then the even and odd columns apart, weighted and accumulated in place).
     *
     * @param x {@code (B, C, H, W)}, {@code H} and {@code W} even and at least 4
     * @param border 0 reflect, 1 replicate, 2 circular, 3 zeros
     * @param taps the 6 taps, the same along both axes
     * @return {@code (B, C, H / 2, W / 2)}, {@code out[i, j] = sum_m sum_n taps[m] taps[n] p[2i + m, 2j + n]} with
     *     {@code p} the padded image
     */
    public static NDArray pyrDown(NDArray x, int border, double[] taps) {
        Shape s = x.getShape();
        long paddedPlane = (s.get(2) + 4) * (s.get(3) + 4) * x.getDataType().getNumOfBytes();
        double[] options = new double[2 + taps.length];
        options[0] = border;
        options[1] = perChunk(x, paddedPlane, PYR_DOWN_CHUNK_BYTES);
        System.arraycopy(taps, 0, options, 2, taps.length);
        return TorchScriptModules.forward("pyr_down", options, x).singletonOrThrow();
    }

    /**
     * Kornia's Sobel magnitude {@code sqrt(scale2 (gx^2 + gy^2) + eps)} with the unnormalised 3x3 Sobel
     * kernels and a replicated border ({@code sobel.py}), on chunks of image planes.
     *
     * @param x {@code (B, C, H, W)}
     * @param scale2 the square of the kernels' scale (1/64 for L1-normalised kernels)
     * @param eps added inside the square root
     * @return {@code (B, C, H, W)}
     */
    public static NDArray sobel(NDArray x, double scale2, double eps) {
        Shape s = x.getShape();
        // the padded plane and five plane-sized partial results
        long planeBytes = ((s.get(2) + 2) * (s.get(3) + 2) + 5 * s.get(2) * s.get(3))
                * x.getDataType().getNumOfBytes();
        return TorchScriptModules.forward("sobel", new double[] {scale2, eps, perChunk(x, planeBytes)}, x)
                .singletonOrThrow();
    }

    /**
     * The weighted sum of the three channels ({@code rgb_to_grayscale.py}).
     *
     * @param x {@code (*, 3, H, W)}
     * @param weights {@code (3,)}, x's dtype and device
     * @return {@code (*, 1, H, W)}
     */
    public static NDArray rgbToGrayscale(NDArray x, NDArray weights) {
        return one("rgb_to_grayscale", NO_OPTIONS, x, weights);
    }

    /**
     * Float values in [0, 1] as 8-bit integers, {@code floor(clamp(x, 0, 1) * 255 + 0.5)} in the input's precision
     * (round half up; NaN and -inf become 0, +inf 255), in one call with one float allocation
     * ({@code unit_to_uint8.py}).
     *
     * @param x float32 or float64, any shape
     * @return uint8, {@code x}'s shape and device
     */
    public static NDArray unitToUint8(NDArray x) {
        return one("unit_to_uint8", NO_OPTIONS, x);
    }

    /**
     * Kornia's {@code rgb_to_hsv} in one call ({@code rgb_to_hsv.py}), on chunks of images.
     *
     * @param x {@code (*, 3, H, W)} RGB
     * @param eps added to the saturation's denominator
     * @return {@code (*, 3, H, W)} HSV, hue in radians
     */
    public static NDArray rgbToHsv(NDArray x, double eps) {
        // three input planes, about nine plane-sized intermediates and the three output planes
        long imageBytes = 15 * planeBytes(x);
        return TorchScriptModules.forward("rgb_to_hsv", new double[] {eps, perChunk(x, imageBytes)}, x)
                .singletonOrThrow();
    }

    /**
     * The Gauss-Newton normal equations of the photometric registration objective for a batch of projective
     * sampling maps, in one call ({@code registration_normal.py}): warp, bilinear sampling of the moving image and
     * its gradients, residual, loss weights, validity, and the reductions.
     *
     * @param moving {@code (B, 3C, H, W)}: each moving image, its d/du and d/dv (frame units)
     * @param reference {@code (B, C, H, W)}, the fixed images
     * @param coordinates {@code (3, H W)}: frame u, v and 1 of every pixel centre, row by row
     * @param maps {@code (K, 3, 3)}, target frame -> moving frame, the images' dtype
     * @param index int64 {@code (K,)}: the batch row of each map (ignored, and no copy made, when {@code K = B})
     * @param options {@code [grid x scale, grid y scale, max |u|, max |v|, loss (0 l1, 1 l2, 2 charbonnier),
     *     l1 floor]}
     * @return float64 {@code (K, 46)}: the 6x6 blocks {@code sum w alpha beta q_i q_j / n} (row-major, products
     *     aa ab as bb bs ss by xx xy x yy y 1), {@code J^T W r / n} (9) and the mean loss, over the n valid pixels
     *     and channels
     */
    public static NDArray registrationNormal(NDArray moving, NDArray reference, NDArray coordinates, NDArray maps,
                                             NDArray index, double[] options) {
        return TorchScriptModules.forward("registration_normal", options, moving, reference, coordinates, maps,
                index).singletonOrThrow();
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

    /**
     * Kornia's normalised, weighted DLT in one call ({@code homography_dlt.py}): Hartley normalisation of both
     * point sets, the weighted normal matrix {@code A^T W A} from per-problem moments, the solve and the
     * de-normalisation, in float64.
     *
     * @param points1 {@code (B, N, 2)} source points, float32/float64
     * @param points2 {@code (B, N, 2)} destination points, same dtype
     * @param weights {@code (B, N)} per-correspondence weights, or an empty tensor for all 1
     * @param nullVector false: LU of the 8-unknown normal equations ({@code H[2, 2] = 1}); true: the eigenvector
     *     of the smallest eigenvalue of the 9x9 normal matrix
     * @param eps added to the spread of the points and to {@code H[2, 2]} before dividing by it
     * @return {@code H (B, 3, 3)} float64, divided by {@code H[2, 2] + eps}
     */
    public static NDArray homographyDlt(NDArray points1, NDArray points2, NDArray weights, boolean nullVector,
                                        double eps) {
        double[] options = {nullVector ? 1 : 0, eps, Math.sqrt(2.0), Math.sqrt(0.5)};
        return TorchScriptModules.forward("homography_dlt", options, points1, points2, weights).singletonOrThrow();
    }

    /**
     * The border codes of the fused kernels that pad ({@code pad2d.py}, {@code separable_correlate.py},
     * {@code pyr_down.py}).
     *
     * @param border the border mode
     * @return 0 reflect, 1 replicate, 2 circular, 3 zeros
     */
    public static int borderCode(BorderType border) {
        return switch (border) {
            case REFLECT -> 0;
            case REPLICATE -> 1;
            case CIRCULAR -> 2;
            case CONSTANT -> 3;
        };
    }

    /** Items (planes or images) of {@code itemBytes} working set each per chunk of {@link #CHUNK_BYTES}, >= 1. */
    private static int perChunk(NDArray x, long itemBytes) {
        return perChunk(x, itemBytes, CHUNK_BYTES);
    }

    /** Items of {@code itemBytes} working set each per chunk of {@code chunkBytes}, >= 1; see {@link #onDevice}. */
    private static int perChunk(NDArray x, long itemBytes, long chunkBytes) {
        return onDevice(x, (int) Math.max(1, chunkBytes / itemBytes));
    }

    /**
     * The chunk size a kernel uses for {@code x}: {@code cpuChunk} on the CPU, where chunks keep the working set
     * in the caches; the whole batch in one chunk on a GPU, where every chunk costs one launch per inner op and
     * the batch streams through device memory at full bandwidth anyway (cache-blocked chunks made Sobel, the
     * blurs, HSV, pyrdown and the median 10-60x slower on an H200).
     */
    private static int onDevice(NDArray x, int cpuChunk) {
        return x.getDevice().isGpu() ? Integer.MAX_VALUE : cpuChunk;
    }

    /** Bytes of one {@code (H, W)} plane of {@code x}. */
    private static long planeBytes(NDArray x) {
        Shape s = x.getShape();
        int rank = s.dimension();
        return s.get(rank - 2) * s.get(rank - 1) * x.getDataType().getNumOfBytes();
    }

    private static NDArray one(String module, long[] options, NDArray... inputs) {
        return TorchScriptModules.forward(module, options, inputs).singletonOrThrow();
    }
}
