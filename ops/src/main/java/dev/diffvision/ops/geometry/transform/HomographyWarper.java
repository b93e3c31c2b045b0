package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;

/**
 * Kornia's {@code HomographyWarper}: warps tensors by homographies from destination to source onto a fixed
 * {@code height x width} grid, {@code out(p) = patch_src(H p)} for every destination grid point {@code p}.
 *
 * <p>The grid is built once, on the host, at construction (Kornia's {@code create_meshgrid}): with
 * {@code normalizedCoordinates} the corner-aligned normalised coordinates {@code x = -1 + 2 j / (width - 1)}
 * ({@code -1} for a side of 1), else pixel coordinates {@code x = j}. The homographies map those grid points to
 * the source's normalised coordinates, which the sampler reads with the options' {@code align_corners}: with
 * {@code normalizedCoordinates} false they therefore map destination pixels to normalised source coordinates,
 * exactly as Kornia (for homographies between pixel coordinates use {@link ImgWarp#warpPerspective}). Points
 * are divided by their third coordinate where it is not within 1e-8 of 0 (Kornia's {@code transform_points}).
 *
 * <p>Images {@code (B, C, H, W)} or {@code (C, H, W)} float32/float64; homographies {@code (B, 3, 3)} or
 * {@code (1, 3, 3)} for every image (Kornia needs {@code B}). Outputs in the patch's dtype, on its device, owned by
 * its manager, differentiable in the patch and the homographies; inputs are not modified. Immutable.
 *
 * <pre>{@code
 * HomographyWarper warper = HomographyWarper.of(32, 32);          // bilinear, zeros, normalised, align false
 * NDArray out = warper.forward(image, identity);                   // (B, C, 32, 32)
 * }</pre>
 */
public final class HomographyWarper {

    private static final String OP = "homography_warp";

    private final int height;
    private final int width;
    private final WarpOptions options;
    private final boolean normalizedCoordinates;
    private final double[] grid;

    /**
     * @param height the destination height, >= 1
     * @param width the destination width, >= 1
     * @param options Kornia's {@code mode}, {@code padding_mode} and {@code align_corners} (no fill value)
     * @param normalizedCoordinates whether the grid (and so the homographies) use [-1, 1] coordinates
     * @throws IllegalArgumentException for a size < 1, null options or options with a fill value
     */
    public HomographyWarper(int height, int width, WarpOptions options, boolean normalizedCoordinates) {
        Checks.atLeast(height, 1, OP, "height");
        Checks.atLeast(width, 1, OP, "width");
        if (options == null || options.fillValue() != null) {
            throw new IllegalArgumentException(OP + ": expected options without a fill value, got " + options);
        }
        this.height = height;
        this.width = width;
        this.options = options;
        this.normalizedCoordinates = normalizedCoordinates;
        this.grid = PixelGrid.meshgrid(height, width, normalizedCoordinates);
    }

    /**
     * Kornia's defaults: bilinear, zeros padding, normalised coordinates, {@code align_corners} false.
     *
     * @param height the destination height
     * @param width the destination width
     * @return the warper
     */
    public static HomographyWarper of(int height, int width) {
        return new HomographyWarper(height, width, WarpOptions.defaults().withAlignCorners(false), true);
    }

    /**
     * Warps {@code patchSrc} into the destination grid.
     *
     * @param patchSrc {@code (B, C, H, W)} or {@code (C, H, W)} the source
     * @param srcHomoDst {@code (B, 3, 3)} or {@code (1, 3, 3)} destination-to-source homographies
     * @return {@code (B, C, height, width)} (or {@code (C, height, width)})
     * @throws IllegalArgumentException for wrong shapes, batch sizes, dtypes or devices, or a NaN or infinite entry
     *     in the homographies (their grid would sample arbitrary pixels on the TorchScript path)
     */
    public NDArray forward(NDArray patchSrc, NDArray srcHomoDst) {
        Checks.image(patchSrc, OP, "patch_src");
        Checks.shape(srcHomoDst, OP, "src_homo_dst", "B", "3", "3");
        Checks.floating(srcHomoDst, OP, "src_homo_dst");
        Checks.sameDevice(patchSrc, srcHomoDst, OP, "src_homo_dst");
        Checks.finite(srcHomoDst, OP, "src_homo_dst");
        long batch = patchSrc.getShape().dimension() == 4 ? patchSrc.getShape().get(0) : 1;
        long n = srcHomoDst.getShape().get(0);
        if (n != batch && n != 1) {
            throw new IllegalArgumentException(OP + ": expected src_homo_dst of shape (" + batch + ", 3, 3) or"
                    + " (1, 3, 3), got " + Checks.describe(srcHomoDst.getShape()));
        }
        return Rank.batched(patchSrc, x -> Scoped.run(() -> {
            NDArray h = srcHomoDst.toType(x.getDataType(), false);
            return sample(x, warpedGrid(n == batch ? h : h.repeat(0, batch)), options);
        }, x, srcHomoDst));
    }

