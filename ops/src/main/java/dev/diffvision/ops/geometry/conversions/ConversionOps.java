package dev.diffvision.ops.geometry.conversions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.registry.ImageOp;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;
import dev.diffvision.ops.registry.Samples;

import java.util.List;

/**
 * Registers the single-output ops of {@code kornia.geometry.conversions} under their Kornia names, as
 * {@link OpDefinition.Kind#GEOMETRY} ops with Kornia's keyword parameters and defaults ({@code height} and
 * {@code width} are required, as in Kornia). {@code normal_transform_pixel} and {@code normal_transform_pixel3d},
 * whose Kornia arguments are sizes, are {@link OpDefinition.Kind#KERNEL_FACTORY} ops reading the size from their
 * input tensor. The ops with several tensor inputs or outputs ({@code pol2cart},
 * {@code cart2pol}, {@code quaternion_from_euler}, {@code euler_from_quaternion}) are Java-only:
 * {@link Conversions}.
 */
public final class ConversionOps implements OpProvider {

    /** Kornia's default {@code eps} of {@code normal_transform_pixel}. */
    private static final double NORMAL_EPS = 1e-14;

    /** Two rotation matrices (Kornia's axis_angle_to_rotation_matrix vector), the sample of matrix inputs. */
    private static final float[] ROTATIONS = {
        0.6027768f, -0.79275544f, -0.09054801f, -0.67915707f, -0.56931658f, 0.46327563f,
        -0.41881476f, -0.21775548f, -0.88157628f,
        -0.30382753f, -0.95095137f, -0.05814062f, -0.71581715f, 0.26812278f, -0.64476041f,
        0.62872461f, -0.15427791f, -0.76217038f};

    @Override
    public void register(OpRegistry registry) {
        simple(registry, "rad2deg", "180 / pi * x", Conversions::rad2deg, 2, 5);
        simple(registry, "deg2rad", "pi / 180 * x", Conversions::deg2rad, 2, 5);
        simple(registry, "convert_points_to_homogeneous", "(*, N, D) -> (*, N, D + 1), appending 1",
                Conversions::convertPointsToHomogeneous, 2, 5, 3);
        simple(registry, "convert_affinematrix_to_homography", "(B, 2, 3) -> (B, 3, 3), appending (0, 0, 1)",
                Conversions::convertAffineMatrixToHomography, 2, 2, 3);
        simple(registry, "quaternion_to_rotation_matrix", "(*, 4) (w, x, y, z) -> (*, 3, 3)",
                Conversions::quaternionToRotationMatrix, 2, 4);
        simple(registry, "quaternion_to_axis_angle", "(*, 4) (w, x, y, z) -> (*, 3) axis * angle",
                Conversions::quaternionToAxisAngle, 2, 4);
        simple(registry, "axis_angle_to_quaternion", "(*, 3) axis * angle -> (*, 4) (w, x, y, z)",
                Conversions::axisAngleToQuaternion, 2, 3);
        simple(registry, "axis_angle_to_rotation_matrix", "(*, 3) axis * angle -> (*, 3, 3), Rodrigues",
                Conversions::axisAngleToRotationMatrix, 2, 3);
        registry.register(OpDefinition.builder("rotation_matrix_to_axis_angle", "(*, 3, 3) -> (*, 3) axis * angle")
                .geometry(2, 3, 3).sampleInput(HostTensor.of(ROTATIONS, 2, 3, 3))
                .factory(args -> Conversions::rotationMatrixToAxisAngle)
                .build());
        registry.register(OpDefinition.builder("rotation_matrix_to_quaternion", "(*, 3, 3) -> (*, 4) (w, x, y, z)")
                .param(ParamSpec.of("eps", ParamType.FLOAT, Conversions.ROTATION_EPS, "added under the roots"))
                .geometry(2, 3, 3).sampleInput(HostTensor.of(ROTATIONS, 2, 3, 3))
                .factory(args -> {
                    double eps = args.real("eps");
                    return x -> Conversions.rotationMatrixToQuaternion(x, eps);
                })
                .build());
        registry.register(OpDefinition.builder("convert_points_from_homogeneous",
                        "(*, N, D) -> (*, N, D - 1), dividing by the last coordinate")
                .param(ParamSpec.of("eps", ParamType.FLOAT, Conversions.POINTS_EPS, "|z| <= eps scales by 1"))
                .geometry(2, 3, 3).sampleInput(awayFromZero(2, 5, 3))
                .factory(args -> {
                    double eps = args.real("eps");
                    return x -> Conversions.convertPointsFromHomogeneous(x, eps);
                })
                .build());
        homography(registry, "normalize_homography", "pixel homography -> [-1, 1] corner-aligned coordinates", true);
        homography(registry, "denormalize_homography", "[-1, 1] homography -> pixel homography", false);
        pixels(registry, "normalize_pixel_coordinates", "pixel (x, y) -> [-1, 1], corner-aligned", true);
        pixels(registry, "denormalize_pixel_coordinates", "[-1, 1] -> pixel (x, y), corner-aligned", false);
        registry.register(OpDefinition.builder("normal_transform_pixel", "pixels -> [-1, 1] matrix (1, 3, 3) of an"
                        + " image (input: its size, () for H = W or (2) for (H, W), a float tensor)")
                .kernelFactory()
                .param(ParamSpec.of("eps", ParamType.FLOAT, NORMAL_EPS, "denominator of a 1-pixel side"))
                .factory(args -> {
                    double eps = args.real("eps");
                    return x -> {
                        int[] s = sizes(x, "normal_transform_pixel", 2);
                        return Conversions.normalTransformPixel(s[0], s[1], eps, x.getManager(), x.getDataType());
                    };
                })
                .build());
        registry.register(OpDefinition.builder("normal_transform_pixel3d", "voxels -> [-1, 1] matrix (1, 4, 4) of a"
                        + " volume (input: its size, () for D = H = W or (3) for (D, H, W), a float tensor)")
                .kernelFactory()
                .param(ParamSpec.of("eps", ParamType.FLOAT, NORMAL_EPS, "denominator of a 1-voxel side"))
                .factory(args -> {
                    double eps = args.real("eps");
                    return x -> {
                        int[] s = sizes(x, "normal_transform_pixel3d", 3);
                        return Conversions.normalTransformPixel3d(s[0], s[1], s[2], eps, x.getManager(),
                                x.getDataType());
                    };
                })
                .build());
    }

