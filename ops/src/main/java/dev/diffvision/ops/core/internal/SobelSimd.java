package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.nio.FloatBuffer;

/**
 * Kornia's Sobel magnitude with SIMD, for float32 CPU tensors without gradients (see {@link SimdKernels}): the
 * arithmetic of {@code sobel.py}, one output row at a time over a replicate-padded copy of the plane. With
 * {@code l, m, r} a padded row's left, middle and right neighbours of a pixel: {@code diff = r - l},
 * {@code smooth = (l + r) + 2 m}; over the three rows {@code gx = (diff0 + diff2) + 2 diff1},
 * {@code gy = smooth2 - smooth0}; the result is {@code sqrt(eps + scale2 gx^2 + scale2 gy^2)}.
 *
 * <pre>{@code
 * NDArray magnitude = SobelSimd.sobel(x, 1.0 / 64, 1e-6);   // Kornia's normalised kernels
 * }</pre>
 */
public final class SobelSimd {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private SobelSimd() {}

    /**
     * @param x {@code (B, C, H, W)}, float32 on the CPU, for which {@link SimdKernels#applies} holds
     * @param scale2 the square of the kernels' scale (1/64 for L1-normalised kernels)
     * @param eps added inside the square root
     * @return {@code (B, C, H, W)} in x's manager
     */
    public static NDArray sobel(NDArray x, double scale2, double eps) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDArray out = SimdKernels.newOutput(x, s);
        float s2 = (float) scale2;
        float e = (float) eps;
        SimdKernels.forEachPlane(x, out, () -> new Magnitude(h, w),
                (magnitude, in, from, o, to) -> magnitude.filter(in, from, o, s2, e));
        return out;
    }

    /** One thread's replicate-padded plane and output row. */
    private static final class Magnitude {
        private final int h;
        private final PaddedPlane plane;
        private final float[] row;

        Magnitude(int h, int w) {
            this.h = h;
            this.plane = new PaddedPlane(h, w, 1, 1, 1, 1, BorderType.REPLICATE);
            this.row = new float[w];
        }

        /** The plane at float index {@code at} of {@code in} into the same place of {@code out}. */
        void filter(FloatBuffer in, int at, FloatBuffer out, float scale2, float eps) {
            plane.load(in, at);
            int w = row.length;
            for (int y = 0; y < h; y++) {
                magnitudeRow(plane.values(), plane.width(), y, scale2, eps, row);
                out.put(at + y * w, row, 0, w);
            }
        }
    }

    /** Output row {@code y} from padded rows {@code y, y + 1, y + 2} of {@code p} ({@code width} per row). */
    private static void magnitudeRow(float[] p, int width, int y, float scale2, float eps, float[] row) {
        int top = y * width;
        int mid = top + width;
        int bottom = mid + width;
        int w = row.length;
        int lanes = SPECIES.length();
        FloatVector scale = FloatVector.broadcast(SPECIES, scale2);
        FloatVector e = FloatVector.broadcast(SPECIES, eps);
        int x = 0;
        for (; x <= w - lanes; x += lanes) {
            FloatVector topL = FloatVector.fromArray(SPECIES, p, top + x);
            FloatVector topR = FloatVector.fromArray(SPECIES, p, top + x + 2);
            FloatVector botL = FloatVector.fromArray(SPECIES, p, bottom + x);
            FloatVector botR = FloatVector.fromArray(SPECIES, p, bottom + x + 2);
            FloatVector diffMid = FloatVector.fromArray(SPECIES, p, mid + x + 2)
                    .sub(FloatVector.fromArray(SPECIES, p, mid + x));
            FloatVector gx = topR.sub(topL).add(botR.sub(botL)).add(diffMid.add(diffMid));
            FloatVector smoothTop = topL.add(topR).add(FloatVector.fromArray(SPECIES, p, top + x + 1).mul(2f));
            FloatVector smoothBot = botL.add(botR).add(FloatVector.fromArray(SPECIES, p, bottom + x + 1).mul(2f));
            FloatVector gy = smoothBot.sub(smoothTop);
            FloatVector t = gx.mul(scale).fma(gx, e);
            gy.mul(scale).fma(gy, t).sqrt().intoArray(row, x);
        }
        for (; x < w; x++) {
            float diffMid = p[mid + x + 2] - p[mid + x];
            float gx = (p[top + x + 2] - p[top + x]) + (p[bottom + x + 2] - p[bottom + x]) + (diffMid + diffMid);
            float smoothTop = p[top + x] + p[top + x + 2] + 2f * p[top + x + 1];
            float smoothBot = p[bottom + x] + p[bottom + x + 2] + 2f * p[bottom + x + 1];
            float gy = smoothBot - smoothTop;
            float t = Math.fma(gx * scale2, gx, eps);
            row[x] = (float) Math.sqrt(Math.fma(gy * scale2, gy, t));
        }
    }
}
