package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.registry.OpArgs;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;

import java.util.function.UnaryOperator;

/**
 * Registers {@code kornia.geometry.transform} under Kornia's names and keywords.
 *
 * <p>Image ops (warps, {@code rotate}, flips) take the image as input and matrices, angles, centres as
 * {@link ParamType#TENSOR} parameters under Kornia's names; a parameter batch of 1 applies to every image.
 * {@code padding_mode} is one of zeros, border, reflection or fill; with fill, {@code fill_value} (one number per
 * channel) is required (Kornia defaults it to three zeros). The matrix factories ({@code get_rotation_matrix2d},
 * {@code get_affine_matrix2d}, {@code get_shear_matrix2d}, {@code invert_affine_transform}) are
 * {@link OpDefinition.Kind#GEOMETRY} ops: their input is Kornia's first argument (a centre, a translation, a
 * matrix).
 */
public final class TransformOps implements OpProvider {

    private static final HostTensor SAMPLE_AFFINE = HostTensor.of(new double[] {0.9, -0.2, 1.5, 0.3, 1.1, -0.7},
            1, 2, 3);
    private static final HostTensor SAMPLE_HOMOGRAPHY = HostTensor.of(new double[] {0.9, -0.2, 1.5, 0.3, 1.1, -0.7,
        0.01, -0.02, 1}, 1, 3, 3);

    @Override
    public void register(OpRegistry registry) {
        registerWarps(registry);
        registerVolumeWarps(registry);
        registerAffwarp(registry);
        registerFlips(registry);
        registerMatrices(registry);
        registerResize(registry);
        registerCrops(registry);
        registerRemap(registry);
        registry.register(OpDefinition.builder("elastic_transform2d", "samples at meshgrid + Gaussian-smoothed noise")
                .param(ParamSpec.required("noise", ParamType.TENSOR, "(B, 2, H, W) raw displacements (Kornia draws"
                        + " them when absent; required here)"))
                .param(ParamSpec.of("kernel_size", ParamType.INT_LIST, new int[] {63, 63}, "odd Gaussian sizes"))
                .param(ParamSpec.of("sigma", ParamType.FLOAT_LIST, new double[] {32, 32}, "(sigma_x, sigma_y)"))
                .param(ParamSpec.of("alpha", ParamType.FLOAT_LIST, new double[] {1, 1}, "(alpha_x, alpha_y)"))
                .param(ParamSpec.of("align_corners", ParamType.BOOLEAN, false, "the sampler's align_corners"))
                .param(ParamSpec.of("mode", ParamType.STRING, "bilinear", "bilinear, nearest or bicubic"))
                .param(ParamSpec.of("padding_mode", ParamType.STRING, "zeros", "zeros, border or reflection"))
                .sampleArg("noise", HostTensor.of(new double[] {0.3, -0.6, 0.9, 0.1, -0.2, 0.5, -0.4, 0.7, 0.2, -0.1,
                    0.6, -0.8}, 1, 2, 2, 3))
                .sampleArg("kernel_size", new int[] {3, 3}).sampleArg("sigma", new double[] {1, 1.5})
                .sampleShape(2, 3, 2, 3)
                .factory(args -> {
                    int[] kernel = args.ints("kernel_size");
                    double[] sigma = args.reals("sigma");
                    double[] alpha = args.reals("alpha");
                    WarpOptions options = WarpOptions.parse(args.text("mode"), args.text("padding_mode"),
                            args.bool("align_corners"), null, "elastic_transform2d");
                    return x -> Scoped.run(() -> Elastic.elasticTransform2d(x, args.tensor("noise", x), kernel, sigma,
                            alpha, options), x);
                })
                .build());
    }

