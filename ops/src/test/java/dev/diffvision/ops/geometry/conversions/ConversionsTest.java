package dev.diffvision.ops.geometry.conversions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Conversions} against Kornia's vectors, OpenCV's Rodrigues (tools/gen_camera_refs.py, float64), closed
 * forms and round trips. Conventions: quaternions (w, x, y, z), axis-angle = angle * unit axis in radians, points
 * (x, y), corner-aligned pixel normalisation. Tolerances are stated per test; float64 unless said.
 */
class ConversionsTest extends OpTestBase {

    private static final String REFS = "geometry/camera";

    @Test
    void passesKorniasVectors() {
        for (String name : new String[] {"axis_angle_to_quaternion__small_x", "axis_angle_to_rotation_matrix",
            "normalize_pixel_coordinates", "quaternion_to_axis_angle__x180",
            "quaternion_to_rotation_matrix__component_order", "rotation_matrix_to_quaternion__corner_case"}) {
            References.assertKorniaCasePasses(name);
        }
    }

    @Test
    void axisAngleToRotationMatrixMatchesOpenCvRodrigues() {
        NDArray r = References.npy(manager, REFS, "rodrigues_axis_angle");
        NDArray expected = References.npy(manager, REFS, "rodrigues_matrix");
        // Kornia divides the axis by |r| + 1e-6, so it differs from the exact formula by ~1e-6 relative to
        // sin(|r|) / |r|: 1e-5 covers every angle here, near 0 (first-order form) and near pi included
        assertClose(expected, Conversions.axisAngleToRotationMatrix(r), 1e-5);
    }

    @Test
    void rotationMatrixToAxisAngleMatchesOpenCvRodrigues() {
        NDArray m = References.npy(manager, REFS, "rodrigues_matrix");
        NDArray expected = References.npy(manager, REFS, "rodrigues_back");
        NDArray actual = Conversions.rotationMatrixToAxisAngle(m);
        // eps = 1e-8 under Kornia's square roots: ~1e-8 relative; 1e-6 absolute
        assertClose(expected.get("0:9"), actual.get("0:9"), 1e-6);
        // at pi - 1e-6, r and -r are the same rotation up to 2e-6 rad: OpenCV and Kornia may pick either sign
        NDArray last = actual.get(9);
        NDArray ref = expected.get(9);
        double err = Math.min(last.sub(ref).abs().max().getDouble(), last.add(ref).abs().max().getDouble());
        assertTrue(err < 1e-5, "near-pi axis-angle up to sign, error " + err);
    }

    @Test
    void roundTripsBetweenRotationRepresentations() {
        NDArray r = References.npy(manager, REFS, "rodrigues_axis_angle").get("0:9");  // angles < pi
        NDArray q = Conversions.axisAngleToQuaternion(r);
        assertClose(manager.ones(new Shape(9)).toType(DataType.FLOAT64, false), q.norm(new int[] {-1}), 1e-12);
        assertClose(r, Conversions.quaternionToAxisAngle(q), 1e-10);
        NDArray m = Conversions.quaternionToRotationMatrix(q);
        assertClose(Conversions.axisAngleToRotationMatrix(r), m, 1e-5);   // Kornia's 1e-6 in Rodrigues
        NDArray q2 = Conversions.rotationMatrixToQuaternion(m, Conversions.ROTATION_EPS);
        // q and -q are one rotation: align the sign on w before comparing
        NDArray aligned = q2.mul(q2.get("..., 0:1").mul(q.get("..., 0:1")).sign());
        assertClose(q, aligned, 1e-7);
        assertClose(r, Conversions.rotationMatrixToAxisAngle(m), 1e-7);
        // R R^T = I for the matrices of non-unit quaternions too (they are normalised first)
        NDArray m2 = Conversions.quaternionToRotationMatrix(q.mul(3));
        assertClose(m, m2, 1e-12);
    }

