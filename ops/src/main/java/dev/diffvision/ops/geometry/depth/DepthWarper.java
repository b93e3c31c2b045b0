package dev.diffvision.ops.geometry.depth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.geometry.camera.Pinhole;
import dev.diffvision.ops.geometry.camera.PinholeCamera;
import dev.diffvision.ops.geometry.conversions.Conversions;
import dev.diffvision.ops.geometry.linalg.Linalg;
import dev.diffvision.ops.geometry.transform.WarpOptions;

/**
 * Kornia's {@code kornia.geometry.depth.DepthWarper}: warps a destination view into a source (reference) view
 * through the source's depth, {@code I_src(p) = I_dst(pi(K_dst T_dst,src d(p) K_src^-1 hom(p)))}, the building
 * block of plane-sweep and multi-view depth.
 *
 * <p>Cameras are {@link PinholeCamera}s (4 x 4 intrinsics and world-to-camera extrinsics). Kornia's steps:
 * {@link #computeProjectionMatrix} forms {@code P = K_dst E_dst E_src^-1} (rigid inverse);
 * {@link #warpGrid} back-projects every source pixel {@code (u, v)} with its depth ({@code pixel2cam} with
 * {@code K_src^-1}), projects it by {@code P} ({@code cam2pixel}, {@code z + 1e-12}) and normalises the
 * destination pixel to [-1, 1] for a {@code height x width} image (corner-aligned, eps 1e-8);
 * {@link #forward} samples the destination patch there. Kornia's defaults: bilinear, zeros, {@code align_corners}
 * true ({@link WarpOptions#defaults()}). Unlike Kornia's module, a warper is immutable:
 * {@code computeProjectionMatrix} returns a new warper that knows its source camera.
 *
 * <p>Depths {@code (B, 1, height, width)}, patches {@code (B, C, height, width)}, float32/float64; cameras of batch
 * {@code B} or 1. Outputs in the depth's (for {@link #forward} the patch's) dtype, on its device, owned by its
 * manager; differentiable in the depth, the patch and the camera tensors; inputs are not modified. The projection
 * matrix belongs to the destination intrinsics' manager.
 *
 * <pre>{@code
 * DepthWarper warper = DepthWarper.of(pinholeDst, 32, 32).computeProjectionMatrix(pinholeSrc);
 * NDArray imageSrc = warper.forward(depthSrc, imageDst);          // (B, C, 32, 32)
 * NDArray step = warper.computeSubpixelStep();                    // () inverse-depth step for half-pixel sampling
 * }</pre>
 */
public final class DepthWarper {

    private static final String OP = "DepthWarper";
    /** Kornia's {@code delta_d} of {@code compute_subpixel_step}. */
    private static final double DELTA_D = 0.01;

    private final PinholeCamera pinholeDst;
    private final PinholeCamera pinholeSrc;
    private final NDArray dstProjSrc;
    private final int height;
    private final int width;
    private final WarpOptions options;

    /**
     * A warper without a source camera yet (call {@link #computeProjectionMatrix}).
     *
     * @param pinholeDst the destination cameras
     * @param height the images' height, >= 1
     * @param width the images' width, >= 1
     * @param options Kornia's {@code mode}, {@code padding_mode} and {@code align_corners} (no fill value)
     * @throws IllegalArgumentException for a null camera, a size < 1 or options with a fill value
     */
    public DepthWarper(PinholeCamera pinholeDst, int height, int width, WarpOptions options) {
        this(pinholeDst, null, null, height, width, options);
        if (pinholeDst == null) {
            throw new IllegalArgumentException(OP + ": expected pinhole_dst, got null");
        }
        Checks.atLeast(height, 1, OP, "height");
        Checks.atLeast(width, 1, OP, "width");
        if (options == null || options.fillValue() != null) {
            throw new IllegalArgumentException(OP + ": expected options without a fill value, got " + options);
        }
    }