    private static void registerRemap(OpRegistry registry) {
        registry.register(OpDefinition.builder("remap", "samples images at per-pixel (map_x, map_y)")
                .param(ParamSpec.required("map_x", ParamType.TENSOR, "(B, Hout, Wout) source x per output pixel"))
                .param(ParamSpec.required("map_y", ParamType.TENSOR, "(B, Hout, Wout) source y per output pixel"))
                .param(ParamSpec.of("mode", ParamType.STRING, "bilinear", "bilinear, nearest or bicubic"))
                .param(ParamSpec.of("padding_mode", ParamType.STRING, "zeros", "zeros, border or reflection"))
                .param(ParamSpec.optional("align_corners", ParamType.BOOLEAN, "the sampler's; none is false (torch)"))
                .param(ParamSpec.of("normalized_coordinates", ParamType.BOOLEAN, false, "maps already in [-1, 1]"))
                .sampleArg("map_x", HostTensor.of(new double[] {0.5, 3.2, 7.9, -0.4, 2.5, 6.1}, 1, 2, 3))
                .sampleArg("map_y", HostTensor.of(new double[] {0.3, 1.7, 2.2, 6.6, 4.1, 7.5}, 1, 2, 3))
                .factory(args -> {
                    boolean align = args.isPresent("align_corners") && args.bool("align_corners");
                    WarpOptions options = WarpOptions.parse(args.text("mode"), args.text("padding_mode"), align, null,
                            "remap");
                    boolean normalized = args.bool("normalized_coordinates");
                    return x -> Scoped.run(() -> ImgWarp.remap(x, args.tensor("map_x", x), args.tensor("map_y", x),
                            options, normalized), x);
                })
                .build());
        registry.register(OpDefinition.builder("warp_grid", "maps a (1, H, W, 2) grid by (B, 3, 3) homographies")
                .param(ParamSpec.required("src_homo_dst", ParamType.TENSOR, "(B, 3, 3) homographies"))
                .geometry(1, 4, 5, 2).sampleArg("src_homo_dst", SAMPLE_HOMOGRAPHY)
                .factory(args -> g -> Scoped.run(() -> ImgWarp.warpGrid(g, args.tensor("src_homo_dst", g)), g))
                .build());
    }