    @Test
    void eulerAnglesMatchTheComposedAxisRotationsAndRoundTrip() {
        NDArray roll = manager.create(new double[] {0.3, -1.2, 2.5});
        NDArray pitch = manager.create(new double[] {0.2, 0.7, -1.1});
        NDArray yaw = manager.create(new double[] {-0.4, 2.9, 0.1});
        NDList q = Conversions.quaternionFromEuler(roll, pitch, yaw);
        // closed form: R = Rz(yaw) Ry(pitch) Rx(roll), each an axis-angle rotation
        NDArray zero = roll.zerosLike();
        NDArray rx = Conversions.axisAngleToRotationMatrix(NDArrays.stack(new NDList(roll, zero, zero), 1));
        NDArray ry = Conversions.axisAngleToRotationMatrix(NDArrays.stack(new NDList(zero, pitch, zero), 1));
        NDArray rz = Conversions.axisAngleToRotationMatrix(NDArrays.stack(new NDList(zero, zero, yaw), 1));
        NDArray expected = rz.matMul(ry).matMul(rx);
        assertClose(expected, Conversions.quaternionToRotationMatrix(NDArrays.stack(q, 1)), 1e-5);
        NDList back = Conversions.eulerFromQuaternion(q.get(0), q.get(1), q.get(2), q.get(3));
        assertClose(roll, back.get(0), 1e-12);
        assertClose(pitch, back.get(1), 1e-12);
        assertClose(yaw, back.get(2), 1e-12);
    }

    @Test
    void anglesPolarAndPixelCoordinatesRoundTrip() {
        NDArray x = rand(DataType.FLOAT64, 2, 7).sub(0.5).mul(10);
        assertClose(x.mul(180 / Math.PI), Conversions.rad2deg(x), 1e-12);
        assertClose(x, Conversions.deg2rad(Conversions.rad2deg(x)), 1e-12);

        NDArray y = rand(DataType.FLOAT64, 2, 7).sub(0.5);
        NDList polar = Conversions.cart2pol(x, y, 0);
        NDList cart = Conversions.pol2cart(polar.get(0), polar.get(1));
        assertClose(x, cart.get(0), 1e-12);
        assertClose(y, cart.get(1), 1e-12);

        NDArray pixels = rand(DataType.FLOAT64, 2, 5, 2).mul(7);
        NDArray normalized = Conversions.normalizePixelCoordinates(pixels, 5, 8, 1e-8);
        // corner-aligned closed form: 2 x / (W - 1) - 1, 2 y / (H - 1) - 1
        assertClose(pixels.get("..., 0").mul(2.0 / 7).sub(1), normalized.get("..., 0"), 1e-12);
        assertClose(pixels.get("..., 1").mul(2.0 / 4).sub(1), normalized.get("..., 1"), 1e-12);
        assertClose(pixels, Conversions.denormalizePixelCoordinates(normalized, 5, 8, 1e-8), 1e-12);
    }

    @Test
    void normalizedHomographyActsOnNormalizedCoordinatesAndRoundTrips() {
        NDArray h = manager.create(new double[] {1.1, 0.1, 2, -0.05, 0.9, 1, 1e-3, 2e-3, 1}, new Shape(1, 3, 3));
        int[] src = {6, 8};
        int[] dst = {5, 9};
        NDArray hn = Conversions.normalizeHomography(h, src, dst);
        NDArray p = rand(DataType.FLOAT64, 1, 7, 2).mul(5);
        // closed form: normalise_dst(H p) == Hn normalise_src(p), corner-aligned convention
        NDArray lhs = Conversions.normalizePixelCoordinates(
                dev.diffvision.ops.geometry.linalg.Linalg.transformPoints(h, p), dst[0], dst[1], 1e-8);
        NDArray rhs = dev.diffvision.ops.geometry.linalg.Linalg.transformPoints(hn,
                Conversions.normalizePixelCoordinates(p, src[0], src[1], 1e-8));
        assertClose(lhs, rhs, 1e-7);   // two divisions by (w + 1e-8)
        assertClose(h, Conversions.denormalizeHomography(hn, src, dst), 1e-12);
    }

