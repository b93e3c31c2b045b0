package dev.diffvision.ops.geometry.conversions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * {@code kornia.geometry.conversions}: angles, homogeneous points, pixel-coordinate normalisation and the
 * rotation representations (quaternion, axis-angle, rotation matrix, Euler angles). Kornia's module is one file,
 * so this class is both its family class and its facade.
 *
 * <p>Conventions (Kornia's): points are {@code (x, y)}; quaternions are {@code (w, x, y, z)}, real part first;
 * axis-angle vectors are {@code angle * unit_axis} in radians; rotation matrices act on column vectors. Every
 * op takes float32 or float64 on any device, returns its input's dtype on its device, owned by the first
 * input's manager, never modifies its inputs, and is differentiable in its tensor inputs (see each method for
 * points where the derivative does not exist). Where Kornia selects between closed forms with
 * {@code torch.where}, the branch not taken is evaluated on a safe substitute, so that no NaN from it reaches the
 * gradient.
 *
 * <pre>{@code
 * NDArray q = Conversions.axisAngleToQuaternion(manager.create(new float[] {0.01f, 0, 0}));
 * NDArray r = Conversions.quaternionToRotationMatrix(q);            // (3, 3)
 * NDArray back = Conversions.rotationMatrixToAxisAngle(r);          // ~ (0.01, 0, 0)
 * }</pre>
 */
public final class Conversions {

    /** Kornia's default {@code eps} of {@code rotation_matrix_to_quaternion}. */
    public static final double ROTATION_EPS = 1e-8;
    /** Kornia's default {@code eps} of {@code convert_points_from_homogeneous} and the pixel normalisation. */
    public static final double POINTS_EPS = 1e-8;

    private Conversions() {}

    /**
     * {@code rad2deg}: {@code 180 / pi * x}, element-wise.
     *
     * @param tensor radians, any shape
     * @return degrees, same shape
     * @throws IllegalArgumentException if {@code tensor} is null or not floating point
     */
    public static NDArray rad2deg(NDArray tensor) {
        Checks.floating(tensor, "rad2deg", "tensor");
        return Scoped.run(() -> Constants.scale(tensor, 180.0 / Math.PI), tensor);
    }

    /**
     * {@code deg2rad}: {@code pi / 180 * x}, element-wise.
     *
     * @param tensor degrees, any shape
     * @return radians, same shape
     * @throws IllegalArgumentException if {@code tensor} is null or not floating point
     */
    public static NDArray deg2rad(NDArray tensor) {
        Checks.floating(tensor, "deg2rad", "tensor");
        return Scoped.run(() -> Constants.scale(tensor, Math.PI / 180.0), tensor);
    }

    /**
     * {@code pol2cart}: polar to Cartesian coordinates, {@code x = rho cos(phi)}, {@code y = rho sin(phi)}.
     *
     * @param rho radii, any shape
     * @param phi angles in radians, {@code rho}'s shape
     * @return {@code [x, y]}, each of {@code rho}'s shape
     * @throws IllegalArgumentException on null, non-floating or differently shaped inputs
     */
    public static NDList pol2cart(NDArray rho, NDArray phi) {
        sameShape(rho, phi, "pol2cart", "rho", "phi");
        return Scoped.runList(() -> new NDList(rho.mul(phi.cos()), rho.mul(phi.sin())), rho, phi);
    }

    /**
     * {@code cart2pol}: Cartesian to polar coordinates, {@code rho = sqrt(x^2 + y^2 + eps)},
     * {@code phi = atan2(y, x)} (Kornia adds {@code eps} under the root so that the gradient exists at 0).
     *
     * @param x abscissas, any shape
     * @param y ordinates, {@code x}'s shape
     * @param eps added under the square root (Kornia's default 1e-8)
     * @return {@code [rho, phi]}, each of {@code x}'s shape, {@code phi} in {@code (-pi, pi]}
     * @throws IllegalArgumentException on null, non-floating or differently shaped inputs
     */
    public static NDList cart2pol(NDArray x, NDArray y, double eps) {
        sameShape(x, y, "cart2pol", "x", "y");
        return Scoped.runList(() -> new NDList(x.square().add(y.square()).add(eps).sqrt(), y.atan2(x)), x, y);
    }

    /**
     * {@code convert_points_to_homogeneous}: appends a coordinate 1.
     *
     * @param points {@code (*, N, D)}
     * @return {@code (*, N, D + 1)}
     * @throws IllegalArgumentException if the rank is below 2 or the dtype not floating point
     */
    public static NDArray convertPointsToHomogeneous(NDArray points) {
        atLeastRank(points, 2, "convert_points_to_homogeneous", "points", "(*, N, D)");
        return Scoped.run(() -> appendOnes(points), points);
    }

