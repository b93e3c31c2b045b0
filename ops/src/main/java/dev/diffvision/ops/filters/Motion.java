package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Names;
import dev.diffvision.ops.core.Rank;

import java.util.Locale;

/**
 * Motion blur: Kornia's {@code kornia/filters/motion.py} ({@code motion_blur}) and its kernel,
 * {@code get_motion_kernel2d} of {@code kornia/filters/kernels_geometry.py}.
 *
 * <p>Conventions (Kornia's): the kernel starts as a horizontal line through the middle row of a
 * {@code k x k} window, weighted linearly by {@code direction} (clamped to [-1, 1]; {@code 0} uniform, {@code 1}
 * heavy at the left end and 0 at the right, {@code -1} mirrored), is rotated counter-clockwise as displayed by
 * {@code angle} degrees about the window's centre ({@code rotate} with {@code align_corners=True}, zeros outside,
 * {@code nearest} or {@code bilinear} resampling) and normalised to sum 1. {@code motion_blur} correlates every
 * channel with it ({@link Filter#filter2d}; Kornia's default border is {@code constant}). With {@code nearest},
 * ties in the rotated coordinates (e.g. at 30 or 60 degrees) are broken by rounding half to even on float64
 * coordinates here, where Kornia computes them in the input's dtype, so a tap may move by one pixel at those
 * angles (Kornia's issue 5181). Images are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)}; the output
 * has the input's shape, dtype and device, belongs to the input's manager, and gradients flow to the input (not to
 * the angle or direction, host numbers). Inputs are not modified.
 *
 * <pre>{@code
 * double[][][] k = Motion.getMotionKernel2d(5, new double[] {0}, new double[] {0}, Motion.Mode.NEAREST);
 * // middle row 0.2 everywhere
 * NDArray streaked = Motion.motionBlur(img, 9, new double[] {30}, new double[] {0.5}, BorderType.CONSTANT,
 *         Motion.Mode.NEAREST);
 * }</pre>
 */
public final class Motion {

    /** How the rotated line is resampled: Kornia's {@code mode}. */
    public enum Mode {
        /** Nearest tap (round half to even), Kornia's default. */
        NEAREST,
        /** Bilinear, spreading weight off the line. */
        BILINEAR;

        /**
         * @param name {@code nearest} or {@code bilinear}, case-insensitive
         * @param op the operator, for the message
         * @return the mode
         * @throws IllegalArgumentException for another name
         */
        public static Mode parse(String name, String op) {
            return Names.parse(values(), name, op, "mode");
        }

        /** @return Kornia's lower-case name */
        public String kornia() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Motion() {}

    /**
     * Kornia's {@code get_motion_kernel2d}: one {@code (k, k)} kernel per angle (see the class comment).
     *
     * <p>Examples (Kornia's doctests): {@code (5, 0, 0)} has 0.2 along the middle row; {@code (3, 215, -0.5)}
     * is {@code [[0, 0, 1/6], [0, 1/3, 0], [1/2, 0, 0]]}.
     *
     * @param kernelSize the window size, odd and >= 3
     * @param angle degrees, counter-clockwise; one per kernel
     * @param direction in [-1, 1] (clamped); one per kernel, or one for all
     * @param mode how the rotated line is resampled
     * @return {@code (B, k, k)}, {@code B = angle.length}, each summing to 1
     * @throws IllegalArgumentException for a bad size, no angle, a direction count other than 1 or B, or a NaN or
     *     infinite angle or direction (the kernel would be NaN)
     */
    public static double[][][] getMotionKernel2d(int kernelSize, double[] angle, double[] direction, Mode mode) {
        String op = "get_motion_kernel2d";
        FilterKernels.checkSize(op, kernelSize, 2, false);
        if (angle.length == 0) {
            throw new IllegalArgumentException(op + ": expected at least one angle, got none");
        }
        if (direction.length != 1 && direction.length != angle.length) {
            throw new IllegalArgumentException(op + ": expected one direction or one per angle (" + angle.length
                    + "), got " + direction.length);
        }
        Checks.finite(op, "angle", angle);
        Checks.finite(op, "direction", direction);
        double[][][] out = new double[angle.length][][];
        for (int b = 0; b < angle.length; b++) {
            double d = (Math.max(-1, Math.min(1, direction[direction.length == 1 ? 0 : b])) + 1) / 2;
            double step = (1 - 2 * d) / (kernelSize - 1);
            double[] line = new double[kernelSize];
            for (int i = 0; i < kernelSize; i++) {
                line[i] = d + step * i;
            }
            out[b] = normalise(rotate(line, angle[b], mode));
        }
        return out;
    }

    /**
     * Kornia's {@code motion_blur}: {@link Filter#filter2d} with {@link #getMotionKernel2d}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; angle and direction: one value for the batch or one
     * per image; output: same shape as the input.
     *
     * @param input the image
     * @param kernelSize the window size, odd and >= 3
     * @param angle degrees, counter-clockwise: one, or one per image
     * @param direction in [-1, 1]: one, or one per angle
     * @param border how the image is extended (Kornia's default {@link BorderType#CONSTANT})
     * @param mode how the rotated line is resampled (Kornia's default {@link Mode#NEAREST})
     * @return the blurred image
     * @throws IllegalArgumentException for a wrong rank or dtype, a bad size, a kernel batch other than 1 or B, or a
     *     NaN or infinite angle or direction
     */
    public static NDArray motionBlur(NDArray input, int kernelSize, double[] angle, double[] direction,
                                     BorderType border, Mode mode) {
        String op = "motion_blur";
        Checks.image(input, op, "input");
        double[][][] kernels;
        try {
            kernels = getMotionKernel2d(kernelSize, angle, direction, mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^get_motion_kernel2d:", op + ":"), e);
        }
        return Rank.batched(input, x -> Filter.filterHost(op, x, kernels, border));
    }

    /** The line on the middle row of a {@code k x k} window, rotated as Kornia's {@code rotate} does. */
    private static double[][] rotate(double[] line, double degrees, Mode mode) {
        int k = line.length;
        double c = (k - 1) / 2.0;
        double rad = Math.toRadians(degrees);
        double cos = Math.cos(rad);
        double sin = Math.sin(rad);
        double[][] out = new double[k][k];
        for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
                // the source of destination (x, y): the inverse of the counter-clockwise rotation about the centre
                double sx = cos * (x - c) - sin * (y - c) + c;
                double sy = sin * (x - c) + cos * (y - c) + c;
                out[y][x] = mode == Mode.NEAREST ? tap(line, Math.rint(sx), Math.rint(sy)) : bilinear(line, sx, sy);
            }
        }
        return out;
    }

    private static double bilinear(double[] line, double sx, double sy) {
        double x0 = Math.floor(sx);
        double y0 = Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        return (1 - fy) * ((1 - fx) * tap(line, x0, y0) + fx * tap(line, x0 + 1, y0))
                + fy * ((1 - fx) * tap(line, x0, y0 + 1) + fx * tap(line, x0 + 1, y0 + 1));
    }

    /** The unrotated kernel at integer {@code (x, y)}: the line on the middle row, zero elsewhere and outside. */
    private static double tap(double[] line, double x, double y) {
        int k = line.length;
        return y == k / 2 && x >= 0 && x < k ? line[(int) x] : 0;
    }

    private static double[][] normalise(double[][] kernel) {
        double sum = 0;
        for (double[] row : kernel) {
            for (double v : row) {
                sum += v;
            }
        }
        for (double[] row : kernel) {
            for (int i = 0; i < row.length; i++) {
                row[i] /= sum;
            }
        }
        return kernel;
    }
}
