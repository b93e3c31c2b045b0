package dev.diffvision.ops.geometry.camera;

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
 * Registers {@code kornia.geometry.camera} (perspective, pinhole) and the point distortion of
 * {@code kornia.geometry.calibration} under Kornia's names as {@link OpDefinition.Kind#GEOMETRY} ops: the input
 * is Kornia's first argument; the other tensors are {@link ParamType#TENSOR} parameters under Kornia's names
 * ({@code camera_matrix}, {@code depth}, {@code K}, {@code dist}, {@code new_K}, ...), required unless Kornia
 * gives a default.
 */
public final class CameraOps implements OpProvider {

    /** Two pinhole intrinsics {@code (2, 3, 3)}. */
    private static final HostTensor CAMERAS = HostTensor.of(new float[] {
        2f, 0f, 1.5f, 0f, 3f, 2f, 0f, 0f, 1f,
        1.5f, 0f, 2f, 0f, 1.2f, 1f, 0f, 0f, 1f}, 2, 3, 3);
    /** Two sets of (k1, k2, p1, p2, k3). */
    private static final HostTensor DIST = HostTensor.of(new float[] {
        -0.2f, 0.05f, 0.01f, -0.005f, 0.01f, 0.1f, -0.02f, -0.003f, 0.004f, 0f}, 2, 5);

    @Override
    public void register(OpRegistry registry) {
        registry.register(OpDefinition.builder("project_points", "(*, 3) camera points -> (*, 2) pixels")
                .param(ParamSpec.required("camera_matrix", ParamType.TENSOR, "(*, 3, 3) intrinsics"))
                .geometry(2, 3).sampleInput(positive(2, 3)).sampleArg("camera_matrix", CAMERAS)
                .factory(args -> scoped(x -> Perspective.projectPoints(x, args.tensor("camera_matrix", x))))
                .build());
        registry.register(OpDefinition.builder("unproject_points", "(*, 2) pixels and (*, 1) depth -> (*, 3)")
                .param(ParamSpec.required("depth", ParamType.TENSOR, "(*, 1) depths"))
                .param(ParamSpec.required("camera_matrix", ParamType.TENSOR, "(*, 3, 3) intrinsics"))
                .param(ParamSpec.of("normalize", ParamType.BOOLEAN, false, "depth along the unit ray"))
                .geometry(2, 2).sampleArg("depth", positive(2, 1)).sampleArg("camera_matrix", CAMERAS)
                .factory(args -> {
                    boolean normalize = args.bool("normalize");
                    return scoped(x -> Perspective.unprojectPoints(x, args.tensor("depth", x),
                            args.tensor("camera_matrix", x), normalize));
                })
                .build());
        registry.register(distortion(OpDefinition.builder("distort_points", "OpenCV lens model on (*, N, 2) pixels"))
                .factory(args -> scoped(x -> Distortion.distortPoints(x, args.tensor("K", x), args.tensor("dist", x),
                        args.tensor("new_K", x))))
                .build());
        registry.register(distortion(OpDefinition.builder("undistort_points",
                        "inverse lens model by fixed-point iteration, pixels out"))
                .param(ParamSpec.of("num_iters", ParamType.INT, Distortion.DEFAULT_ITERATIONS, "iterations, >= 1"))
                .factory(args -> {
                    int iterations = args.integer("num_iters");
                    return scoped(x -> Distortion.undistortPoints(x, args.tensor("K", x), args.tensor("dist", x),
                            args.tensor("new_K", x), iterations));
                })
                .build());
        registry.register(OpDefinition.builder("undistort_image", "resample (B, C, H, W) through the lens model")
                .param(ParamSpec.required("K", ParamType.TENSOR, "(B, 3, 3) intrinsics"))
                .param(ParamSpec.required("dist", ParamType.TENSOR, "(B, n) k1, k2, p1, p2[, k3[, k4..k6[, s1..s4]]]"))
                .geometry(2, 3, 6, 7).sampleArg("K", CAMERAS).sampleArg("dist", DIST)
                .factory(args -> scoped(x -> Distortion.undistortImage(x, args.tensor("K", x), args.tensor("dist", x))))
                .build());
        registry.register(OpDefinition.builder("cam2pixel", "(B, H, W, 3) points -> (B, H, W, 2) pixels by P")
                .param(ParamSpec.required("dst_proj_src", ParamType.TENSOR, "(B, 4, 4) projections"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, 1e-12, "added to z"))
                .geometry(2, 3, 4, 3).sampleInput(positive(2, 3, 4, 3)).sampleArg("dst_proj_src", projections())
                .factory(args -> {
                    double eps = args.real("eps");
                    return scoped(x -> Pinhole.cam2pixel(x, args.tensor("dst_proj_src", x), eps));
                })
                .build());
        registry.register(OpDefinition.builder("pixel2cam", "(B, 1, H, W) depth -> (B, H, W, 3) camera points")
                .param(ParamSpec.required("intrinsics_inv", ParamType.TENSOR, "(B, 4, 4) inverse intrinsics"))
                .param(ParamSpec.required("pixel_coords", ParamType.TENSOR, "(B, H, W, 3) homogeneous pixels"))
                .geometry(2, 1, 3, 4).sampleInput(positive(2, 1, 3, 4)).sampleArg("intrinsics_inv", projections())
                .sampleArg("pixel_coords", Samples.uniform(2, 3, 4, 3))
                .factory(args -> scoped(x -> Pinhole.pixel2cam(x, args.tensor("intrinsics_inv", x),
                        args.tensor("pixel_coords", x))))
                .build());
    }

    private static OpDefinition.Builder distortion(OpDefinition.Builder builder) {
        return builder
                .param(ParamSpec.required("K", ParamType.TENSOR, "(*, 3, 3) intrinsics"))
                .param(ParamSpec.required("dist", ParamType.TENSOR, "(*, n) k1, k2, p1, p2[, k3[, k4..k6[, s1..s4]]]"))
                .param(ParamSpec.optional("new_K", ParamType.TENSOR, "(*, 3, 3) intrinsics of the ideal points"))
                .geometry(2, 5, 2).sampleInput(positive(2, 5, 2)).sampleArg("K", CAMERAS).sampleArg("dist", DIST);
    }

    /** Runs {@code op} scoped, so tensors made from parameters for one call are freed with its temporaries. */
    private static ImageOp scoped(ImageOp op) {
        return x -> Scoped.run(() -> op.apply(x), x);
    }

    /** The uniform sample plus 1: depths and z coordinates away from 0. */
    private static HostTensor positive(long... shape) {
        float[] v = Samples.uniform(shape).toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] += 1;
        }
        return HostTensor.of(v, shape);
    }

    /** Two (2, 4, 4) matrices keeping z positive: identity plus 0.2 * the uniform sample. */
    private static HostTensor projections() {
        float[] v = Samples.uniform(2, 4, 4).toFloatArray();
        for (int k = 0; k < v.length; k++) {
            v[k] = (k % 16 % 5 == 0 ? 1f : 0f) + 0.2f * v[k];
        }
        return HostTensor.of(v, 2, 4, 4);
    }
}