    /**
     * {@code convert_points_from_homogeneous}: divides by the last coordinate and drops it. As Kornia, a last
     * coordinate with {@code |z| <= eps} scales by 1 instead (points at infinity keep their direction) and
     * otherwise the scale is {@code 1 / (z + eps)}.
     *
     * @param points {@code (*, N, D)}, {@code D >= 2}
     * @param eps threshold and stabiliser (Kornia's default 1e-8)
     * @return {@code (*, N, D - 1)}
     * @throws IllegalArgumentException if the rank is below 2 or the dtype not floating point
     */
    public static NDArray convertPointsFromHomogeneous(NDArray points, double eps) {
        atLeastRank(points, 2, "convert_points_from_homogeneous", "points", "(*, N, D)");
        return Scoped.run(() -> fromHomogeneous(points, eps), points);
    }

    /**
     * {@code convert_affinematrix_to_homography}: appends the row {@code (0, 0, 1)}.
     *
     * @param a {@code (B, 2, 3)} affine matrices
     * @return {@code (B, 3, 3)}
     * @throws IllegalArgumentException for another shape or a non-floating dtype
     */
    public static NDArray convertAffineMatrixToHomography(NDArray a) {
        Checks.shape(a, "convert_affinematrix_to_homography", "A", "B", "2", "3");
        Checks.floating(a, "convert_affinematrix_to_homography", "A");
        return Scoped.run(() -> {
            NDArray row = a.getManager().zeros(new Shape(a.getShape().get(0), 1, 3), a.getDataType(),
                    a.getDevice());
            row.set(new NDIndex("..., 2"), 1);
            return a.concat(row, 1);
        }, a);
    }

    /**
     * {@code normalize_pixel_coordinates}: pixel {@code (x, y)} to {@code [-1, 1]} with the corner-aligned
     * convention (grid_sample's {@code align_corners=true}): {@code x' = 2 x / (W - 1) - 1}, likewise
     * {@code y} with {@code H}; the factor's denominator is clamped to {@code eps} for a size of 1.
     *
     * @param pixelCoordinates {@code (*, 2)} as {@code (x, y)}
     * @param height the image height {@code H}
     * @param width the image width {@code W}
     * @param eps lower bound of {@code W - 1} and {@code H - 1} (Kornia's default 1e-8)
     * @return {@code (*, 2)}
     * @throws IllegalArgumentException for a last dimension other than 2, a non-floating dtype, or a size < 1
     */
    public static NDArray normalizePixelCoordinates(NDArray pixelCoordinates, int height, int width, double eps) {
        String op = "normalize_pixel_coordinates";
        lastDim(pixelCoordinates, 2, op, "pixel_coordinates");
        Checks.atLeast(height, 1, op, "height");
        Checks.atLeast(width, 1, op, "width");
        return Scoped.run(() -> pixelCoordinates.mul(pixelFactor(pixelCoordinates, height, width, eps)).sub(1),
                pixelCoordinates);
    }

    /**
     * {@code denormalize_pixel_coordinates}: the inverse of {@link #normalizePixelCoordinates},
     * {@code x = (x' + 1) (W - 1) / 2}.
     *
     * @param pixelCoordinates {@code (*, 2)} normalised {@code (x, y)}
     * @param height the image height {@code H}
     * @param width the image width {@code W}
     * @param eps lower bound of {@code W - 1} and {@code H - 1} (Kornia's default 1e-8)
     * @return {@code (*, 2)} in pixels
     * @throws IllegalArgumentException for a last dimension other than 2, a non-floating dtype, or a size < 1
     */
    public static NDArray denormalizePixelCoordinates(NDArray pixelCoordinates, int height, int width, double eps) {
        String op = "denormalize_pixel_coordinates";
        lastDim(pixelCoordinates, 2, op, "pixel_coordinates");
        Checks.atLeast(height, 1, op, "height");
        Checks.atLeast(width, 1, op, "width");
        return Scoped.run(() -> pixelCoordinates.add(1).div(pixelFactor(pixelCoordinates, height, width, eps)),
                pixelCoordinates);
    }

    /**
     * {@code normalize_homography}: a pixel homography {@code dst_pix <- src_pix} as the homography between the
     * corner-aligned normalised coordinates ({@code [-1, 1]}, see {@link #normalizePixelCoordinates}) of the two
     * images, {@code N_dst H N_src^-1} (the form {@code grid_sample} needs).
     *
     * @param dstPixTransSrcPix {@code (B, 3, 3)} homographies in pixels
     * @param dsizeSrc the source size {@code (H, W)}
     * @param dsizeDst the destination size {@code (H, W)}
     * @return {@code (B, 3, 3)} normalised homographies
     * @throws IllegalArgumentException for another shape or dtype, or sizes that are not two positive integers
     */
    public static NDArray normalizeHomography(NDArray dstPixTransSrcPix, int[] dsizeSrc, int[] dsizeDst) {
        String op = "normalize_homography";
        homography(dstPixTransSrcPix, dsizeSrc, dsizeDst, op);
        return Scoped.run(() -> constant(dstPixTransSrcPix, normalTransformPixel(dsizeDst, false))
                .matMul(dstPixTransSrcPix).matMul(constant(dstPixTransSrcPix, normalTransformPixel(dsizeSrc, true))),
                dstPixTransSrcPix);
    }

