package dev.diffvision.ops.registry;

import dev.diffvision.ops.io.HostTensor;

import java.util.List;

/**
 * The kinds of keyword parameter an op accepts, and how loosely typed values (from a pipeline spec, JSON or
 * SQL) are converted to each: Kornia's scalars, tuples and tensors.
 */
public enum ParamType {
    /** {@code true}/{@code false}; as Java {@link Boolean}. */
    BOOLEAN("a boolean"),
    /** An integral number; as Java {@link Integer}. */
    INT("an integer"),
    /** Any number; as Java {@link Double}. */
    FLOAT("a number"),
    /** Text; as Java {@link String}. */
    STRING("a string"),
    /** An integer or a tuple of integers (Kornia's {@code int | tuple[int, int]}); as {@code int[]}. */
    INT_LIST("an integer or a list of integers"),
    /** A number or a tuple of numbers; as {@code double[]}. */
    FLOAT_LIST("a number or a list of numbers"),
    /** A tensor, given as nested lists or a {@link HostTensor}; as {@link HostTensor}. */
    TENSOR("a tensor (nested lists of numbers)");

    private final String description;

    ParamType(String description) {
        this.description = description;
    }

    /** @return how the type reads in error messages, e.g. "an integer" */
    public String description() {
        return description;
    }

    /**
     * Converts a loosely typed value to this type's canonical Java form.
     *
     * @param value a {@link Boolean}, {@link Number}, {@link String}, {@link List}, {@link HostTensor},
     *     {@code int[]} or {@code double[]}; never null (callers handle optional parameters)
     * @param op the op's name, for the message
     * @param param the parameter's name, for the message
     * @return the converted value (see each constant)
     * @throws IllegalArgumentException if the value does not fit, naming op, parameter, expectation and value
     */
    public Object convert(Object value, String op, String param) {
        Object converted = switch (this) {
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case INT -> integral(value);
            case FLOAT -> value instanceof Number n ? n.doubleValue() : null;
            case STRING -> value instanceof String ? value : null;
            case INT_LIST -> intList(value);
            case FLOAT_LIST -> floatList(value);
            case TENSOR -> value instanceof HostTensor ? value : NestedLists.toTensor(value);
        };
        if (converted == null) {
            throw new IllegalArgumentException(op + ": expected parameter " + param + " to be " + description
                    + ", got " + Values.describe(value));
        }
        return converted;
    }

    private static Integer integral(Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        return null;
    }

    private static int[] intList(Object value) {
        if (value instanceof int[] a) {
            return a.clone();
        }
        Integer single = integral(value);
        if (single != null) {
            return new int[] {single};
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            Integer v = integral(list.get(i));
            if (v == null) {
                return null;
            }
            out[i] = v;
        }
        return out;
    }

    private static double[] floatList(Object value) {
        if (value instanceof double[] a) {
            return a.clone();
        }
        if (value instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                return null;
            }
            out[i] = n.doubleValue();
        }
        return out;
    }
}
