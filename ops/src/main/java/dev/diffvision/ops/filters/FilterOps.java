package dev.diffvision.ops.filters;

import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;

/** Registers the filter ops under their Kornia names, with Kornia's keyword parameters and defaults. */
public final class FilterOps implements OpProvider {

    @Override
    public void register(OpRegistry registry) {
        registry.register(OpDefinition.builder("spatial_gradient",
                        "first or second derivatives of every channel, (B, C, H, W) -> (B, C, 2|3, H, W)")
                .param(ParamSpec.of("mode", ParamType.STRING, "sobel", "derivative kernels: sobel or diff"))
                .param(ParamSpec.of("order", ParamType.INT, 1, "derivative order, 1 or 2"))
                .param(ParamSpec.of("normalized", ParamType.BOOLEAN, true, "divide kernels by their L1 norm"))
                .factory(args -> {
                    GradientMode mode = GradientMode.parse(args.text("mode"));
                    int order = args.integer("order");
                    boolean normalized = args.bool("normalized");
                    Checks.oneOf(order, "spatial_gradient", "order", 1, 2);
                    return x -> Sobel.spatialGradient(x, mode, order, normalized);
                })
                .build());
        registry.register(OpDefinition.builder("sobel", "Sobel gradient magnitude of every channel")
                .param(ParamSpec.of("normalized", ParamType.BOOLEAN, true, "divide kernels by their L1 norm"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, Sobel.DEFAULT_EPS, "added inside the square root"))
                .factory(args -> {
                    boolean normalized = args.bool("normalized");
                    double eps = args.real("eps");
                    if (!(eps >= 0)) {
                        throw new IllegalArgumentException("sobel: expected eps >= 0, got " + eps);
                    }
                    return x -> Sobel.sobel(x, normalized, eps);
                })
                .build());
    }
}
