package dev.diffvision.ops.filters;

/**
 * The kernel factories of Kornia's {@code kornia/filters/kernels.py}, computed on the host in float64.
 *
 * <p>Every factory returns plain arrays in the layout Kornia returns as a tensor: a batch of 1-D kernels is
 * {@code double[B][k]} ({@code (B, k)}), a batch of 2-D kernels {@code double[B][ky][kx]} ({@code (B, ky, kx)}),
 * and an unbatched kernel drops the first index. Sizes follow Kornia's {@code (ky, kx)} order (rows first). To
 * filter with them, see {@link Filter#filter2d} and {@link dev.diffvision.ops.core.Kernels#convWeight}; the
 * registry exposes each factory as an op whose input tensor is the window size (see {@link KernelFactoryOps}).
 *
 * <p>Batched sigmas (Kornia's {@code (B, 1)} sigma tensors) are {@code double[]} of length {@code B}: one kernel
 * per value. No gradient flows to sigma (these are host numbers).
 *
 * <pre>{@code
 * double[][] g = FilterKernels.getGaussianKernel1d(5, new double[] {1.5}, false);  // [[0.1201, 0.2339, ...]]
 * }</pre>
 */
public final class FilterKernels {

    /** Kornia's {@code 0.70710678} (1/sqrt(2) truncated) in {@code gaussian_discrete_erf}. */
    private static final double ERF_SCALE = 0.70710678;

    private FilterKernels() {}

    /**
     * Kornia's {@code gaussian(window_size, sigma, mean)}: {@code exp(-(x - mean)^2 / (2 sigma^2))} sampled at
     * {@code x = 0 .. window_size - 1} (shifted by +0.5 for an even window), normalised to sum 1.
     *
     * @param windowSize the number of taps, >= 1
     * @param sigma one standard deviation per kernel, each > 0
     * @param mean the centre of each kernel as an absolute index (length 1 or {@code sigma.length}), or null for
     *     {@code window_size / 2} (integer division)
     * @return {@code (B, window_size)}, {@code B = sigma.length}
     * @throws IllegalArgumentException for a non-positive size or sigma, or a mean of another length
     */
    public static double[][] gaussian(int windowSize, double[] sigma, double[] mean) {
        return gaussian("gaussian", windowSize, sigma, mean);
    }

    /**
     * Kornia's {@code get_gaussian_kernel1d}: {@link #gaussian} centred on the window.
     *
     * @param kernelSize the number of taps; odd unless {@code forceEven}
     * @param sigma one standard deviation per kernel, each > 0
     * @param forceEven accept an even size
     * @return {@code (B, kernel_size)}
     * @throws IllegalArgumentException for a bad size or sigma
     */
    public static double[][] getGaussianKernel1d(int kernelSize, double[] sigma, boolean forceEven) {
        checkSize("get_gaussian_kernel1d", kernelSize, 0, forceEven);
        return gaussian("get_gaussian_kernel1d", kernelSize, sigma, null);
    }

    /**
     * Kornia's {@code get_gaussian_erf_kernel1d}: the Gaussian integrated over each pixel,
     * {@code (erf(t (x + 0.5)) - erf(t (x - 0.5))) / 2} with {@code t = 0.70710678 / |sigma|}, normalised.
     *
     * @param kernelSize the number of taps; odd unless {@code forceEven}
     * @param sigma one standard deviation per kernel, non-zero
     * @param forceEven accept an even size
     * @return {@code (B, kernel_size)}
     * @throws IllegalArgumentException for a bad size or sigma
     */
    public static double[][] getGaussianErfKernel1d(int kernelSize, double[] sigma, boolean forceEven) {
        String op = "get_gaussian_erf_kernel1d";
        checkSize(op, kernelSize, 0, forceEven);
        checkSigma(op, sigma);
        double[][] out = new double[sigma.length][kernelSize];
        for (int b = 0; b < sigma.length; b++) {
            double t = ERF_SCALE / Math.abs(sigma[b]);
            for (int i = 0; i < kernelSize; i++) {
                double x = i - kernelSize / 2;
                out[b][i] = Math.max(0, 0.5 * (erf(t * (x + 0.5)) - erf(t * (x - 0.5))));
            }
        }
        return normalizeRows(out);
    }

