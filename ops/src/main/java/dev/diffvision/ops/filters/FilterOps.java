package dev.diffvision.ops.filters;

import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;

/**
 * Registers the filter ops under their Kornia names, with Kornia's keyword parameters and defaults. Tensor
 * arguments (kernels, per-image sigmas) are {@link ParamType#TENSOR} parameters; Kornia's required arguments stay
 * required, and each op declares sample values for the registry-wide test harness. The kernel factories are
 * registered by {@link KernelFactoryOps}.
 */
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
        registry.register(OpDefinition.builder("filter2d", "every channel filtered with a 2-D kernel (1|B, kh, kw)")
                .param(ParamSpec.required("kernel", ParamType.TENSOR, "(1, kh, kw) shared or (B, kh, kw) per image"))
                .param(border("reflect"))
                .param(ParamSpec.of("normalized", ParamType.BOOLEAN, false, "divide the kernel by its L1 norm"))
                .param(ParamSpec.of("padding", ParamType.STRING, "same", "same or valid"))
                .param(ParamSpec.of("behaviour", ParamType.STRING, "corr", "corr (cross-correlation) or conv"))
                .sampleArg("kernel", java.util.List.of(java.util.List.of(
                        java.util.List.of(1, 2, 0), java.util.List.of(-1, 4, 2), java.util.List.of(0, 1, -3))))
                .factory(args -> {
                    String op = "filter2d";
                    BorderType border = BorderType.parse(args.text("border_type"), op);
                    boolean normalized = args.bool("normalized");
                    Filter.PaddingMode padding = Filter.PaddingMode.parse(args.text("padding"), op);
                    Filter.Behaviour behaviour = Filter.Behaviour.parse(args.text("behaviour"), op);
                    return x -> Filter.filter2d(x, args.tensor("kernel", x), border, normalized, padding, behaviour);
                })
                .build());
        registry.register(OpDefinition.builder("filter2d_separable",
                        "every channel filtered with kernel_x along rows, then kernel_y along columns")
                .param(ParamSpec.required("kernel_x", ParamType.TENSOR, "(1, kw) or (B, kw)"))
                .param(ParamSpec.required("kernel_y", ParamType.TENSOR, "(1, kh) or (B, kh)"))
                .param(border("reflect"))
                .param(ParamSpec.of("normalized", ParamType.BOOLEAN, false, "divide the kernels by their L1 norm"))
                .param(ParamSpec.of("padding", ParamType.STRING, "same", "same or valid"))
                .sampleArg("kernel_x", java.util.List.of(java.util.List.of(1, -2, 3)))
                .sampleArg("kernel_y", java.util.List.of(java.util.List.of(0.5, 1, 2, 1, -0.5)))
                .factory(args -> {
                    String op = "filter2d_separable";
                    BorderType border = BorderType.parse(args.text("border_type"), op);
                    boolean normalized = args.bool("normalized");
                    Filter.PaddingMode padding = Filter.PaddingMode.parse(args.text("padding"), op);
                    return x -> Filter.filter2dSeparable(x, args.tensor("kernel_x", x), args.tensor("kernel_y", x),
                            border, normalized, padding);
                })
                .build());
        registry.register(OpDefinition.builder("gaussian_blur2d", "Gaussian smoothing of every channel")
                .param(ParamSpec.required("kernel_size", ParamType.INT_LIST, "(kh, kw) or one size, odd"))
                .param(ParamSpec.required("sigma", ParamType.TENSOR,
                        "(sigma_y, sigma_x), one number for both, or (B, 2) per image"))
                .param(border("reflect"))
                .param(ParamSpec.of("separable", ParamType.BOOLEAN, true, "two 1-D passes"))
                .sampleArg("kernel_size", java.util.List.of(3, 5))
                .sampleArg("sigma", java.util.List.of(1.0, 1.5))
                .factory(args -> {
                    String op = "gaussian_blur2d";
                    int[] size = args.ints("kernel_size");
                    double[][] sigma = OpParams.sigmaPairs(args.hostTensor("sigma"), op);
                    BorderType border = BorderType.parse(args.text("border_type"), op);
                    boolean separable = args.bool("separable");
                    return x -> Gaussian.gaussianBlur2d(x, size, sigma, border, separable);
                })
                .build());
        registry.register(OpDefinition.builder("box_blur", "mean over a (kh, kw) window of every channel")
                .param(ParamSpec.required("kernel_size", ParamType.INT_LIST, "(kh, kw) or one size"))
                .param(border("reflect"))
                .param(ParamSpec.of("separable", ParamType.BOOLEAN, false, "two 1-D passes"))
                .sampleArg("kernel_size", java.util.List.of(3, 2))
                .factory(args -> {
                    int[] size = args.ints("kernel_size");
                    BorderType border = BorderType.parse(args.text("border_type"), "box_blur");
                    boolean separable = args.bool("separable");
                    return x -> Blur.boxBlur(x, size, border, separable);
                })
                .build());
        registry.register(OpDefinition.builder("median_blur", "median over a (kh, kw) window, zero padding")
                .param(ParamSpec.required("kernel_size", ParamType.INT_LIST, "(kh, kw) or one size, odd"))
                .sampleArg("kernel_size", java.util.List.of(3, 3))
                .factory(args -> {
                    int[] size = args.ints("kernel_size");
                    return x -> Median.medianBlur(x, size);
                })
                .build());
        registry.register(OpDefinition.builder("laplacian", "Laplacian filter of every channel")
                .param(ParamSpec.required("kernel_size", ParamType.INT_LIST, "(kh, kw) or one size, odd"))
                .param(border("reflect"))
                .param(ParamSpec.of("normalized", ParamType.BOOLEAN, true, "divide the kernel by its L1 norm"))
                .sampleArg("kernel_size", 3)
                .factory(args -> {
                    int[] size = args.ints("kernel_size");
                    BorderType border = BorderType.parse(args.text("border_type"), "laplacian");
                    boolean normalized = args.bool("normalized");
                    return x -> Laplacian.laplacian(x, size, border, normalized);
                })
                .build());
        registry.register(OpDefinition.builder("canny",
                        "Canny edges (B, 1, H, W) of a gray or RGB image: 0/1 (0/0.5/1 without hysteresis)")
                .param(ParamSpec.of("low_threshold", ParamType.FLOAT, Canny.DEFAULT_LOW, "weak edge threshold"))
                .param(ParamSpec.of("high_threshold", ParamType.FLOAT, Canny.DEFAULT_HIGH, "strong edge threshold"))
                .param(ParamSpec.of("kernel_size", ParamType.INT_LIST, java.util.List.of(5, 5), "Gaussian size"))
                .param(ParamSpec.of("sigma", ParamType.FLOAT_LIST, java.util.List.of(1, 1),
                        "Gaussian (sigma_y, sigma_x) or one number"))
                .param(ParamSpec.of("hysteresis", ParamType.BOOLEAN, true, "track weak edges next to strong ones"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, Canny.DEFAULT_EPS, "added inside the square root"))
                .sampleShape(2, 1, 8, 9)
                .notDifferentiable()
                .factory(args -> {
                    double low = args.real("low_threshold");
                    double high = args.real("high_threshold");
                    int[] size = args.ints("kernel_size");
                    double[] s = args.reals("sigma");
                    double[] sigma = s.length == 1 ? new double[] {s[0], s[0]} : s;
                    boolean hysteresis = args.bool("hysteresis");
                    double eps = args.real("eps");
                    return x -> {
                        ai.djl.ndarray.NDList both = Canny.canny(x, low, high, size, sigma, hysteresis, eps);
                        both.get(0).close();
                        return both.get(1);
                    };
                })
                .build());
    }

    private static ParamSpec border(String defaultValue) {
        return ParamSpec.of("border_type", ParamType.STRING, defaultValue,
                "constant, reflect, replicate or circular");
    }
}
