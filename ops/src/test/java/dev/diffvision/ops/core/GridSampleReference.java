package dev.diffvision.ops.core;

/**
 * A slow, obviously correct grid sampler on host arrays (BoofCV's {@code _Naive} idea), written from the
 * definition of {@code torch.nn.functional.grid_sample} (ATen's {@code GridSampler.h}), to test
 * {@link Sampling#gridSample} against: one output pixel at a time, in double.
 */
final class GridSampleReference {

    private static final double CUBIC_A = -0.75;

    private GridSampleReference() {}

    /**
     * @param input (B, C, H, W) flattened
     * @param grid (B, Ho, Wo, 2) flattened, (x, y)
     * @return (B, C, Ho, Wo) flattened
     */
    static double[] sample(double[] input, int b, int c, int h, int w, double[] grid, int ho, int wo,
                           Interpolation mode, GridPadding padding, boolean align) {
        double[] out = new double[b * c * ho * wo];
        for (int n = 0; n < b; n++) {
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    int g = ((n * ho + i) * wo + j) * 2;
                    double x = unnormalize(grid[g], w, align);
                    double y = unnormalize(grid[g + 1], h, align);
                    for (int ch = 0; ch < c; ch++) {
                        int plane = (n * c + ch) * h * w;
                        out[((n * c + ch) * ho + i) * wo + j] = switch (mode) {
                            case BILINEAR -> bilinear(input, plane, h, w, resolve(x, w, padding, align),
                                    resolve(y, h, padding, align));
                            case NEAREST -> read(input, plane, h, w, Math.rint(resolve(y, h, padding, align)),
                                    Math.rint(resolve(x, w, padding, align)));
                            case BICUBIC -> bicubic(input, plane, h, w, x, y, padding, align);
                        };
                    }
                }
            }
        }
        return out;
    }

    /** Normalised [-1, 1] to pixel coordinates. */
    static double unnormalize(double coord, int size, boolean align) {
        return align ? (coord + 1) / 2 * (size - 1) : ((coord + 1) * size - 1) / 2;
    }

    /** Applies the padding mode to a pixel coordinate (zeros: unchanged; reads outside give 0). */
    private static double resolve(double p, int size, GridPadding padding, boolean align) {
        return switch (padding) {
            case ZEROS -> p;
            case BORDER -> clip(p, size);
            case REFLECTION -> clip(align ? reflect(p, 0, 2.0 * (size - 1)) : reflect(p, -1, 2.0 * size - 1), size);
        };
    }

    private static double clip(double p, int size) {
        return Math.min(size - 1, Math.max(p, 0));
    }

    /** Mirrors p into [low, high] (given doubled), repeatedly. */
    private static double reflect(double p, double twiceLow, double twiceHigh) {
        if (twiceLow == twiceHigh) {
            return 0;
        }
        double min = twiceLow / 2;
        double span = (twiceHigh - twiceLow) / 2;
        double in = Math.abs(p - min);
        double extra = in % span;
        long flips = (long) Math.floor(in / span);
        return flips % 2 == 0 ? extra + min : span - extra + min;
    }

    private static double bilinear(double[] input, int plane, int h, int w, double x, double y) {
        double x0 = Math.floor(x);
        double y0 = Math.floor(y);
        double tx = x - x0;
        double ty = y - y0;
        return read(input, plane, h, w, y0, x0) * (1 - tx) * (1 - ty)
                + read(input, plane, h, w, y0, x0 + 1) * tx * (1 - ty)
                + read(input, plane, h, w, y0 + 1, x0) * (1 - tx) * ty
                + read(input, plane, h, w, y0 + 1, x0 + 1) * tx * ty;
    }

    private static double bicubic(double[] input, int plane, int h, int w, double x, double y, GridPadding padding,
                                  boolean align) {
        double x0 = Math.floor(x);
        double y0 = Math.floor(y);
        double[] wx = cubicWeights(x - x0);
        double[] wy = cubicWeights(y - y0);
        double sum = 0;
        for (int u = 0; u < 4; u++) {
            for (int v = 0; v < 4; v++) {
                double yy = resolve(y0 - 1 + u, h, padding, align);
                double xx = resolve(x0 - 1 + v, w, padding, align);
                sum += wy[u] * wx[v] * read(input, plane, h, w, yy, xx);
            }
        }
        return sum;
    }

    /** Keys' cubic convolution weights of the 4 taps at offsets -1, 0, 1, 2 for a fraction t. */
    private static double[] cubicWeights(double t) {
        return new double[] {far(t + 1), near(t), near(1 - t), far(2 - t)};
    }

    private static double near(double d) {
        return ((CUBIC_A + 2) * d - (CUBIC_A + 3)) * d * d + 1;
    }

    private static double far(double d) {
        return ((CUBIC_A * d - 5 * CUBIC_A) * d + 8 * CUBIC_A) * d - 4 * CUBIC_A;
    }

    /** The pixel at integer (y, x), 0 outside the image. */
    private static double read(double[] input, int plane, int h, int w, double y, double x) {
        if (y < 0 || y > h - 1 || x < 0 || x > w - 1) {
            return 0;
        }
        return input[plane + (int) y * w + (int) x];
    }
}