    @Test
    void normalTransformPixelIsTheCornerAlignedNormalisation() {
        // closed form (Kornia): [[2/(W-1), 0, -1], [0, 2/(H-1), -1], [0, 0, 1]], exact in float64
        NDArray n = Conversions.normalTransformPixel(5, 9, 1e-14, manager, DataType.FLOAT64);
        assertClose(manager.create(new double[] {0.25, 0, -1, 0, 0.5, -1, 0, 0, 1}, new Shape(1, 3, 3)), n, 0);
        // it acts on pixels as normalize_pixel_coordinates does (eps only matters for a side of 1)
        NDArray p = rand(DataType.FLOAT64, 1, 6, 2).mul(8);
        assertClose(Conversions.normalizePixelCoordinates(p, 5, 9, 1e-8),
                dev.diffvision.ops.geometry.linalg.Linalg.transformPoints(n, p), 1e-7);
        // a side of one pixel divides by eps
        NDArray one = Conversions.normalTransformPixel(1, 3, 1e-3, manager, DataType.FLOAT32);
        assertEquals(DataType.FLOAT32, one.getDataType());
        assertClose(manager.create(new double[] {1, 0, -1, 0, 2000, -1, 0, 0, 1}, new Shape(1, 3, 3)), one, 1e-3);
        // 3-D: diag(2/(W-1), 2/(H-1), 2/(D-1)) and -1 offsets
        assertClose(manager.create(new double[] {0.5, 0, 0, -1, 0, 1, 0, -1, 0, 0, 2, -1, 0, 0, 0, 1},
                new Shape(1, 4, 4)), Conversions.normalTransformPixel3d(2, 3, 5, 1e-14, manager, DataType.FLOAT64), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conversions.normalTransformPixel(0, 3, 1e-14, manager, DataType.FLOAT32));
        assertTrue(e.getMessage().startsWith("normal_transform_pixel: expected height"), e.getMessage());
    }

    @Test
    void normalTransformPixelOpsReadTheSizeFromTheirInput() {
        dev.diffvision.ops.registry.OpRegistry registry = dev.diffvision.ops.registry.OpRegistry.defaults();
        NDArray n = registry.create("normal_transform_pixel", java.util.Map.of())
                .apply(manager.create(new float[] {5, 9}));
        assertClose(Conversions.normalTransformPixel(5, 9, 1e-14, manager, DataType.FLOAT32), n, 0);
        NDArray cube = registry.create("normal_transform_pixel3d", java.util.Map.of()).apply(manager.create(3f));
        assertClose(Conversions.normalTransformPixel3d(3, 3, 3, 1e-14, manager, DataType.FLOAT32), cube, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.create("normal_transform_pixel3d", java.util.Map.of())
                        .apply(manager.create(new float[] {5, 9})));
        assertEquals("normal_transform_pixel3d: expected input (the size) of shape () or (3), got (2)",
                e.getMessage());
    }

    @Test
    void homogeneousPointsRoundTripAndPointsAtInfinityKeepTheirScale() {
        NDArray p = rand(DataType.FLOAT64, 2, 6, 3);
        NDArray h = Conversions.convertPointsToHomogeneous(p);
        assertEquals(new Shape(2, 6, 4), h.getShape());
        assertClose(p, Conversions.convertPointsFromHomogeneous(h.mul(2.5), 0), 1e-12);
        // Kornia: |z| <= eps scales by 1 (documented result, no inf or NaN)
        NDArray atInfinity = manager.create(new double[] {3, 4, 0}, new Shape(1, 3));
        assertClose(manager.create(new double[] {3, 4}, new Shape(1, 2)),
                Conversions.convertPointsFromHomogeneous(atInfinity, 1e-8), 0);

        NDArray a = rand(DataType.FLOAT64, 2, 2, 3);
        NDArray homography = Conversions.convertAffineMatrixToHomography(a);
        assertClose(a, homography.get(":, 0:2, :"), 0);
        assertClose(manager.create(new double[] {0, 0, 1, 0, 0, 1}, new Shape(2, 3)), homography.get(":, 2, :"), 0);
    }

    @Test
    void rtHelpersAssembleSplitAndInvertPoses() {
        // rotations from quaternions: orthonormal to rounding (Kornia's Rodrigues is off by ~1e-6)
        NDArray r = Conversions.quaternionToRotationMatrix(rand(DataType.FLOAT64, 2, 4).sub(0.5));
        NDArray t = rand(DataType.FLOAT64, 2, 3, 1);
        NDArray m = Conversions.rtToMatrix4x4(r, t);
        NDList split = Conversions.matrix4x4ToRt(m);
        assertClose(r, split.get(0), 0);
        assertClose(t, split.get(1), 0);
        assertClose(manager.create(new double[] {0, 0, 0, 1, 0, 0, 0, 1}, new Shape(2, 1, 4)), m.get(":, 3:, :"), 0);
        // world-to-camera composed with camera-to-world is the identity, and the two inversions are one another's
        NDList w2c = Conversions.camtoworldToWorldtocamRt(r, t);
        NDArray product = Conversions.rtToMatrix4x4(w2c.get(0), w2c.get(1)).matMul(m);
        assertClose(manager.eye(4).toType(DataType.FLOAT64, false).expandDims(0).repeat(0, 2), product, 1e-12);
        NDList c2w = Conversions.worldtocamToCamtoworldRt(w2c.get(0), w2c.get(1));
        assertClose(r, c2w.get(0), 1e-12);
        assertClose(t, c2w.get(1), 1e-12);
    }