    /**
     * {@code denormalize_homography}: the inverse of {@link #normalizeHomography}, {@code N_dst^-1 H N_src}.
     *
     * @param dstNormTransSrcNorm {@code (B, 3, 3)} homographies in normalised coordinates
     * @param dsizeSrc the source size {@code (H, W)}
     * @param dsizeDst the destination size {@code (H, W)}
     * @return {@code (B, 3, 3)} homographies in pixels
     * @throws IllegalArgumentException for another shape or dtype, or sizes that are not two positive integers
     */
    public static NDArray denormalizeHomography(NDArray dstNormTransSrcNorm, int[] dsizeSrc, int[] dsizeDst) {
        String op = "denormalize_homography";
        homography(dstNormTransSrcNorm, dsizeSrc, dsizeDst, op);
        return Scoped.run(() -> constant(dstNormTransSrcNorm, normalTransformPixel(dsizeDst, true))
                .matMul(dstNormTransSrcNorm)
                .matMul(constant(dstNormTransSrcNorm, normalTransformPixel(dsizeSrc, false))), dstNormTransSrcNorm);
    }

    /**
     * {@code normal_transform_pixel}: the matrix from pixel coordinates of an {@code H x W} image to its
     * corner-aligned normalised coordinates, {@code [[2/(W-1), 0, -1], [0, 2/(H-1), -1], [0, 0, 1]]}, where a side
     * of 1 pixel uses {@code eps} as its denominator (Kornia's guard against division by zero). Not differentiable
     * (its arguments are sizes).
     *
     * <pre>{@code
     * NDArray n = Conversions.normalTransformPixel(4, 6, 1e-14, manager, DataType.FLOAT32);  // (1, 3, 3)
     * }</pre>
     *
     * @param height the image height {@code H}, >= 1
     * @param width the image width {@code W}, >= 1
     * @param eps the denominator of a side of 1 pixel (Kornia's default 1e-14)
     * @param manager owns the result and gives its device
     * @param dtype the result's dtype (float32 or float64)
     * @return {@code (1, 3, 3)}
     * @throws IllegalArgumentException for a size < 1
     */
    public static NDArray normalTransformPixel(int height, int width, double eps, NDManager manager,
                                               DataType dtype) {
        String op = "normal_transform_pixel";
        Checks.atLeast(height, 1, op, "height");
        Checks.atLeast(width, 1, op, "width");
        return normalTransform(new int[] {width, height}, eps, manager, dtype);
    }

    /**
     * {@code normal_transform_pixel3d}: {@link #normalTransformPixel} for a {@code D x H x W} volume,
     * {@code diag(2/(W-1), 2/(H-1), 2/(D-1), 1)} with {@code -1} in the first three rows of the last column.
     *
     * @param depth the volume depth {@code D}, >= 1
     * @param height the volume height {@code H}, >= 1
     * @param width the volume width {@code W}, >= 1
     * @param eps the denominator of a side of 1 voxel (Kornia's default 1e-14)
     * @param manager owns the result and gives its device
     * @param dtype the result's dtype (float32 or float64)
     * @return {@code (1, 4, 4)}
     * @throws IllegalArgumentException for a size < 1
     */
    public static NDArray normalTransformPixel3d(int depth, int height, int width, double eps, NDManager manager,
                                                 DataType dtype) {
        String op = "normal_transform_pixel3d";
        Checks.atLeast(depth, 1, op, "depth");
        Checks.atLeast(height, 1, op, "height");
        Checks.atLeast(width, 1, op, "width");
        return normalTransform(new int[] {width, height, depth}, eps, manager, dtype);
    }

    /** The {@code (1, n+1, n+1)} normalisation of sizes, fastest axis first, {@code (W, H)} or {@code (W, H, D)}. */
    private static NDArray normalTransform(int[] sizesXyz, double eps, NDManager manager, DataType dtype) {
        int n = sizesXyz.length + 1;
        double[] m = new double[n * n];
        for (int i = 0; i < sizesXyz.length; i++) {
            m[i * n + i] = 2.0 / (sizesXyz[i] == 1 ? eps : sizesXyz[i] - 1.0);
            m[i * n + n - 1] = -1;
        }
        m[n * n - 1] = 1;
        return Constants.array(manager, dtype, m, new Shape(1, n, n));
    }

