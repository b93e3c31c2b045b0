package dev.diffvision.ops.geometry.epipolar;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.registry.ImageOp;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;

/**
 * Registers {@code kornia.geometry.epipolar} as {@link OpDefinition.Kind#GEOMETRY} ops: {@code find_fundamental},
 * {@code essential_from_fundamental}, {@code fundamental_from_essential}, the three epipolar distances and
 * {@code triangulate_points}. The op's input is Kornia's first argument; the other tensors are
 * {@link ParamType#TENSOR} parameters under Kornia's names, Kornia's defaults kept. {@code motion_from_essential}
 * has two outputs and is Java API only ({@link Essential#motionFromEssential}).
 *
 * <p>The harness samples are a synthetic two-view scene (K with f = 5, camera 2 rotated 0.1 rad about y and
 * translated by (1, 0.1, 0.05), 8 points 3-6 units away; the second batch element shifts the points), so that
 * every estimate is well conditioned.
 */
public final class EpipolarOps implements OpProvider {

    private static final double[] K = {5, 0, 5, 0, 5, 5, 0, 0, 1};
    private static final double ANGLE = 0.1;
    private static final double[] R = {Math.cos(ANGLE), 0, Math.sin(ANGLE), 0, 1, 0, -Math.sin(ANGLE), 0,
        Math.cos(ANGLE)};
    private static final double[] T = {1, 0.1, 0.05};
    private static final double[][] WORLD = {{-1, -0.8, 3}, {0.9, -0.7, 4}, {0.8, 0.9, 5}, {-0.7, 0.6, 6},
        {0.1, -0.2, 3.5}, {-0.4, 0.3, 4.5}, {0.5, 0.1, 5.5}, {-0.2, -0.5, 4.2}};

    @Override
    public void register(OpRegistry registry) {
        HostTensor points1 = project(false);
        HostTensor points2 = project(true);
        HostTensor k = repeat(K, 3, 3);
        HostTensor f = repeat(fundamental(T), 3, 3);
        // the distances are measured against a slightly wrong F, away from |x| = 0 where they have a kink
        HostTensor wrongF = repeat(fundamental(new double[] {1, 0.3, 0.2}), 3, 3);
        registry.register(OpDefinition.builder("find_fundamental", "normalised, weighted 8-point F (B, 3, 3)")
                .param(ParamSpec.required("points2", ParamType.TENSOR, "(B, N, 2) points of view 2, N >= 8"))
                .param(ParamSpec.optional("weights", ParamType.TENSOR, "(B, N) weights; none = all 1"))
                .param(ParamSpec.of("method", ParamType.STRING, "8POINT", "8POINT (7POINT is not implemented)"))
                .geometry().sampleInput(points1).sampleArg("points2", points2)
                .factory(args -> {
                    if (!"8POINT".equals(args.text("method"))) {
                        throw new IllegalArgumentException(args.op() + ": expected method 8POINT, got "
                                + args.text("method"));
                    }
                    return scoped(x -> Fundamental.findFundamental(x, args.tensor("points2", x),
                            args.tensor("weights", x)));
                })
                .build());
        registry.register(OpDefinition.builder("essential_from_fundamental", "E = K2^T F K1 (B, 3, 3)")
                .param(ParamSpec.required("K1", ParamType.TENSOR, "(B, 3, 3) intrinsics of camera 1"))
                .param(ParamSpec.required("K2", ParamType.TENSOR, "(B, 3, 3) intrinsics of camera 2"))
                .geometry().sampleInput(f).sampleArg("K1", k).sampleArg("K2", k)
                .factory(args -> scoped(x -> Essential.essentialFromFundamental(x, args.tensor("K1", x),
                        args.tensor("K2", x))))
                .build());
        registry.register(OpDefinition.builder("fundamental_from_essential", "F = K2^-T E K1^-1 (B, 3, 3)")
                .param(ParamSpec.required("K1", ParamType.TENSOR, "(B, 3, 3) intrinsics of camera 1"))
                .param(ParamSpec.required("K2", ParamType.TENSOR, "(B, 3, 3) intrinsics of camera 2"))
                .geometry().sampleInput(repeat(essential(T), 3, 3)).sampleArg("K1", k).sampleArg("K2", k)
                .factory(args -> scoped(x -> Essential.fundamentalFromEssential(x, args.tensor("K1", x),
                        args.tensor("K2", x))))
                .build());
        registry.register(distance("sampson_epipolar_distance", "Sampson distance per point (B, N)", points1,
                points2, wrongF).param(squared()).param(eps())
                .factory(args -> scoped(x -> Metrics.sampsonEpipolarDistance(x, args.tensor("pts2", x),
                        args.tensor("Fm", x), args.bool("squared"), args.real("eps"))))
                .build());
        registry.register(distance("symmetrical_epipolar_distance",
                "sum of both point-to-epipolar-line distances squared (B, N)", points1, points2, wrongF)
                .param(squared()).param(eps())
                .factory(args -> scoped(x -> Metrics.symmetricalEpipolarDistance(x, args.tensor("pts2", x),
                        args.tensor("Fm", x), args.bool("squared"), args.real("eps"))))
                .build());
        registry.register(distance("left_to_right_epipolar_distance",
                "distance of pts2 to the epipolar line F pts1 (B, N)", points1, points2, wrongF)
                .factory(args -> scoped(x -> Metrics.leftToRightEpipolarDistance(x, args.tensor("pts2", x),
                        args.tensor("Fm", x))))
                .build());
        registry.register(OpDefinition.builder("triangulate_points", "DLT triangulation (B, N, 3)")
                .param(ParamSpec.required("P2", ParamType.TENSOR, "(B, 3, 4) projection of camera 2"))
                .param(ParamSpec.required("points1", ParamType.TENSOR, "(B, N, 2) points in view 1"))
                .param(ParamSpec.required("points2", ParamType.TENSOR, "(B, N, 2) points in view 2"))
                .geometry().sampleInput(repeat(projection(false), 3, 4))
                .sampleArg("P2", repeat(projection(true), 3, 4))
                .sampleArg("points1", points1).sampleArg("points2", points2)
                .factory(args -> scoped(x -> Triangulation.triangulatePoints(x, args.tensor("P2", x),
                        args.tensor("points1", x), args.tensor("points2", x))))
                .build());
    }

