package dev.diffvision.benchmarks;

/**
 * The transforms the warp benchmarks apply to {@value SamplePhoto#SIZE}-pixel images (row-major 3x3, source pixel
 * to destination pixel), shared by the JMH benchmarks and {@link DeviceTiming}.
 */
final class WarpMatrices {

    private static final double ANGLE = Math.toRadians(30);

    private WarpMatrices() {}

    /** @return {@code cv2.getRotationMatrix2D(centre, 30, 1)} as a 3x3 matrix (last row 0 0 1) */
    static double[] rotation() {
        double a = Math.cos(ANGLE);
        double b = Math.sin(ANGLE);
        double c = (SamplePhoto.SIZE - 1) / 2.0;
        return new double[] {a, b, (1 - a) * c - b * c, -b, a, b * c + (1 - a) * c, 0, 0, 1};
    }

    /** @return a tilt with a little rotation, shear and shift; every output pixel has a finite source */
    static double[] tilt() {
        return new double[] {0.9, 0.05, 12, -0.04, 0.92, 18, 2e-4, 1e-4, 1};
    }
}