    /**
     * Kornia's {@code normal_transform_pixel} (see {@link #normalTransformPixel}, eps 1e-14) as host values, or its
     * inverse in closed form.
     */
    private static double[] normalTransformPixel(int[] size, boolean inverse) {
        double sx = 2.0 / (size[1] == 1 ? 1e-14 : size[1] - 1.0);
        double sy = 2.0 / (size[0] == 1 ? 1e-14 : size[0] - 1.0);
        return inverse ? new double[] {1 / sx, 0, 1 / sx, 0, 1 / sy, 1 / sy, 0, 0, 1}
                : new double[] {sx, 0, -1, 0, sy, -1, 0, 0, 1};
    }

    /** A constant (1, 3, 3) matrix in {@code like}'s dtype and device, libtorch-owned (matMul saves it). */
    private static NDArray constant(NDArray like, double[] m) {
        return Constants.array(like, m, new Shape(1, 3, 3));
    }

    private static void homography(NDArray h, int[] dsizeSrc, int[] dsizeDst, String op) {
        Checks.shape(h, op, "homography", "B", "3", "3");
        Checks.floating(h, op, "homography");
        for (int[] size : new int[][] {dsizeSrc, dsizeDst}) {
            if (size == null || size.length != 2 || size[0] < 1 || size[1] < 1) {
                throw new IllegalArgumentException(op + ": expected dsize_src and dsize_dst as two positive"
                        + " integers (H, W), got " + java.util.Arrays.toString(size));
            }
        }
    }

    /**
     * {@code quaternion_to_rotation_matrix}: the rotation of the normalised quaternion (Kornia normalises with
     * {@code F.normalize}, eps 1e-12).
     *
     * @param quaternion {@code (*, 4)} as {@code (w, x, y, z)}
     * @return {@code (*, 3, 3)}
     * @throws IllegalArgumentException for a last dimension other than 4 or a non-floating dtype
     */
    public static NDArray quaternionToRotationMatrix(NDArray quaternion) {
        lastDim(quaternion, 4, "quaternion_to_rotation_matrix", "quaternion");
        return Scoped.run(() -> {
            NDArray q = quaternion.div(Constants.atLeast(quaternion.norm(new int[] {-1}, true), 1e-12));
            NDArray w = c(q, 0);
            NDArray x = c(q, 1);
            NDArray y = c(q, 2);
            NDArray z = c(q, 3);
            NDArray two = Constants.scalar(q, 2);
            NDArray tx = x.mul(two);
            NDArray ty = y.mul(two);
            NDArray tz = z.mul(two);
            NDArray twx = tx.mul(w);
            NDArray twy = ty.mul(w);
            NDArray twz = tz.mul(w);
            NDArray txx = tx.mul(x);
            NDArray txy = ty.mul(x);
            NDArray txz = tz.mul(x);
            NDArray tyy = ty.mul(y);
            NDArray tyz = tz.mul(y);
            NDArray tzz = tz.mul(z);
            NDArray m = last(tyy.add(tzz).neg().add(1), txy.sub(twz), txz.add(twy),
                    txy.add(twz), txx.add(tzz).neg().add(1), tyz.sub(twx),
                    txz.sub(twy), tyz.add(twx), txx.add(tyy).neg().add(1));
            return m.reshape(matrixShape(quaternion.getShape()));
        }, quaternion);
    }

    /**
     * {@code rotation_matrix_to_quaternion}: Shepperd's method as Kornia writes it — the closed form of the
     * largest of {@code w, x, y, z} (trace > 0, else the largest diagonal entry), each with {@code eps} under
     * the square root.
     *
     * @param rotationMatrix {@code (*, 3, 3)}
     * @param eps added under the square roots (Kornia's default 1e-8)
     * @return {@code (*, 4)} as {@code (w, x, y, z)}; the sign is that of the largest component
     * @throws IllegalArgumentException for trailing dimensions other than (3, 3) or a non-floating dtype
     */
    public static NDArray rotationMatrixToQuaternion(NDArray rotationMatrix, double eps) {
        matrix3(rotationMatrix, "rotation_matrix_to_quaternion", "rotation_matrix");
        return Scoped.run(() -> toQuaternion(rotationMatrix, eps), rotationMatrix);
    }

    /**
     * {@code quaternion_to_axis_angle}: {@code 2 atan2(|v|, w) v / |v|} for {@code q = (w, v)}, with the angle
     * taken in {@code [-pi, pi]} (a negative {@code w} flips it, as Kornia) and {@code 2 v} when {@code v = 0}.
     * Not differentiable at {@code v = 0}.
     *
     * @param quaternion {@code (*, 4)} as {@code (w, x, y, z)}, unit norm
     * @return {@code (*, 3)} axis times angle in radians
     * @throws IllegalArgumentException for a last dimension other than 4 or a non-floating dtype
     */
    public static NDArray quaternionToAxisAngle(NDArray quaternion) {
        lastDim(quaternion, 4, "quaternion_to_axis_angle", "quaternion");
        return Scoped.run(() -> toAxisAngle(quaternion), quaternion);
    }

