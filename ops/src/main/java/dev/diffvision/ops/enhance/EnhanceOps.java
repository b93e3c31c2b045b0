package dev.diffvision.ops.enhance;

import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.registry.ImageOp;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;
import dev.diffvision.ops.registry.Samples;

/**
 * Registers the enhance ops under their Kornia names, with Kornia's keyword parameters and defaults.
 *
 * <p>Factors that Kornia takes as a float or a tensor are {@link ParamType#TENSOR} parameters: a number gives
 * a 0-d tensor (the whole batch), nested lists a per-image / per-channel tensor. Where Kornia has no default
 * (the factor is required there), the default here is the identity value, so that {@code adjust_gamma} alone
 * in a pipeline spec is valid and changes nothing.
 */
public final class EnhanceOps implements OpProvider {

    /** Bin centres the test harness gives histogram and histogram2d (its sample values are uniform in [0, 1)). */
    private static final double[] HISTOGRAM_BINS = {0, 0.25, 0.5, 0.75, 1};


    @Override
    public void register(OpRegistry registry) {
        registerNormalize(registry);
        registerAdjust(registry);
        registerLookups(registry);
        registry.register(OpDefinition.builder("add_weighted", "src1 * alpha + src2 * beta + gamma")
                .param(ParamSpec.of("alpha", ParamType.FLOAT, 1.0, "weight of the input"))
                .param(ParamSpec.optional("src2", ParamType.TENSOR,
                        "the second image, (C, H, W) or the input's shape; none = zeros"))
                .param(ParamSpec.of("beta", ParamType.FLOAT, 1.0, "weight of src2"))
                .param(ParamSpec.of("gamma", ParamType.FLOAT, 0.0, "added to the sum"))
                .factory(args -> {
                    double alpha = args.real("alpha");
                    double beta = args.real("beta");
                    double gamma = args.real("gamma");
                    return scoped(x -> Core.addWeighted(x, alpha,
                            args.isPresent("src2") ? args.tensor("src2", x) : x.zerosLike(), beta, gamma));
                })
                .build());
    }

    private static void registerNormalize(OpRegistry registry) {
        registry.register(OpDefinition.builder("normalize", "(x - mean) / std per channel")
                .param(ParamSpec.of("mean", ParamType.TENSOR, 0.0, "a number, (C) or (B, C)"))
                .param(ParamSpec.of("std", ParamType.TENSOR, 1.0, "a number, (C) or (B, C)"))
                .factory(args -> scoped(x -> Normalize.normalize(x, args.tensor("mean", x), args.tensor("std", x))))
                .build());
        registry.register(OpDefinition.builder("denormalize", "x * std + mean per channel")
                .param(ParamSpec.of("mean", ParamType.TENSOR, 0.0, "a number, (C) or (B, C)"))
                .param(ParamSpec.of("std", ParamType.TENSOR, 1.0, "a number, (C) or (B, C)"))
                .factory(args -> scoped(x -> Normalize.denormalize(x, args.tensor("mean", x),
                        args.tensor("std", x))))
                .build());
        registry.register(OpDefinition.builder("normalize_min_max", "rescale each channel to [min_val, max_val]")
                .param(ParamSpec.of("min_val", ParamType.FLOAT, 0.0, "the new minimum"))
                .param(ParamSpec.of("max_val", ParamType.FLOAT, 1.0, "the new maximum"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, 1e-6, "added to each channel's range"))
                .factory(args -> {
                    double lo = args.real("min_val");
                    double hi = args.real("max_val");
                    double eps = args.real("eps");
                    return x -> Normalize.normalizeMinMax(x, lo, hi, eps);
                })
                .build());
    }

