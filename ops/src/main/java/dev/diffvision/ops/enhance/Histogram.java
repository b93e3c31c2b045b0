package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Names;
import dev.diffvision.ops.core.Scoped;

/**
 * Differentiable histograms by kernel density estimation: Kornia's {@code kornia/enhance/histogram.py}.
 *
 * <p>Every result is differentiable with respect to the values (the kernels are smooth or piecewise linear),
 * keeps the input's dtype and device and belongs to the first input's manager; inputs are not modified.
 */
public final class Histogram {

    /** Kornia's default {@code epsilon}, added to every normaliser. */
    public static final double DEFAULT_EPS = 1e-10;

    private Histogram() {}

    /** The kernels of {@link #imageHistogram2d}: Kornia's {@code kernel} argument. */
    public enum Kernel {
        /** {@code (1 - u) [u <= 1]}, Kornia's default. */
        TRIANGULAR,
        /** {@code exp(-u^2 / 2)}. */
        GAUSSIAN,
        /** {@code [u <= 1]} (gradient zero almost everywhere). */
        UNIFORM,
        /** {@code (1 - u^2) [u <= 1]}. */
        EPANECHNIKOV;

        /**
         * @param name Kornia's name, e.g. {@code triangular}
         * @param op the op, for the message
         * @return the kernel
         * @throws IllegalArgumentException for another name
         */
        public static Kernel parse(String name, String op) {
            return Names.parse(values(), name, op, "kernel");
        }
    }

    /**
     * Kornia's {@code histogram}: the normalised Gaussian-kernel density of each row at the bin centres,
     * {@code pdf[b, k] = mean_d exp(-((x[b, d] - bins[k]) / bandwidth)^2 / 2)}, divided by its sum over
     * {@code k} plus {@code eps}.
     *
     * <p>input: {@code x (B, D)}, {@code bins (N)}; output: {@code (B, N)}, rows summing to about 1.
     *
     * <pre>{@code
     * NDArray pdf = Histogram.histogram(x, manager.linspace(0f, 1f, 32), 0.05, Histogram.DEFAULT_EPS);
     * }</pre>
     *
     * @param x the values
     * @param bins the bin centres
     * @param bandwidth the Gaussian's standard deviation, > 0
     * @param eps added to the normaliser
     * @return the estimated histogram
     * @throws IllegalArgumentException for wrong ranks or dtypes, or a bandwidth <= 0
     */
    public static NDArray histogram(NDArray x, NDArray bins, double bandwidth, double eps) {
        String op = "histogram";
        checkValues(x, bins, bandwidth, op, "x");
        return Scoped.run(() -> normaliseRows(kernelValues(x, bins, bandwidth).mean(new int[] {1}), eps), x, bins);
    }

    /**
     * Kornia's {@code histogram2d}: the joint Gaussian-kernel density of paired values,
     * {@code pdf[b] = K1[b]^T K2[b] / (sum + eps)} with {@code K[b, d, k]} the kernel of {@link #histogram}.
     *
     * <p>input: {@code x1 (B, D)}, {@code x2 (B, D)}, {@code bins (N)}; output: {@code (B, N, N)}.
     *
     * @param x1 the first values
     * @param x2 the second values, same shape
     * @param bins the bin centres
     * @param bandwidth the Gaussian's standard deviation, > 0
     * @param eps added to the normaliser
     * @return the joint histogram
     * @throws IllegalArgumentException for wrong shapes or dtypes, or a bandwidth <= 0
     */
    public static NDArray histogram2d(NDArray x1, NDArray x2, NDArray bins, double bandwidth, double eps) {
        String op = "histogram2d";
        checkValues(x1, bins, bandwidth, op, "x1");
        checkValues(x2, bins, bandwidth, op, "x2");
        if (!x1.getShape().equals(x2.getShape())) {
            throw new IllegalArgumentException(op + ": expected x2 of x1's shape " + Checks.describe(x1.getShape())
                    + ", got " + Checks.describe(x2.getShape()));
        }
        return Scoped.run(() -> {
            NDArray joint = kernelValues(x1, bins, bandwidth).transpose(0, 2, 1)
                    .batchMatMul(kernelValues(x2, bins, bandwidth).toType(x1.getDataType(), false));
            return joint.div(joint.sum(new int[] {1, 2}, true).add(eps));
        }, x1, x2, bins);
    }