    private static void registerCrops(OpRegistry registry) {
        registry.register(samplerParams(OpDefinition.builder("crop_and_resize", "crops (B, 4, 2) boxes to one size")
                        .param(ParamSpec.required("boxes", ParamType.TENSOR, "(B, 4, 2) corners, clockwise from top-left"))
                        .param(ParamSpec.required("size", ParamType.INT_LIST, "(h, w) of the crops")), true)
                .sampleArg("boxes", HostTensor.of(new double[] {1, 1.5, 6, 1.5, 6, 5, 1, 5}, 1, 4, 2))
                .sampleArg("size", new int[] {4, 5})
                .factory(args -> {
                    int[] size = args.ints("size");
                    WarpOptions options = options(args, "crop_and_resize");
                    return x -> Scoped.run(() -> Crop2d.cropAndResize(x, args.tensor("boxes", x), size, options), x);
                })
                .build());
        registry.register(samplerParams(OpDefinition.builder("center_crop", "crops the centre (h, w) of each image")
                        .param(ParamSpec.required("size", ParamType.INT_LIST, "(h, w) of the crop")), true)
                .sampleArg("size", new int[] {5, 4})
                .factory(args -> {
                    int[] size = args.ints("size");
                    WarpOptions options = options(args, "center_crop");
                    return x -> Crop2d.centerCrop(x, size, options);
                })
                .build());
        registry.register(samplerParams(OpDefinition.builder("crop_by_boxes", "maps source boxes onto destination boxes")
                        .param(ParamSpec.required("src_box", ParamType.TENSOR, "(B, 4, 2) source corners"))
                        .param(ParamSpec.required("dst_box", ParamType.TENSOR, "(B, 4, 2) destination corners")), true)
                .sampleArg("src_box", HostTensor.of(new double[] {1, 1.5, 6, 1.5, 6, 5, 1, 5}, 1, 4, 2))
                .sampleArg("dst_box", HostTensor.of(new double[] {0, 0, 4, 0, 4, 3, 0, 3}, 1, 4, 2))
                .factory(args -> {
                    WarpOptions options = options(args, "crop_by_boxes");
                    return x -> Scoped.run(() -> Crop2d.cropByBoxes(x, args.tensor("src_box", x),
                            args.tensor("dst_box", x), options), x);
                })
                .build());
        registry.register(OpDefinition.builder("crop_by_indices",
                        "slices integer (B, 4, 2) boxes, optionally to a size")
                .param(ParamSpec.required("src_box", ParamType.TENSOR, "(B, 4, 2) corners, clockwise from top-left"))
                .param(ParamSpec.optional("size", ParamType.INT_LIST, "(h, w) of the crops; none: the boxes' size"))
                .param(ParamSpec.of("interpolation", ParamType.STRING, "bilinear", "bilinear, nearest, bicubic, area"))
                .param(ParamSpec.optional("align_corners", ParamType.BOOLEAN, "bilinear/bicubic only; none is false"))
                .param(ParamSpec.of("antialias", ParamType.BOOLEAN, false, "Gaussian pre-blur when downscaling"))
                .param(ParamSpec.of("shape_compensation", ParamType.STRING, "resize", "resize or pad (unequal boxes)"))
                .sampleArg("src_box", HostTensor.of(new double[] {1, 2, 6, 2, 6, 5, 1, 5}, 1, 4, 2))
                .factory(args -> {
                    int[] size = args.isPresent("size") ? args.ints("size") : null;
                    Sampling.Resize mode = Sampling.Resize.parse(args.text("interpolation"), "crop_by_indices");
                    Boolean align = args.isPresent("align_corners") ? args.bool("align_corners") : null;
                    boolean antialias = args.bool("antialias");
                    ShapeCompensation compensation = ShapeCompensation.parse(args.text("shape_compensation"),
                            "crop_by_indices");
                    return x -> Scoped.run(() -> Crop2d.cropByIndices(x, args.tensor("src_box", x), size, mode,
                            align, antialias, compensation), x);
                })
                .build());
        registry.register(samplerParams(OpDefinition.builder("crop_by_transform_mat", "warps by (B, 3, 3) into a size")
                        .param(ParamSpec.required("transform", ParamType.TENSOR, "(B, 3, 3) source-to-crop pixel maps"))
                        .param(ParamSpec.required("out_size", ParamType.INT_LIST, "(h, w) of the crops")), true)
                .sampleArg("transform", HostTensor.of(new double[] {0.9, -0.2, 1.5, 0.3, 1.1, -0.7, 0, 0, 1}, 1, 3, 3))
                .sampleArg("out_size", new int[] {4, 5})
                .factory(args -> {
                    int[] size = args.ints("out_size");
                    WarpOptions options = options(args, "crop_by_transform_mat");
                    return x -> Scoped.run(() -> Crop2d.cropByTransformMat(x, args.tensor("transform", x), size,
                            options), x);
                })
                .build());
    }