    private DepthWarper(PinholeCamera pinholeDst, PinholeCamera pinholeSrc, NDArray dstProjSrc, int height,
                        int width, WarpOptions options) {
        this.pinholeDst = pinholeDst;
        this.pinholeSrc = pinholeSrc;
        this.dstProjSrc = dstProjSrc;
        this.height = height;
        this.width = width;
        this.options = options;
    }

    /**
     * Kornia's defaults: bilinear, zeros, {@code align_corners} true.
     *
     * @param pinholeDst the destination cameras
     * @param height the images' height
     * @param width the images' width
     * @return the warper
     */
    public static DepthWarper of(PinholeCamera pinholeDst, int height, int width) {
        return new DepthWarper(pinholeDst, height, width, WarpOptions.defaults());
    }

    /**
     * Kornia's {@code compute_projection_matrix}: {@code P = K_dst (E_dst E_src^-1)}, the map from source camera
     * coordinates to destination pixels.
     *
     * @param source the source cameras, of the destination's batch size
     * @return a warper holding the source camera and {@code P}
     * @throws IllegalArgumentException for a null camera or a batch size other than the destination's
     */
    public DepthWarper computeProjectionMatrix(PinholeCamera source) {
        if (source == null || source.batchSize() != pinholeDst.batchSize()) {
            throw new IllegalArgumentException(OP + ": expected pinhole_src with pinhole_dst's batch size "
                    + pinholeDst.batchSize() + ", got " + (source == null ? "null" : source.batchSize()));
        }
        NDArray k = pinholeDst.intrinsics();
        NDArray p = Scoped.run(() -> k.matMul(Linalg.composeTransformations(pinholeDst.extrinsics(),
                Linalg.inverseTransformation(source.extrinsics()))), k, pinholeDst.extrinsics(), source.extrinsics());
        return new DepthWarper(pinholeDst, source, p, height, width, options);
    }

    /**
     * @return {@code P = K_dst E_dst E_src^-1}, {@code (B, 4, 4)}
     * @throws IllegalStateException before {@link #computeProjectionMatrix}
     */
    public NDArray dstProjSrc() {
        requireProjection();
        return dstProjSrc;
    }

    /**
     * Kornia's {@code compute_subpixel_step} [1]: the inverse-depth step that moves the image centre by half a pixel
     * in the destination, {@code min_b 0.5 / (|x(1 + d) - x(1 - d)| / (2 d))} with {@code d = 0.01} and
     * {@code x(s) = dehom(P (W / 2, H / 2, s, 1))} (Kornia's point, inverse depth in the third coordinate).
     *
     * <p>[1] R. Szeliski, D. Scharstein, "Symmetric sub-pixel stereo matching", ECCV 2002.
     *
     * @return {@code ()} the step, in {@code P}'s dtype
     * @throws IllegalStateException before {@link #computeProjectionMatrix}
     */
    public NDArray computeSubpixelStep() {
        requireProjection();
        return Scoped.run(() -> {
            NDArray minus = projectCentre(1 - DELTA_D);
            NDArray plus = projectCentre(1 + DELTA_D);
            NDArray dx = Constants.divide(plus.sub(minus).norm(new int[] {1}), 2);
            return Constants.scale(Constants.power(Constants.divide(dx, DELTA_D), -1), 0.5).min();
        }, dstProjSrc);
    }

