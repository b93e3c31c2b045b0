package dev.diffvision.ops.registry;

import dev.diffvision.ops.io.HostTensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Converts nested lists of numbers (from JSON or a pipeline spec) into a rectangular float32 tensor.
 *
 * <pre>{@code
 * HostTensor t = NestedLists.toTensor(List.of(List.of(1, 2), List.of(3, 4)));   // shape (2, 2)
 * }</pre>
 */
public final class NestedLists {

    private NestedLists() {}

    /**
     * @param value a number or nested {@link List}s of numbers, rectangular
     * @return the tensor, or null if {@code value} is not a rectangular nest of numbers
     */
    public static HostTensor toTensor(Object value) {
        List<Long> shape = new ArrayList<>();
        Object level = value;
        while (level instanceof List<?> list) {
            shape.add((long) list.size());
            if (list.isEmpty()) {
                break;
            }
            level = list.get(0);
        }
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        float[] data = new float[Math.toIntExact(count)];
        int[] cursor = {0};
        return fill(value, 0, dims, data, cursor) ? HostTensor.of(data, dims) : null;
    }

    private static boolean fill(Object value, int depth, long[] dims, float[] data, int[] cursor) {
        if (depth == dims.length) {
            if (!(value instanceof Number n)) {
                return false;
            }
            data[cursor[0]++] = n.floatValue();
            return true;
        }
        if (!(value instanceof List<?> list) || list.size() != dims[depth]) {
            return false;
        }
        for (Object item : list) {
            if (!fill(item, depth + 1, dims, data, cursor)) {
                return false;
            }
        }
        return true;
    }
}