    private static void registerResize(OpRegistry registry) {
        registry.register(OpDefinition.builder("resize", "resamples images to a size (F.interpolate, Kornia antialias)")
                .param(ParamSpec.required("size", ParamType.INT_LIST, "(h, w), or one side length"))
                .param(ParamSpec.of("interpolation", ParamType.STRING, "bilinear", "bilinear, nearest, bicubic, area"))
                .param(ParamSpec.optional("align_corners", ParamType.BOOLEAN, "bilinear/bicubic only; none is false"))
                .param(ParamSpec.of("side", ParamType.STRING, "short", "short, long, vert or horz (one size)"))
                .param(ParamSpec.of("antialias", ParamType.BOOLEAN, false, "Gaussian pre-blur when downscaling"))
                .sampleArg("size", new int[] {5, 6}).sampleArg("antialias", true)
                .factory(args -> {
                    int[] size = args.ints("size");
                    Sampling.Resize mode = Sampling.Resize.parse(args.text("interpolation"), "resize");
                    Boolean align = args.isPresent("align_corners") ? args.bool("align_corners") : null;
                    String side = args.text("side");
                    boolean antialias = args.bool("antialias");
                    return x -> Affwarp.resize(x, size, mode, align, side, antialias);
                })
                .build());
        registry.register(OpDefinition.builder("rescale", "resizes images by factors, (int(H fy), int(W fx))")
                .param(ParamSpec.required("factor", ParamType.FLOAT_LIST, "(fy, fx), or one factor"))
                .param(ParamSpec.of("interpolation", ParamType.STRING, "bilinear", "bilinear, nearest, bicubic, area"))
                .param(ParamSpec.optional("align_corners", ParamType.BOOLEAN, "bilinear/bicubic only; none is false"))
                .param(ParamSpec.of("antialias", ParamType.BOOLEAN, false, "Gaussian pre-blur when downscaling"))
                .sampleArg("factor", new double[] {0.5, 0.75})
                .factory(args -> {
                    double[] factor = args.reals("factor");
                    Sampling.Resize mode = Sampling.Resize.parse(args.text("interpolation"), "rescale");
                    Boolean align = args.isPresent("align_corners") ? args.bool("align_corners") : null;
                    boolean antialias = args.bool("antialias");
                    return x -> Affwarp.rescale(x, factor, mode, align, antialias);
                })
                .build());
        registry.register(OpDefinition.builder("pyrdown", "binomial 5x5 blur, then bilinear to (H/f, W/f)")
                .param(ParamSpec.of("border_type", ParamType.STRING, "reflect", "reflect, replicate, circular, constant"))
                .param(ParamSpec.of("align_corners", ParamType.BOOLEAN, false, "the resampling's align_corners"))
                .param(ParamSpec.of("factor", ParamType.FLOAT, 2.0, "downsampling factor"))
                .factory(args -> {
                    BorderType border = BorderType.parse(args.text("border_type"), "pyrdown");
                    boolean align = args.bool("align_corners");
                    double factor = args.real("factor");
                    return x -> Pyramid.pyrdown(x, border, align, factor);
                })
                .build());
        registry.register(OpDefinition.builder("upscale_double", "(2H, 2W): input at even pixels, neighbour means"
                        + " at odd ones")
                .factory(args -> Pyramid::upscaleDouble)
                .build());
        registry.register(OpDefinition.builder("pyrup", "bilinear to (2H, 2W), then binomial 5x5 blur")
                .param(ParamSpec.of("border_type", ParamType.STRING, "reflect", "reflect, replicate, circular, constant"))
                .param(ParamSpec.of("align_corners", ParamType.BOOLEAN, false, "the resampling's align_corners"))
                .factory(args -> {
                    BorderType border = BorderType.parse(args.text("border_type"), "pyrup");
                    boolean align = args.bool("align_corners");
                    return x -> Pyramid.pyrup(x, border, align);
                })
                .build());
    }

    private static void registerWarps(OpRegistry registry) {
        registry.register(warpParams(OpDefinition.builder("warp_affine", "warps images by (B, 2, 3) pixel maps"),
                        "(B, 2, 3) source-to-destination pixel maps", true)
                .sampleArg("M", SAMPLE_AFFINE).sampleArg("dsize", new int[] {7, 10})
                .factory(args -> {
                    int[] dsize = args.ints("dsize");
                    WarpOptions options = options(args, "warp_affine");
                    return x -> scoped(x, args, m -> ImgWarp.warpAffine(x, m, dsize, options));
                })
                .build());
        registry.register(samplerParams(OpDefinition.builder("homography_warp", "warps images by normalised (B, 3, 3)"
                        + " destination-to-source homographies")
                        .param(ParamSpec.required("src_homo_dst", ParamType.TENSOR, "(B, 3, 3) homographies"))
                        .param(ParamSpec.required("dsize", ParamType.INT_LIST, "(height, width) of the output"))
                        .param(ParamSpec.of("normalized_coordinates", ParamType.BOOLEAN, true,
                                "homographies act on [-1, 1] (else pixel) grid coordinates")), false)
                .sampleArg("src_homo_dst", HostTensor.of(new double[] {1.05, 0.1, 0.05, -0.08, 0.95, -0.1, 0.02, -0.03,
                    1}, 1, 3, 3))
                .sampleArg("dsize", new int[] {7, 10})
                .factory(args -> {
                    int[] dsize = args.ints("dsize");
                    WarpOptions options = options(args, "homography_warp");
                    boolean normalized = args.bool("normalized_coordinates");
                    return x -> Scoped.run(() -> ImgWarp.homographyWarp(x, args.tensor("src_homo_dst", x), dsize,
                            options, normalized), x);
                })
                .build());
        registry.register(warpParams(OpDefinition.builder("warp_perspective", "warps images by (B, 3, 3) homographies"),
                        "(B, 3, 3) source-to-destination pixel homographies", true)
                .sampleArg("M", SAMPLE_HOMOGRAPHY).sampleArg("dsize", new int[] {7, 10})
                .factory(args -> {
                    int[] dsize = args.ints("dsize");
                    WarpOptions options = options(args, "warp_perspective");
                    return x -> scoped(x, args, m -> ImgWarp.warpPerspective(x, m, dsize, options));
                })
                .build());
    }