    /**
     * {@code axis_angle_to_quaternion}: {@code (cos(theta / 2), sin(theta / 2) r / theta)} with
     * {@code theta = |r|}, and {@code (1, r / 2)} at {@code theta = 0}.
     *
     * @param axisAngle {@code (*, 3)} axis times angle in radians
     * @return {@code (*, 4)} as {@code (w, x, y, z)}
     * @throws IllegalArgumentException for a last dimension other than 3 or a non-floating dtype
     */
    public static NDArray axisAngleToQuaternion(NDArray axisAngle) {
        lastDim(axisAngle, 3, "axis_angle_to_quaternion", "axis_angle");
        return Scoped.run(() -> {
            NDArray theta2 = axisAngle.square().sum(new int[] {-1}, true);
            NDArray positive = theta2.gt(0);
            NDArray theta = NDArrays.where(positive, theta2, theta2.onesLike()).sqrt();
            NDArray half = Constants.scale(theta, 0.5);
            NDArray k = NDArrays.where(positive, half.sin().div(theta), theta.onesLike().mul(0.5));
            NDArray w = NDArrays.where(positive, half.cos(), theta.onesLike());
            return w.concat(axisAngle.mul(k), -1);
        }, axisAngle);
    }

    /**
     * {@code axis_angle_to_rotation_matrix}: Rodrigues' formula (as {@code cv2.Rodrigues}); Kornia divides the
     * axis by {@code theta + 1e-6} and switches to the first-order form {@code I + [r]x} when
     * {@code theta^2 <= 1e-6}.
     *
     * @param axisAngle {@code (*, 3)} axis times angle in radians (Kornia: {@code (B, 3)})
     * @return {@code (*, 3, 3)}
     * @throws IllegalArgumentException for a last dimension other than 3 or a non-floating dtype
     */
    public static NDArray axisAngleToRotationMatrix(NDArray axisAngle) {
        lastDim(axisAngle, 3, "axis_angle_to_rotation_matrix", "axis_angle");
        return Scoped.run(() -> {
            double eps = 1e-6;
            NDArray theta2 = axisAngle.square().sum(new int[] {-1}, true);
            NDArray large = theta2.gt(eps);
            NDArray theta = NDArrays.where(large, theta2, theta2.onesLike()).sqrt();
            NDArray unit = axisAngle.div(theta.add(eps));
            NDArray wx = c(unit, 0);
            NDArray wy = c(unit, 1);
            NDArray wz = c(unit, 2);
            NDArray cos = c(theta, 0).cos();
            NDArray sin = c(theta, 0).sin();
            NDArray k = cos.neg().add(1);
            NDArray rodrigues = last(cos.add(wx.mul(wx).mul(k)), wx.mul(wy).mul(k).sub(wz.mul(sin)),
                    wy.mul(sin).add(wx.mul(wz).mul(k)),
                    wz.mul(sin).add(wx.mul(wy).mul(k)), cos.add(wy.mul(wy).mul(k)),
                    wx.mul(sin).neg().add(wy.mul(wz).mul(k)),
                    wy.mul(sin).neg().add(wx.mul(wz).mul(k)), wx.mul(sin).add(wy.mul(wz).mul(k)),
                    cos.add(wz.mul(wz).mul(k)));
            NDArray rx = c(axisAngle, 0);
            NDArray ry = c(axisAngle, 1);
            NDArray rz = c(axisAngle, 2);
            NDArray one = rx.onesLike();
            NDArray taylor = last(one, rz.neg(), ry, rz, one, rx.neg(), ry.neg(), rx, one);
            return select(large, rodrigues, taylor).reshape(matrixShape(axisAngle.getShape()));
        }, axisAngle);
    }

    /**
     * {@code rotation_matrix_to_axis_angle}: {@link #rotationMatrixToQuaternion} (eps 1e-8) then
     * {@link #quaternionToAxisAngle}, as Kornia. Not differentiable at the identity.
     *
     * @param rotationMatrix {@code (*, 3, 3)}
     * @return {@code (*, 3)} axis times angle in radians, angle in {@code [0, pi]}
     * @throws IllegalArgumentException for trailing dimensions other than (3, 3) or a non-floating dtype
     */
    public static NDArray rotationMatrixToAxisAngle(NDArray rotationMatrix) {
        matrix3(rotationMatrix, "rotation_matrix_to_axis_angle", "rotation_matrix");
        return Scoped.run(() -> toAxisAngle(toQuaternion(rotationMatrix, ROTATION_EPS)), rotationMatrix);
    }

