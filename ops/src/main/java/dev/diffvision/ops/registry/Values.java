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
            return "tensor" + Arrays.toString(t.shape());
        }
        return String.valueOf(value);
    }
}