    private static void registerAffwarp(OpRegistry registry) {
        registry.register(samplerParams(OpDefinition.builder("affine", "warps images by (B, 2, 3) maps into their size")
                        .param(ParamSpec.required("matrix", ParamType.TENSOR, "(B, 2, 3) pixel maps")), true)
                .sampleArg("matrix", SAMPLE_AFFINE)
                .factory(args -> {
                    WarpOptions options = options(args, "affine");
                    return x -> Scoped.run(() -> Affwarp.affine(x, args.tensor("matrix", x), options), x);
                })
                .build());
        registry.register(samplerParams(OpDefinition.builder("rotate", "rotates images about a centre, degrees CCW")
                        .param(ParamSpec.required("angle", ParamType.TENSOR, "(B) degrees, counter-clockwise"))
                        .param(ParamSpec.optional("center", ParamType.TENSOR, "(B, 2) (x, y); default image centre")),
                        true)
                .sampleArg("angle", HostTensor.of(new double[] {30}, 1))
                .factory(args -> {
                    WarpOptions options = options(args, "rotate");
                    return x -> Scoped.run(() -> Affwarp.rotate(x, args.tensor("angle", x), args.tensor("center", x), options), x);
                })
                .build());
        registry.register(samplerParams(OpDefinition.builder("translate", "translates images by (dx, dy) pixels")
                        .param(ParamSpec.required("translation", ParamType.TENSOR, "(B, 2) (dx, dy)")), true)
                .sampleArg("translation", HostTensor.of(new double[] {1.5, -0.5}, 1, 2))
                .factory(args -> {
                    WarpOptions options = options(args, "translate");
                    return x -> Scoped.run(() -> Affwarp.translate(x, args.tensor("translation", x), options), x);
                })
                .build());
        registry.register(samplerParams(OpDefinition.builder("scale", "scales images about a centre")
                        .param(ParamSpec.required("scale_factor", ParamType.TENSOR, "(B, 2) (sx, sy)"))
                        .param(ParamSpec.optional("center", ParamType.TENSOR, "(B, 2) (x, y); default image centre")),
                        true)
                .sampleArg("scale_factor", HostTensor.of(new double[] {0.8, 1.3}, 1, 2))
                .factory(args -> {
                    WarpOptions options = options(args, "scale");
                    return x -> Scoped.run(() -> Affwarp.scale(x, args.tensor("scale_factor", x), args.tensor("center", x), options), x);
                })
                .build());
        registry.register(samplerParams(OpDefinition.builder("shear", "shears images by [[1, shx], [shy, 1]]")
                        .param(ParamSpec.required("shear", ParamType.TENSOR, "(B, 2) (shx, shy) factors")), false)
                .sampleArg("shear", HostTensor.of(new double[] {0.3, -0.1}, 1, 2))
                .factory(args -> {
                    WarpOptions options = options(args, "shear");
                    return x -> Scoped.run(() -> Affwarp.shear(x, args.tensor("shear", x), options), x);
                })
                .build());
    }

