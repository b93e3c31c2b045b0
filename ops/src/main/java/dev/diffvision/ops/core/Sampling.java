package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.core.internal.ProjectiveSampler;
import dev.diffvision.ops.core.internal.ResampleSimd;
import dev.diffvision.ops.core.internal.SimdKernels;

/**
 * The differentiable sampler every warp stands on: torch's {@code grid_sample} and {@code affine_grid}, which
 * Kornia's {@code warp_affine}, {@code warp_perspective}, {@code remap} and {@code resize} call.
 *
 * <p>Runs ATen's own {@code grid_sampler} / {@code affine_grid_generator} kernels (through DiffVision's
 * TorchScript modules; DJL 0.36 binds neither). Gradients flow to the input image and to the grid (or theta).
 *
 * <p>Coordinates are normalised: {@code grid[b, i, j] = (x, y)}, x first, in {@code [-1, 1]}; with
 * {@code alignCorners = true}, -1 and 1 are the centres of the first and last pixels
 * ({@code px = (x + 1) / 2 * (W - 1)}); with {@code false}, their outer edges ({@code px = ((x + 1) * W - 1) / 2}).
 *
 * <pre>{@code
 * NDArray theta = manager.create(new float[] {1, 0, 0, 0, 1, 0}, new Shape(1, 2, 3));   // identity
 * NDArray grid = Sampling.affineGrid(theta, image.getShape(), true);                     // (1, H, W, 2)
 * NDArray same = Sampling.gridSample(image, grid, Interpolation.BILINEAR, GridPadding.ZEROS, true);
 * }</pre>
 */
public final class Sampling {

    private static final String GRID_SAMPLE = "grid_sample";
    private static final String AFFINE_GRID = "affine_grid";

    private Sampling() {}

    /**
     * Samples {@code input} at the positions of {@code grid}: {@code torch.nn.functional.grid_sample} for 4-D
     * input, as called by Kornia.
     *
     * <p>input: {@code (B, C, H, W)} float32/float64; grid: {@code (B, Hout, Wout, 2)} float32/float64, cast to
     * the input's dtype if it differs, same device; output: {@code (B, C, Hout, Wout)} in the input's dtype,
     * owned by the input's manager. Neither argument is modified.
     *
     * @param input the image
     * @param grid sampling positions {@code (x, y)} in {@code [-1, 1]} (see the class comment); outside that
     *     range {@code padding} applies
     * @param mode bilinear, nearest or bicubic
     * @param padding zeros, border or reflection
     * @param alignCorners whether -1 and 1 are the corner pixels' centres (true) or outer edges (false)
     * @return the sampled image
     * @throws IllegalArgumentException for wrong ranks, dtypes, a batch mismatch or different devices, or (border
     *     and reflection padding) a NaN or infinite grid value; with zeros padding a NaN position samples NaN
     */
    public static NDArray gridSample(NDArray input, NDArray grid, Interpolation mode, GridPadding padding,
                                     boolean alignCorners) {
        Checks.shape(input, GRID_SAMPLE, "input", "B", "C", "H", "W");
        Checks.shape(grid, GRID_SAMPLE, "grid", "B", "Hout", "Wout", "2");
        return sample(input, grid, mode, padding, alignCorners);
    }

