package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.registry.ImageOp;
import dev.diffvision.ops.registry.OpArgs;
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
        registerBlurs(registry);
        registerEdgePreserving(registry);
        registerVolumes(registry);
    }

    private static void registerBlurs(OpRegistry registry) {
        registry.register(OpDefinition.builder("motion_blur", "every channel blurred along a line at an angle")
                .param(ParamSpec.required("kernel_size", ParamType.INT, "the line's window size, odd and >= 3"))
                .param(ParamSpec.required("angle", ParamType.TENSOR, "degrees counter-clockwise, a number or (B)"))
                .param(ParamSpec.required("direction", ParamType.TENSOR,
                        "in [-1, 1]: 0 uniform, 1 heavy at the back end; a number or (B)"))
                .param(border("constant"))
                .param(ParamSpec.of("mode", ParamType.STRING, "nearest", "line resampling: nearest or bilinear"))
                .sampleArg("kernel_size", 3)
                .sampleArg("angle", 35.0)
                .sampleArg("direction", 0.5)
                .factory(args -> {
                    String op = "motion_blur";
                    int size = args.integer("kernel_size");
                    double[] angle = OpParams.column(args.hostTensor("angle"), op, "angle");
                    double[] direction = OpParams.column(args.hostTensor("direction"), op, "direction");
                    BorderType border = BorderType.parse(args.text("border_type"), op);
                    Motion.Mode mode = Motion.Mode.parse(args.text("mode"), op);
                    return x -> Motion.motionBlur(x, size, angle, direction, border, mode);
                })
                .build());
        registry.register(OpDefinition.builder("blur_pool2d", "binomial blur and subsampling by stride")
                .param(ParamSpec.required("kernel_size", ParamType.INT_LIST, "(kh, kw) or one size"))
                .param(ParamSpec.of("stride", ParamType.INT, 2, "the subsampling step"))
                .sampleArg("kernel_size", 3)
                .factory(args -> {
                    int[] size = args.ints("kernel_size");
                    int stride = args.integer("stride");
                    return x -> BlurPool.blurPool2d(x, size, stride);
                })
                .build());
        registry.register(OpDefinition.builder("max_blur_pool2d",
                        "stride-1 max pool, then binomial blur and subsampling by stride")
                .param(ParamSpec.required("kernel_size", ParamType.INT_LIST, "(kh, kw) or one size"))
                .param(ParamSpec.of("stride", ParamType.INT, 2, "the subsampling step"))
                .param(ParamSpec.of("max_pool_size", ParamType.INT, 2, "the max-pool window"))
                .param(ParamSpec.of("ceil_mode", ParamType.BOOLEAN, false, "torch's max_pool2d ceil_mode"))
                .sampleArg("kernel_size", 3)
                .factory(args -> {
                    int[] size = args.ints("kernel_size");
                    int stride = args.integer("stride");
                    int pool = args.integer("max_pool_size");
                    boolean ceil = args.bool("ceil_mode");
                    return x -> BlurPool.maxBlurPool2d(x, size, stride, pool, ceil);
                })
                .build());
        registry.register(OpDefinition.builder("unsharp_mask", "x + (x - gaussian_blur2d(x)): sharpening")
                .param(ParamSpec.required("kernel_size", ParamType.INT_LIST, "(kh, kw) or one size, odd"))
                .param(ParamSpec.required("sigma", ParamType.TENSOR,
                        "(sigma_y, sigma_x), one number for both, or (B, 2) per image"))
                .param(border("reflect"))
                .sampleArg("kernel_size", java.util.List.of(3, 5))
                .sampleArg("sigma", java.util.List.of(1.0, 1.5))
                .factory(args -> {
                    String op = "unsharp_mask";
                    int[] size = args.ints("kernel_size");
                    double[][] sigma = OpParams.sigmaPairs(args.hostTensor("sigma"), op);
                    BorderType border = BorderType.parse(args.text("border_type"), op);
                    return x -> Unsharp.unsharpMask(x, size, sigma, border);
                })
                .build());
    }

    private static void registerEdgePreserving(OpRegistry registry) {
        registry.register(bilateral("bilateral_blur", "edge-preserving bilateral filter of every channel")
                .factory(args -> bilateralFactory(args, "bilateral_blur", (x, size, sc, ss, border, distance) ->
                        Bilateral.bilateralBlur(x, size, sc, ss, border, distance)))
                .build());
        registry.register(bilateral("joint_bilateral_blur", "bilateral filter with colour weights from guidance")
                .param(ParamSpec.required("guidance", ParamType.TENSOR,
                        "(B or 1, Cg, H, W) or (Cg, H, W): where the colour weights come from"))
                .sampleArg("guidance", sampleImage(3, 8, 9))
                .factory(args -> bilateralFactory(args, "joint_bilateral_blur", (x, size, sc, ss, border, distance) ->
                        Bilateral.jointBilateralBlur(x, args.tensor("guidance", x), size, sc, ss, border, distance)))
                .build());
        registry.register(OpDefinition.builder("guided_blur", "guided filter (He et al.); self-guided without guidance")
                .param(ParamSpec.optional("guidance", ParamType.TENSOR,
                        "(B or 1, Cg, H, W) or (Cg, H, W); none = the input guides itself"))
                .param(ParamSpec.required("kernel_size", ParamType.INT_LIST, "box window (ky, kx) or one size"))
                .param(ParamSpec.required("eps", ParamType.TENSOR, "regularisation > 0, a number or (B)"))
                .param(border("reflect"))
                .param(ParamSpec.of("subsample", ParamType.INT, 1, "fast guided filter factor, dividing H and W"))
                .sampleArg("kernel_size", 3)
                .sampleArg("eps", 0.05)
                .factory(args -> {
                    String op = "guided_blur";
                    int[] size = args.ints("kernel_size");
                    double[] eps = OpParams.column(args.hostTensor("eps"), op, "eps");
                    BorderType border = BorderType.parse(args.text("border_type"), op);
                    int subsample = args.integer("subsample");
                    return x -> Scoped.run(() -> Guided.guidedBlur(x,
                            args.isPresent("guidance") ? args.tensor("guidance", x) : null, size, eps, border,
                            subsample), x);
                })
                .build());
    }

    private static void registerVolumes(OpRegistry registry) {
        registry.register(OpDefinition.builder("filter3d",
                        "every channel of a volume (B, C, D, H, W) filtered with a 3-D kernel (1|B, kd, kh, kw)")
                .param(ParamSpec.required("kernel", ParamType.TENSOR, "(1, kd, kh, kw) shared or (B, kd, kh, kw)"))
                .param(border("replicate"))
                .param(ParamSpec.of("normalized", ParamType.BOOLEAN, false, "divide the kernel by its L1 norm"))
                .volume(2, 3, 4, 5, 6)
                .sampleArg("kernel", java.util.List.of(sampleImage(3, 3, 2)))
                .factory(args -> {
                    BorderType border = BorderType.parse(args.text("border_type"), "filter3d");
                    boolean normalized = args.bool("normalized");
                    return x -> Scoped.run(() -> Filter.filter3d(x, args.tensor("kernel", x), border, normalized), x);
                })
                .build());
        registry.register(OpDefinition.builder("spatial_gradient3d",
                        "central-difference derivatives of a volume, (B, C, D, H, W) -> (B, C, 3|6, D, H, W)")
                .param(ParamSpec.of("mode", ParamType.STRING, "diff", "derivative kernels: diff only"))
                .param(ParamSpec.of("order", ParamType.INT, 1, "derivative order, 1 or 2"))
                .volume(2, 3, 4, 5, 6)
                .factory(args -> {
                    GradientMode mode = GradientMode.parse(args.text("mode"));
                    int order = args.integer("order");
                    Checks.oneOf(order, "spatial_gradient3d", "order", 1, 2);
                    return x -> Sobel.spatialGradient3d(x, mode, order);
                })
                .build());
    }

    /** Kornia's bilateral filters' arguments, bound. */
    private interface BilateralCall {
        NDArray apply(NDArray x, int[] size, double[] sigmaColor, double[][] sigmaSpace, BorderType border,
                      Bilateral.ColorDistance distance);
    }

    private static OpDefinition.Builder bilateral(String name, String summary) {
        return OpDefinition.builder(name, summary)
                .param(ParamSpec.required("kernel_size", ParamType.INT_LIST, "(ky, kx) or one size, odd"))
                .param(ParamSpec.required("sigma_color", ParamType.TENSOR, "colour Gaussian sigma, a number or (B)"))
                .param(ParamSpec.required("sigma_space", ParamType.TENSOR,
                        "space Gaussian (sigma_y, sigma_x), one number for both, or (B, 2)"))
                .param(border("reflect"))
                .param(ParamSpec.of("color_distance_type", ParamType.STRING, "l1", "l1 (OpenCV) or l2 (Matlab)"))
                .sampleArg("kernel_size", 3)
                .sampleArg("sigma_color", 0.3)
                .sampleArg("sigma_space", java.util.List.of(1.5, 1.0));
    }

    private static ImageOp bilateralFactory(OpArgs args, String op, BilateralCall call) {
        int[] size = args.ints("kernel_size");
        double[] sigmaColor = OpParams.column(args.hostTensor("sigma_color"), op, "sigma_color");
        double[][] sigmaSpace = OpParams.sigmaPairs(args.hostTensor("sigma_space"), op);
        BorderType border = BorderType.parse(args.text("border_type"), op);
        Bilateral.ColorDistance distance = Bilateral.ColorDistance.parse(args.text("color_distance_type"), op);
        return x -> Scoped.run(() -> call.apply(x, size, sigmaColor, sigmaSpace, border, distance), x);
    }

    /** A smooth deterministic {@code (c, h, w)} sample as nested lists (guidance or kernel for the harness). */
    private static java.util.List<Object> sampleImage(int c, int h, int w) {
        java.util.List<Object> channels = new java.util.ArrayList<>();
        for (int k = 0; k < c; k++) {
            java.util.List<Object> rows = new java.util.ArrayList<>();
            for (int i = 0; i < h; i++) {
                java.util.List<Object> row = new java.util.ArrayList<>();
                for (int j = 0; j < w; j++) {
                    row.add(0.5 + 0.4 * Math.sin(0.9 * i + 1.7 * j + 2.3 * k));
                }
                rows.add(row);
            }
            channels.add(rows);
        }
        return channels;
    }

    private static ParamSpec border(String defaultValue) {
        return ParamSpec.of("border_type", ParamType.STRING, defaultValue,
                "constant, reflect, replicate or circular");
    }
}
