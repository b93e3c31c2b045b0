package dev.diffvision.ops.color;

import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;

/** Registers the colour ops under their Kornia names. */
public final class ColorOps implements OpProvider {

    @Override
    public void register(OpRegistry registry) {
        registry.register(OpDefinition.builder("rgb_to_grayscale", "RGB (*, 3, H, W) to luma (*, 1, H, W)")
                .param(ParamSpec.optional("rgb_weights", ParamType.FLOAT_LIST,
                        "weights of R, G and B; none = BT.601 (0.299, 0.587, 0.114)"))
                .factory(args -> {
                    double[] weights = args.isPresent("rgb_weights") ? args.reals("rgb_weights") : Gray.BT601;
                    if (weights.length != 3) {
                        throw new IllegalArgumentException("rgb_to_grayscale: expected 3 rgb_weights, got "
                                + weights.length);
                    }
                    return x -> Gray.rgbToGrayscale(x, weights);
                })
                .build());
        registry.register(OpDefinition.builder("grayscale_to_rgb", "gray (*, 1, H, W) to RGB (*, 3, H, W)")
                .sampleShape(2, 1, 8, 9)
                .factory(args -> Gray::grayscaleToRgb)
                .build());
    }
}
