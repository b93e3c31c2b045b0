package dev.diffvision.ops.losses;

import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.registry.ImageOp;
import dev.diffvision.ops.registry.OpArgs;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;
import dev.diffvision.ops.registry.Samples;

/**
 * Registers the losses under their Kornia names ({@code kornia.losses}) as {@link OpDefinition.Kind#LOSS} ops.
 *
 * <p>The op's input is Kornia's first argument (the prediction: {@code pred}, {@code img1}, {@code image},
 * {@code idepth}); the second tensor is a {@link ParamType#TENSOR} parameter under Kornia's name ({@code target},
 * {@code img2}, {@code image}), required. Class labels travel as numbers holding integers. Kornia's defaults are
 * kept; arguments Kornia requires (e.g. {@code window_size}) are required here too. {@code ignore_index}
 * defaults to -100; an explicit none is the same (a label of -100 is never a valid class). {@code alpha} of
 * {@code binary_focal_loss_with_logits} does not accept none.
 */
public final class LossOps implements OpProvider {

    private static final String REDUCTION_DOC = "none, mean or sum";

    @Override
    public void register(OpRegistry registry) {
        registerSsim(registry);
        registerClassification(registry);
        registerRegression(registry);
    }

    private static void registerSsim(OpRegistry registry) {
        registry.register(ssimParams(OpDefinition.builder("ssim_loss", "clamp((1 - SSIM) / 2, 0, 1), reduced"))
                .param(ParamSpec.of("reduction", ParamType.STRING, "mean", REDUCTION_DOC))
                .param(ParamSpec.of("padding", ParamType.STRING, "same", "same or valid"))
                .sampleArg("img2", Samples.uniform(2, 3, 8, 9)).sampleArg("window_size", 5)
                .sampleShape(2, 3, 8, 9)
                .factory(args -> scoped(x -> SsimLoss.ssimLoss(x, args.tensor("img2", x), args.integer("window_size"),
                        args.real("max_val"), args.real("eps"), reduction(args), args.text("padding"))))
                .build());
        registry.register(ssimParams(OpDefinition.builder("ssim3d_loss", "1 - SSIM of volumes, reduced"))
                .param(ParamSpec.of("reduction", ParamType.STRING, "mean", REDUCTION_DOC))
                .param(ParamSpec.of("padding", ParamType.STRING, "same", "same or valid"))
                .sampleArg("img2", Samples.uniform(2, 1, 4, 6, 7)).sampleArg("window_size", 3)
                .sampleShape(2, 1, 4, 6, 7)
                .factory(args -> scoped(x -> SsimLoss.ssim3dLoss(x, args.tensor("img2", x),
                        args.integer("window_size"), args.real("max_val"), args.real("eps"), reduction(args),
                        args.text("padding"))))
                .build());
        registry.register(OpDefinition.builder("psnr_loss", "-PSNR = -10 log10(max_val^2 / MSE)")
                .param(ParamSpec.required("target", ParamType.TENSOR, "the reference, the input's shape"))
                .param(ParamSpec.required("max_val", ParamType.FLOAT, "the dynamic range, > 0"))
                .loss().sampleArg("target", Samples.uniform(2, 3, 4, 5)).sampleArg("max_val", 1.0)
                .sampleShape(2, 3, 4, 5)
                .factory(args -> scoped(x -> PsnrLoss.psnrLoss(x, args.tensor("target", x), args.real("max_val"))))
                .build());
    }

    /**
     * The parameters shared by the SSIM losses and metrics: {@code img2}, {@code window_size}, {@code max_val},
     * {@code eps}; declares the op a loss.
     *
     * @param builder the op's builder
     * @return the builder
     */
    public static OpDefinition.Builder ssimParams(OpDefinition.Builder builder) {
        return builder.loss()
                .param(ParamSpec.required("img2", ParamType.TENSOR, "the second image, the input's shape"))
                .param(ParamSpec.required("window_size", ParamType.INT, "odd Gaussian window size (sigma 1.5)"))
                .param(ParamSpec.of("max_val", ParamType.FLOAT, 1.0, "the dynamic range"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, 1e-12, "added to the denominator"));
    }

