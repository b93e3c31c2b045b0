package dev.diffvision.ops.tasks.registration;

/**
 * Row-major 3x3 matrices as {@code double[9]} and the small dense solves the registration's host-side update
 * needs. Package-private: the matrices of a few pairs, never images.
 */
final class Matrix3 {

    private Matrix3() {}

    /** @return the 3x3 identity */
    static double[] identity() {
        return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    /**
     * @param a left factor
     * @param b right factor
     * @return {@code a b}
     */
    static double[] mul(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
            }
        }
        return c;
    }

    /**
     * @param a the matrix
     * @return its determinant
     */
    static double det(double[] a) {
        return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6])
                + a[2] * (a[3] * a[7] - a[4] * a[6]);
    }

    /**
     * @param a an invertible matrix
     * @return {@code a^-1} by the adjugate
     * @throws IllegalArgumentException if {@code a} is singular or not finite
     */
    static double[] inverse(double[] a) {
        double d = det(a);
        if (!(Math.abs(d) > 1e-300) || !Double.isFinite(d)) {
            throw new IllegalArgumentException("expected an invertible 3x3 matrix, got determinant " + d);
        }
        return new double[] {
            (a[4] * a[8] - a[5] * a[7]) / d, (a[2] * a[7] - a[1] * a[8]) / d, (a[1] * a[5] - a[2] * a[4]) / d,
            (a[5] * a[6] - a[3] * a[8]) / d, (a[0] * a[8] - a[2] * a[6]) / d, (a[2] * a[3] - a[0] * a[5]) / d,
            (a[3] * a[7] - a[4] * a[6]) / d, (a[1] * a[6] - a[0] * a[7]) / d, (a[0] * a[4] - a[1] * a[3]) / d};
    }

    /**
     * @param a a matrix with {@code a[8] != 0}
     * @return {@code a / a[8]}
     */
    static double[] normalized(double[] a) {
        double[] c = new double[9];
        for (int i = 0; i < 9; i++) {
            c[i] = a[i] / a[8];
        }
        return c;
    }

    /**
     * Applies a projective map to a point.
     *
     * @param a the matrix
     * @param x the point's x
     * @param y the point's y
     * @return {@code (x', y')}
     */
    static double[] apply(double[] a, double x, double y) {
        double z = a[6] * x + a[7] * y + a[8];
        return new double[] {(a[0] * x + a[1] * y + a[2]) / z, (a[3] * x + a[4] * y + a[5]) / z};
    }

    /**
     * Solves {@code m x = b} by Gaussian elimination with partial pivoting.
     *
     * @param m an n x n matrix, row-major {@code m[i][j]}; not modified
     * @param b the right-hand side; not modified
     * @return x, or {@code null} if {@code m} is numerically singular
     */
    static double[] solve(double[][] m, double[] b) {
        int n = b.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = new double[n + 1];
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(a[pivot][col]) > 1e-300)) {
                return null;
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c <= n; c++) {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }
}
