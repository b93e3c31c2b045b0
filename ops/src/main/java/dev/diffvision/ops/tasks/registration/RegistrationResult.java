package dev.diffvision.ops.tasks.registration;

/**
 * The outcome of registering one pair.
 *
 * @param matrix the estimated transform, source pixel -> target pixel (0-based pixel centres, {@code (x, y, 1)}
 *     column vectors), row-major 3x3 with {@code matrix[8] = 1}: {@code target(H p) ~ source(p)}, OpenCV's
 *     {@code warpPerspective(source, H)} convention
 * @param loss the objective at the last accepted (Levenberg-Marquardt) or last evaluated (Adam, SGD) point at
 *     full resolution (mean per valid pixel; forward plus inverse when symmetric); NaN when the start already
 *     left no target pixel sampling the source (no overlap, so no loss)
 * @param iterations objective evaluations over all pyramid levels
 * @param converged whether the last level stopped on the tolerance; false when it hit the iteration limit or
 *     stopped on a step that would have left the images without overlap (that step is taken back)
 */
public record RegistrationResult(double[] matrix, double loss, int iterations, boolean converged) {

    /**
     * @param x source pixel x
     * @param y source pixel y
     * @return where the transform takes {@code (x, y)} in the target, {@code (x', y')}
     */
    public double[] apply(double x, double y) {
        return Matrix3.apply(matrix, x, y);
    }
}
