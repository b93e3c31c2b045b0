package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import dev.diffvision.ops.color.Gray;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Kernels;
import dev.diffvision.ops.core.Scoped;

/**
 * Canny edge detection: Kornia's {@code kornia/filters/canny.py} ({@code canny}).
 *
 * <p>Algorithm (Kornia's, step by step): RGB input is converted to gray (BT.601), blurred with
 * {@link Gaussian#gaussianBlur2d} (reflect border), differentiated with unnormalised Sobel kernels
 * ({@link Sobel#spatialGradient}, replicate border); the magnitude is {@code sqrt(gx^2 + gy^2 + eps)} and the
 * direction {@code atan2(gy, gx)} rounded to the nearest 45 degrees; non-maximum suppression keeps a pixel whose
 * magnitude is strictly greater than both neighbours along that direction (neighbours past the border count as
 * 0); pixels above {@code high} are strong (1), above {@code low} weak (0.5); with {@code hysteresis} weak pixels
 * 8-connected to strong ones become strong, repeatedly, and the rest are dropped. This differs from OpenCV's and
 * scikit-image's Canny in the gradient scale (unnormalised Sobel of a blurred image), the thresholds (on that
 * magnitude, strict) and the direction quantisation.
 *
 * <p>Inputs are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)} with {@code C} = 1 or 3; both outputs
 * are {@code (B, 1, H, W)} (the input's rank), dtype and device, owned by the input's manager. Gradients flow to
 * the input through the magnitude only (the edges are thresholds). Inputs are not modified.
 */
public final class Canny {

    /** Kornia's defaults. */
    public static final double DEFAULT_LOW = 0.1;
    /** Kornia's default high threshold. */
    public static final double DEFAULT_HIGH = 0.2;
    /** Kornia's default eps. */
    public static final double DEFAULT_EPS = 1e-6;

    /** Kornia's {@code get_canny_nms_kernel}: centre minus one of the 8 neighbours, counter-clockwise from +x. */
    private static final int[][] NEIGHBOURS = {{0, 1}, {1, 1}, {1, 0}, {1, -1}, {0, -1}, {-1, -1}, {-1, 0}, {-1, 1}};

    private Canny() {}

