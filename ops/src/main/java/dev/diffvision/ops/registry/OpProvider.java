package dev.diffvision.ops.registry;

/**
 * Contributes a package's ops to the registry. Implementations are listed in
 * {@code META-INF/services/dev.diffvision.ops.registry.OpProvider} and found with {@link java.util.ServiceLoader},
 * so a new op family registers itself without touching the registry.
 */
public interface OpProvider {

    /**
     * Registers this provider's ops.
     *
     * @param registry the registry to add to
     */
    void register(OpRegistry registry);
}
