package dev.diffvision.ops.registry;

import dev.diffvision.ops.io.HostTensor;

/**
 * Deterministic sample tensors for {@link OpDefinition.Builder#sampleArg} and
 * {@link OpDefinition.Builder#sampleInput}: the second operand of a loss, class labels, so that the test harness
 * can run every op without knowing what its tensor parameters mean.
 */
public final class Samples {

    private Samples() {}

    /**
     * Values spread over [0, 1) (a golden-ratio sequence, no two equal for up to millions of elements).
     *
     * @param shape the shape
     * @return a float32 tensor
     */
    public static HostTensor uniform(long... shape) {
        float[] v = new float[Math.toIntExact(count(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((i * 0.6180339887498949 + 0.25) % 1.0);
        }
        return HostTensor.of(v, shape);
    }

    /**
     * Class indices in {@code [0, classes)}, every class present when there are at least {@code classes} elements.
     *
     * @param classes the number of classes
     * @param offset shifts the sequence: another offset gives labels that agree with these only in part
     * @param shape the shape
     * @return a float32 tensor of integral values
     */
    public static HostTensor labels(int classes, int offset, long... shape) {
        float[] v = new float[Math.toIntExact(count(shape))];
        for (int i = 0; i < v.length; i++) {
            int j = i + offset;
            v[i] = (j * 7 + j / 3) % classes;
        }
        return HostTensor.of(v, shape);
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
