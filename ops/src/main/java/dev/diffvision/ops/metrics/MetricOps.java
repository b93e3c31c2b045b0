package dev.diffvision.ops.metrics;

import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.losses.LossOps;
import dev.diffvision.ops.registry.ImageOp;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;
import dev.diffvision.ops.registry.Samples;

/**
 * Registers the metrics under their Kornia names ({@code kornia.metrics}) as {@link OpDefinition.Kind#LOSS} ops:
 * the input is Kornia's first argument, the second tensor a required {@link ParamType#TENSOR} parameter under
 * Kornia's name. Label metrics take class indices held as numbers and are not differentiable.
 */
public final class MetricOps implements OpProvider {

    @Override
    public void register(OpRegistry registry) {
        registry.register(LossOps.ssimParams(OpDefinition.builder("ssim", "SSIM map of two images (B, C, H, W)"))
                .param(ParamSpec.of("padding", ParamType.STRING, "same", "same or valid"))
                .sampleArg("img2", Samples.uniform(2, 3, 8, 9)).sampleArg("window_size", 5)
                .sampleShape(2, 3, 8, 9)
                .factory(args -> scoped(x -> Ssim.ssim(x, args.tensor("img2", x), args.integer("window_size"),
                        args.real("max_val"), args.real("eps"), args.text("padding"))))
                .build());
        registry.register(LossOps.ssimParams(OpDefinition.builder("ssim3d", "SSIM map of two volumes (B, C, D, H, W)"))
                .param(ParamSpec.of("padding", ParamType.STRING, "same", "same or valid"))
                .sampleArg("img2", Samples.uniform(2, 1, 4, 6, 7)).sampleArg("window_size", 3)
                .sampleShape(2, 1, 4, 6, 7)
                .factory(args -> scoped(x -> Ssim3d.ssim3d(x, args.tensor("img2", x), args.integer("window_size"),
                        args.real("max_val"), args.real("eps"), args.text("padding"))))
                .build());
        registry.register(OpDefinition.builder("psnr", "10 log10(max_val^2 / MSE)")
                .param(ParamSpec.required("target", ParamType.TENSOR, "the reference, the input's shape"))
                .param(ParamSpec.required("max_val", ParamType.FLOAT, "the dynamic range, > 0"))
                .loss().sampleArg("target", Samples.uniform(2, 3, 4, 5)).sampleArg("max_val", 1.0)
                .sampleShape(2, 3, 4, 5)
                .factory(args -> scoped(x -> Psnr.psnr(x, args.tensor("target", x), args.real("max_val"))))
                .build());
        registry.register(OpDefinition.builder("mean_iou", "IoU per image and class (B, K) of predicted labels")
                .param(ParamSpec.required("target", ParamType.TENSOR, "true class indices, the input's shape"))
                .param(ParamSpec.required("num_classes", ParamType.INT, "K >= 2"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, 1e-6, "added to numerator and denominator"))
                .loss().notDifferentiable().sampleInput(Samples.labels(3, 0, 2, 4, 5))
                .sampleArg("target", Samples.labels(3, 1, 2, 4, 5)).sampleArg("num_classes", 3)
                .factory(args -> scoped(x -> ConfusionMatrix.meanIou(x, args.tensor("target", x),
                        args.integer("num_classes"), args.real("eps"))))
                .build());
        registry.register(OpDefinition.builder("confusion_matrix", "counts (B, K, K) of (true, predicted) labels")
                .param(ParamSpec.required("target", ParamType.TENSOR, "true class indices, the input's shape"))
                .param(ParamSpec.required("num_classes", ParamType.INT, "K >= 2"))
                .param(ParamSpec.of("normalized", ParamType.BOOLEAN, false, "divide each column by its sum"))
                .loss().notDifferentiable().sampleInput(Samples.labels(3, 0, 2, 4, 5))
                .sampleArg("target", Samples.labels(3, 1, 2, 4, 5)).sampleArg("num_classes", 3)
                .factory(args -> scoped(x -> ConfusionMatrix.confusionMatrix(x, args.tensor("target", x),
                        args.integer("num_classes"), args.bool("normalized"))))
                .build());
        registry.register(OpDefinition.builder("accuracy", "top-k accuracy in percent, one value per k")
                .param(ParamSpec.required("target", ParamType.TENSOR, "(B) true class indices"))
                .param(ParamSpec.of("topk", ParamType.INT_LIST, 1, "the k values"))
                .loss().notDifferentiable().sampleShape(4, 5).sampleArg("target", Samples.labels(5, 0, 4))
                .sampleArg("topk", java.util.List.of(1, 3))
                .factory(args -> {
                    int[] topk = args.ints("topk");
                    return scoped(x -> Accuracy.accuracy(x, args.tensor("target", x), topk));
                })
                .build());
    }

    /** Runs {@code op} scoped, so tensors made from parameters for one call are freed with its temporaries. */
    private static ImageOp scoped(ImageOp op) {
        return x -> Scoped.run(() -> op.apply(x), x);
    }
}