    /**
     * {@link #gridSample} through a projective grid, built chunk by chunk inside one native call instead of
     * materialised for the whole batch: the grid point of output pixel {@code (i, j)} is {@code (X / Z, Y / Z)}
     * with {@code (X, Y, Z) = m (xs[j], ys[i], 1)}, divided by {@code Z + eps} where {@code |Z| > eps} and left
     * as {@code (X, Y)} elsewhere (Kornia's {@code transform_points} over {@code create_meshgrid}). Kornia's
     * {@code warp_perspective} samples this way. Bilinear with zeros or border padding on float32 CPU tensors
     * without gradients runs the Java kernel {@code ProjectiveSampler} (no grid at all); the rest a TorchScript
     * module ({@code perspective_sample.py}) around ATen's {@code grid_sampler}.
     *
     * <p>input: {@code (B, C, H, W)} float32/float64; homographies {@code (B, 3, 3)} in normalised coordinates,
     * cast to the input's dtype; output {@code (B, C, ys.length, xs.length)}, differentiable in the input and
     * the homographies.
     *
     * @param input the images
     * @param homographies output-to-input maps of normalised coordinates
     * @param xs the output columns' normalised x, at least one
     * @param ys the output rows' normalised y, at least one
     * @param mode interpolation
     * @param padding values outside the input
     * @param alignCorners whether -1 and 1 are the centres of the corner pixels
     * @param eps threshold and guard of the division by Z, > 0
     * @return the sampled images
     * @throws IllegalArgumentException for wrong shapes or dtypes, empty axes or a non-positive eps
     */
    public static NDArray gridSampleProjective(NDArray input, NDArray homographies, double[] xs, double[] ys,
                                               Interpolation mode, GridPadding padding, boolean alignCorners,
                                               double eps) {
        String op = "grid_sample_projective";
        Checks.shape(input, op, "input", "B", "C", "H", "W");
        Checks.floating(input, op, "input");
        Checks.shape(homographies, op, "homographies", "B", "3", "3");
        notNull(mode, op, "mode");
        notNull(padding, op, "padding");
        if (homographies.getShape().get(0) != input.getShape().get(0)) {
            throw new IllegalArgumentException(op + ": expected homographies of batch " + input.getShape().get(0)
                    + ", got " + Checks.describe(homographies.getShape()));
        }
        if (xs == null || ys == null || xs.length == 0 || ys.length == 0 || !(eps > 0)) {
            throw new IllegalArgumentException(op + ": expected non-empty axes and eps > 0, got "
                    + (xs == null ? "null" : xs.length) + " x " + (ys == null ? "null" : ys.length)
                    + " positions, eps " + eps);
        }
        return Scoped.run(() -> {
            NDArray m = homographies.toType(input.getDataType(), false);
            if (ProjectiveSampler.applies(input, m, mode, padding)) {
                return ProjectiveSampler.sample(input, m, xs, ys, true, padding, alignCorners, eps);
            }
            return Aten.perspectiveSample(input, m, Constants.array(input, xs, new Shape(xs.length)),
                    Constants.array(input, ys, new Shape(ys.length)), mode.aten(), padding.aten(), alignCorners, eps);
        }, input, homographies);
    }

    /**
     * Samples a volume at the positions of {@code grid}: {@code torch.nn.functional.grid_sample} for 5-D input,
     * as Kornia's {@code warp_affine3d} and {@code warp_perspective3d} call it (ATen's {@code grid_sampler_3d}).
     *
     * <p>input: {@code (B, C, D, H, W)} float32/float64; grid: {@code (B, Dout, Hout, Wout, 3)}, positions
     * {@code (x, y, z)} (x along W, y along H, z along D) normalised as in {@link #gridSample}, cast to the input's
     * dtype if it differs, same device; output: {@code (B, C, Dout, Hout, Wout)} in the input's dtype, owned by
     * the input's manager, differentiable in input and grid. Bilinear is trilinear over the 2 x 2 x 2 nearest
     * voxels; bicubic does not exist for volumes (torch's rule).
     *
     * <pre>{@code
     * NDArray same = Sampling.gridSample3d(volume, grid, Interpolation.BILINEAR, GridPadding.ZEROS, true);
     * }</pre>
     *
     * @param input the volumes
     * @param grid sampling positions {@code (x, y, z)} in {@code [-1, 1]}; outside it {@code padding} applies
     * @param mode bilinear (trilinear) or nearest
     * @param padding zeros, border or reflection
     * @param alignCorners whether -1 and 1 are the corner voxels' centres (true) or outer faces (false)
     * @return the sampled volumes
     * @throws IllegalArgumentException for wrong ranks, dtypes, a batch mismatch, different devices or bicubic
     */
    public static NDArray gridSample3d(NDArray input, NDArray grid, Interpolation mode, GridPadding padding,
                                       boolean alignCorners) {
        Checks.shape(input, GRID_SAMPLE, "input", "B", "C", "D", "H", "W");
        Checks.shape(grid, GRID_SAMPLE, "grid", "B", "Dout", "Hout", "Wout", "3");
        if (mode == Interpolation.BICUBIC) {
            throw new IllegalArgumentException(GRID_SAMPLE + ": expected mode bilinear or nearest for 5-D input, got "
                    + mode.kornia());
        }
        return sample(input, grid, mode, padding, alignCorners);
    }

    /** The checks both ranks share, then ATen's grid_sampler (which dispatches on the rank). */
    private static NDArray sample(NDArray input, NDArray grid, Interpolation mode, GridPadding padding,
                                  boolean alignCorners) {
        Checks.floating(input, GRID_SAMPLE, "input");
        Checks.floating(grid, GRID_SAMPLE, "grid");
        if (grid.getShape().get(0) != input.getShape().get(0)) {
            throw new IllegalArgumentException(GRID_SAMPLE + ": expected grid with the input's batch size "
                    + input.getShape().get(0) + ", got " + Checks.describe(grid.getShape()));
        }
        Checks.sameDevice(input, grid, GRID_SAMPLE, "grid");
        notNull(mode, GRID_SAMPLE, "mode");
        notNull(padding, GRID_SAMPLE, "padding_mode");
        if (padding != GridPadding.ZEROS) {
            // ATen clips a NaN coordinate to whichever edge its scalar or vector min/max picks: a wrong pixel
            // instead of NaN; with zeros padding a NaN position gives NaN, as any element-wise op would
            Checks.finite(grid, GRID_SAMPLE, "grid");
        }
        return Scoped.run(() -> Aten.gridSampler(input, grid.toType(input.getDataType(), false), mode.aten(),
                padding.aten(), alignCorners), input, grid);
    }