    /**
     * Kornia's {@code get_gaussian_discrete_kernel1d}: the discrete Gaussian kernel {@code I_|n|(sigma^2)}
     * (modified Bessel functions of the first kind, MONAI's polynomial approximations), normalised.
     *
     * <p>Like Kornia, the kernel has {@code 2 (kernel_size / 2) + 1} taps (one more than an even size).
     *
     * @param kernelSize the window size; odd unless {@code forceEven}
     * @param sigma one standard deviation per kernel, each > 0
     * @param forceEven accept an even size
     * @return {@code (B, 2 (kernel_size / 2) + 1)}
     * @throws IllegalArgumentException for a bad size or sigma
     */
    public static double[][] getGaussianDiscreteKernel1d(int kernelSize, double[] sigma, boolean forceEven) {
        String op = "get_gaussian_discrete_kernel1d";
        checkSize(op, kernelSize, 0, forceEven);
        checkSigma(op, sigma);
        int tail = kernelSize / 2 + 1;
        double[][] out = new double[sigma.length][2 * tail - 1];
        for (int b = 0; b < sigma.length; b++) {
            double s2 = sigma[b] * sigma[b];
            for (int n = 0; n < tail; n++) {
                double v = n == 0 ? Bessel.i0(s2) : n == 1 ? Bessel.i1(s2) : Bessel.in(n, s2);
                out[b][tail - 1 - n] = v;
                out[b][tail - 1 + n] = v;
            }
        }
        return normalizeRows(out);
    }

    /**
     * Kornia's {@code get_gaussian_kernel2d}: the outer product of two {@link #getGaussianKernel1d} kernels.
     *
     * @param kernelSize {@code (ky, kx)}; odd unless {@code forceEven}
     * @param sigma {@code B} rows of {@code (sigma_y, sigma_x)}
     * @param forceEven accept even sizes
     * @return {@code (B, ky, kx)}
     * @throws IllegalArgumentException for bad sizes or sigmas
     */
    public static double[][][] getGaussianKernel2d(int[] kernelSize, double[][] sigma, boolean forceEven) {
        String op = "get_gaussian_kernel2d";
        int[] k = unpack2d(op, kernelSize);
        for (double[] row : sigma) {
            if (row.length != 2) {
                throw new IllegalArgumentException(op + ": expected sigma rows of (sigma_y, sigma_x), got "
                        + row.length + " values");
            }
        }
        double[][][] out = new double[sigma.length][][];
        for (int b = 0; b < sigma.length; b++) {
            checkSize(op, k[0], 0, forceEven);
            checkSize(op, k[1], 0, forceEven);
            double[] ky = gaussian(op, k[0], new double[] {sigma[b][0]}, null)[0];
            double[] kx = gaussian(op, k[1], new double[] {sigma[b][1]}, null)[0];
            out[b] = outer(ky, kx);
        }
        return out;
    }

    /**
     * Kornia's {@code get_box_kernel1d}: {@code 1 / kernel_size} everywhere.
     *
     * @param kernelSize the number of taps, >= 1
     * @return {@code (1, kernel_size)}
     * @throws IllegalArgumentException for a size < 1
     */
    public static double[][] getBoxKernel1d(int kernelSize) {
        checkSize("get_box_kernel1d", kernelSize, 0, true);
        double[] row = new double[kernelSize];
        java.util.Arrays.fill(row, 1.0 / kernelSize);
        return new double[][] {row};
    }

    /**
     * Kornia's {@code get_box_kernel2d}: {@code 1 / (ky kx)} everywhere.
     *
     * @param kernelSize {@code (ky, kx)} or one size for both, each >= 1
     * @return {@code (1, ky, kx)}
     * @throws IllegalArgumentException for sizes < 1
     */
    public static double[][][] getBoxKernel2d(int[] kernelSize) {
        String op = "get_box_kernel2d";
        int[] k = unpack2d(op, kernelSize);
        checkSize(op, k[0], 0, true);
        checkSize(op, k[1], 0, true);
        double[][] kernel = new double[k[0]][k[1]];
        for (double[] row : kernel) {
            java.util.Arrays.fill(row, 1.0 / (k[0] * k[1]));
        }
        return new double[][][] {kernel};
    }

    /**
     * Kornia's {@code get_laplacian_kernel1d}: ones with {@code 1 - kernel_size} in the middle.
     *
     * @param kernelSize odd, >= 1
     * @return {@code (kernel_size)}, e.g. {@code [1, -2, 1]}
     * @throws IllegalArgumentException for an even or non-positive size
     */
    public static double[] getLaplacianKernel1d(int kernelSize) {
        checkSize("get_laplacian_kernel1d", kernelSize, 0, false);
        double[] k = new double[kernelSize];
        java.util.Arrays.fill(k, 1);
        k[kernelSize / 2] = 1 - kernelSize;
        return k;
    }

    /**
     * Kornia's {@code get_laplacian_kernel2d}: ones with {@code 1 - ky kx} in the middle (the 8-neighbour
     * stencil for 3x3; it sums to 0).
     *
     * @param kernelSize {@code (ky, kx)} or one size for both, odd
     * @return {@code (ky, kx)}
     * @throws IllegalArgumentException for even or non-positive sizes
     */
    public static double[][] getLaplacianKernel2d(int[] kernelSize) {
        String op = "get_laplacian_kernel2d";
        int[] k = unpack2d(op, kernelSize);
        checkSize(op, k[0], 0, false);
        checkSize(op, k[1], 0, false);
        double[][] kernel = new double[k[0]][k[1]];
        for (double[] row : kernel) {
            java.util.Arrays.fill(row, 1);
        }
        kernel[k[0] / 2][k[1] / 2] = 1 - k[0] * k[1];
        return kernel;
    }