    /**
     * {@code quaternion_from_euler}: the quaternion of the intrinsic rotation yaw (z), then pitch (y), then roll
     * (x), i.e. {@code R = Rz(yaw) Ry(pitch) Rx(roll)}, as Kornia.
     *
     * @param roll about x, radians, any shape
     * @param pitch about y, {@code roll}'s shape
     * @param yaw about z, {@code roll}'s shape
     * @return {@code [w, x, y, z]}, each of {@code roll}'s shape
     * @throws IllegalArgumentException on null, non-floating or differently shaped inputs
     */
    public static NDList quaternionFromEuler(NDArray roll, NDArray pitch, NDArray yaw) {
        sameShape(roll, pitch, "quaternion_from_euler", "roll", "pitch");
        sameShape(roll, yaw, "quaternion_from_euler", "roll", "yaw");
        return Scoped.runList(() -> {
            NDArray halfRoll = Constants.scale(roll, 0.5);
            NDArray halfPitch = Constants.scale(pitch, 0.5);
            NDArray halfYaw = Constants.scale(yaw, 0.5);
            NDArray cr = halfRoll.cos();
            NDArray sr = halfRoll.sin();
            NDArray cp = halfPitch.cos();
            NDArray sp = halfPitch.sin();
            NDArray cy = halfYaw.cos();
            NDArray sy = halfYaw.sin();
            return new NDList(cy.mul(cp).mul(cr).add(sy.mul(sp).mul(sr)),
                    cy.mul(cp).mul(sr).sub(sy.mul(sp).mul(cr)),
                    cy.mul(sp).mul(cr).add(sy.mul(cp).mul(sr)),
                    sy.mul(cp).mul(cr).sub(cy.mul(sp).mul(sr)));
        }, roll, pitch, yaw);
    }

    /**
     * {@code euler_from_quaternion}: the inverse of {@link #quaternionFromEuler}; pitch is
     * {@code asin(clamp(2 (w y - z x), -1, 1))} in {@code [-pi/2, pi/2]} (gimbal lock at the ends).
     *
     * @param w real part, any shape
     * @param x first imaginary part, {@code w}'s shape
     * @param y second imaginary part, {@code w}'s shape
     * @param z third imaginary part, {@code w}'s shape
     * @return {@code [roll, pitch, yaw]} in radians, each of {@code w}'s shape
     * @throws IllegalArgumentException on null, non-floating or differently shaped inputs
     */
    public static NDList eulerFromQuaternion(NDArray w, NDArray x, NDArray y, NDArray z) {
        String op = "euler_from_quaternion";
        sameShape(w, x, op, "w", "x");
        sameShape(w, y, op, "w", "y");
        sameShape(w, z, op, "w", "z");
        return Scoped.runList(() -> {
            NDArray yy = y.square();
            NDArray two = Constants.scalar(w, 2);
            NDArray minusTwo = Constants.scalar(w, -2);
            NDArray roll = w.mul(x).add(y.mul(z)).mul(two).atan2(x.square().add(yy).mul(minusTwo).add(1));
            NDArray pitch = w.mul(y).sub(z.mul(x)).mul(two).clip(-1, 1).asin();
            NDArray yaw = w.mul(z).add(x.mul(y)).mul(two).atan2(yy.add(z.square()).mul(minusTwo).add(1));
            return new NDList(roll, pitch, yaw);
        }, w, x, y, z);
    }

    /**
     * {@code Rt_to_matrix4x4}: {@code [R, t; 0 0 0 1]}.
     *
     * @param r {@code (B, 3, 3)} rotations
     * @param t {@code (B, 3, 1)} translations
     * @return {@code (B, 4, 4)}
     * @throws IllegalArgumentException for other shapes, dtypes or devices
     */
    public static NDArray rtToMatrix4x4(NDArray r, NDArray t) {
        checkRt(r, t, "Rt_to_matrix4x4");
        return Scoped.run(() -> {
            NDArray row = r.getManager().zeros(new Shape(r.getShape().get(0), 1, 4), r.getDataType(), r.getDevice());
            row.set(new NDIndex("..., 3"), 1);
            return r.concat(t, 2).concat(row, 1);
        }, r, t);
    }

    /**
     * {@code matrix4x4_to_Rt}: splits {@code (B, 4, 4)} into {@code R (B, 3, 3)} and {@code t (B, 3, 1)}.
     *
     * @param extrinsics {@code (B, 4, 4)}
     * @return {@code [R, t]}
     * @throws IllegalArgumentException for another shape or dtype
     */
    public static NDList matrix4x4ToRt(NDArray extrinsics) {
        Checks.shape(extrinsics, "matrix4x4_to_Rt", "extrinsics", "B", "4", "4");
        Checks.floating(extrinsics, "matrix4x4_to_Rt", "extrinsics");
        return Scoped.runList(() -> new NDList(extrinsics.get(":, :3, :3"), extrinsics.get(":, :3, 3:")),
                extrinsics);
    }

