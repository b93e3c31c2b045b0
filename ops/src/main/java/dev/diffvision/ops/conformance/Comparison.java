package dev.diffvision.ops.conformance;

import java.util.List;
import java.util.Map;

/**
 * Reduces an op's output to what a case's {@code _compare} mode says {@code expected} holds, and measures the
 * largest absolute difference. Non-finite expectations must be matched exactly (same infinity, or NaN).
 */
final class Comparison {

    private Comparison() {}

    /**
     * Applies the comparison mode.
     *
     * @param c the case
     * @param output the op's output values (row-major)
     * @param shape the output's shape
     * @return the values to compare with {@code c.expected()}
     * @throws UnsupportedOperationException for modes this runner does not implement
     * @throws IllegalArgumentException if the output does not fit the mode (wrong rank, index out of range)
     */
    @SuppressWarnings("unchecked")
    static double[] select(ConformanceCase c, double[] output, long[] shape) {
        switch (c.compareMode()) {
            case "full":
                return output;
            case "sum": {
                double s = 0;
                for (double v : output) {
                    s += v;
                }
                return new double[] {s};
            }
            case "index": {
                List<List<Number>> indices = (List<List<Number>>) c.compare().get("index");
                double[] out = new double[indices.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = output[flatIndex(indices.get(i), shape)];
                }
                return out;
            }
            case "channel":
                return channel(c.compare(), output, shape);
            case "transform_points":
                return transformPoints(c, output, shape);
            default:
                throw new UnsupportedOperationException("compare mode '" + c.compareMode() + "' is not supported");
        }
    }

    /**
     * @param expected the expected values
     * @param actual the selected output values, same length
     * @return the largest absolute difference; infinite where a non-finite expectation is not met exactly
     */
    static double maxAbsError(double[] expected, double[] actual) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            double err;
            if (Double.isNaN(e) || Double.isInfinite(e)) {
                err = Double.compare(e, a) == 0 ? 0 : Double.POSITIVE_INFINITY;
            } else {
                err = Double.isNaN(a) ? Double.POSITIVE_INFINITY : Math.abs(e - a);
            }
            max = Math.max(max, err);
        }
        return max;
    }

    private static int flatIndex(List<Number> index, long[] shape) {
        if (index.size() != shape.length) {
            throw new IllegalArgumentException("index " + index + " has rank " + index.size() + " but the output has "
                    + shape.length);
        }
        long flat = 0;
        for (int d = 0; d < shape.length; d++) {
            long i = index.get(d).longValue();
            if (i < 0 || i >= shape[d]) {
                throw new IllegalArgumentException("index " + index + " is outside the output");
            }
            flat = flat * shape[d] + i;
        }
        return Math.toIntExact(flat);
    }

    /** {@code output[..., channel, :, :]}: one slice of dimension -3. */
    private static double[] channel(Map<String, Object> compare, double[] output, long[] shape) {
        Object key = compare.containsKey("channel") ? compare.get("channel") : compare.get("index");
        int channel = ((Number) key).intValue();
        int rank = shape.length;
        long c = shape[rank - 3];
        long plane = shape[rank - 2] * shape[rank - 1];
        long outer = output.length / (c * plane);
        double[] out = new double[Math.toIntExact(outer * plane)];
        for (long o = 0; o < outer; o++) {
            System.arraycopy(output, Math.toIntExact((o * c + channel) * plane), out, Math.toIntExact(o * plane),
                    Math.toIntExact(plane));
        }
        return out;
    }

    /** Maps the case's points through the output matrices {@code (B, 3, 3)}: Kornia's transform_points. */
    @SuppressWarnings("unchecked")
    private static double[] transformPoints(ConformanceCase c, double[] output, long[] shape) {
        if (shape.length != 3 || shape[1] != 3 || shape[2] != 3) {
            throw new IllegalArgumentException("transform_points compares (B, 3, 3) matrices, the output is "
                    + java.util.Arrays.toString(shape));
        }
        Object points = c.compare().get("points");
        float[] p = "input".equals(points) ? c.input().toFloatArray()
                : dev.diffvision.ops.registry.NestedLists.toTensor(points).toFloatArray();
        long batch = shape[0];
        int perBatch = Math.toIntExact(p.length / 2 / batch);
        double[] out = new double[p.length];
        for (int b = 0; b < batch; b++) {
            int m = b * 9;
            for (int n = 0; n < perBatch; n++) {
                int i = (b * perBatch + n) * 2;
                double x = p[i];
                double y = p[i + 1];
                double w = output[m + 6] * x + output[m + 7] * y + output[m + 8];
                out[i] = (output[m] * x + output[m + 1] * y + output[m + 2]) / w;
                out[i + 1] = (output[m + 3] * x + output[m + 4] * y + output[m + 5]) / w;
            }
        }
        return out;
    }
}
