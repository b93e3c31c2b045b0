package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GridPadding;
import dev.diffvision.ops.core.Interpolation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Bilinear sampling of float32 CPU images through a projective or affine map, in Java (see {@link SimdKernels} for
 * when it runs): what {@code perspective_sample.py} and ATen's {@code grid_sampler} compute for Kornia's
 * {@code warp_perspective} and {@code warp_affine}, without a sampling grid in memory. Per output row, the points,
 * their floors, weights and first pixel indices are computed a vector at a time with the Vector API; each channel then
 * blends its 4 neighbours with scalar loads, since a vector gather costs more on Java 17 than the loads it replaces.
 * The image's planes are copied into an array first.
 *
 * <p>Per image, with {@code m} its 3 x 3 output-to-input map of normalised coordinates, and per output pixel
 * {@code (i, j)} at normalised {@code (xs[j], ys[i])}: {@code (X, Y, Z) = m (x, y, 1)}, each row summed as
 * {@code (t + b y) + a x} (the module's order); projectively, {@code (X, Y) / (Z + eps)} where {@code |Z| > eps},
 * otherwise {@code (X, Y)}; affinely, {@code (X, Y)}. The point is taken to pixels as {@code grid_sampler} does
 * in its CPU kernel's form ({@code (g + 1) (size - 1) / 2} with align_corners, {@code (g + 1) size / 2 - 0.5}
 * without), clamped into the image for border padding, and the 4 neighbours are blended with ATen's weights;
 * neighbours outside the image count as 0. A non-finite point gives NaN (as the module's weights do). The results agree with the module's to
 * float32 rounding of the coordinates.
 *
 * <pre>{@code
 * if (ProjectiveSampler.applies(x, m, Interpolation.BILINEAR, GridPadding.ZEROS)) {
 *     NDArray warped = ProjectiveSampler.sample(x, m, xs, ys, true, GridPadding.ZEROS, true, 1e-8);
 * }
 * }</pre>
 */
public final class ProjectiveSampler {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Planes below 2^22 pixels keep every pixel index exact in float arithmetic. */
    private static final long MAX_PLANE = 1L << 22;

    private ProjectiveSampler() {}

    /**
     * Whether the kernel can sample these inputs: {@link SimdKernels#applies} holds for the images and the maps (cast
     * to float32 before asking), bilinear interpolation, zeros or border padding.
     *
     * @param x the images
     * @param matrices the maps, in the images' dtype
     * @param mode the interpolation
     * @param padding the padding
     * @return true when {@link #sample} computes what the module would
     */
    public static boolean applies(NDArray x, NDArray matrices, Interpolation mode, GridPadding padding) {
        return mode == Interpolation.BILINEAR && padding != GridPadding.REFLECTION && SimdKernels.applies(x, matrices)
                && x.getShape().get(2) * x.getShape().get(3) < MAX_PLANE;
    }

    /**
     * @param x {@code (B, C, H, W)} float32 on the CPU, for which {@link #applies} holds
     * @param matrices {@code (B, 3, 3)} float32 maps of normalised output to input coordinates
     * @param xs the output columns' normalised x
     * @param ys the output rows' normalised y
     * @param projective divide by {@code Z} (warp_perspective) or not (warp_affine, whose last row is 0 0 1)
     * @param padding zeros or border
     * @param alignCorners whether -1 and 1 are the centres of the corner pixels
     * @param eps threshold and guard of the division by {@code Z}
     * @return {@code (B, C, ys.length, xs.length)} in x's manager
     */
    public static NDArray sample(NDArray x, NDArray matrices, double[] xs, double[] ys, boolean projective,
                                 GridPadding padding, boolean alignCorners, double eps) {
        Shape s = x.getShape();
        int channels = (int) s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        float[] maps = matrices.toFloatArray();
        float[] columns = Arrays.copyOf(SimdKernels.toFloats(xs), (xs.length + FLOATS.length() - 1) / FLOATS.length()
                * FLOATS.length()); // whole vectors; the padding's points are computed and never read
        float[] rows = SimdKernels.toFloats(ys);
        // grid_sampler's unnormalisation (its CPU kernel's form): (g + 1) * scale - shift
        Options options = new Options(projective, padding == GridPadding.BORDER,
                alignCorners ? (w - 1) / 2f : w / 2f, alignCorners ? (h - 1) / 2f : h / 2f, alignCorners ? 0f : 0.5f,
                (float) eps);
        NDArray out = SimdKernels.newOutput(x, new Shape(s.get(0), channels, rows.length, xs.length));
        FloatBuffer in = SimdKernels.buffer(x).asFloatBuffer();
        FloatBuffer o = SimdKernels.buffer(out).asFloatBuffer();
        SimdKernels.forEach((int) s.get(0), () -> new Image(channels, h, w, columns.length),
                (image, b) -> image.warp(in, b, maps, columns, xs.length, rows, options, o));
        return out;
    }

    /**
     * How points are made: divided by Z or not, taken to pixels as {@code (g + 1) * scale - shift}, clamped into the
     * image or not.
     */
    private record Options(boolean projective, boolean border, float scaleX, float scaleY, float shift, float eps) {}

    /** One thread's copy of an image's planes, and the taps and values of one output row. */
    private static final class Image {
        private final int channels;
        private final int h;
        private final int w;
        private final float[] pixels;
        private final float[] values;
        /** Per output column (padded to whole vectors): the point in pixels, its 4 weights and first pixel. */
        private final float[] ix;
        private final float[] iy;
        private final float[] nw;
        private final float[] ne;
        private final float[] sw;
        private final float[] se;
        private final int[] at;
        /** Whether all 4 neighbours are inside the image (then {@link #at} and the weights hold). */
        private final boolean[] interior;
        /** Whether any of the 4 neighbours is inside (false for a NaN point). */
        private final boolean[] touching;

        Image(int channels, int h, int w, int paddedW) {
            this.channels = channels;
            this.h = h;
            this.w = w;
            this.pixels = new float[channels * h * w];
            this.values = new float[paddedW];
            this.ix = new float[paddedW];
            this.iy = new float[paddedW];
            this.nw = new float[paddedW];
            this.ne = new float[paddedW];
            this.sw = new float[paddedW];
            this.se = new float[paddedW];
            this.at = new int[paddedW];
            this.interior = new boolean[paddedW];
            this.touching = new boolean[paddedW];
        }

        void warp(FloatBuffer in, int b, float[] matrices, float[] xs, int outW, float[] ys, Options options,
                  FloatBuffer out) {
            int plane = h * w;
            in.get(b * channels * plane, pixels, 0, channels * plane);
            int outPlane = ys.length * outW;
            for (int i = 0; i < ys.length; i++) {
                points(matrices, 9 * b, xs, ys[i], options);
                taps(xs.length);
                for (int c = 0; c < channels; c++) {
                    blend(c * plane, outW);
                    out.put((b * channels + c) * outPlane + i * outW, values, 0, outW);
                }
            }
        }

        /** {@link #ix}, {@link #iy}: the row's points in input pixels, clamped into the image for border padding. */
        private void points(float[] matrices, int m, float[] xs, float y, Options options) {
            float rowX = matrices[m + 2] + matrices[m + 1] * y;
            float rowY = matrices[m + 5] + matrices[m + 4] * y;
            float rowZ = matrices[m + 8] + matrices[m + 7] * y;
            float scaleX = options.scaleX();
            float scaleY = options.scaleY();
            float shift = options.shift();
            float eps = options.eps();
            for (int j = 0; j < xs.length; j += FLOATS.length()) {
                FloatVector x = FloatVector.fromArray(FLOATS, xs, j);
                FloatVector gx = x.mul(matrices[m]).add(rowX);
                FloatVector gy = x.mul(matrices[m + 3]).add(rowY);
                if (options.projective()) {
                    FloatVector z = x.mul(matrices[m + 6]).add(rowZ);
                    VectorMask<Float> divide = z.abs().compare(VectorOperators.GT, eps);
                    FloatVector inv = FloatVector.broadcast(FLOATS, 1f).div(z.add(eps));
                    gx = gx.blend(gx.mul(inv), divide);
                    gy = gy.blend(gy.mul(inv), divide);
                }
                FloatVector px = gx.add(1f).mul(scaleX).sub(shift);
                FloatVector py = gy.add(1f).mul(scaleY).sub(shift);
                if (options.border()) {
                    px = px.max(0f).min(w - 1);
                    py = py.max(0f).min(h - 1);
                }
                px.intoArray(ix, j);
                py.intoArray(iy, j);
            }
        }

        /**
         * The bilinear taps of the points whose 4 neighbours are all inside: floors from the float's bits ({@code +-
         * 2^23} rounds, a compare corrects to the floor; exact below 2^22, which {@link #applies} ensures for
         * these points), ATen's weights, and the first neighbour's index (its bits the same way).
         */
        private void taps(int paddedW) {
            for (int j = 0; j < paddedW; j += FLOATS.length()) {
                FloatVector px = FloatVector.fromArray(FLOATS, ix, j);
                FloatVector py = FloatVector.fromArray(FLOATS, iy, j);
                VectorMask<Float> inside = px.compare(VectorOperators.GE, 0f)
                        .and(px.compare(VectorOperators.LT, w - 1))
                        .and(py.compare(VectorOperators.GE, 0f))
                        .and(py.compare(VectorOperators.LT, h - 1));
                inside.intoArray(interior, j);
                px.compare(VectorOperators.GT, -1f).and(px.compare(VectorOperators.LT, w))
                        .and(py.compare(VectorOperators.GT, -1f)).and(py.compare(VectorOperators.LT, h))
                        .intoArray(touching, j);
                // floors (as UnitToUint8Simd's), written out: a method taking and returning vectors keeps them in
                // registers only where C2 inlines it
                FloatVector nearestX = px.add(SimdKernels.ROUNDING).sub(SimdKernels.ROUNDING);
                FloatVector x0 = nearestX.sub(1f, nearestX.compare(VectorOperators.GT, px));
                FloatVector nearestY = py.add(SimdKernels.ROUNDING).sub(SimdKernels.ROUNDING);
                FloatVector y0 = nearestY.sub(1f, nearestY.compare(VectorOperators.GT, py));
                FloatVector we = px.sub(x0);
                FloatVector wn = py.sub(y0);
                FloatVector ww = we.neg().add(1f);
                FloatVector ws = wn.neg().add(1f);
                ws.mul(ww).intoArray(nw, j);
                ws.mul(we).intoArray(ne, j);
                wn.mul(ww).intoArray(sw, j);
                wn.mul(we).intoArray(se, j);
                y0.mul(w).add(x0).add(SimdKernels.ROUNDING).reinterpretAsInts().sub(SimdKernels.ROUNDING_BITS).intoArray(at, j);
            }
        }

        /**
         * {@link #values}{@code [j]}: the bilinear value of the plane at float index {@code plane} at each point; 0
         * where no neighbour is inside, NaN for a NaN point.
         */
        private void blend(int plane, int outW) {
            for (int j = 0; j < outW; j++) {
                if (interior[j]) {
                    int p = plane + at[j];
                    values[j] = pixels[p] * nw[j] + pixels[p + 1] * ne[j] + pixels[p + w] * sw[j]
                            + pixels[p + w + 1] * se[j];
                } else if (touching[j]) {
                    values[j] = edge(plane, ix[j], iy[j]);
                } else {
                    values[j] = Float.isNaN(ix[j]) || Float.isNaN(iy[j]) ? Float.NaN : 0f;
                }
            }
        }

        /** A point with some but not all of its neighbours inside: those outside count as 0. */
        private float edge(int plane, float px, float py) {
            int x0 = (int) Math.floor(px);
            int y0 = (int) Math.floor(py);
            float we = px - x0;
            float wn = py - y0;
            float ww = 1f - we;
            float ws = 1f - wn;
            int p = plane + y0 * w + x0;
            float v = 0f;
            if (y0 >= 0 && x0 >= 0) {
                v += pixels[p] * (ws * ww);
            }
            if (y0 >= 0 && x0 + 1 < w) {
                v += pixels[p + 1] * (ws * we);
            }
            if (y0 + 1 < h && x0 >= 0) {
                v += pixels[p + w] * (wn * ww);
            }
            if (y0 + 1 < h && x0 + 1 < w) {
                v += pixels[p + w + 1] * (wn * we);
            }
            return v;
        }
    }
}