    private static void registerAdjust(OpRegistry registry) {
        registry.register(OpDefinition.builder("adjust_brightness", "clamp(x + factor, 0, 1)")
                .param(ParamSpec.of("factor", ParamType.TENSOR, 0.0, "a number or one per image"))
                .param(ParamSpec.of("clip_output", ParamType.BOOLEAN, true, "clamp to [0, 1]"))
                .factory(args -> {
                    boolean clip = args.bool("clip_output");
                    return scoped(x -> Adjust.adjustBrightness(x, args.tensor("factor", x), clip));
                })
                .build());
        registry.register(OpDefinition.builder("adjust_brightness_accumulative", "clamp(x * factor, 0, 1)")
                .param(ParamSpec.of("factor", ParamType.TENSOR, 1.0, "a number or one per image"))
                .param(ParamSpec.of("clip_output", ParamType.BOOLEAN, true, "clamp to [0, 1]"))
                .factory(args -> {
                    boolean clip = args.bool("clip_output");
                    return scoped(x -> Adjust.adjustBrightnessAccumulative(x, args.tensor("factor", x), clip));
                })
                .build());
        registry.register(OpDefinition.builder("adjust_contrast", "clamp(x * factor, 0, 1), factor >= 0")
                .param(ParamSpec.of("factor", ParamType.TENSOR, 1.0, "a number or one per image, >= 0"))
                .param(ParamSpec.of("clip_output", ParamType.BOOLEAN, true, "clamp to [0, 1]"))
                .factory(args -> {
                    boolean clip = args.bool("clip_output");
                    return scoped(x -> Adjust.adjustContrast(x, args.tensor("factor", x), clip));
                })
                .build());
        registry.register(OpDefinition.builder("adjust_contrast_with_mean_subtraction",
                        "clamp(x * f + mean_gray * (1 - f), 0, 1) (PIL's contrast)")
                .param(ParamSpec.of("factor", ParamType.TENSOR, 1.0, "a number or one per image"))
                .factory(args -> scoped(x -> Adjust.adjustContrastWithMeanSubtraction(x, args.tensor("factor", x))))
                .build());
        registry.register(OpDefinition.builder("adjust_gamma", "clamp(gain * x^gamma, 0, 1)")
                .param(ParamSpec.of("gamma", ParamType.TENSOR, 1.0, "a number or one per image, >= 0"))
                .param(ParamSpec.of("gain", ParamType.TENSOR, 1.0, "a number or one per image, >= 0"))
                .factory(args -> scoped(x -> Adjust.adjustGamma(x, args.tensor("gamma", x), args.tensor("gain", x))))
                .build());
        registry.register(OpDefinition.builder("adjust_hue", "turn the HSV hue of RGB by factor radians")
                .param(ParamSpec.of("factor", ParamType.TENSOR, 0.0, "radians in [-pi, pi], a number or one per image"))
                .factory(args -> scoped(x -> Adjust.adjustHue(x, args.tensor("factor", x))))
                .build());
        registry.register(OpDefinition.builder("adjust_saturation", "scale the HSV saturation of RGB, clipped to [0, 1]")
                .param(ParamSpec.of("factor", ParamType.TENSOR, 1.0, ">= 0, a number or one per image"))
                .factory(args -> scoped(x -> Adjust.adjustSaturation(x, args.tensor("factor", x))))
                .build());
        registry.register(OpDefinition.builder("adjust_saturation_with_gray_subtraction",
                        "blend RGB with its grayscale: (1 - f) * gray + f * x")
                .param(ParamSpec.of("factor", ParamType.TENSOR, 1.0, "a number or one per image"))
                .factory(args -> scoped(x -> Adjust.adjustSaturationWithGraySubtraction(x,
                        args.tensor("factor", x))))
                .build());
        registry.register(OpDefinition.builder("adjust_log", "gain * log2(1 + x), or gain * (2^x - 1) with inv")
                .param(ParamSpec.of("gain", ParamType.FLOAT, 1.0, "the multiplier"))
                .param(ParamSpec.of("inv", ParamType.BOOLEAN, false, "the inverse correction"))
                .param(ParamSpec.of("clip_output", ParamType.BOOLEAN, true, "clamp to [0, 1]"))
                .factory(args -> {
                    double gain = args.real("gain");
                    boolean inv = args.bool("inv");
                    boolean clip = args.bool("clip_output");
                    return x -> Adjust.adjustLog(x, gain, inv, clip);
                })
                .build());
        registry.register(OpDefinition.builder("adjust_sigmoid", "1 / (1 + exp(gain * (cutoff - x)))")
                .param(ParamSpec.of("cutoff", ParamType.FLOAT, 0.5, "the input mapped to 0.5"))
                .param(ParamSpec.of("gain", ParamType.FLOAT, 10.0, "the slope"))
                .param(ParamSpec.of("inv", ParamType.BOOLEAN, false, "one minus the sigmoid"))
                .factory(args -> {
                    double cutoff = args.real("cutoff");
                    double gain = args.real("gain");
                    boolean inv = args.bool("inv");
                    return x -> Adjust.adjustSigmoid(x, cutoff, gain, inv);
                })
                .build());
        registry.register(OpDefinition.builder("invert", "max_val - x")
                .param(ParamSpec.of("max_val", ParamType.TENSOR, 1.0, "a number or a tensor broadcastable to x"))
                .factory(args -> scoped(x -> Adjust.invert(x, args.tensor("max_val", x))))
                .build());
        registry.register(OpDefinition.builder("solarize", "where(x < thresholds, x, 1 - x), after x + additions")
                .param(ParamSpec.of("thresholds", ParamType.TENSOR, 0.5, "a number or one per image"))
                .param(ParamSpec.optional("additions", ParamType.TENSOR,
                        "none, a number or one per image, in (-0.5, 0.5)"))
                .factory(args -> scoped(x -> Adjust.solarize(x, args.tensor("thresholds", x),
                        args.tensor("additions", x))))
                .build());
        registry.register(OpDefinition.builder("sharpness", "blend with a 3x3 smoothed copy (PIL's sharpness)")
                .param(ParamSpec.of("factor", ParamType.TENSOR, 1.0, "a number or one per image"))
                .factory(args -> scoped(x -> Adjust.sharpness(x, args.tensor("factor", x))))
                .build());
    }