    private static void registerClassification(OpRegistry registry) {
        registry.register(OpDefinition.builder("focal_loss", "multi-class focal loss of logits (B, C, *)")
                .param(ParamSpec.required("target", ParamType.TENSOR, "(B, *) class indices"))
                .param(ParamSpec.optional("alpha", ParamType.FLOAT, "weight of classes 1..C-1 (class 0: 1 - alpha)"))
                .param(ParamSpec.of("gamma", ParamType.FLOAT, 2.0, "focusing parameter, >= 0"))
                .param(ParamSpec.of("reduction", ParamType.STRING, "none", REDUCTION_DOC))
                .param(ParamSpec.optional("weight", ParamType.TENSOR, "(C) class weights"))
                .param(ignoreIndex())
                .loss().sampleArg("target", Samples.labels(3, 0, 2, 4, 5)).sampleArg("alpha", 0.25)
                .sampleShape(2, 3, 4, 5)
                .factory(args -> scoped(x -> Focal.focalLoss(x, args.tensor("target", x),
                        args.isPresent("alpha") ? args.real("alpha") : null, args.real("gamma"), reduction(args),
                        args.tensor("weight", x), args.integer("ignore_index"))))
                .build());
        registry.register(OpDefinition.builder("binary_focal_loss_with_logits",
                        "focal loss of independent binary logits")
                .param(ParamSpec.required("target", ParamType.TENSOR, "targets in [0, 1], the input's shape"))
                .param(ParamSpec.of("alpha", ParamType.FLOAT, 0.25, "weight of the positive term"))
                .param(ParamSpec.of("gamma", ParamType.FLOAT, 2.0, "focusing parameter, >= 0"))
                .param(ParamSpec.of("reduction", ParamType.STRING, "none", REDUCTION_DOC))
                .param(ParamSpec.optional("pos_weight", ParamType.TENSOR, "(C) weights of the positive term"))
                .param(ParamSpec.optional("weight", ParamType.TENSOR, "(C) channel weights"))
                .param(ignoreIndex())
                .loss().sampleArg("target", Samples.uniform(2, 3, 4, 5)).sampleShape(2, 3, 4, 5)
                .factory(args -> scoped(x -> Focal.binaryFocalLossWithLogits(x, args.tensor("target", x),
                        args.real("alpha"), args.real("gamma"), reduction(args), args.tensor("pos_weight", x),
                        args.tensor("weight", x), args.integer("ignore_index"))))
                .build());
        registry.register(OpDefinition.builder("dice_loss", "1 - Dice coefficient of softmax and one-hot labels")
                .param(ParamSpec.required("target", ParamType.TENSOR, "(B, H, W) class indices"))
                .param(ParamSpec.of("average", ParamType.STRING, "micro", "micro or macro"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, 1e-8, "added to the denominator"))
                .param(ParamSpec.optional("weight", ParamType.TENSOR, "(C) class weights"))
                .param(ignoreIndex())
                .loss().sampleArg("target", Samples.labels(3, 0, 2, 4, 5)).sampleShape(2, 3, 4, 5)
                .factory(args -> scoped(x -> Dice.diceLoss(x, args.tensor("target", x), args.text("average"),
                        args.real("eps"), args.tensor("weight", x), args.integer("ignore_index"))))
                .build());
        registry.register(OpDefinition.builder("tversky_loss", "1 - Tversky index of softmax and one-hot labels")
                .param(ParamSpec.required("target", ParamType.TENSOR, "(B, H, W) class indices"))
                .param(ParamSpec.required("alpha", ParamType.FLOAT, "weight of false positives"))
                .param(ParamSpec.required("beta", ParamType.FLOAT, "weight of false negatives"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, 1e-8, "added to the denominator"))
                .param(ignoreIndex())
                .loss().sampleArg("target", Samples.labels(3, 0, 2, 4, 5)).sampleArg("alpha", 0.3)
                .sampleArg("beta", 0.7).sampleShape(2, 3, 4, 5)
                .factory(args -> scoped(x -> Dice.tverskyLoss(x, args.tensor("target", x), args.real("alpha"),
                        args.real("beta"), args.real("eps"), args.integer("ignore_index"))))
                .build());
        registry.register(OpDefinition.builder("lovasz_hinge_loss", "Lovász hinge (binary IoU surrogate)")
                .param(ParamSpec.required("target", ParamType.TENSOR, "(B, H, W) labels 0 or 1"))
                .loss().sampleArg("target", Samples.labels(2, 0, 2, 4, 5)).sampleShape(2, 1, 4, 5)
                .factory(args -> scoped(x -> Lovasz.lovaszHingeLoss(x, args.tensor("target", x))))
                .build());
        registry.register(OpDefinition.builder("lovasz_softmax_loss", "Lovász-softmax (multi-class IoU surrogate)")
                .param(ParamSpec.required("target", ParamType.TENSOR, "(B, H, W) class indices"))
                .param(ParamSpec.optional("weight", ParamType.TENSOR, "(C) class weights"))
                .loss().sampleArg("target", Samples.labels(3, 0, 2, 4, 5)).sampleShape(2, 3, 4, 5)
                .factory(args -> scoped(x -> Lovasz.lovaszSoftmaxLoss(x, args.tensor("target", x),
                        args.tensor("weight", x))))
                .build());
    }

