package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.registry.ImageOp;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;
import dev.diffvision.ops.registry.Samples;

import java.util.function.BiFunction;
import java.util.function.DoubleFunction;

/**
 * Registers the colour ops under their Kornia names, with Kornia's keyword parameters and defaults.
 *
 * <p>Two defaults are ours, because Kornia has none and a registered op must build from no arguments:
 * {@code alpha_val = 1.0} (opaque) for {@code rgb_to_rgba}/{@code bgr_to_rgba}, and {@code cfa = "BG"} for the
 * Bayer ops. A tensor {@code alpha_val} is available from Java ({@link Rgb#rgbToRgba(NDArray, NDArray)}).
 *
 * <p>{@code yuv420_to_rgb}/{@code yuv422_to_rgb} take the luma plane as their input and the chroma planes as the
 * tensor parameter {@code imageuv}. {@code rgb_to_yuv420}/{@code rgb_to_yuv422} are not registered: they return
 * two tensors (Y and UV) and a registered op has one output; call {@link Yuv#rgbToYuv420} from Java.
 */
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
        simple(registry, "bgr_to_grayscale", "BGR (*, 3, H, W) to BT.601 luma (*, 1, H, W)", Gray::bgrToGrayscale);

        simple(registry, "rgb_to_bgr", "reverse the channel order of RGB (*, 3, H, W)", Rgb::rgbToBgr);
        simple(registry, "bgr_to_rgb", "reverse the channel order of BGR (*, 3, H, W)", Rgb::bgrToRgb);
        withAlpha(registry, "rgb_to_rgba", "RGB (*, 3, H, W) to RGBA (*, 4, H, W) with a constant alpha",
                alpha -> x -> Rgb.rgbToRgba(x, alpha));
        withAlpha(registry, "bgr_to_rgba", "BGR (*, 3, H, W) to RGBA (*, 4, H, W) with a constant alpha",
                alpha -> x -> Rgb.bgrToRgba(x, alpha));
        registry.register(OpDefinition.builder("rgba_to_rgb", "RGBA (*, 4, H, W) to RGB (*, 3, H, W), alpha dropped")
                .sampleShape(2, 4, 8, 9)
                .factory(args -> Rgb::rgbaToRgb)
                .build());
        registry.register(OpDefinition.builder("rgba_to_bgr", "RGBA (*, 4, H, W) to BGR (*, 3, H, W), alpha dropped")
                .sampleShape(2, 4, 8, 9)
                .factory(args -> Rgb::rgbaToBgr)
                .build());
        simple(registry, "rgb_to_linear_rgb", "sRGB to linear RGB (removes the sRGB transfer curve)",
                Rgb::rgbToLinearRgb);
        simple(registry, "linear_rgb_to_rgb", "linear RGB to sRGB (applies the sRGB transfer curve)",
                Rgb::linearRgbToRgb);

        withEps(registry, "rgb_to_hsv", "RGB to HSV, hue in radians [0, 2pi)", Hsv.DEFAULT_EPS,
                "added to the saturation's denominator", eps -> x -> Hsv.rgbToHsv(x, eps));
        simple(registry, "hsv_to_rgb", "HSV (hue in radians) to RGB", Hsv::hsvToRgb);
        withEps(registry, "rgb_to_hls", "RGB to HLS, hue in radians [0, 2pi)", Hls.DEFAULT_EPS,
                "added to the hue's and the saturation's denominators", eps -> x -> Hls.rgbToHls(x, eps));
        simple(registry, "hls_to_rgb", "HLS (hue in radians) to RGB", Hls::hlsToRgb);

        simple(registry, "rgb_to_xyz", "linear RGB to CIE XYZ (D65)", Xyz::rgbToXyz);
        simple(registry, "xyz_to_rgb", "CIE XYZ (D65) to linear RGB", Xyz::xyzToRgb);
        simple(registry, "rgb_to_lab", "sRGB to CIE Lab (D65, 2 degrees)", Lab::rgbToLab);
        registry.register(OpDefinition.builder("lab_to_rgb", "CIE Lab (D65, 2 degrees) to sRGB")
                .param(ParamSpec.of("clip", ParamType.BOOLEAN, true, "clamp the result to [0, 1]"))
                .factory(args -> {
                    boolean clip = args.bool("clip");
                    return x -> Lab.labToRgb(x, clip);
                })
                .build());
        withEps(registry, "rgb_to_luv", "sRGB to CIE Luv (D65, 2 degrees)", Luv.DEFAULT_EPS,
                "guards the chromaticity divisions", eps -> x -> Luv.rgbToLuv(x, eps));
        withEps(registry, "luv_to_rgb", "CIE Luv (D65, 2 degrees) to sRGB", Luv.DEFAULT_EPS,
                "guards the divisions", eps -> x -> Luv.luvToRgb(x, eps));

        simple(registry, "rgb_to_ycbcr", "RGB to YCbCr (BT.601, order Y, Cb, Cr, chroma offset 0.5)",
                YCbCr::rgbToYcbcr);
        simple(registry, "ycbcr_to_rgb", "YCbCr (Y, Cb, Cr) to RGB clamped to [0, 1]", YCbCr::ycbcrToRgb);
        simple(registry, "rgb_to_y", "RGB (*, 3, H, W) to BT.601 luma (*, 1, H, W)", YCbCr::rgbToY);
        simple(registry, "rgb_to_yuv", "RGB to YUV 4:4:4 (BT.470 M/PAL)", Yuv::rgbToYuv);
        simple(registry, "yuv_to_rgb", "YUV 4:4:4 (BT.470 M/PAL) to RGB", Yuv::yuvToRgb);
        withChroma(registry, "yuv420_to_rgb", "YUV 4:2:0 luma (*, 1, H, W) and chroma imageuv to RGB", 2,
                Yuv::yuv420ToRgb);
        withChroma(registry, "yuv422_to_rgb", "YUV 4:2:2 luma (*, 1, H, W) and chroma imageuv to RGB", 1,
                Yuv::yuv422ToRgb);

        withCfa(registry, "raw_to_rgb", "Bayer raw (*, 1, H, W) to RGB (*, 3, H, W), bilinear demosaicing", 1,
                Raw::rawToRgb);
        withCfa(registry, "rgb_to_raw", "RGB (*, 3, H, W) to Bayer raw (*, 1, H, W)", 3, Raw::rgbToRaw);
        withCfa(registry, "raw_to_rgb_2x2_downscaled", "Bayer raw (*, 1, H, W) to RGB (*, 3, H/2, W/2)", 1,
                Raw::rawToRgb2x2Downscaled);
    }

    private static void simple(OpRegistry registry, String name, String summary, ImageOp op) {
        registry.register(OpDefinition.builder(name, summary).factory(args -> op).build());
    }

    private static void withEps(OpRegistry registry, String name, String summary, double defaultEps, String doc,
                                DoubleFunction<ImageOp> op) {
        registry.register(OpDefinition.builder(name, summary)
                .param(ParamSpec.of("eps", ParamType.FLOAT, defaultEps, doc))
                .factory(args -> {
                    double eps = args.real("eps");
                    Checks.atLeast(eps, 0, name, "eps");
                    return op.apply(eps);
                })
                .build());
    }

    private static void withAlpha(OpRegistry registry, String name, String summary, DoubleFunction<ImageOp> op) {
        registry.register(OpDefinition.builder(name, summary)
                .param(ParamSpec.of("alpha_val", ParamType.FLOAT, 1.0,
                        "the alpha channel's value (Kornia requires it; 1.0 = opaque here)"))
                .factory(args -> op.apply(args.real("alpha_val")))
                .build());
    }

    /**
     * A YUV 4:2:x to RGB op: the input is the luma plane, the chroma planes the required tensor parameter
     * {@code imageuv}, given either with the input's leading dimensions or once ({@code (2, h, w)} or
     * {@code (1, 2, h, w)}) for every image of the batch.
     */
    private static void withChroma(OpRegistry registry, String name, String summary, int rows,
                                   BiFunction<NDArray, NDArray, NDArray> op) {
        registry.register(OpDefinition.builder(name, summary)
                .param(ParamSpec.required("imageuv", ParamType.TENSOR, "chroma (*, 2, H/" + rows
                        + ", W/2), or (2, H/" + rows + ", W/2) shared by the batch"))
                .sampleShape(2, 1, 8, 10)
                .sampleArg("imageuv", Samples.uniform(2, 8 / rows, 5))
                .factory(args -> x -> Scoped.run(() -> op.apply(x, perImage(x, args.tensor("imageuv", x))), x))
                .build());
    }

    /** {@code uv} broadcast over {@code y}'s batch when given once for a batched luma plane; else as given. */
    private static NDArray perImage(NDArray y, NDArray uv) {
        Shape ys = y.getShape();
        Shape uvs = uv.getShape();
        if (ys.dimension() != 4 || uvs.dimension() < 3 || uvs.dimension() > 4
                || uvs.dimension() == 4 && uvs.get(0) != 1) {
            return uv;
        }
        Shape one = uvs.slice(uvs.dimension() - 3);
        return uv.reshape(new Shape(1).addAll(one)).broadcast(new Shape(ys.get(0)).addAll(one));
    }

    private static void withCfa(OpRegistry registry, String name, String summary, int channels,
                                BiFunction<NDArray, Cfa, NDArray> op) {
        registry.register(OpDefinition.builder(name, summary)
                .param(ParamSpec.of("cfa", ParamType.STRING, "BG",
                        "Bayer layout BG, GB, RG or GR (Kornia requires it; BG here)"))
                .sampleShape(2, channels, 8, 10)
                .factory(args -> {
                    Cfa cfa = Cfa.parse(args.text("cfa"), name);
                    return x -> op.apply(x, cfa);
                })
                .build());
    }
}