    @Test
    void gradientsOfTheMultiTensorOpsAndNearSmallAngles() {
        // pol2cart / cart2pol / Euler take several tensors: check them through one packed input (float64)
        NDArray packed = rand(DataType.FLOAT64, 2, 5).add(0.2);
        GradientCheck.check(t -> NDArrays.stack(Conversions.pol2cart(t.get(0), t.get(1))), packed,
                GradientCheck.Options.defaults()).assertPassed("pol2cart");
        GradientCheck.check(t -> NDArrays.stack(Conversions.cart2pol(t.get(0), t.get(1), 1e-8)), packed,
                GradientCheck.Options.defaults()).assertPassed("cart2pol");
        NDArray euler = rand(DataType.FLOAT64, 3, 4).sub(0.5);
        GradientCheck.check(t -> NDArrays.stack(Conversions.quaternionFromEuler(t.get(0), t.get(1), t.get(2))),
                euler, GradientCheck.Options.defaults()).assertPassed("quaternion_from_euler");
        NDArray quat = NDArrays.stack(Conversions.quaternionFromEuler(euler.get(0), euler.get(1), euler.get(2)));
        GradientCheck.check(t -> NDArrays.stack(Conversions.eulerFromQuaternion(t.get(0), t.get(1), t.get(2),
                t.get(3))), quat, GradientCheck.Options.defaults()).assertPassed("euler_from_quaternion");
        // small but non-zero angles (1e-3) and near pi (3.1) in the rotation conversions
        NDArray r = manager.create(new double[] {1e-3, -5e-4, 2e-4, 3.1, 0.1, -0.2}, new Shape(2, 3));
        GradientCheck.check(Conversions::axisAngleToQuaternion, r, GradientCheck.Options.defaults())
                .assertPassed("axis_angle_to_quaternion");
        GradientCheck.check(Conversions::quaternionToAxisAngle, Conversions.axisAngleToQuaternion(r),
                GradientCheck.Options.defaults()).assertPassed("quaternion_to_axis_angle");
        GradientCheck.check(t -> Conversions.rotationMatrixToQuaternion(t, 1e-8),
                Conversions.axisAngleToRotationMatrix(r), GradientCheck.Options.defaults())
                .assertPassed("rotation_matrix_to_quaternion");
    }

    @Test
    void rejectsBadInputNamingTheOp() {
        assertMessage(() -> Conversions.quaternionToRotationMatrix(manager.zeros(new Shape(2, 3))),
                "quaternion_to_rotation_matrix: expected quaternion of shape (*, 4), got (2, 3)");
        assertMessage(() -> Conversions.rotationMatrixToQuaternion(manager.zeros(new Shape(3, 4)), 1e-8),
                "rotation_matrix_to_quaternion: expected rotation_matrix of shape (*, 3, 3), got (3, 4)");
        assertMessage(() -> Conversions.axisAngleToRotationMatrix(manager.zeros(new Shape(2, 3), DataType.INT32)),
                "axis_angle_to_rotation_matrix: expected axis_angle of dtype float32 or float64, got int32");
        assertMessage(() -> Conversions.convertAffineMatrixToHomography(manager.zeros(new Shape(2, 3))),
                "convert_affinematrix_to_homography: expected A of shape (B, 2, 3), got (2, 3)");
        assertMessage(() -> Conversions.normalizePixelCoordinates(manager.zeros(new Shape(4, 2)), 0, 4, 1e-8),
                "normalize_pixel_coordinates: expected height >= 1.0, got 0.0");
        assertMessage(() -> Conversions.pol2cart(manager.zeros(new Shape(2)), manager.zeros(new Shape(3))),
                "pol2cart: expected phi of rho's shape (2), got (3)");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