    private static OpDefinition.Builder distance(String name, String summary, HostTensor points1, HostTensor points2,
            HostTensor wrongF) {
        return OpDefinition.builder(name, summary)
                .param(ParamSpec.required("pts2", ParamType.TENSOR, "(B, N, 2 or 3) points of view 2"))
                .param(ParamSpec.required("Fm", ParamType.TENSOR, "(B, 3, 3) fundamental matrices"))
                .geometry().sampleInput(points1).sampleArg("pts2", points2).sampleArg("Fm", wrongF);
    }

    private static ParamSpec squared() {
        return ParamSpec.of("squared", ParamType.BOOLEAN, true, "squared distances");
    }

    private static ParamSpec eps() {
        return ParamSpec.of("eps", ParamType.FLOAT, 1e-8, "added under the square root");
    }

    /** The scene's points in view 1 or 2 (slightly perturbed), two batch elements (the second scene shifted). */
    private static HostTensor project(boolean second) {
        float[] out = new float[2 * WORLD.length * 2];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < WORLD.length; i++) {
                double[] x = {WORLD[i][0] + 0.2 * b, WORLD[i][1] - 0.1 * b, WORLD[i][2] + 0.5 * b};
                if (second) {
                    x = add(mul(R, x), T);
                }
                double[] p = mul(K, x);
                // view 2 is perturbed by up to 0.01 px: exact data puts find_fundamental's smallest singular
                // value at 0, where the SVD's gradient is not reliable
                double jitter = second ? 0.02 * (((i * 7 + b * 3) % 5) / 4.0 - 0.5) : 0;
                out[(b * WORLD.length + i) * 2] = (float) (p[0] / p[2] + jitter);
                out[(b * WORLD.length + i) * 2 + 1] = (float) (p[1] / p[2] - jitter);
            }
        }
        return HostTensor.of(out, 2, WORLD.length, 2);
    }

    /** K [I | 0] or K [R | t]. */
    private static double[] projection(boolean second) {
        double[] p = new double[12];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                double sum = 0;
                for (int j = 0; j < 3; j++) {
                    double rt = c < 3 ? (second ? R[j * 3 + c] : (j == c ? 1 : 0)) : (second ? T[j] : 0);
                    sum += K[r * 3 + j] * rt;
                }
                p[r * 4 + c] = sum;
            }
        }
        return p;
    }

    /** [t]x R. */
    private static double[] essential(double[] t) {
        double[] skew = {0, -t[2], t[1], t[2], 0, -t[0], -t[1], t[0], 0};
        return matMul(skew, R);
    }

    /** K^-T E K^-1 with K = [[f, 0, c], [0, f, c], [0, 0, 1]]. */
    private static double[] fundamental(double[] t) {
        double fl = K[0];
        double c = K[2];
        double[] kInv = {1 / fl, 0, -c / fl, 0, 1 / fl, -c / fl, 0, 0, 1};
        double[] kInvT = {kInv[0], kInv[3], kInv[6], kInv[1], kInv[4], kInv[7], kInv[2], kInv[5], kInv[8]};
        return matMul(matMul(kInvT, essential(t)), kInv);
    }

    private static double[] matMul(double[] a, double[] b) {
        double[] out = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < 3; j++) {
                    out[r * 3 + c] += a[r * 3 + j] * b[j * 3 + c];
                }
            }
        }
        return out;
    }

    private static double[] mul(double[] m, double[] x) {
        return new double[] {m[0] * x[0] + m[1] * x[1] + m[2] * x[2], m[3] * x[0] + m[4] * x[1] + m[5] * x[2],
            m[6] * x[0] + m[7] * x[1] + m[8] * x[2]};
    }

    private static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    /** The matrix twice (batch 2), the second scaled by 1.1, as float32 values. */
    private static HostTensor repeat(double[] m, long rows, long cols) {
        float[] out = new float[2 * m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = (float) m[i];
            out[m.length + i] = (float) (1.1 * m[i]);
        }
        return HostTensor.of(out, 2, rows, cols);
    }

    private static ImageOp scoped(ImageOp op) {
        return x -> Scoped.run(() -> op.apply(x), x);
    }
}