    private static void registerFlips(OpRegistry registry) {
        registry.register(OpDefinition.builder("hflip", "flips images left-right")
                .factory(args -> Flips::hflip).build());
        registry.register(OpDefinition.builder("vflip", "flips images upside down")
                .factory(args -> Flips::vflip).build());
        registry.register(OpDefinition.builder("rot180", "rotates images by 180 degrees")
                .factory(args -> Flips::rot180).build());
    }

    private static void registerMatrices(OpRegistry registry) {
        registry.register(OpDefinition.builder("get_rotation_matrix2d", "(B, 2, 3) rotation+scale about centres")
                .param(ParamSpec.required("angle", ParamType.TENSOR, "(B) degrees, counter-clockwise"))
                .param(ParamSpec.required("scale", ParamType.TENSOR, "(B, 2) (sx, sy)"))
                .geometry(2, 2).sampleArg("angle", HostTensor.of(new double[] {30, -75}, 2))
                .sampleArg("scale", HostTensor.of(new double[] {1, 1.5, 0.5, 2}, 2, 2))
                .factory(args -> c -> Scoped.run(() -> ImgWarp.getRotationMatrix2d(c, args.tensor("angle", c),
                        args.tensor("scale", c)), c))
                .build());
        registry.register(OpDefinition.builder("get_affine_matrix2d", "(B, 3, 3) T R(-angle) S Sh about centres")
                .param(ParamSpec.required("center", ParamType.TENSOR, "(B, 2) (x, y)"))
                .param(ParamSpec.required("scale", ParamType.TENSOR, "(B, 2) (sx, sy)"))
                .param(ParamSpec.required("angle", ParamType.TENSOR, "(B) degrees"))
                .param(ParamSpec.optional("sx", ParamType.TENSOR, "(B) shear along x, radians"))
                .param(ParamSpec.optional("sy", ParamType.TENSOR, "(B) shear along y, radians"))
                .geometry(2, 2).sampleArg("center", HostTensor.of(new double[] {3, 4, 5.5, 1}, 2, 2))
                .sampleArg("scale", HostTensor.of(new double[] {1, 1.5, 0.5, 2}, 2, 2))
                .sampleArg("angle", HostTensor.of(new double[] {30, -75}, 2))
                .sampleArg("sx", HostTensor.of(new double[] {0.2, -0.1}, 2))
                .factory(args -> t -> Scoped.run(() -> ImgWarp.getAffineMatrix2d(t, args.tensor("center", t),
                        args.tensor("scale", t), args.tensor("angle", t), args.tensor("sx", t), args.tensor("sy", t)), t))
                .build());
        registry.register(OpDefinition.builder("get_shear_matrix2d", "(B, 3, 3) shear about centres, x then y")
                .param(ParamSpec.optional("sx", ParamType.TENSOR, "(B) shear along x, radians"))
                .param(ParamSpec.optional("sy", ParamType.TENSOR, "(B) shear along y, radians"))
                .geometry(2, 2).sampleArg("sx", HostTensor.of(new double[] {0.2, -0.1}, 2))
                .sampleArg("sy", HostTensor.of(new double[] {0.3, 0.05}, 2))
                .factory(args -> c -> Scoped.run(() -> ImgWarp.getShearMatrix2d(c, args.tensor("sx", c), args.tensor("sy", c)),
                        c))
                .build());
        registry.register(OpDefinition.builder("invert_affine_transform", "inverts (B, 2, 3) affine maps")
                .geometry(2, 2, 3)
                .sampleInput(HostTensor.of(new double[] {0.9, -0.2, 1.5, 0.3, 1.1, -0.7, 1.2, 0.4, -3, -0.1, 0.8, 2},
                        2, 2, 3))
                .factory(args -> ImgWarp::invertAffineTransform)
                .build());
    }