    /**
     * Kornia's {@code image_histogram2d}: the histogram of each channel of each image by kernel density, with
     * {@code n_bins} equal-width bins over {@code [min, max]} (centres {@code min + bandwidth * (k + 0.5)}) and
     * {@code u = |x - centre| / bandwidth}; {@code hist[b, c, k] = sum over pixels of kernel(u)}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; output: {@code (B, C, n_bins)} or {@code (C, n_bins)}.
     * With the triangular kernel and the default bandwidth each value inside the centres' span contributes
     * exactly 1 in total (linear interpolation between the two nearest bins). Convention difference: Kornia
     * also takes an {@code (H, W)} image; here pass it as {@code (1, H, W)}.
     *
     * <pre>{@code
     * NDArray hist = Histogram.imageHistogram2d(img, 0, 1, 64, -1, Histogram.Kernel.TRIANGULAR);
     * }</pre>
     *
     * @param image the images
     * @param min the range's lower end
     * @param max the range's upper end, > min
     * @param nBins the number of bins, >= 1
     * @param bandwidth the kernel's width; <= 0 means {@code (max - min) / n_bins}, Kornia's default
     * @param kernel the kernel
     * @return the histograms
     * @throws IllegalArgumentException for a wrong rank/dtype, an empty range or no bins
     */
    public static NDArray imageHistogram2d(NDArray image, double min, double max, int nBins, double bandwidth,
                                           Kernel kernel) {
        String op = "image_histogram2d";
        Checks.image(image, op, "image");
        if (!(max > min)) {
            throw new IllegalArgumentException(op + ": expected max > min, got min " + min + ", max " + max);
        }
        Checks.atLeast(nBins, 1, op, "n_bins");
        double width = bandwidth > 0 ? bandwidth : (max - min) / nBins;
        return Scoped.run(() -> {
            Shape s = image.getShape();
            int n = s.dimension();
            NDArray values = image.reshape(s.slice(0, n - 2).add(s.get(n - 2) * s.get(n - 1), 1));
            NDArray centres = image.getManager().arange(0, nBins, 1, image.getDataType()).add(0.5).mul(width)
                    .add(min);
            NDArray u = Constants.divide(values.sub(centres).abs(), width);
            NDArray weights = switch (kernel) {
                case GAUSSIAN -> Constants.scale(u.square(), -0.5).exp();
                case TRIANGULAR -> Constants.atLeast(u.neg().add(1), 0);
                case UNIFORM -> u.lte(1).toType(image.getDataType(), false);
                case EPANECHNIKOV -> Constants.atLeast(u.square().neg().add(1), 0);
            };
            return weights.sum(new int[] {n - 2});
        }, image);
    }

    /** {@code exp(-((x - bins) / bandwidth)^2 / 2)}, {@code (B, D, N)}. */
    private static NDArray kernelValues(NDArray x, NDArray bins, double bandwidth) {
        NDArray residuals = x.expandDims(2).sub(bins.toType(x.getDataType(), false).reshape(1, 1, -1));
        return Constants.scale(Constants.divide(residuals, bandwidth).square(), -0.5).exp();
    }

    private static NDArray normaliseRows(NDArray pdf, double eps) {
        return pdf.div(pdf.sum(new int[] {1}, true).add(eps));
    }

    private static void checkValues(NDArray x, NDArray bins, double bandwidth, String op, String argument) {
        Checks.shape(x, op, argument, "B", "D");
        Checks.floating(x, op, argument);
        Checks.shape(bins, op, "bins", "N");
        Checks.floating(bins, op, "bins");
        if (!(bandwidth > 0)) {
            throw new IllegalArgumentException(op + ": expected bandwidth > 0, got " + bandwidth);
        }
    }
}