    /**
     * Kornia's {@code canny}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}, C = 1 or 3; output: {@code [magnitude, edges]}, each
     * {@code (B, 1, H, W)}; magnitude is the suppressed gradient magnitude (0 where not a maximum), edges are
     * 0/1 (or 0/0.5/1 without hysteresis).
     *
     * <pre>{@code
     * NDArray edges = Canny.canny(img, 0.1, 0.2, new int[] {5, 5}, new double[] {1, 1}, true, 1e-6).get(1);
     * }</pre>
     *
     * @param input the image
     * @param low lower threshold, in (0, 1), <= high
     * @param high upper threshold, in (0, 1)
     * @param kernelSize the Gaussian's {@code (kh, kw)}, odd
     * @param sigma the Gaussian's {@code (sigma_y, sigma_x)}, > 0
     * @param hysteresis track weak edges connected to strong ones
     * @param eps added inside the square root, >= 0
     * @return magnitude and edges
     * @throws IllegalArgumentException for a wrong rank, dtype or channel count, or bad thresholds
     */
    public static NDList canny(NDArray input, double low, double high, int[] kernelSize, double[] sigma,
                               boolean hysteresis, double eps) {
        String op = "canny";
        Checks.image(input, op, "input");
        long channels = input.getShape().get(input.getShape().dimension() - 3);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(op + ": expected input with 1 or 3 channels (dimension -3), got shape "
                    + Checks.describe(input.getShape()));
        }
        if (!(low > 0 && low < 1) || !(high > 0 && high < 1) || low > high) {
            throw new IllegalArgumentException(op + ": expected 0 < low_threshold <= high_threshold < 1, got "
                    + low + " and " + high);
        }
        Checks.atLeast(eps, 0, op, "eps");
        if (sigma.length != 2) {
            throw new IllegalArgumentException(op + ": expected sigma (sigma_y, sigma_x), got " + sigma.length
                    + " values");
        }
        boolean unbatched = input.getShape().dimension() == 3;
        return Scoped.runList(() -> {
            NDArray x = unbatched ? input.expandDims(0) : input;
            NDArray gray = channels == 3 ? Gray.rgbToGrayscale(x) : x;
            NDArray blurred = Gaussian.gaussianBlur2d(gray, kernelSize, new double[][] {sigma}, BorderType.REFLECT,
                    true);
            NDArray gradients = Sobel.spatialGradient(blurred, GradientMode.SOBEL, 1, false);
            NDArray gx = gradients.get(":, :, 0");
            NDArray gy = gradients.get(":, :, 1");
            NDArray magnitude = gx.square().add(gy.square()).add(eps).sqrt();
            NDArray suppressed = magnitude.mul(isMaximum(magnitude, gy.atan2(gx)));
            NDArray edges = suppressed.gt(low).toType(x.getDataType(), false).mul(0.5)
                    .add(suppressed.gt(high).toType(x.getDataType(), false).mul(0.5));
            if (hysteresis) {
                edges = hysteresis(edges);
            }
            return unbatched ? new NDList(suppressed.squeeze(0), edges.squeeze(0)) : new NDList(suppressed, edges);
        }, input);
    }

    /**
     * {@link #canny(NDArray, double, double, int[], double[], boolean, double)} with Kornia's defaults
     * (thresholds 0.1 and 0.2, 5x5 Gaussian with sigma 1, hysteresis, eps 1e-6).
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}, C = 1 or 3
     * @return magnitude and edges, each {@code (B, 1, H, W)}
     */
    public static NDList canny(NDArray input) {
        return canny(input, DEFAULT_LOW, DEFAULT_HIGH, new int[] {5, 5}, new double[] {1, 1}, true, DEFAULT_EPS);
    }

    /** 1 where the magnitude exceeds both neighbours along the rounded gradient direction, else 0. */
    private static NDArray isMaximum(NDArray magnitude, NDArray angle) {
        double[][][] kernels = new double[NEIGHBOURS.length][3][3];
        for (int d = 0; d < NEIGHBOURS.length; d++) {
            kernels[d][1][1] = 1;
            kernels[d][1 + NEIGHBOURS[d][0]][1 + NEIGHBOURS[d][1]] = -1;
        }
        NDArray weight = Kernels.convWeight(kernels, magnitude.getManager(), magnitude.getDataType());
        NDArray differences = Conv2d.conv2d(magnitude, weight, null, new Shape(1, 1), new Shape(1, 1))
                .singletonOrThrow();
        // Kornia: round(rad2deg(angle) / 45) * 45, then (angle / 45) % 8 and (angle / 45 + 4) % 8
        NDArray octant = angle.mul(180.0 / Math.PI).div(45).round();
        NDArray positive = octant.add(8).mod(8).toType(DataType.INT64, false);
        NDArray negative = octant.add(12).mod(8).toType(DataType.INT64, false);
        NDArray minimum = differences.gather(positive, 1).minimum(differences.gather(negative, 1));
        return minimum.gt(0).toType(magnitude.getDataType(), false);
    }

    /** Promotes weak (0.5) pixels 8-connected to strong (1) ones until nothing changes; drops the rest. */
    private static NDArray hysteresis(NDArray edges) {
        NDArray weak = edges.eq(0.5).toType(edges.getDataType(), false);
        NDArray strong = edges.eq(1).toType(edges.getDataType(), false);
        long count = -1;
        while (true) {
            NDArray grown = Pool.maxPool2d(strong, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false)
                    .mul(weak).maximum(strong);
            long grownCount = grown.sum().toType(DataType.INT64, false).getLong();
            if (grownCount == count) {
                return grown;
            }
            count = grownCount;
            strong = grown;
        }
    }
}