    private static void registerRegression(OpRegistry registry) {
        registry.register(OpDefinition.builder("total_variation", "anisotropic L1 total variation over (H, W)")
                .param(ParamSpec.of("reduction", ParamType.STRING, "sum", "sum or mean"))
                .loss().sampleShape(2, 3, 5, 6)
                .factory(args -> {
                    Reduction reduction = reduction(args);
                    return x -> TotalVariation.totalVariation(x, reduction);
                })
                .build());
        registry.register(OpDefinition.builder("kl_div_loss_2d", "KL(target || input) of heatmaps")
                .param(ParamSpec.required("target", ParamType.TENSOR, "(B, N, H, W) distributions"))
                .param(ParamSpec.of("reduction", ParamType.STRING, "mean", REDUCTION_DOC))
                .loss().sampleArg("target", Samples.uniform(2, 3, 4, 5)).sampleShape(2, 3, 4, 5)
                .factory(args -> scoped(x -> Divergence.klDivLoss2d(x, args.tensor("target", x), reduction(args))))
                .build());
        registry.register(OpDefinition.builder("js_div_loss_2d", "Jensen-Shannon divergence of heatmaps")
                .param(ParamSpec.required("target", ParamType.TENSOR, "(B, N, H, W) distributions"))
                .param(ParamSpec.of("reduction", ParamType.STRING, "mean", REDUCTION_DOC))
                .loss().sampleArg("target", Samples.uniform(2, 3, 4, 5)).sampleShape(2, 3, 4, 5)
                .factory(args -> scoped(x -> Divergence.jsDivLoss2d(x, args.tensor("target", x), reduction(args))))
                .build());
        registry.register(OpDefinition.builder("inverse_depth_smoothness_loss", "edge-aware inverse depth smoothness")
                .param(ParamSpec.required("image", ParamType.TENSOR, "(B, C, H, W) image"))
                .loss().sampleArg("image", Samples.uniform(2, 3, 4, 5)).sampleShape(2, 1, 4, 5)
                .factory(args -> scoped(x -> DepthSmooth.inverseDepthSmoothnessLoss(x, args.tensor("image", x))))
                .build());
        robust(registry, "charbonnier_loss", "sqrt(r^2 + 1) - 1", RobustLosses::charbonnierLoss);
        robust(registry, "welsch_loss", "1 - exp(-r^2 / 2)", RobustLosses::welschLoss);
        robust(registry, "cauchy_loss", "log(r^2 / 2 + 1)", RobustLosses::cauchyLoss);
        robust(registry, "geman_mcclure_loss", "2 r^2 / (r^2 + 4)", RobustLosses::gemanMcclureLoss);
    }

    /** A robust loss of {@link RobustLosses}. */
    private interface Robust {
        ai.djl.ndarray.NDArray apply(ai.djl.ndarray.NDArray img1, ai.djl.ndarray.NDArray img2, Reduction reduction);
    }

    private static void robust(OpRegistry registry, String name, String formula, Robust loss) {
        registry.register(OpDefinition.builder(name, formula + " of r = input - img2")
                .param(ParamSpec.required("img2", ParamType.TENSOR, "the target, the input's shape"))
                .param(ParamSpec.of("reduction", ParamType.STRING, "none", REDUCTION_DOC))
                .loss().sampleArg("img2", Samples.uniform(2, 3, 4, 5)).sampleShape(2, 3, 4, 5)
                .factory(args -> scoped(x -> loss.apply(x, args.tensor("img2", x), reduction(args))))
                .build());
    }

    private static ParamSpec ignoreIndex() {
        return new ParamSpec("ignore_index", ParamType.INT, -100, true, "label excluded from the loss; none = -100");
    }

    private static Reduction reduction(OpArgs args) {
        return Reduction.parse(args.text("reduction"), args.op());
    }

    /** Runs {@code op} scoped, so tensors made from parameters for one call are freed with its temporaries. */
    private static ImageOp scoped(ImageOp op) {
        return x -> Scoped.run(() -> op.apply(x), x);
    }
}