    /**
     * The sampling grid of a batch of affine maps: {@code torch.nn.functional.affine_grid} for 2-D, as called by
     * Kornia's {@code warp_affine}.
     *
     * <p>theta: {@code (B, 2, 3)} float32/float64, mapping normalised output coordinates {@code (x, y, 1)} to
     * normalised input coordinates; output: {@code (B, H, W, 2)} in theta's dtype, owned by theta's manager.
     * Gradients flow to theta.
     *
     * @param theta the affine maps, in normalised coordinates
     * @param size the output image's shape {@code (B, C, H, W)}; B must match theta's
     * @param alignCorners as in {@link #gridSample}; use the same value for both
     * @return the grid, ready for {@link #gridSample}
     * @throws IllegalArgumentException for a wrong theta shape or dtype, or a size that is not 4-D, positive and
     *     of theta's batch
     */
    public static NDArray affineGrid(NDArray theta, Shape size, boolean alignCorners) {
        Checks.shape(theta, AFFINE_GRID, "theta", "B", "2", "3");
        Checks.floating(theta, AFFINE_GRID, "theta");
        if (size == null || size.dimension() != 4 || size.get(0) != theta.getShape().get(0)
                || java.util.Arrays.stream(size.getShape()).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException(AFFINE_GRID + ": expected size (B, C, H, W) with B = "
                    + theta.getShape().get(0) + " and no zero or negative dimension, got "
                    + (size == null ? "null" : Checks.describe(size)));
        }
        return Scoped.run(() -> Aten.affineGrid(theta, size.getShape(), alignCorners), theta);
    }