    private static void registerLookups(OpRegistry registry) {
        registry.register(OpDefinition.builder("posterize", "keep the high bits of each 8-bit level")
                .param(ParamSpec.of("bits", ParamType.TENSOR, 8, "an integer in [0, 8], or one per image"))
                .notDifferentiable()
                .factory(args -> scoped(x -> Adjust.posterize(x, args.tensor("bits", x))))
                .build());
        registry.register(OpDefinition.builder("image_histogram2d",
                        "per-channel histogram by kernel density, (B, C, H, W) -> (B, C, n_bins)")
                .param(ParamSpec.of("min", ParamType.FLOAT, 0.0, "the range's lower end"))
                .param(ParamSpec.of("max", ParamType.FLOAT, 255.0, "the range's upper end"))
                .param(ParamSpec.of("n_bins", ParamType.INT, 256, "the number of bins"))
                .param(ParamSpec.optional("bandwidth", ParamType.FLOAT, "kernel width; none = (max - min) / n_bins"))
                .param(ParamSpec.of("kernel", ParamType.STRING, "triangular",
                        "triangular, gaussian, uniform or epanechnikov"))
                .factory(args -> {
                    double min = args.real("min");
                    double max = args.real("max");
                    int bins = args.integer("n_bins");
                    double bandwidth = args.isPresent("bandwidth") ? args.real("bandwidth") : -1;
                    Histogram.Kernel kernel = Histogram.Kernel.parse(args.text("kernel"), "image_histogram2d");
                    return x -> Histogram.imageHistogram2d(x, min, max, bins, bandwidth, kernel);
                })
                .build());
        registry.register(OpDefinition.builder("histogram",
                        "Gaussian-kernel density of each row of x (B, N) at the bin centres, (B, N_bins)")
                .param(ParamSpec.required("bins", ParamType.TENSOR, "(N_bins) bin centres"))
                .param(ParamSpec.required("bandwidth", ParamType.FLOAT, "the Gaussian's standard deviation, > 0"))
                .param(ParamSpec.of("epsilon", ParamType.FLOAT, Histogram.DEFAULT_EPS, "added to the normaliser"))
                .geometry(2, 6)
                .sampleArg("bins", HostTensor.of(HISTOGRAM_BINS, HISTOGRAM_BINS.length))
                .sampleArg("bandwidth", 0.3)
                .factory(args -> {
                    double bandwidth = args.real("bandwidth");
                    double eps = args.real("epsilon");
                    return scoped(x -> Histogram.histogram(x, args.tensor("bins", x), bandwidth, eps));
                })
                .build());
        registry.register(OpDefinition.builder("histogram2d",
                        "joint Gaussian-kernel density of the rows of x1 (B, N) and x2 (B, N), (B, N_bins, N_bins)")
                .param(ParamSpec.required("x2", ParamType.TENSOR, "(B, N) the second values"))
                .param(ParamSpec.required("bins", ParamType.TENSOR, "(N_bins) bin centres"))
                .param(ParamSpec.required("bandwidth", ParamType.FLOAT, "the Gaussian's standard deviation, > 0"))
                .param(ParamSpec.of("epsilon", ParamType.FLOAT, Histogram.DEFAULT_EPS, "added to the normaliser"))
                .geometry(2, 6)
                .sampleArg("x2", Samples.uniform(2, 6))
                .sampleArg("bins", HostTensor.of(HISTOGRAM_BINS, HISTOGRAM_BINS.length))
                .sampleArg("bandwidth", 0.3)
                .factory(args -> {
                    double bandwidth = args.real("bandwidth");
                    double eps = args.real("epsilon");
                    return scoped(x -> Histogram.histogram2d(x, args.tensor("x2", x), args.tensor("bins", x), bandwidth,
                            eps));
                })
                .build());
        registry.register(OpDefinition.builder("equalize_clahe",
                        "contrast-limited adaptive histogram equalisation per channel (tile LUTs, bilinear)")
                .param(ParamSpec.of("clip_limit", ParamType.FLOAT, 40.0, "contrast limit; 0 disables clipping"))
                .param(ParamSpec.of("grid_size", ParamType.INT_LIST, java.util.List.of(8, 8), "tiles (GH, GW)"))
                .param(ParamSpec.of("slow_and_differentiable", ParamType.BOOLEAN, false,
                        "kernel-density histograms and unfloored LUTs (gradients flow)"))
                .sampleShape(2, 3, 14, 18)
                .sampleArg("grid_size", java.util.List.of(2, 3))
                .notDifferentiable()
                .factory(args -> {
                    double clip = args.real("clip_limit");
                    int[] grid = args.ints("grid_size");
                    boolean differentiable = args.bool("slow_and_differentiable");
                    return x -> Equalization.equalizeClahe(x, clip, grid, differentiable);
                })
                .build());
        registry.register(OpDefinition.builder("equalize", "PIL-style histogram equalisation per channel")
                .notDifferentiable()
                .factory(args -> Adjust::equalize)
                .build());
    }

    /** Runs {@code op} scoped, so tensors made from parameters for one call are freed with its temporaries. */
    private static ImageOp scoped(ImageOp op) {
        return x -> Scoped.run(() -> op.apply(x), x);
    }
}
