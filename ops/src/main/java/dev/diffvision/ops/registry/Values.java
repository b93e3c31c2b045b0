package dev.diffvision.ops.registry;

import dev.diffvision.ops.io.HostTensor;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Renders parameter values the way a pipeline spec writes them, for messages and canonical specs. */
final class Values {

    private Values() {}

    /**
     * @param value a canonical or loosely typed parameter value
     * @return spec-like text: {@code true}, {@code 3}, {@code 1.5}, {@code 'reflect'}, {@code (3, 3)}
     */
    static String describe(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof int[] a) {
            return Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
        }
        if (value instanceof double[] a) {
            return Arrays.stream(a).mapToObj(Double::toString).collect(Collectors.joining(", ", "(", ")"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Values::describe).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof HostTensor t) {
            return describeTensor(t);
        }
        return String.valueOf(value);
    }

    /** A scalar as its number, a short vector as a tuple (both parse back), anything larger by its shape. */
    private static String describeTensor(HostTensor t) {
        float[] v = t.numElements() <= 8 ? t.toFloatArray() : null;
        if (v != null && t.rank() == 0) {
            return Float.toString(v[0]);
        }
        if (v != null && t.rank() == 1) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(v[i]);
            }
            return sb.append(")").toString();
        }
        return "tensor" + Arrays.toString(t.shape());
    }
}
