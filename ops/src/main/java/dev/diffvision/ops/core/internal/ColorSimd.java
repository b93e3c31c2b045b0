package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Colour conversions as one SIMD pass over the pixels (float32, CPU, no gradient: see {@link SimdKernels}).
 *
 * <p>{@link #rgbToGrayscale}: the weighted sum of the three planes, {@code rgb_to_grayscale.py}'s matrix
 * product. {@link #rgbToHsv}: the same arithmetic as {@code rgb_to_hsv.py}, lane by lane: {@code v = max(r, g, b)},
 * {@code delta = v - min(r, g, b)}, {@code s = delta / (v + eps)}, the hue's sixths {@code g - b} where {@code r}
 * is the maximum, else {@code (b - r) + 2 delta} where {@code g} is, else {@code (r - g) + 4 delta} (ties to the
 * first channel), divided by {@code 6 delta} (6 where {@code delta = 0}), taken modulo 1 and times 2pi.
 *
 * <pre>{@code
 * NDArray hsv = ColorSimd.rgbToHsv(rgb, 1e-8);   // rgb (*, 3, H, W) float32 on the CPU
 * NDArray gray = ColorSimd.rgbToGrayscale(rgb, new double[] {0.299, 0.587, 0.114});
 * }</pre>
 */
public final class ColorSimd {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final float TWO_PI = (float) (2 * Math.PI);

    private ColorSimd() {}

    /**
     * {@code out = w[0] r + w[1] g + w[2] b}.
     *
     * @param x {@code (*, 3, H, W)} RGB, float32 on the CPU, for which {@link SimdKernels#applies} holds
     * @param weights the three channel weights
     * @return {@code (*, 1, H, W)} in x's manager
     */
    public static NDArray rgbToGrayscale(NDArray x, double[] weights) {
        long[] s = x.getShape().getShape().clone();
        int plane = Math.toIntExact(s[s.length - 2] * s[s.length - 1]);
        int images = Math.toIntExact(x.size() / (3L * plane));
        s[s.length - 3] = 1;
        NDArray out = SimdKernels.newOutput(x, new Shape(s));
        ByteBuffer in = SimdKernels.buffer(x);
        ByteBuffer o = SimdKernels.buffer(out);
        float[] w = {(float) weights[0], (float) weights[1], (float) weights[2]};
        SimdKernels.forEach(images, image -> gray(in, o, image, plane, w));
        return out;
    }

    /** One image's weighted sum: planes r, g, b of image {@code image} into plane {@code image} of {@code out}. */
    private static void gray(ByteBuffer in, ByteBuffer out, int image, int plane, float[] weights) {
        FloatVector wr = FloatVector.broadcast(SPECIES, weights[0]);
        FloatVector wg = FloatVector.broadcast(SPECIES, weights[1]);
        FloatVector wb = FloatVector.broadcast(SPECIES, weights[2]);
        int lanes = SPECIES.length();
        int r = 4 * 3 * image * plane;
        int g = r + 4 * plane;
        int b = g + 4 * plane;
        int to = 4 * image * plane;
        int i = 0;
        for (; i <= plane - lanes; i += lanes) {
            FloatVector sum = FloatVector.fromByteBuffer(SPECIES, in, r + 4 * i, ORDER).mul(wr);
            sum = FloatVector.fromByteBuffer(SPECIES, in, g + 4 * i, ORDER).fma(wg, sum);
            sum = FloatVector.fromByteBuffer(SPECIES, in, b + 4 * i, ORDER).fma(wb, sum);
            sum.intoByteBuffer(out, to + 4 * i, ORDER);
        }
        for (; i < plane; i++) {
            float sum = in.getFloat(r + 4 * i) * weights[0];
            sum = Math.fma(in.getFloat(g + 4 * i), weights[1], sum);
            sum = Math.fma(in.getFloat(b + 4 * i), weights[2], sum);
            out.putFloat(to + 4 * i, sum);
        }
    }

    /**
     * Kornia's {@code rgb_to_hsv}.
     *
     * @param x {@code (*, 3, H, W)} RGB, float32 on the CPU, for which {@link SimdKernels#applies} holds
     * @param eps added to the saturation's denominator
     * @return {@code (*, 3, H, W)} HSV, hue in radians [0, 2pi], in x's manager
     */
    public static NDArray rgbToHsv(NDArray x, double eps) {
        long[] s = x.getShape().getShape();
        int plane = Math.toIntExact(s[s.length - 2] * s[s.length - 1]);
        int images = Math.toIntExact(x.size() / (3L * plane));
        NDArray out = SimdKernels.newOutput(x, x.getShape());
        ByteBuffer in = SimdKernels.buffer(x);
        ByteBuffer o = SimdKernels.buffer(out);
        SimdKernels.forEach(images, image -> convert(in, o, image * 3 * plane, plane, (float) eps));
        return out;
    }

    /** One image: planes r, g, b at float index {@code first}, {@code first + plane}, {@code first + 2 plane}. */
    private static void convert(ByteBuffer in, ByteBuffer out, int first, int plane, float eps) {
        int lanes = SPECIES.length();
        int i = 0;
        for (; i <= plane - lanes; i += lanes) {
            int r = 4 * (first + i);
            int g = r + 4 * plane;
            int b = g + 4 * plane;
            FloatVector red = FloatVector.fromByteBuffer(SPECIES, in, r, ORDER);
            FloatVector green = FloatVector.fromByteBuffer(SPECIES, in, g, ORDER);
            FloatVector blue = FloatVector.fromByteBuffer(SPECIES, in, b, ORDER);
            FloatVector v = red.max(green).max(blue);
            FloatVector delta = v.sub(red.min(green).min(blue));
            VectorMask<Float> redMax = red.eq(v);
            VectorMask<Float> greenMax = green.eq(v);
            FloatVector other = blue.sub(red).add(delta.mul(2f)).blend(red.sub(green).add(delta.mul(4f)),
                    greenMax.not());
            FloatVector sixths = other.blend(green.sub(blue), redMax);
            FloatVector safe = delta.add(delta.broadcast(1f).blend(0f, delta.compare(VectorOperators.NE, 0f)));
            FloatVector hue = sixths.div(safe.mul(6f));
            hue = hue.add(hue.broadcast(0f).blend(1f, hue.lt(0f))).mul(TWO_PI);
            hue.intoByteBuffer(out, r, ORDER);
            delta.div(v.add(eps)).intoByteBuffer(out, g, ORDER);
            v.intoByteBuffer(out, b, ORDER);
        }
        for (; i < plane; i++) {
            int r = 4 * (first + i);
            int g = r + 4 * plane;
            int b = g + 4 * plane;
            float red = in.getFloat(r);
            float green = in.getFloat(g);
            float blue = in.getFloat(b);
            float v = Math.max(Math.max(red, green), blue);
            float delta = v - Math.min(Math.min(red, green), blue);
            float sixths = red == v ? green - blue : green == v ? (blue - red) + 2 * delta : (red - green) + 4 * delta;
            float hue = sixths / ((delta + (delta == 0 ? 1f : 0f)) * 6f);
            hue = (hue + (hue < 0 ? 1f : 0f)) * TWO_PI;
            out.putFloat(r, hue);
            out.putFloat(g, delta / (v + eps));
            out.putFloat(b, v);
        }
    }
}