    /**
     * {@code camtoworld_to_worldtocam_Rt}: the world-to-camera pose {@code (R^T, -R^T t)} of a camera-to-world
     * pose {@code (R, t)}.
     *
     * @param r {@code (B, 3, 3)} camera-to-world rotations
     * @param t {@code (B, 3, 1)} camera centres in the world
     * @return {@code [R', t']} world-to-camera
     * @throws IllegalArgumentException for other shapes, dtypes or devices
     */
    public static NDList camtoworldToWorldtocamRt(NDArray r, NDArray t) {
        checkRt(r, t, "camtoworld_to_worldtocam_Rt");
        return Scoped.runList(() -> invertRt(r, t), r, t);
    }

    /**
     * {@code worldtocam_to_camtoworld_Rt}: the camera-to-world pose {@code (R^T, -R^T t)} of a world-to-camera
     * pose {@code (R, t)} (the same inversion as {@link #camtoworldToWorldtocamRt}, the other way round).
     *
     * @param r {@code (B, 3, 3)} world-to-camera rotations
     * @param t {@code (B, 3, 1)} world-to-camera translations
     * @return {@code [R', t']} camera-to-world
     * @throws IllegalArgumentException for other shapes, dtypes or devices
     */
    public static NDList worldtocamToCamtoworldRt(NDArray r, NDArray t) {
        checkRt(r, t, "worldtocam_to_camtoworld_Rt");
        return Scoped.runList(() -> invertRt(r, t), r, t);
    }

    private static NDList invertRt(NDArray r, NDArray t) {
        NDArray rt = r.transpose(0, 2, 1);
        return new NDList(rt, rt.matMul(t).neg());
    }

    private static void checkRt(NDArray r, NDArray t, String op) {
        Checks.shape(r, op, "R", "B", "3", "3");
        Checks.floating(r, op, "R");
        Checks.shape(t, op, "t", String.valueOf(r.getShape().get(0)), "3", "1");
        Checks.floating(t, op, "t");
        Checks.sameDevice(r, t, op, "t");
    }

    // ---- shared pieces, also used by the camera and depth packages ----

    /**
     * Appends a coordinate 1 along the last axis, unchecked and unscoped (for other ops' bodies).
     *
     * @param points {@code (*, D)}
     * @return {@code (*, D + 1)}
     */
    public static NDArray appendOnes(NDArray points) {
        Shape s = points.getShape();
        long[] dims = s.getShape().clone();
        dims[dims.length - 1] = 1;
        return points.concat(points.getManager().ones(new Shape(dims), points.getDataType(), points.getDevice()),
                -1);
    }

    /**
     * Kornia's homogeneous division, unchecked and unscoped (for other ops' bodies); see
     * {@link #convertPointsFromHomogeneous}.
     *
     * @param points {@code (*, D)}
     * @param eps threshold and stabiliser
     * @return {@code (*, D - 1)}
     */
    public static NDArray fromHomogeneous(NDArray points, double eps) {
        long d = points.getShape().get(points.getShape().dimension() - 1);
        NDArray z = points.get("..., " + (d - 1) + ":");
        NDArray mask = z.abs().gt(eps);
        NDArray ones = z.onesLike();
        // 1 / (z + eps) by a tensor division: DJL's pow(-1) would leave a Java-owned exponent in the graph (Constants)
        NDArray scale = NDArrays.where(mask, ones.div(NDArrays.where(mask, z, ones).add(eps)), ones);
        return points.get("..., :" + (d - 1)).mul(scale);
    }

    private static NDArray toQuaternion(NDArray m, double eps) {
        NDArray m00 = e(m, 0, 0);
        NDArray m01 = e(m, 0, 1);
        NDArray m02 = e(m, 0, 2);
        NDArray m10 = e(m, 1, 0);
        NDArray m11 = e(m, 1, 1);
        NDArray m12 = e(m, 1, 2);
        NDArray m20 = e(m, 2, 0);
        NDArray m21 = e(m, 2, 1);
        NDArray m22 = e(m, 2, 2);
        NDArray trace = m00.add(m11).add(m22);
        // sq = 4 * (the component the branch solves for); a branch not taken may see a negative radicand: the
        // floor keeps its value and gradient finite, and never touches a branch that is taken (radicand >= 1)
        NDArray floor = Constants.scalar(m, 1e-12);
        NDArray two = Constants.scalar(m, 2);
        NDArray quarter = Constants.scalar(m, 0.25);
        NDArray sqW = trace.add(1 + eps).maximum(floor).sqrt().mul(two);
        NDArray qW = last(sqW.mul(quarter), m21.sub(m12).div(sqW), m02.sub(m20).div(sqW), m10.sub(m01).div(sqW));
        NDArray sqX = m00.sub(m11).sub(m22).add(1 + eps).maximum(floor).sqrt().mul(two);
        NDArray qX = last(m21.sub(m12).div(sqX), sqX.mul(quarter), m01.add(m10).div(sqX), m02.add(m20).div(sqX));
        NDArray sqY = m11.sub(m00).sub(m22).add(1 + eps).maximum(floor).sqrt().mul(two);
        NDArray qY = last(m02.sub(m20).div(sqY), m01.add(m10).div(sqY), sqY.mul(quarter), m12.add(m21).div(sqY));
        NDArray sqZ = m22.sub(m00).sub(m11).add(1 + eps).maximum(floor).sqrt().mul(two);
        NDArray qZ = last(m10.sub(m01).div(sqZ), m02.add(m20).div(sqZ), m12.add(m21).div(sqZ), sqZ.mul(quarter));
        NDArray yOrZ = select(m11.gt(m22).expandDims(-1), qY, qZ);
        NDArray xFirst = m00.gt(m11).logicalAnd(m00.gt(m22)).expandDims(-1);
        NDArray notW = select(xFirst, qX, yOrZ);
        return select(trace.gt(0).expandDims(-1), qW, notW);
    }