    /**
     * Kornia's {@code get_hanning_kernel1d}: {@code 0.5 - 0.5 cos(2 pi n / (M - 1))}, {@code n = 0 .. M - 1}
     * (numpy's {@code hanning}).
     *
     * @param kernelSize {@code M} > 2
     * @return {@code (kernel_size)}
     * @throws IllegalArgumentException for a size <= 2
     */
    public static double[] getHanningKernel1d(int kernelSize) {
        return hanning("get_hanning_kernel1d", kernelSize);
    }

    /**
     * Kornia's {@code get_hanning_kernel2d}: the outer product of two {@link #getHanningKernel1d} windows.
     *
     * @param kernelSize {@code (ky, kx)} or one size for both, each > 2
     * @return {@code (ky, kx)}
     * @throws IllegalArgumentException for sizes <= 2
     */
    public static double[][] getHanningKernel2d(int[] kernelSize) {
        String op = "get_hanning_kernel2d";
        int[] k = unpack2d(op, kernelSize);
        return outer(hanning(op, k[0]), hanning(op, k[1]));
    }

    /**
     * Kornia's {@code get_pascal_kernel_1d}: row {@code k - 1} of Pascal's triangle (binomial coefficients),
     * optionally divided by its sum {@code 2^(k - 1)}.
     *
     * @param kernelSize the number of taps, >= 1
     * @param norm divide by the sum
     * @return {@code (kernel_size)}, e.g. {@code [1, 2, 1]} or {@code [0.25, 0.5, 0.25]}
     * @throws IllegalArgumentException for a size < 1
     */
    public static double[] getPascalKernel1d(int kernelSize, boolean norm) {
        checkSize("get_pascal_kernel_1d", kernelSize, 0, true);
        double[] row = new double[kernelSize];
        row[0] = 1;
        for (int n = 1; n < kernelSize; n++) {
            for (int i = n; i > 0; i--) {
                row[i] += row[i - 1];
            }
        }
        if (norm) {
            double sum = Math.pow(2, kernelSize - 1);
            for (int i = 0; i < kernelSize; i++) {
                row[i] /= sum;
            }
        }
        return row;
    }

    /**
     * Kornia's {@code get_pascal_kernel_2d}: the outer product of two {@link #getPascalKernel1d} rows, optionally
     * divided by its sum (the binomial low-pass of blur pooling).
     *
     * @param kernelSize {@code (ky, kx)} or one size for both, each >= 1
     * @param norm divide by the sum
     * @return {@code (ky, kx)}
     * @throws IllegalArgumentException for sizes < 1
     */
    public static double[][] getPascalKernel2d(int[] kernelSize, boolean norm) {
        int[] k = unpack2d("get_pascal_kernel_2d", kernelSize);
        return outer(getPascalKernel1d(k[0], norm), getPascalKernel1d(k[1], norm));
    }

    /**
     * Unpacks Kornia's {@code int | tuple[int, int]} kernel size.
     *
     * @param op the operator, for messages
     * @param kernelSize one size for both axes or {@code (ky, kx)}
     * @return {@code {ky, kx}}
     * @throws IllegalArgumentException for any other length
     */
    static int[] unpack2d(String op, int[] kernelSize) {
        if (kernelSize.length == 1) {
            return new int[] {kernelSize[0], kernelSize[0]};
        }
        if (kernelSize.length != 2) {
            throw new IllegalArgumentException(op + ": expected kernel_size of one or two integers (ky, kx), got "
                    + java.util.Arrays.toString(kernelSize));
        }
        return kernelSize.clone();
    }

    /**
     * Kornia's {@code _check_kernel_size}: {@code size > min} and odd unless {@code allowEven}.
     *
     * @param op the operator, for messages
     * @param size the size
     * @param min the exclusive lower bound
     * @param allowEven accept even sizes
     * @throws IllegalArgumentException otherwise
     */
    static void checkSize(String op, int size, int min, boolean allowEven) {
        if (size <= min || (!allowEven && size % 2 == 0)) {
            throw new IllegalArgumentException(op + ": expected kernel_size an " + (allowEven ? "" : "odd ")
                    + "integer > " + min + ", got " + size);
        }
    }

