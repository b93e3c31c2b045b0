package dev.diffvision.ops.geometry.homography;

import ai.djl.ndarray.NDArray;
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
 * Registers {@code kornia.geometry.homography} (and {@code kornia.geometry.transform.get_perspective_transform},
 * which shares the DLT code) as {@link OpDefinition.Kind#GEOMETRY} ops.
 *
 * <p>The op's input is Kornia's first argument ({@code points1}, {@code pts1}, {@code points_src}); the other
 * tensors are {@link ParamType#TENSOR} parameters under Kornia's names. Kornia's defaults are kept
 * ({@code solver='lu'}, {@code squared=True}, {@code eps=1e-8}, {@code soft_inl_th=3.0}, {@code n_iter=5}).
 * {@code sample_is_valid_for_homography}'s boolean mask is returned as 1/0 in the input's dtype.
 */
public final class HomographyOps implements OpProvider {

    /** A fixed mild homography that maps the sample points1 near the sample points2. */
    private static final double[] SAMPLE_H = {1.1, 0.05, 2, -0.03, 0.95, -1, 0.002, -0.001, 1};

    @Override
    public void register(OpRegistry registry) {
        HostTensor points1 = samplePoints(8);
        HostTensor points2 = mapped(points1);
        registry.register(OpDefinition.builder("find_homography_dlt", "weighted, normalised DLT homography (B, 3, 3)")
                .param(ParamSpec.required("points2", ParamType.TENSOR, "(B, N, 2) destination points"))
                .param(ParamSpec.optional("weights", ParamType.TENSOR, "(B, N) weights; none = all 1"))
                .param(ParamSpec.of("solver", ParamType.STRING, "lu", "lu or svd"))
                .geometry().sampleInput(points1).sampleArg("points2", points2)
                .factory(args -> {
                    Homography.Solver solver = Homography.Solver.parse(args.text("solver"), args.op());
                    return scoped(x -> Homography.findHomographyDlt(x, args.tensor("points2", x),
                            args.tensor("weights", x), solver));
                })
                .build());
        registry.register(OpDefinition.builder("find_homography_dlt_iterated",
                        "DLT re-solved with soft inlier weights exp(-e / (2 th^2))")
                .param(ParamSpec.required("points2", ParamType.TENSOR, "(B, N, 2) destination points"))
                .param(ParamSpec.required("weights", ParamType.TENSOR, "(B, N) initial weights"))
                .param(ParamSpec.of("soft_inl_th", ParamType.FLOAT, 3.0, "soft inlier threshold (pixels), > 0"))
                .param(ParamSpec.of("n_iter", ParamType.INT, 5, "number of solves, >= 1"))
                .geometry().sampleInput(points1).sampleArg("points2", points2)
                .sampleArg("weights", Samples.uniform(2, 8))
                .factory(args -> scoped(x -> Homography.findHomographyDltIterated(x, args.tensor("points2", x),
                        args.tensor("weights", x), args.real("soft_inl_th"), args.integer("n_iter"))))
                .build());
        HostTensor quad = samplePoints(4);
        registry.register(OpDefinition.builder("get_perspective_transform", "homography of 4 point pairs (B, 3, 3)")
                .param(ParamSpec.required("points_dst", ParamType.TENSOR, "(B, 4, 2) destination corners"))
                .geometry().sampleInput(quad).sampleArg("points_dst", mapped(quad))
                .factory(args -> scoped(x -> Homography.getPerspectiveTransform(x, args.tensor("points_dst", x))))
                .build());
        registry.register(transferError("oneway_transfer_error", "||H p1 - p2||^2 per point (B, N)", points1,
                points2, Homography::onewayTransferError));
        registry.register(transferError("symmetric_transfer_error",
                "||H p1 - p2||^2 + ||H^-1 p2 - p1||^2 per point (B, N)", points1, points2,
                Homography::symmetricTransferError));
        registry.register(OpDefinition.builder("sample_is_valid_for_homography",
                        "1 where the 4-point sample keeps its orientation in both views (B)")
                .param(ParamSpec.required("points2", ParamType.TENSOR, "(B, 4, 2) destination samples"))
                .geometry().notDifferentiable().sampleInput(quad).sampleArg("points2", mapped(quad))
                .factory(args -> scoped(x -> Homography.sampleIsValidForHomography(x, args.tensor("points2", x))
                        .toType(x.getDataType(), false)))
                .build());
    }

    /** A transfer error of {@link Homography}. */
    private interface TransferError {
        NDArray apply(NDArray pts1, NDArray pts2, NDArray h, boolean squared, double eps);
    }

    private static OpDefinition transferError(String name, String summary, HostTensor points1, HostTensor points2,
            TransferError error) {
        float[] h = new float[18];
        for (int i = 0; i < 9; i++) {
            h[i] = (float) SAMPLE_H[i];
            h[9 + i] = (float) SAMPLE_H[i] * (i == 0 ? 0.9f : 1f);
        }
        return OpDefinition.builder(name, summary)
                .param(ParamSpec.required("pts2", ParamType.TENSOR, "(B, N, 2) destination points"))
                .param(ParamSpec.required("H", ParamType.TENSOR, "(B, 3, 3) homographies"))
                .param(ParamSpec.of("squared", ParamType.BOOLEAN, true, "squared distances"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, 1e-8, "added under the square root"))
                .geometry().sampleInput(points1).sampleArg("pts2", points2)
                .sampleArg("H", HostTensor.of(h, 2, 3, 3))
                .factory(args -> scoped(x -> error.apply(x, args.tensor("pts2", x), args.tensor("H", x),
                        args.bool("squared"), args.real("eps"))))
                .build();
    }

    /** Eight well-spread points in [0, 10)^2, no three collinear among the first four. */
    private static final float[] SAMPLE_POINTS = {1, 1, 9, 1.5f, 8.5f, 9, 0.5f, 8, 5, 3, 3, 6, 7, 5.5f, 4.5f, 8.5f};

    /** Two batches of the first n sample points, the second shifted and scaled a little. */
    private static HostTensor samplePoints(int n) {
        float[] out = new float[4 * n];
        for (int i = 0; i < 2 * n; i++) {
            out[i] = SAMPLE_POINTS[i];
            out[2 * n + i] = 1.1f * SAMPLE_POINTS[i] + 0.5f;
        }
        return HostTensor.of(out, 2, n, 2);
    }

    /** The points mapped by {@link #SAMPLE_H}, perturbed by up to 0.1 px so that the fit is not exact. */
    private static HostTensor mapped(HostTensor points) {
        float[] p = points.toFloatArray();
        float[] noise = Samples.uniform(p.length).toFloatArray();
        float[] out = new float[p.length];
        double[] m = SAMPLE_H;
        for (int i = 0; i < p.length; i += 2) {
            double w = m[6] * p[i] + m[7] * p[i + 1] + m[8];
            out[i] = (float) ((m[0] * p[i] + m[1] * p[i + 1] + m[2]) / w + 0.2 * noise[i] - 0.1);
            out[i + 1] = (float) ((m[3] * p[i] + m[4] * p[i + 1] + m[5]) / w + 0.2 * noise[i + 1] - 0.1);
        }
        return HostTensor.of(out, points.shape());
    }

    private static ImageOp scoped(ImageOp op) {
        return x -> Scoped.run(() -> op.apply(x), x);
    }
}