    private static void registerVolumeWarps(OpRegistry registry) {
        registry.register(volumeWarp("warp_affine3d", "(B, 3, 4) source-to-destination voxel maps", "padding_mode",
                true, HostTensor.of(new double[] {0.9, -0.1, 0.05, 0.4, 0.1, 1.1, 0, -0.3, 0.02, 0.05, 0.95, 0.2},
                        1, 3, 4), ImgWarp3d::warpAffine3d));
        registry.register(volumeWarp("warp_perspective3d", "(B, 4, 4) source-to-destination voxel homographies",
                "border_mode", false, HostTensor.of(new double[] {0.9, -0.1, 0.05, 0.4, 0.1, 1.1, 0, -0.3, 0.02, 0.05,
                    0.95, 0.2, 0.01, -0.02, 0.01, 1}, 1, 4, 4), ImgWarp3d::warpPerspective3d));
    }

    /** A 3-D warp with Kornia's keywords (its padding keyword's name differs between the two). */
    private static OpDefinition volumeWarp(String name, String matrixDoc, String paddingKeyword, boolean align,
                                           HostTensor sampleM, VolumeWarp warp) {
        return OpDefinition.builder(name, "warps volumes (B, C, D, H, W) by " + matrixDoc)
                .param(ParamSpec.required("M", ParamType.TENSOR, matrixDoc))
                .param(ParamSpec.required("dsize", ParamType.INT_LIST, "(depth, height, width) of the output"))
                .param(ParamSpec.of("flags", ParamType.STRING, "bilinear", "bilinear (trilinear) or nearest"))
                .param(ParamSpec.of(paddingKeyword, ParamType.STRING, "zeros", "zeros, border or reflection"))
                .param(ParamSpec.of("align_corners", ParamType.BOOLEAN, align, "the sampler's align_corners"))
                .volume(2, 3, 4, 5, 6)
                .sampleArg("M", sampleM).sampleArg("dsize", new int[] {3, 5, 4})
                .factory(args -> {
                    int[] dsize = args.ints("dsize");
                    WarpOptions options = WarpOptions.parse(args.text("flags"), args.text(paddingKeyword),
                            args.bool("align_corners"), null, name);
                    return x -> scoped(x, args, m -> warp.apply(x, m, dsize, options));
                })
                .build();
    }

    /** {@link ImgWarp3d#warpAffine3d} or {@link ImgWarp3d#warpPerspective3d}. */
    @FunctionalInterface
    private interface VolumeWarp {
        NDArray apply(NDArray src, NDArray m, int[] dsize, WarpOptions options);
    }

    private static OpDefinition.Builder warpParams(OpDefinition.Builder builder, String matrixDoc, boolean align) {
        return samplerParams(builder.param(ParamSpec.required("M", ParamType.TENSOR, matrixDoc))
                .param(ParamSpec.required("dsize", ParamType.INT_LIST, "(height, width) of the output")), align)
                .param(ParamSpec.optional("fill_value", ParamType.FLOAT_LIST, "one value per channel, for fill"));
    }

    private static OpDefinition.Builder samplerParams(OpDefinition.Builder builder, boolean align) {
        return builder.param(ParamSpec.of("mode", ParamType.STRING, "bilinear", "bilinear, nearest or bicubic"))
                .param(ParamSpec.of("padding_mode", ParamType.STRING, "zeros", "zeros, border, reflection (or fill)"))
                .param(ParamSpec.of("align_corners", ParamType.BOOLEAN, align, "the sampler's align_corners"));
    }

    private static WarpOptions options(OpArgs args, String op) {
        boolean hasFill = args.asMap().containsKey("fill_value") && args.isPresent("fill_value");
        return WarpOptions.parse(args.text("mode"), args.text("padding_mode"), args.bool("align_corners"),
                hasFill ? args.reals("fill_value") : null, op);
    }

    /** Runs {@code warp} on the {@code M} parameter, created inside the op's scope so that it is freed after. */
    private static NDArray scoped(NDArray x, OpArgs args, UnaryOperator<NDArray> warp) {
        return Scoped.run(() -> warp.apply(args.tensor("M", x)), x);
    }
}