    /**
     * The outer product {@code a b^T}.
     *
     * @param a column factor
     * @param b row factor
     * @return {@code (a.length, b.length)}
     */
    static double[][] outer(double[] a, double[] b) {
        double[][] out = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = a[i] * b[j];
            }
        }
        return out;
    }

    private static double[][] gaussian(String op, int windowSize, double[] sigma, double[] mean) {
        checkSize(op, windowSize, 0, true);
        checkSigma(op, sigma);
        if (mean != null && mean.length != 1 && mean.length != sigma.length) {
            throw new IllegalArgumentException(op + ": expected one mean or one per sigma (" + sigma.length
                    + "), got " + mean.length);
        }
        double[][] out = new double[sigma.length][windowSize];
        for (int b = 0; b < sigma.length; b++) {
            double centre = mean == null ? windowSize / 2 : mean[mean.length == 1 ? 0 : b];
            for (int i = 0; i < windowSize; i++) {
                double x = i - centre + (windowSize % 2 == 0 ? 0.5 : 0);
                out[b][i] = Math.exp(-x * x / (2 * sigma[b] * sigma[b]));
            }
        }
        return normalizeRows(out);
    }

    private static double[] hanning(String op, int size) {
        checkSize(op, size, 2, true);
        double[] k = new double[size];
        for (int n = 0; n < size; n++) {
            k[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / (size - 1));
        }
        return k;
    }

    /** Every sigma positive and finite: the kernel factories' rule, reported under the calling op's name. */
    static void checkSigma(String op, double[] sigma) {
        if (sigma.length == 0) {
            throw new IllegalArgumentException(op + ": expected at least one sigma, got none");
        }
        for (double s : sigma) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException(op + ": expected sigma > 0, got " + s);
            }
        }
    }

    private static double[][] normalizeRows(double[][] rows) {
        for (double[] row : rows) {
            double sum = 0;
            for (double v : row) {
                sum += v;
            }
            for (int i = 0; i < row.length; i++) {
                row[i] /= sum;
            }
        }
        return rows;
    }

    /**
     * The error function to ~1e-13: its Maclaurin series for {@code |x| < 3}, Laplace's continued fraction of
     * {@code erfc} beyond.
     */
    static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            double term = a;
            double sum = a;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = a;
            for (int n = 60; n >= 1; n--) {
                f = a + (n / 2.0) / f;
            }
            r = 1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * f);
        }
        return x < 0 ? -r : r;
    }

    /** MONAI's modified Bessel functions of the first kind, as ported by Kornia ({@code _modified_bessel_*}). */
    private static final class Bessel {

        private Bessel() {}

        static double i0(double x) {
            double ax = Math.abs(x);
            if (ax < 3.75) {
                double y = (x / 3.75) * (x / 3.75);
                return 1.0 + y * (3.5156229 + y * (3.0899424 + y * (1.2067492 + y * (0.2659732
                        + y * (0.360768e-1 + y * 0.45813e-2)))));
            }
            double y = 3.75 / ax;
            double ans = 0.916281e-2 + y * (-0.2057706e-1 + y * (0.2635537e-1 + y * (-0.1647633e-1
                    + y * 0.392377e-2)));
            double coef = 0.39894228 + y * (0.1328592e-1 + y * (0.225319e-2 + y * (-0.157565e-2 + y * ans)));
            return Math.exp(ax) / Math.sqrt(ax) * coef;
        }

        static double i1(double x) {
            double ax = Math.abs(x);
            if (ax < 3.75) {
                double y = (x / 3.75) * (x / 3.75);
                double ans = 0.51498869 + y * (0.15084934 + y * (0.2658733e-1 + y * (0.301532e-2
                        + y * 0.32411e-3)));
                return ax * (0.5 + y * (0.87890594 + y * ans));
            }
            double y = 3.75 / ax;
            double ans = 0.2282967e-1 + y * (-0.2895312e-1 + y * (0.1787654e-1 - y * 0.420059e-2));
            ans = 0.39894228 + y * (-0.3988024e-1 + y * (-0.362018e-2 + y * (0.163801e-2
                    + y * (-0.1031555e-1 + y * ans))));
            ans = ans * Math.exp(ax) / Math.sqrt(ax);
            return x < 0 ? -ans : ans;
        }

        static double in(int n, double x) {
            if (x == 0) {
                return 0;
            }
            double tox = 2.0 / Math.abs(x);
            double ans = 0;
            double bip = 0;
            double bi = 1;
            int m = 2 * (n + (int) Math.sqrt(40.0 * n));
            for (int j = m; j > 0; j--) {
                double bim = bip + j * tox * bi;
                bip = bi;
                bi = bim;
                if (Math.abs(bi) > 1e10) {
                    ans *= 1e-10;
                    bi *= 1e-10;
                    bip *= 1e-10;
                }
                if (j == n) {
                    ans = bip;
                }
            }
            double out = ans * i0(x) / bi;
            return n % 2 == 1 && x < 0 ? -out : out;
        }
    }
}
