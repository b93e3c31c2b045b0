package dev.diffvision.ops.core;

/**
 * libtorch threading for one JVM, read once when the engine starts.
 *
 * <p>{@code 0} means "libtorch's default" (one intra-op thread per core). In Spark, run one task per core and
 * set {@code intraOpThreads} to {@code spark.task.cpus} so tasks do not oversubscribe cores.
 *
 * <p>Read from system properties first, then environment variables:
 * <ul>
 *   <li>{@code diffvision.threads} / {@code DIFFVISION_THREADS}: intra-op threads</li>
 *   <li>{@code diffvision.interop.threads} / {@code DIFFVISION_INTEROP_THREADS}: inter-op threads</li>
 * </ul>
 *
 * @param intraOpThreads libtorch intra-op threads, >= 0
 * @param interOpThreads libtorch inter-op threads, >= 0; takes effect only before the engine's first load
 */
public record EngineConfig(int intraOpThreads, int interOpThreads) {

    /** Validates the counts. */
    public EngineConfig {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("engine: expected thread counts >= 0, got intra=" + intraOpThreads
                    + " inter=" + interOpThreads);
        }
    }

    /** @return libtorch's own defaults for both counts */
    public static EngineConfig defaults() {
        return new EngineConfig(0, 0);
    }

    /**
     * Reads the configuration from system properties and environment variables (see the class comment).
     *
     * @return the configuration; unset values are 0
     * @throws IllegalArgumentException if a value is not a non-negative integer
     */
    public static EngineConfig fromEnvironment() {
        return new EngineConfig(read("diffvision.threads", "DIFFVISION_THREADS"),
                read("diffvision.interop.threads", "DIFFVISION_INTEROP_THREADS"));
    }

    private static int read(String property, String env) {
        String text = System.getProperty(property, System.getenv(env));
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("engine: expected " + property + " (or " + env
                    + ") to be an integer, got '" + text + "'", e);
        }
    }
}
