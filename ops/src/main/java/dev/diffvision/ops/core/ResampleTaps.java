package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * One axis of a separable resampling as a tap table: output position {@code i} is
 * {@code sum_k weight[k][i] * input[index[k][i]]}, {@code k < taps}, the weights of a position summing to 1. Built
 * with torch's own index and weight arithmetic for {@code F.interpolate(size=...)}, so that resampling by tables
 * ({@code resample_separable.py}) equals ATen's kernels up to the order of the float operations.
 *
 * <p>Example: bilinear from 4 to 2 without align_corners reads positions {@code 1, 3} at {@code src = 0.5, 2.5}:
 * {@code index = {{0, 2}, {1, 3}}}, {@code weight = {{0.5, 0.5}, {0.5, 0.5}}}.
 *
 * @param taps {@code K}, the number of input positions each output position reads
 * @param size the output length
 * @param index {@code K * size} input positions, row-major {@code (K, size)}, each in {@code [0, input length)}
 * @param weight {@code K * size} weights, row-major {@code (K, size)}; unused taps weigh 0
 */
record ResampleTaps(int taps, int size, long[] index, double[] weight) {

    /**
     * Linear interpolation, torch's {@code upsample_bilinear2d} along one axis: with {@code alignCorners}
     * {@code src = dst (in - 1) / (out - 1)} (0 when {@code out = 1}), otherwise
     * {@code src = max((dst + 0.5) in / out - 0.5, 0)}; {@code i0 = floor(src)}, {@code i1 = min(i0 + 1, in - 1)},
     * weights {@code 1 - l, l} with {@code l = src - i0}. In float arithmetic for float32 images, as torch's
     * {@code opmath} type, and in double for float64.
     *
     * @param in input length, >= 1
     * @param out output length, >= 1
     * @param alignCorners whether the corner pixels' centres map onto each other
     * @param inFloat32 whether the images are float32
     * @return two taps per position
     */
    static ResampleTaps linear(int in, int out, boolean alignCorners, boolean inFloat32) {
        long[] index = new long[2 * out];
        double[] weight = new double[2 * out];
        for (int dst = 0; dst < out; dst++) {
            double src = inFloat32 ? sourceFloat(in, out, dst, alignCorners) : sourceDouble(in, out, dst, alignCorners);
            int i0 = Math.min((int) src, in - 1);
            double lambda = inFloat32 ? (float) ((float) src - i0) : src - i0;
            index[dst] = i0;
            index[out + dst] = Math.min(i0 + 1, in - 1);
            weight[dst] = inFloat32 ? (float) (1f - (float) lambda) : 1 - lambda;
            weight[out + dst] = lambda;
        }
        return new ResampleTaps(2, out, index, weight);
    }

    /**
     * Window means, torch's {@code adaptive_avg_pool2d} along one axis: output {@code i} averages input
     * {@code [floor(i in / out), ceil((i + 1) in / out))}; as many taps as the longest window.
     *
     * @param in input length, >= 1
     * @param out output length, >= 1
     * @return the window positions, each weighing 1 / (window length)
     */
    static ResampleTaps area(int in, int out) {
        int taps = 0;
        for (int i = 0; i < out; i++) {
            taps = Math.max(taps, windowEnd(i, in, out) - windowStart(i, in, out));
        }
        long[] index = new long[taps * out];
        double[] weight = new double[taps * out];
        for (int i = 0; i < out; i++) {
            int start = windowStart(i, in, out);
            int length = windowEnd(i, in, out) - start;
            for (int k = 0; k < taps; k++) {
                index[k * out + i] = k < length ? start + k : start;
                weight[k * out + i] = k < length ? 1.0 / length : 0;
            }
        }
        return new ResampleTaps(taps, out, index, weight);
    }

    /**
     * The table as tensors for {@code resample_separable.py}, in libtorch-owned memory ({@link Constants}: the
     * gathers save their indices for backward, so they must not live over a Java buffer).
     *
     * @param like the images: give the manager and device
     * @param dtype the weights' dtype (the images' for float images)
     * @return {@code index} int64 {@code (K, size)} and {@code weight} {@code (K, size)} in {@code dtype}
     */
    NDArray[] toTensors(NDArray like, DataType dtype) {
        Shape shape = new Shape(taps, size);
        NDArray weights = Constants.array(like.getManager(), dtype, weight, shape);
        return new NDArray[] {Constants.indices(like, index).reshape(shape), weights};
    }

    /** @return {@link #index} as ints, for the SIMD kernel */
    int[] intIndex() {
        int[] out = new int[index.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) index[i];
        }
        return out;
    }

    /** @return {@link #weight} as floats, for the SIMD kernel */
    float[] floatWeight() {
        float[] out = new float[weight.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) weight[i];
        }
        return out;
    }

    /** torch's area_pixel_compute_source_index in float (opmath of float32), as a double. */
    private static double sourceFloat(int in, int out, int dst, boolean alignCorners) {
        if (alignCorners) {
            float scale = out > 1 ? (float) (in - 1) / (out - 1) : 0f;
            return scale * (float) dst;
        }
        float scale = (float) in / out;
        return Math.max(scale * ((float) dst + 0.5f) - 0.5f, 0f);
    }

    /** The same in double (opmath of float64). */
    private static double sourceDouble(int in, int out, int dst, boolean alignCorners) {
        if (alignCorners) {
            double scale = out > 1 ? (double) (in - 1) / (out - 1) : 0;
            return scale * dst;
        }
        double scale = (double) in / out;
        return Math.max(scale * (dst + 0.5) - 0.5, 0);
    }

    private static int windowStart(int i, int in, int out) {
        return (int) ((long) i * in / out);
    }

    private static int windowEnd(int i, int in, int out) {
        return (int) (((long) (i + 1) * in + out - 1) / out);
    }
}
