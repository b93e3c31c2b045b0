package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.nio.FloatBuffer;

/**
 * The element-wise steps of SSIM with SIMD, for float32 CPU tensors without gradients (see {@link SimdKernels});
 * the filtering between them is the separable Gaussian ({@link SeparableSimd}). {@link #statistics} stacks
 * {@code x, y, x^2, y^2, xy} in one pass (what {@code concat(x, y, x.square(), y.square(), x.mul(y))} gives),
 * {@link #similarity} turns the filtered stack into the SSIM map in one pass, with the arithmetic of
 * {@code Ssim.similarity}: {@code (2 mu12 + c1)(2 sigma12 + c2) / ((mu1^2 + mu2^2 + c1)(sigma1 + sigma2 + c2) + eps)}.
 *
 * <pre>{@code
 * NDArray stats = SsimSimd.statistics(x, y);                  // (B, 5C, H, W)
 * NDArray map = SsimSimd.similarity(blur(stats), 1e-4, 9e-4, 1e-12);   // (B, C, H, W)
 * }</pre>
 */
public final class SsimSimd {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int STATS = 5;
    /** Values per block: the five statistics' blocks and the result stay in the L1 cache. */
    private static final int BLOCK = 4096;

    private SsimSimd() {}

    /**
     * @param x {@code (B, C, H, W)} float32 on the CPU, for which {@link SimdKernels#applies} holds
     * @param y x's shape, the same
     * @return {@code (B, 5C, H, W)}: per image the channels of {@code x, y, x^2, y^2, xy}, in x's manager
     */
    public static NDArray statistics(NDArray x, NDArray y) {
        Shape s = x.getShape();
        int c = (int) s.get(1);
        int n = Math.toIntExact(c * s.get(2) * s.get(3));
        NDArray out = SimdKernels.newOutput(x, new Shape(s.get(0), STATS * c, s.get(2), s.get(3)));
        FloatBuffer a = SimdKernels.buffer(x).asFloatBuffer();
        FloatBuffer b = SimdKernels.buffer(y).asFloatBuffer();
        FloatBuffer o = SimdKernels.buffer(out).asFloatBuffer();
        int block = Math.min(n, BLOCK);
        SimdKernels.forEach((int) s.get(0), () -> new float[STATS][block], (rows, image) -> {
            int from = image * n;
            int to = image * STATS * n;
            for (int start = 0; start < n; start += block) {
                int len = Math.min(block, n - start);
                a.get(from + start, rows[0], 0, len);
                b.get(from + start, rows[1], 0, len);
                products(rows, len);
                for (int k = 0; k < STATS; k++) {
                    o.put(to + k * n + start, rows[k], 0, len);
                }
            }
        });
        return out;
    }

    /**
     * @param filtered {@code (B, 5C, h, w)} the filtered statistics {@code E[x], E[y], E[x^2], E[y^2], E[xy]},
     *     float32 on the CPU, for which {@link SimdKernels#applies} holds
     * @param c1 {@code (0.01 maxVal)^2}
     * @param c2 {@code (0.03 maxVal)^2}
     * @param eps added to the denominator
     * @return {@code (B, C, h, w)} the SSIM map, in filtered's manager
     */
    public static NDArray similarity(NDArray filtered, double c1, double c2, double eps) {
        Shape s = filtered.getShape();
        int c = (int) (s.get(1) / STATS);
        int n = Math.toIntExact(c * s.get(2) * s.get(3));
        NDArray out = SimdKernels.newOutput(filtered, new Shape(s.get(0), c, s.get(2), s.get(3)));
        FloatBuffer in = SimdKernels.buffer(filtered).asFloatBuffer();
        FloatBuffer o = SimdKernels.buffer(out).asFloatBuffer();
        int block = Math.min(n, BLOCK);
        SimdKernels.forEach((int) s.get(0), () -> new float[STATS + 1][block], (rows, image) -> {
            int from = image * STATS * n;
            for (int start = 0; start < n; start += block) {
                int len = Math.min(block, n - start);
                for (int k = 0; k < STATS; k++) {
                    in.get(from + k * n + start, rows[k], 0, len);
                }
                formula(rows, (float) c1, (float) c2, (float) eps, rows[STATS], len);
                o.put(image * n + start, rows[STATS], 0, len);
            }
        });
        return out;
    }

    /** {@code rows[2..4] = x^2, y^2, xy} of {@code rows[0] = x} and {@code rows[1] = y}. */
    private static void products(float[][] rows, int len) {
        float[] xs = rows[0];
        float[] ys = rows[1];
        int lanes = SPECIES.length();
        int i = 0;
        for (; i <= len - lanes; i += lanes) {
            FloatVector u = FloatVector.fromArray(SPECIES, xs, i);
            FloatVector v = FloatVector.fromArray(SPECIES, ys, i);
            u.mul(u).intoArray(rows[2], i);
            v.mul(v).intoArray(rows[3], i);
            u.mul(v).intoArray(rows[4], i);
        }
        for (; i < len; i++) {
            rows[2][i] = xs[i] * xs[i];
            rows[3][i] = ys[i] * ys[i];
            rows[4][i] = xs[i] * ys[i];
        }
    }

    private static void formula(float[][] stats, float c1, float c2, float eps, float[] out, int len) {
        float[] mu1 = stats[0];
        float[] mu2 = stats[1];
        float[] ex2 = stats[2];
        float[] ey2 = stats[3];
        float[] exy = stats[4];
        int lanes = SPECIES.length();
        int i = 0;
        for (; i <= len - lanes; i += lanes) {
            FloatVector m1 = FloatVector.fromArray(SPECIES, mu1, i);
            FloatVector m2 = FloatVector.fromArray(SPECIES, mu2, i);
            FloatVector m1Sq = m1.mul(m1);
            FloatVector m2Sq = m2.mul(m2);
            FloatVector m12 = m1.mul(m2);
            FloatVector sigma1 = FloatVector.fromArray(SPECIES, ex2, i).sub(m1Sq);
            FloatVector sigma2 = FloatVector.fromArray(SPECIES, ey2, i).sub(m2Sq);
            FloatVector sigma12 = FloatVector.fromArray(SPECIES, exy, i).sub(m12);
            FloatVector num = m12.mul(2f).add(c1).mul(sigma12.mul(2f).add(c2));
            FloatVector den = m1Sq.add(m2Sq).add(c1).mul(sigma1.add(sigma2).add(c2));
            num.div(den.add(eps)).intoArray(out, i);
        }
        for (; i < len; i++) {
            float m1Sq = mu1[i] * mu1[i];
            float m2Sq = mu2[i] * mu2[i];
            float m12 = mu1[i] * mu2[i];
            float num = (m12 * 2f + c1) * ((exy[i] - m12) * 2f + c2);
            float den = (m1Sq + m2Sq + c1) * ((ex2[i] - m1Sq) + (ey2[i] - m2Sq) + c2);
            out[i] = num / (den + eps);
        }
    }
}