    /**
     * Resamples images to a size: {@code torch.nn.functional.interpolate(input, size=(height, width), mode,
     * align_corners)} for 4-D input, as Kornia's {@code resize} calls it (ATen's upsample / adaptive average pool
     * kernels; bilinear and area on the CPU in float32/float64 as two separable passes over tap tables, equal to
     * ATen's up to float rounding and 2-3x faster). Unlike DJL's {@code NDImageUtils.resize}, bilinear does NOT
     * antialias when downscaling.
     *
     * <p>input: {@code (B, C, H, W)} float32/float64; output {@code (B, C, height, width)} in its dtype, owned by
     * its manager, differentiable in the input. Source positions (torch): with {@code alignCorners},
     * {@code src = dst * (in - 1) / (out - 1)}; without, {@code src = (dst + 0.5) * in / out - 0.5} (clamped at 0
     * for bilinear); nearest takes {@code floor(dst * in / out)}; area averages the adaptive pooling windows.
     *
     * @param input the images
     * @param height output height, > 0
     * @param width output width, > 0
     * @param mode bilinear, nearest, bicubic or area
     * @param alignCorners for bilinear and bicubic (ignored by nearest and area, as torch requires)
     * @return the resampled images
     * @throws IllegalArgumentException for a wrong rank or dtype, a null mode or a non-positive size
     */
    public static NDArray interpolate(NDArray input, int height, int width, Resize mode, boolean alignCorners) {
        String op = "interpolate";
        Checks.shape(input, op, "input", "B", "C", "H", "W");
        Checks.floating(input, op, "input");
        notNull(mode, op, "mode");
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException(op + ": expected a positive size, got (" + height + ", " + width + ")");
        }
        return Scoped.run(() -> resample(input, height, width, mode, alignCorners, 1), input);
    }

    /**
     * {@link #interpolate} of integer pixels scaled to floats, {@code interpolate(input.toType(FLOAT32) * scale,
     * ...)}, without the full-size float copy on the CPU: bilinear and area gather the 8- or 16-bit rows they need
     * and convert only those (equal to the two-step form up to float rounding; linear resampling commutes with
     * the scale). Typical use: decoded 8-bit images to unit-range floats at a model's input size,
     * {@code interpolateScaled(pixels, 224, 224, Resize.BILINEAR, false, 1 / 255.0)}.
     *
     * <p>input: {@code (B, C, H, W)} uint8, int8, int32 or int64 (DJL's integer dtypes); output float32
     * {@code (B, C, height, width)}, owned by the input's manager. Not differentiable (integer input).
     *
     * @param input the pixels
     * @param height output height, > 0
     * @param width output width, > 0
     * @param mode bilinear, nearest, bicubic or area
     * @param alignCorners for bilinear and bicubic
     * @param scale multiplies every value, finite
     * @return the resampled, scaled images
     * @throws IllegalArgumentException for a wrong rank, a non-integer dtype, a null mode, a non-positive size or
     *     a non-finite scale
     */
    public static NDArray interpolateScaled(NDArray input, int height, int width, Resize mode, boolean alignCorners,
                                            double scale) {
        String op = "interpolate_scaled";
        Checks.shape(input, op, "input", "B", "C", "H", "W");
        if (!input.getDataType().isInteger()) {
            throw new IllegalArgumentException(op + ": expected integer pixels, got " + input.getDataType());
        }
        notNull(mode, op, "mode");
        if (height <= 0 || width <= 0 || !Double.isFinite(scale)) {
            throw new IllegalArgumentException(op + ": expected a positive size and a finite scale, got (" + height
                    + ", " + width + ") and " + scale);
        }
        return Scoped.run(() -> resample(input, height, width, mode, alignCorners, scale), input);
    }

    /**
     * The road both resizes share, after their checks. Bilinear and area on the CPU, for float32/float64 images or
     * integer pixels: two separable passes over tap tables built with torch's index arithmetic
     * ({@link ResampleTaps}), equal to ATen's {@code upsample_bilinear2d} / {@code adaptive_avg_pool2d} up to
     * float rounding, and faster (float32 or 8-bit images without gradients by the Java SIMD kernel
     * {@code ResampleSimd}, the others by {@code resample_separable.py}). Everything else (nearest, bicubic, a GPU,
     * where ATen's kernel is one launch, or another float dtype): ATen's kernel, integer pixels converted to float32
     * and scaled first.
     *
     * @param scale multiplies integer pixels' result; 1 for float images
     */
    private static NDArray resample(NDArray input, int height, int width, Resize mode, boolean alignCorners,
                                    double scale) {
        boolean align = alignCorners && (mode == Resize.BILINEAR || mode == Resize.BICUBIC);
        DataType dtype = input.getDataType();
        boolean integer = dtype.isInteger();
        if ((mode == Resize.BILINEAR || mode == Resize.AREA) && !input.getDevice().isGpu()
                && (integer || dtype == DataType.FLOAT32 || dtype == DataType.FLOAT64)) {
            DataType out = integer ? DataType.FLOAT32 : dtype;
            Shape s = input.getShape();
            ResampleTaps rows = axisTaps((int) s.get(2), height, mode, align, out);
            ResampleTaps columns = axisTaps((int) s.get(3), width, mode, align, out);
            if ((SimdKernels.applies(input) || SimdKernels.appliesToPixels(input))
                    && SimdKernels.fitsOutput(s.get(0) * s.get(1) * height * width)) {
                return ResampleSimd.resample(input, height, rows.intIndex(), rows.floatWeight(), width,
                        columns.intIndex(), columns.floatWeight(), (float) scale);
            }
            NDArray[] r = rows.toTensors(input, out);
            NDArray[] c = columns.toTensors(input, out);
            return Aten.resampleSeparable(input, r[0], r[1], c[0], c[1], scale);
        }
        // integer input carries no gradient, so a number operand is safe here (see Constants)
        NDArray values = integer ? input.toType(DataType.FLOAT32, false).mul(scale) : input;
        return Aten.interpolate(values, mode.ordinal(), height, width, align);
    }

    /** One axis's tap table of a bilinear or area resize from {@code in} to {@code out} positions. */
    private static ResampleTaps axisTaps(int in, int out, Resize mode, boolean align, DataType dtype) {
        return mode == Resize.AREA ? ResampleTaps.area(in, out)
                : ResampleTaps.linear(in, out, align, dtype == DataType.FLOAT32);
    }

    /** The modes of {@link #interpolate}, torch's names. */
    public enum Resize {
        /** Linear in each axis over the 2 x 2 nearest pixels. */
        BILINEAR,
        /** {@code floor(dst * in / out)} (torch's legacy "nearest"). */
        NEAREST,
        /** Cubic convolution, a = -0.75, borders replicated (torch). */
        BICUBIC,
        /** Mean over each adaptive pooling window (torch's "area"). */
        AREA;

        /**
         * Parses Kornia's lower-case name.
         *
         * @param name {@code "bilinear"}, {@code "nearest"}, {@code "bicubic"} or {@code "area"}
         * @param op the operator asking, for the message
         * @return the mode
         * @throws IllegalArgumentException listing the valid names if {@code name} is unknown
         */
        public static Resize parse(String name, String op) {
            return Names.parse(values(), name, op, "interpolation");
        }
    }

    private static void notNull(Object value, String op, String argument) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": expected " + argument + ", got null");
        }
    }
}
