package dev.diffvision.ops.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Parses a user's name for an option (a border type, a reduction, a solver, ...) into one of its constants, with
 * one rule and one message for every option in the project.
 *
 * <p>The given name is trimmed and compared case-insensitively with each constant's accepted name. An unknown name
 * or null fails with an {@link IllegalArgumentException} of the form
 * {@code <op>: expected <what> one of a, b, c, got '<given>'} ({@code got none} for null), the accepted names
 * listed in declaration order.
 *
 * <pre>{@code
 * BorderType t = Names.parse(BorderType.values(), BorderType::kornia, "Reflect ", "sobel", "border_type");
 * // t == REFLECT; "wrap" would throw "sobel: expected border_type one of constant, reflect, replicate, circular,
 * // got 'wrap'"
 * }</pre>
 */
public final class Names {

    private Names() {}

    /**
     * Finds the constant whose accepted name equals {@code given}, ignoring case and surrounding white space.
     *
     * @param values the constants, in the order the message lists them (e.g. an enum's {@code values()})
     * @param name each constant's accepted name, e.g. {@code BorderType::kornia}
     * @param given the user's name, may be null
     * @param op the operator or component asking, the message's prefix
     * @param what the option's name in the message, e.g. {@code border_type}
     * @param <E> the constants' type
     * @return the first constant whose name matches
     * @throws IllegalArgumentException if none matches or {@code given} is null
     */
    public static <E> E parse(E[] values, Function<E, String> name, String given, String op, String what) {
        if (given != null) {
            String g = given.trim();
            for (E v : values) {
                if (name.apply(v).equalsIgnoreCase(g)) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException(op + ": expected " + what + " one of "
                + Arrays.stream(values).map(name).collect(Collectors.joining(", "))
                + ", got " + (given == null ? "none" : "'" + given + "'"));
    }

    /**
     * {@link #parse(Object[], Function, String, String, String)} with each enum constant's name in lower case as
     * its accepted name (e.g. {@code REFLECT} accepts {@code reflect}, in any case).
     *
     * @param values the enum's constants, in the order the message lists them
     * @param given the user's name, may be null
     * @param op the operator or component asking, the message's prefix
     * @param what the option's name in the message, e.g. {@code reduction}
     * @param <E> the enum
     * @return the matching constant
     * @throws IllegalArgumentException if none matches or {@code given} is null
     */
    public static <E extends Enum<E>> E parse(E[] values, String given, String op, String what) {
        return parse(values, Names::lowerCase, given, op, what);
    }

    private static String lowerCase(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
