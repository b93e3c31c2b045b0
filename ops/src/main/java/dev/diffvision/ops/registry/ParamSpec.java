package dev.diffvision.ops.registry;

/**
 * One keyword parameter of a registered op: Kornia's name, its type, its default and what it means.
 *
 * @param name Kornia's keyword, e.g. {@code normalized}
 * @param type how values are converted
 * @param defaultValue the canonical default (see {@link ParamType}); null means "none" when {@code optional},
 *     otherwise the parameter is required
 * @param optional whether an explicit {@code none} is accepted
 * @param doc one line for listings and error messages
 */
public record ParamSpec(String name, ParamType type, Object defaultValue, boolean optional, String doc) {

    /**
     * A parameter with a default.
     *
     * @param name Kornia's keyword
     * @param type its type
     * @param defaultValue the default, in loose form (converted here)
     * @param doc one line of documentation
     * @return the spec
     */
    public static ParamSpec of(String name, ParamType type, Object defaultValue, String doc) {
        return new ParamSpec(name, type, type.convert(defaultValue, "registry", name), false, doc);
    }

    /**
     * A parameter that may be {@code none} and is {@code none} by default.
     *
     * @param name Kornia's keyword
     * @param type its type when given
     * @param doc one line of documentation
     * @return the spec
     */
    public static ParamSpec optional(String name, ParamType type, String doc) {
        return new ParamSpec(name, type, null, true, doc);
    }

    /**
     * A parameter that must be given.
     *
     * @param name Kornia's keyword
     * @param type its type
     * @param doc one line of documentation
     * @return the spec
     */
    public static ParamSpec required(String name, ParamType type, String doc) {
        return new ParamSpec(name, type, null, false, doc);
    }

    /** @return whether a call must give this parameter */
    public boolean isRequired() {
        return defaultValue == null && !optional;
    }

    /** @return e.g. {@code normalized: a boolean = true} */
    public String signature() {
        String tail = isRequired() ? " (required)" : " = " + Values.describe(defaultValue);
        return name + ": " + type.description() + tail;
    }
}
