package dev.diffvision.ops.geometry.depth;

import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;
import dev.diffvision.ops.registry.Samples;

/**
 * Registers {@code kornia.geometry.depth} under Kornia's names as {@link OpDefinition.Kind#GEOMETRY} ops: the
 * input is the depth (or disparity) map {@code (B, 1, H, W)}; {@code camera_matrix} {@code (B, 3, 3)} is a
 * required {@link ParamType#TENSOR} parameter, as {@code baseline} and {@code focal} are required numbers.
 */
public final class DepthOps implements OpProvider {

    /** Two pinhole intrinsics {@code (2, 3, 3)}, the harness's camera matrices. */
    private static final HostTensor CAMERAS = HostTensor.of(new float[] {
        2f, 0f, 1.5f, 0f, 3f, 2f, 0f, 0f, 1f,
        1.5f, 0f, 2f, 0f, 1.2f, 1f, 0f, 0f, 1f}, 2, 3, 3);

    /** Two (2, 4, 4) small motions: translations by (0.1, -0.05, 0.02) and (-0.07, 0.03, 0), no rotation. */
    private static final HostTensor SMALL_MOTIONS = HostTensor.of(new float[] {
        1f, 0f, 0f, 0.1f, 0f, 1f, 0f, -0.05f, 0f, 0f, 1f, 0.02f, 0f, 0f, 0f, 1f,
        1f, 0f, 0f, -0.07f, 0f, 1f, 0f, 0.03f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 1f}, 2, 4, 4);

    @Override
    public void register(OpRegistry registry) {
        registry.register(camera(OpDefinition.builder("depth_to_3d", "(B, 1, H, W) depth -> (B, 3, H, W) points"))
                .factory(args -> {
                    boolean normalize = args.bool("normalize_points");
                    return x -> Scoped.run(() -> Depth.depthTo3d(x, args.tensor("camera_matrix", x), normalize), x);
                })
                .build());
        registry.register(camera(OpDefinition.builder("depth_to_normals",
                        "(B, 1, H, W) depth -> (B, 3, H, W) unit surface normals"))
                .factory(args -> {
                    boolean normalize = args.bool("normalize_points");
                    return x -> Scoped.run(() -> Depth.depthToNormals(x, args.tensor("camera_matrix", x), normalize),
                            x);
                })
                .build());
        registry.register(OpDefinition.builder("warp_frame_depth",
                        "(B, C, H, W) source image seen from the destination view through its depth")
                .param(ParamSpec.required("depth_dst", ParamType.TENSOR, "(B, 1, H, W) destination depths"))
                .param(ParamSpec.required("src_trans_dst", ParamType.TENSOR, "(B, 4, 4) destination to source"))
                .param(ParamSpec.required("camera_matrix", ParamType.TENSOR, "(B, 3, 3) pinhole intrinsics"))
                .param(ParamSpec.of("normalize_points", ParamType.BOOLEAN, false, "depth along the unit ray"))
                .geometry(2, 3, 4, 5).sampleArg("depth_dst", depths()).sampleArg("camera_matrix", CAMERAS)
                .sampleArg("src_trans_dst", SMALL_MOTIONS)
                .factory(args -> {
                    boolean normalize = args.bool("normalize_points");
                    return x -> Scoped.run(() -> Depth.warpFrameDepth(x, args.tensor("depth_dst", x),
                            args.tensor("src_trans_dst", x), args.tensor("camera_matrix", x), normalize), x);
                })
                .build());
        registry.register(OpDefinition.builder("depth_from_disparity", "baseline * focal / (disparity + 1e-8)")
                .param(ParamSpec.required("baseline", ParamType.FLOAT, "the stereo baseline"))
                .param(ParamSpec.required("focal", ParamType.FLOAT, "the focal length in pixels"))
                .geometry(2, 1, 4, 5).sampleInput(depths()).sampleArg("baseline", 0.5).sampleArg("focal", 3.0)
                .factory(args -> {
                    double baseline = args.real("baseline");
                    double focal = args.real("focal");
                    return x -> Depth.depthFromDisparity(x, baseline, focal);
                })
                .build());
    }

    private static OpDefinition.Builder camera(OpDefinition.Builder builder) {
        return builder
                .param(ParamSpec.required("camera_matrix", ParamType.TENSOR, "(B, 3, 3) pinhole intrinsics"))
                .param(ParamSpec.of("normalize_points", ParamType.BOOLEAN, false, "depth along the unit ray"))
                .geometry(2, 1, 4, 5).sampleInput(depths()).sampleArg("camera_matrix", CAMERAS);
    }

    /** Depths in [1, 2) of shape (2, 1, 4, 5): positive and away from 0, as disparities too. */
    private static HostTensor depths() {
        float[] v = Samples.uniform(2, 1, 4, 5).toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] += 1;
        }
        return HostTensor.of(v, 2, 1, 4, 5);
    }
}
