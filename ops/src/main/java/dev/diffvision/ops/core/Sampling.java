package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.internal.Aten;

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
     * @throws IllegalArgumentException for wrong ranks, dtypes, a batch mismatch or different devices
     */
    public static NDArray gridSample(NDArray input, NDArray grid, Interpolation mode, GridPadding padding,
                                     boolean alignCorners) {
        Checks.shape(input, GRID_SAMPLE, "input", "B", "C", "H", "W");
        Checks.floating(input, GRID_SAMPLE, "input");
        Checks.shape(grid, GRID_SAMPLE, "grid", "B", "Hout", "Wout", "2");
        Checks.floating(grid, GRID_SAMPLE, "grid");
        if (grid.getShape().get(0) != input.getShape().get(0)) {
            throw new IllegalArgumentException(GRID_SAMPLE + ": expected grid with the input's batch size "
                    + input.getShape().get(0) + ", got " + Checks.describe(grid.getShape()));
        }
        Checks.sameDevice(input, grid, GRID_SAMPLE, "grid");
        notNull(mode, GRID_SAMPLE, "mode");
        notNull(padding, GRID_SAMPLE, "padding_mode");
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

    private static void notNull(Object value, String op, String argument) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": expected " + argument + ", got null");
        }
    }
}
