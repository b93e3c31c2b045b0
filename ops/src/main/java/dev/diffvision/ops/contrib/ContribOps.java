package dev.diffvision.ops.contrib;

import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;

/**
 * Registers the contrib ops under their Kornia names ({@code kornia.contrib}) with Kornia's keyword parameters
 * and defaults. Sizes and paddings are integer lists: one value or {@code [height, width]} (padding also
 * {@code [top, bottom, left, right]}).
 */
public final class ContribOps implements OpProvider {

    @Override
    public void register(OpRegistry registry) {
        registry.register(OpDefinition.builder("extract_tensor_patches",
                        "sliding windows (B, C, H, W) -> (B, N, C, kh, kw)")
                .param(ParamSpec.required("window_size", ParamType.INT_LIST, "(kh, kw) or one size"))
                .param(ParamSpec.of("stride", ParamType.INT_LIST, 1, "(sh, sw) or one step"))
                .param(ParamSpec.of("padding", ParamType.INT_LIST, 0, "zeros: all, (v, h) or (t, b, l, r)"))
                .param(ParamSpec.of("allow_auto_padding", ParamType.BOOLEAN, false,
                        "without padding, pad so that the windows tile the input"))
                .sampleArg("window_size", 3).sampleArg("stride", java.util.List.of(1, 2))
                .factory(args -> {
                    int[] window = args.ints("window_size");
                    int[] stride = args.ints("stride");
                    int[] padding = args.ints("padding");
                    boolean auto = args.bool("allow_auto_padding");
                    return x -> ExtractPatches.extractTensorPatches(x, window, stride, padding, auto);
                })
                .build());
        registry.register(OpDefinition.builder("combine_tensor_patches",
                        "patches (B, N, C, kh, kw) -> image (B, C, H, W), overlaps averaged")
                .param(ParamSpec.required("original_size", ParamType.INT_LIST, "(H, W) or one size"))
                .param(ParamSpec.required("window_size", ParamType.INT_LIST, "(kh, kw) or one size"))
                .param(ParamSpec.required("stride", ParamType.INT_LIST, "(sh, sw) or one step, <= window_size"))
                .param(ParamSpec.of("allow_auto_unpadding", ParamType.BOOLEAN, false,
                        "without unpadding, remove compute_padding's padding"))
                .param(ParamSpec.of("unpadding", ParamType.INT_LIST, 0, "padding used at extraction, removed"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, 1e-8, "added to the window count"))
                .sampleShape(2, 4, 3, 4, 5).sampleArg("original_size", java.util.List.of(8, 10))
                .sampleArg("window_size", java.util.List.of(4, 5)).sampleArg("stride", java.util.List.of(4, 5))
                .factory(args -> {
                    int[] size = args.ints("original_size");
                    int[] window = args.ints("window_size");
                    int[] stride = args.ints("stride");
                    boolean auto = args.bool("allow_auto_unpadding");
                    int[] unpadding = args.ints("unpadding");
                    double eps = args.real("eps");
                    return x -> ExtractPatches.combineTensorPatches(x, size, window, stride, auto, unpadding, eps);
                })
                .build());
    }
}