    private static NDArray toAxisAngle(NDArray q) {
        NDArray cos = c(q, 0);
        NDArray v = q.get("..., 1:");
        NDArray sin2 = v.square().sum(new int[] {-1});
        NDArray positive = sin2.gt(0);
        NDArray sin = NDArrays.where(positive, sin2, sin2.onesLike()).sqrt();
        NDArray twoTheta = Constants.scale(NDArrays.where(cos.lt(0), sin.neg().atan2(cos.neg()), sin.atan2(cos)), 2);
        NDArray k = NDArrays.where(positive, twoTheta.div(sin), sin.onesLike().mul(2));
        return v.mul(k.expandDims(-1));
    }

    private static NDArray pixelFactor(NDArray like, int height, int width, double eps) {
        double fx = 2.0 / Math.max(width - 1.0, eps);
        double fy = 2.0 / Math.max(height - 1.0, eps);
        return Constants.array(like, new double[] {fx, fy}, new Shape(2));   // mul and div save it
    }

    /** {@code torch.where} with the condition broadcast to the branches' shape (DJL's where does not broadcast). */
    private static NDArray select(NDArray condition, NDArray a, NDArray b) {
        return NDArrays.where(condition.broadcast(a.getShape()), a, b);
    }

    /** Component {@code i} of the last axis (the axis dropped). */
    private static NDArray c(NDArray x, int i) {
        return x.get("..., " + i);
    }

    /** Entry {@code (i, j)} of the trailing matrix. */
    private static NDArray e(NDArray m, int i, int j) {
        return m.get("..., " + i + ", " + j);
    }

    /** Stacks same-shaped components along a new last axis. */
    private static NDArray last(NDArray... parts) {
        return NDArrays.stack(new NDList(parts), parts[0].getShape().dimension());
    }

    /** {@code (*, k)} to {@code (*, 3, 3)}. */
    private static Shape matrixShape(Shape vectors) {
        long[] dims = vectors.getShape().clone();
        long[] out = java.util.Arrays.copyOf(dims, dims.length + 1);
        out[dims.length - 1] = 3;
        out[dims.length] = 3;
        return new Shape(out);
    }

    /**
     * Checks a floating tensor of shape {@code (*, n)}.
     *
     * @param x the tensor
     * @param n the required last dimension
     * @param op the op's Kornia name
     * @param argument the argument's name
     * @throws IllegalArgumentException if it is not
     */
    public static void lastDim(NDArray x, int n, String op, String argument) {
        Checks.notNull(x, op, argument);
        Shape s = x.getShape();
        if (s.dimension() < 1 || s.get(s.dimension() - 1) != n) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape (*, " + n + "), got "
                    + Checks.describe(s));
        }
        Checks.floating(x, op, argument);
    }

    /**
     * Checks a floating tensor of shape {@code (*, 3, 3)}.
     *
     * @param x the tensor
     * @param op the op's Kornia name
     * @param argument the argument's name
     * @throws IllegalArgumentException if it is not
     */
    public static void matrix3(NDArray x, String op, String argument) {
        Checks.notNull(x, op, argument);
        Shape s = x.getShape();
        int r = s.dimension();
        if (r < 2 || s.get(r - 1) != 3 || s.get(r - 2) != 3) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape (*, 3, 3), got "
                    + Checks.describe(s));
        }
        Checks.floating(x, op, argument);
    }

    private static void atLeastRank(NDArray x, int rank, String op, String argument, String dims) {
        Checks.notNull(x, op, argument);
        if (x.getShape().dimension() < rank) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape " + dims + ", got "
                    + Checks.describe(x.getShape()));
        }
        Checks.floating(x, op, argument);
    }

    private static void sameShape(NDArray a, NDArray b, String op, String nameA, String nameB) {
        Checks.floating(a, op, nameA);
        Checks.floating(b, op, nameB);
        if (!a.getShape().equals(b.getShape())) {
            throw new IllegalArgumentException(op + ": expected " + nameB + " of " + nameA + "'s shape "
                    + Checks.describe(a.getShape()) + ", got " + Checks.describe(b.getShape()));
        }
        Checks.sameDevice(a, b, op, nameB);
    }
}