    /**
     * Kornia's {@code precompute_warp_grid}: the sampling positions of {@code srcHomoDst} on this warper's grid,
     * computed once, so that many patches are warped by the same homographies with one sampler call each
     * ({@link WarpGrid#apply}, Kornia's {@code forward(patch_src)} without homographies). Kornia stores the grid
     * in the module; here it is a separate object that owns it, so the warper stays immutable and shareable.
     * The grid is in the homographies' dtype and on their device (Kornia's forward then requires the patch's
     * dtype and device to match, and so does {@code apply}); it keeps the homographies' autograd graph.
     *
     * <pre>{@code
     * try (HomographyWarper.WarpGrid grid = warper.precomputeWarpGrid(srcHomoDst)) {   // (B, 3, 3) float32
     *     NDArray a = grid.apply(patchA);                                              // (B, C, height, width)
     *     NDArray b = grid.apply(patchB);
     * }
     * }</pre>
     *
     * @param srcHomoDst {@code (B, 3, 3)} destination-to-source homographies, float32 or float64
     * @return the grid, {@code (B, height, width, 2)}, owned by the returned object (close it to free it early;
     *     otherwise it is freed with srcHomoDst's manager)
     * @throws IllegalArgumentException for a wrong shape or dtype, or a NaN or infinite entry
     */
    public WarpGrid precomputeWarpGrid(NDArray srcHomoDst) {
        Checks.shape(srcHomoDst, OP, "src_homo_dst", "B", "3", "3");
        Checks.floating(srcHomoDst, OP, "src_homo_dst");
        Checks.finite(srcHomoDst, OP, "src_homo_dst");
        return new WarpGrid(Scoped.run(() -> warpedGrid(srcHomoDst), srcHomoDst), options);
    }

    /** The grid points mapped by {@code h} {@code (n, 3, 3)}: {@code (n, height, width, 2)} in h's dtype. */
    private NDArray warpedGrid(NDArray h) {
        NDArray points = Constants.array(h, grid, new Shape(1, (long) height * width, 2));   // matMul saves it
        return PixelGrid.transformPoints(h, points).reshape(h.getShape().get(0), height, width, 2);
    }

    private static NDArray sample(NDArray x, NDArray warpedGrid, WarpOptions options) {
        return Sampling.gridSample(x, warpedGrid, options.mode(), options.padding(), options.alignCorners());
    }

    /**
     * Sampling positions precomputed by {@link #precomputeWarpGrid}: warps patches without recomputing them.
     * Owns its {@code (B, height, width, 2)} grid; not thread-safe to close while another thread applies it.
     */
    public static final class WarpGrid implements AutoCloseable {

        private final NDArray grid;
        private final WarpOptions options;
        private boolean closed;

        private WarpGrid(NDArray grid, WarpOptions options) {
            this.grid = grid;
            this.options = options;
        }

        /**
         * Samples {@code patchSrc} at the precomputed positions ({@code grid_sample} with the warper's options).
         *
         * @param patchSrc {@code (B, C, H, W)} or {@code (C, H, W)} in the grid's dtype and on its device; B equal
         *     to the grid's batch, or any B when the grid was computed from one homography
         * @return {@code (B, C, height, width)} (or {@code (C, height, width)}), differentiable in the patch and
         *     in the homographies the grid came from
         * @throws IllegalArgumentException for a wrong shape, batch, dtype or device
         * @throws IllegalStateException after {@link #close}
         */
        public NDArray apply(NDArray patchSrc) {
            if (closed) {
                throw new IllegalStateException(OP + ": the precomputed warp grid was closed");
            }
            Checks.image(patchSrc, OP, "patch_src");
            if (patchSrc.getDataType() != grid.getDataType()) {
                throw new IllegalArgumentException(OP + ": expected patch_src of the precomputed grid's dtype "
                        + grid.getDataType() + ", got " + patchSrc.getDataType());
            }
            Checks.sameDevice(grid, patchSrc, OP, "patch_src");
            long batch = patchSrc.getShape().dimension() == 4 ? patchSrc.getShape().get(0) : 1;
            long n = grid.getShape().get(0);
            if (n != batch && n != 1) {
                throw new IllegalArgumentException(OP + ": expected patch_src with a batch of " + n + " (the"
                        + " precomputed grid's), got " + Checks.describe(patchSrc.getShape()));
            }
            return Rank.batched(patchSrc, x -> Scoped.run(() -> sample(x, n == batch ? grid : grid.repeat(0, batch),
                    options), x, grid));
        }

        /** @return the grid {@code (B, height, width, 2)}, the (x, y) positions the sampler reads */
        public NDArray grid() {
            return grid;
        }

        /** Frees the grid; {@link #apply} fails afterwards. Idempotent. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                grid.close();
            }
        }
    }

    /** @return the destination height */
    public int height() {
        return height;
    }

    /** @return the destination width */
    public int width() {
        return width;
    }

    /** @return the sampling options */
    public WarpOptions options() {
        return options;
    }

    /** @return whether the grid is in [-1, 1] coordinates */
    public boolean normalizedCoordinates() {
        return normalizedCoordinates;
    }
}