    /**
     * Reads the size input of the {@code normal_transform_pixel} ops: {@code ()} (every side equal) or {@code (n)},
     * positive integers held in a float tensor.
     */
    private static int[] sizes(NDArray input, String op, int n) {
        Shape s = input.getShape();
        if (s.dimension() > 1 || (s.dimension() == 1 && s.get(0) != n)) {
            throw new IllegalArgumentException(op + ": expected input (the size) of shape () or (" + n + "), got "
                    + Checks.describe(s));
        }
        Checks.floating(input, op, "input");
        double[] v = input.toType(DataType.FLOAT64, false).toDoubleArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            double side = v[s.dimension() == 0 ? 0 : i];
            if (!(side >= 1 && side <= Integer.MAX_VALUE && side == Math.rint(side))) {
                throw new IllegalArgumentException(op + ": expected input (the size) of positive integers, got "
                        + side);
            }
            out[i] = (int) side;
        }
        return out;
    }

    private static void simple(OpRegistry registry, String name, String summary, ImageOp op, long... shape) {
        registry.register(OpDefinition.builder(name, summary).geometry(shape).factory(args -> op).build());
    }

    private static void homography(OpRegistry registry, String name, String summary, boolean normalize) {
        registry.register(OpDefinition.builder(name, summary)
                .param(ParamSpec.required("dsize_src", ParamType.INT_LIST, "source size (H, W)"))
                .param(ParamSpec.required("dsize_dst", ParamType.INT_LIST, "destination size (H, W)"))
                .geometry(2, 3, 3).sampleArg("dsize_src", List.of(4, 6)).sampleArg("dsize_dst", List.of(5, 3))
                .factory(args -> {
                    int[] src = args.ints("dsize_src");
                    int[] dst = args.ints("dsize_dst");
                    return normalize ? x -> Conversions.normalizeHomography(x, src, dst)
                            : x -> Conversions.denormalizeHomography(x, src, dst);
                })
                .build());
    }

    private static void pixels(OpRegistry registry, String name, String summary, boolean normalize) {
        registry.register(OpDefinition.builder(name, summary)
                .param(ParamSpec.required("height", ParamType.INT, "image height H"))
                .param(ParamSpec.required("width", ParamType.INT, "image width W"))
                .param(ParamSpec.of("eps", ParamType.FLOAT, Conversions.POINTS_EPS, "lower bound of W - 1, H - 1"))
                .geometry(2, 5, 2).sampleArg("height", 4).sampleArg("width", 6)
                .factory(args -> {
                    int h = args.integer("height");
                    int w = args.integer("width");
                    double eps = args.real("eps");
                    return normalize ? x -> Conversions.normalizePixelCoordinates(x, h, w, eps)
                            : x -> Conversions.denormalizePixelCoordinates(x, h, w, eps);
                })
                .build());
    }

    /** Points whose last (homogeneous) coordinate lies in [1, 2), so the division is well conditioned. */
    private static HostTensor awayFromZero(long... shape) {
        float[] v = Samples.uniform(shape).toFloatArray();
        long d = shape[shape.length - 1];
        for (int i = (int) d - 1; i < v.length; i += (int) d) {
            v[i] += 1;
        }
        return HostTensor.of(v, shape);
    }
}