    /**
     * Kornia's {@code warp_grid}: where each source pixel lands in the destination, normalised to [-1, 1].
     *
     * @param depthSrc {@code (B, 1, height, width)} source depths
     * @return {@code (B, height, width, 2)} normalised destination {@code (x, y)}
     * @throws IllegalArgumentException for another shape, dtype or device, or a batch other than the cameras'
     * @throws IllegalStateException before {@link #computeProjectionMatrix}
     */
    public NDArray warpGrid(NDArray depthSrc) {
        requireProjection();
        checkDepth(depthSrc);
        long b = depthSrc.getShape().get(0);
        return Scoped.run(() -> {
            NDArray grid = Conversions.appendOnes(Depth.pixelGrid(depthSrc, height, width)).repeat(0, b);
            NDArray kInv = perImage(pinholeSrc.intrinsicsInverse(), depthSrc, b);
            NDArray cam = Pinhole.pixel2cam(depthSrc, kInv, grid);                           // (B, H, W, 3)
            NDArray pixels = Pinhole.cam2pixel(cam, perImage(dstProjSrc, depthSrc, b), 1e-12);
            return Conversions.normalizePixelCoordinates(pixels, height, width, Conversions.POINTS_EPS);
        }, depthSrc, dstProjSrc, pinholeSrc.intrinsics());
    }

    /**
     * Kornia's {@code forward}: the destination patch seen from the source view, sampled at {@link #warpGrid}.
     *
     * @param depthSrc {@code (B, 1, height, width)} source depths
     * @param patchDst {@code (B, C, height, width)} destination images
     * @return {@code (B, C, height, width)}
     * @throws IllegalArgumentException for other shapes, dtypes or devices
     * @throws IllegalStateException before {@link #computeProjectionMatrix}
     */
    public NDArray forward(NDArray depthSrc, NDArray patchDst) {
        requireProjection();
        checkDepth(depthSrc);
        Checks.shape(patchDst, OP, "patch_dst", String.valueOf(depthSrc.getShape().get(0)), "C",
                String.valueOf(height), String.valueOf(width));
        Checks.floating(patchDst, OP, "patch_dst");
        Checks.sameDevice(patchDst, depthSrc, OP, "depth_src");
        return Scoped.run(() -> Sampling.gridSample(patchDst, warpGrid(depthSrc).toType(patchDst.getDataType(),
                false), options.mode(), options.padding(), options.alignCorners()), patchDst, depthSrc);
    }

    /** @return the destination cameras */
    public PinholeCamera pinholeDst() {
        return pinholeDst;
    }

    /** @return the images' height */
    public int height() {
        return height;
    }

    /** @return the images' width */
    public int width() {
        return width;
    }

    /** {@code dehom(P (W / 2, H / 2, invDepth, 1))} as {@code (B, 2)}. */
    private NDArray projectCentre(double invDepth) {
        NDArray point = Constants.array(dstProjSrc, new double[] {width / 2.0, height / 2.0, invDepth, 1},
                new Shape(1, 4, 1));   // matMul saves it
        NDArray flow = dstProjSrc.matMul(point);                                                 // (B, 4, 1)
        return flow.get(":, 0:2, 0").div(flow.get(":, 2:3, 0"));
    }

    /** {@code m} {@code (1 or B, 4, 4)} as {@code (B, 4, 4)} in {@code like}'s dtype. */
    private static NDArray perImage(NDArray m, NDArray like, long b) {
        NDArray typed = m.toType(like.getDataType(), false);
        return typed.getShape().get(0) == b ? typed : typed.repeat(0, b);
    }

    private void checkDepth(NDArray depthSrc) {
        Checks.shape(depthSrc, OP, "depth_src", "B", "1", String.valueOf(height), String.valueOf(width));
        Checks.floating(depthSrc, OP, "depth_src");
        Checks.sameDevice(depthSrc, dstProjSrc, OP, "pinhole cameras");
        long b = depthSrc.getShape().get(0);
        long cams = dstProjSrc.getShape().get(0);
        if (cams != b && cams != 1) {
            throw new IllegalArgumentException(OP + ": expected depth_src of the cameras' batch size " + cams
                    + ", got " + Checks.describe(depthSrc.getShape()));
        }
    }

    private void requireProjection() {
        if (dstProjSrc == null) {
            throw new IllegalStateException(OP + ": no source camera yet, call computeProjectionMatrix(pinhole_src)");
        }
    }
}
