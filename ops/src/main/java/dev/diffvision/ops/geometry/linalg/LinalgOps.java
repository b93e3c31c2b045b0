package dev.diffvision.ops.geometry.linalg;

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
 * Registers {@code kornia.geometry.linalg} under Kornia's names as {@link OpDefinition.Kind#GEOMETRY} ops. The op's
 * input is Kornia's first argument, except for {@code transform_points}, whose input is the points
 * ({@code points_1}) with the matrices as the required tensor parameter {@code trans_01}: points are the data a
 * pipeline carries. Other tensors are required {@link ParamType#TENSOR} parameters under Kornia's names.
 */
public final class LinalgOps implements OpProvider {

    /** Two well-conditioned (2, 4, 4) transforms: identity + 0.3 * the uniform sample, last row (0, 0, 0, 1). */
    static final HostTensor TRANSFORMS = transforms();

    @Override
    public void register(OpRegistry registry) {
        registry.register(OpDefinition.builder("compose_transformations", "T_02 = T_01 T_12 of rigid (B, 4, 4)")
                .param(ParamSpec.required("trans_12", ParamType.TENSOR, "(B, 4, 4) rigid transforms"))
                .geometry(2, 4, 4).sampleInput(TRANSFORMS).sampleArg("trans_12", Samples.uniform(2, 4, 4))
                .factory(args -> scoped(x -> Linalg.composeTransformations(x, args.tensor("trans_12", x))))
                .build());
        registry.register(OpDefinition.builder("inverse_transformation", "[R^T, -R^T t] of rigid (B, 4, 4)")
                .geometry(2, 4, 4).sampleInput(TRANSFORMS)
                .factory(args -> Linalg::inverseTransformation)
                .build());
        registry.register(OpDefinition.builder("relative_transformation", "T_12 = T_01^-1 T_02 of rigid (B, 4, 4)")
                .param(ParamSpec.required("trans_02", ParamType.TENSOR, "(B, 4, 4) rigid transforms"))
                .geometry(2, 4, 4).sampleInput(TRANSFORMS).sampleArg("trans_02", Samples.uniform(2, 4, 4))
                .factory(args -> scoped(x -> Linalg.relativeTransformation(x, args.tensor("trans_02", x))))
                .build());
        registry.register(OpDefinition.builder("transform_points", "dehom(T_01 hom(points_1)), points (B, N, D)")
                .param(ParamSpec.required("trans_01", ParamType.TENSOR, "(B, D+1, D+1), or (1, D+1, D+1) for all"))
                .geometry(2, 5, 3).sampleArg("trans_01", TRANSFORMS)
                .factory(args -> scoped(x -> Linalg.transformPoints(args.tensor("trans_01", x), x)))
                .build());
        registry.register(OpDefinition.builder("point_line_distance", "|a x + b y + c| / (sqrt(a^2 + b^2) + eps)")
                .param(ParamSpec.required("line", ParamType.TENSOR, "(*, 3) lines (a, b, c)"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, 1e-9, "added to the denominator"))
                .geometry(2, 5, 2).sampleArg("line", Samples.uniform(2, 5, 3))
                .factory(args -> {
                    double eps = args.real("eps");
                    return scoped(x -> Linalg.pointLineDistance(x, args.tensor("line", x), eps));
                })
                .build());
        registry.register(OpDefinition.builder("squared_norm", "sum(x^2) over the last dimension")
                .param(ParamSpec.of("keepdim", ParamType.BOOLEAN, false, "keep the last dimension"))
                .geometry(2, 5, 3)
                .factory(args -> {
                    boolean keepdim = args.bool("keepdim");
                    return x -> Linalg.squaredNorm(x, keepdim);
                })
                .build());
        registry.register(OpDefinition.builder("euclidean_distance", "sqrt(|x - y|^2 + eps) over the last dimension")
                .param(ParamSpec.required("y", ParamType.TENSOR, "the input's shape"))
                .param(ParamSpec.of("keepdim", ParamType.BOOLEAN, false, "keep the last dimension"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, 1e-6, "added under the root"))
                .geometry(2, 5, 3).sampleArg("y", Samples.uniform(2, 5, 3))
                .factory(args -> {
                    boolean keepdim = args.bool("keepdim");
                    double eps = args.real("eps");
                    return scoped(x -> Linalg.euclideanDistance(x, args.tensor("y", x), keepdim, eps));
                })
                .build());
    }

    /** Runs {@code op} scoped, so tensors made from parameters for one call are freed with its temporaries. */
    private static ImageOp scoped(ImageOp op) {
        return x -> Scoped.run(() -> op.apply(x), x);
    }

    private static HostTensor transforms() {
        float[] v = Samples.uniform(2, 4, 4).toFloatArray();
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    int k = b * 16 + i * 4 + j;
                    v[k] = i == 3 ? (j == 3 ? 1f : 0f) : (i == j ? 1f : 0f) + 0.3f * v[k];
                }
            }
        }
        return HostTensor.of(v, 2, 4, 4);
    }
}
