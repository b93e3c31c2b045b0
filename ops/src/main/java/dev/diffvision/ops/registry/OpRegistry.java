package dev.diffvision.ops.registry;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Ops by their Kornia names, with keyword parameters, so jobs, SQL functions and the conformance runner can
 * call them from text.
 *
 * <pre>{@code
 * ImageOp op = OpRegistry.defaults().create("sobel", Map.of("normalized", false));
 * Pipeline p = OpRegistry.defaults().pipeline("rgb_to_grayscale | sobel(normalized=false)");
 * }</pre>
 */
public final class OpRegistry {

    private static volatile OpRegistry defaults;

    private final Map<String, OpDefinition> ops = new TreeMap<>();

    /** Creates an empty registry; most callers want {@link #defaults()}. */
    public OpRegistry() {}

    /**
     * The registry of every op shipped on the class path (all {@link OpProvider}s found by
     * {@link ServiceLoader}), built once.
     *
     * @return the shared registry; do not register into it
     */
    public static OpRegistry defaults() {
        OpRegistry r = defaults;
        if (r == null) {
            synchronized (OpRegistry.class) {
                r = defaults;
                if (r == null) {
                    r = new OpRegistry();
                    for (OpProvider provider : ServiceLoader.load(OpProvider.class, OpRegistry.class.getClassLoader())) {
                        provider.register(r);
                    }
                    defaults = r;
                }
            }
        }
        return r;
    }

    /**
     * Adds an op.
     *
     * @param definition the op
     * @return this registry
     * @throws IllegalArgumentException if the name is taken
     */
    public synchronized OpRegistry register(OpDefinition definition) {
        if (ops.putIfAbsent(definition.name(), definition) != null) {
            throw new IllegalArgumentException("registry: op " + definition.name() + " is already registered");
        }
        return this;
    }

    /**
     * @param name a Kornia name
     * @return whether it is registered
     */
    public synchronized boolean contains(String name) {
        return ops.containsKey(name);
    }

    /**
     * Looks an op up.
     *
     * @param name a Kornia name
     * @return its definition
     * @throws IllegalArgumentException for an unknown name, listing the registered ones
     */
    public synchronized OpDefinition get(String name) {
        OpDefinition d = ops.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown op '" + name + "'; valid ops: " + String.join(", ", ops.keySet()));
        }
        return d;
    }

    /**
     * Builds a configured op.
     *
     * @param name a Kornia name
     * @param kwargs keyword arguments (see {@link OpDefinition#bind})
     * @return the op
     * @throws IllegalArgumentException for an unknown op or bad arguments
     */
    public ImageOp create(String name, Map<String, ?> kwargs) {
        return get(name).create(kwargs);
    }

    /**
     * Parses a pipeline spec such as {@code rgb_to_grayscale | sobel(normalized=false)} against this registry.
     *
     * @param spec the text
     * @return the pipeline
     * @throws IllegalArgumentException for syntax errors, unknown ops or bad parameters
     * @see PipelineSpec
     */
    public Pipeline pipeline(String spec) {
        return PipelineSpec.parse(spec, this);
    }

    /** @return the registered names, sorted */
    public synchronized List<String> names() {
        return List.copyOf(ops.keySet());
    }
}
