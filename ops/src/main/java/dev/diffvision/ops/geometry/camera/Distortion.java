package dev.diffvision.ops.geometry.camera;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.GridPadding;
import dev.diffvision.ops.core.Interpolation;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.geometry.conversions.Conversions;

/**
 * {@code kornia.geometry.calibration} ({@code distort.py}, {@code undistort.py}): OpenCV's lens model on pixel
 * points.
 *
 * <p>Model (OpenCV's, as Kornia): normalised {@code (x, y) = ((u - cx) / fx, (v - cy) / fy)}, {@code r^2 = x^2 +
 * y^2}, radial factor {@code (1 + k1 r^2 + k2 r^4 + k3 r^6) / (1 + k4 r^2 + k5 r^4 + k6 r^6)}, tangential
 * {@code p1, p2} and thin-prism {@code s1..s4} terms. Coefficients {@code dist (*, n)} in OpenCV's order
 * {@code (k1, k2, p1, p2[, k3[, k4, k5, k6[, s1, s2, s3, s4]]])}, n in {4, 5, 8, 12} (the tilted model, n = 14,
 * is not supported). {@code K}'s and {@code dist}'s leading dimensions are the points' without N. Float32 or
 * float64 on one device; output in the points' dtype, owned by their manager; inputs unmodified;
 * differentiable in points, K and dist.
 *
 * <pre>{@code
 * NDArray distorted = Distortion.distortPoints(pixels, k, dist, null);        // (B, N, 2)
 * NDArray back = Distortion.undistortPoints(distorted, k, dist, null, 5);     // ~ pixels
 * }</pre>
 */
public final class Distortion {

    /** Kornia's and OpenCV's default iteration count of {@code undistort_points}. */
    public static final int DEFAULT_ITERATIONS = 5;

    private Distortion() {}

    /**
     * {@code distort_points}: applies the lens model to ideal pixels. The points are normalised with
     * {@code newK} (default {@code K}) and the distorted result mapped back with {@code K}, as Kornia.
     *
     * @param points {@code (*, N, 2)} undistorted pixels {@code (x, y)}
     * @param k {@code (*, 3, 3)} intrinsics
     * @param dist {@code (*, n)} coefficients, n in {4, 5, 8, 12}
     * @param newK {@code (*, 3, 3)} intrinsics of the undistorted points, or null for {@code K}
     * @return {@code (*, N, 2)} distorted pixels
     * @throws IllegalArgumentException for other shapes, dtypes or devices, or a NaN or infinite camera parameter
     */
    public static NDArray distortPoints(NDArray points, NDArray k, NDArray dist, NDArray newK) {
        check(points, k, dist, newK, "distort_points");
        NDArray nk = newK == null ? k : newK;
        return Scoped.run(() -> distort(points, k, dist, nk), points, k, dist);
    }

    private static NDArray distort(NDArray points, NDArray k, NDArray dist, NDArray newK) {
        NDArray[] xy = normalise(points, newK);
        NDArray[] c = coefficients(dist);
        NDArray x = xy[0];
        NDArray y = xy[1];
        NDArray r2 = x.square().add(y.square());
        NDArray radial = poly(r2, c[0], c[1], c[4]).div(poly(r2, c[5], c[6], c[7]));
        NDArray xd = x.mul(radial).add(dx(x, y, r2, c));
        NDArray yd = y.mul(radial).add(dy(x, y, r2, c));
        return pixels(xd, yd, k);
    }

    /**
     * {@code undistort_points}: removes the lens model by OpenCV's fixed-point iteration
     * {@code x <- (x0 - delta(x)) / radial(x)} started at the distorted point, {@code iterations} times
     * (OpenCV's {@code cv2.undistortPoints} default is 5 too), and maps the result with {@code newK} (default
     * {@code K}). Unlike {@code cv2.undistortPoints} without {@code P}, the result is in pixels.
     *
     * @param points {@code (*, N, 2)} distorted pixels {@code (x, y)}
     * @param k {@code (*, 3, 3)} intrinsics
     * @param dist {@code (*, n)} coefficients, n in {4, 5, 8, 12}
     * @param newK {@code (*, 3, 3)} intrinsics of the result, or null for {@code K}
     * @param iterations fixed-point iterations, >= 1
     * @return {@code (*, N, 2)} undistorted pixels
     * @throws IllegalArgumentException for other shapes, dtypes, devices or iterations < 1, or a NaN or infinite
     *     camera parameter
     */
    public static NDArray undistortPoints(NDArray points, NDArray k, NDArray dist, NDArray newK, int iterations) {
        check(points, k, dist, newK, "undistort_points");
        Checks.atLeast(iterations, 1, "undistort_points", "num_iters");
        NDArray nk = newK == null ? k : newK;
        return Scoped.run(() -> {
            NDArray[] xy0 = normalise(points, k);
            NDArray[] c = coefficients(dist);
            NDArray x = xy0[0];
            NDArray y = xy0[1];
            for (int i = 0; i < iterations; i++) {
                NDArray r2 = x.square().add(y.square());
                NDArray inverseRadial = poly(r2, c[5], c[6], c[7]).div(poly(r2, c[0], c[1], c[4]));
                NDArray nx = xy0[0].sub(dx(x, y, r2, c)).mul(inverseRadial);
                y = xy0[1].sub(dy(x, y, r2, c)).mul(inverseRadial);
                x = nx;
            }
            return pixels(x, y, nk);
        }, points, k, dist);
    }

    /**
     * {@code undistort_image}: resamples an image taken through the lens model into the ideal pinhole image of the
     * same {@code K}: each output pixel reads the input at {@link #distortPoints} of its own coordinates,
     * bilinearly, zeros outside, {@code align_corners=true} (Kornia's {@code remap} defaults).
     *
     * @param image {@code (B, C, H, W)}
     * @param k {@code (B, 3, 3)} intrinsics
     * @param dist {@code (B, n)} coefficients, n in {4, 5, 8, 12}
     * @return {@code (B, C, H, W)} the undistorted image
     * @throws IllegalArgumentException for other shapes, dtypes or devices, or a NaN or infinite camera parameter
     */
    public static NDArray undistortImage(NDArray image, NDArray k, NDArray dist) {
        String op = "undistort_image";
        Checks.shape(image, op, "image", "B", "C", "H", "W");
        Checks.floating(image, op, "image");
        long b = image.getShape().get(0);
        long h = image.getShape().get(2);
        long w = image.getShape().get(3);
        checkCamera(image, new Shape(b), k, dist, null, op);
        return Scoped.run(() -> {
            NDArray u = image.getManager().arange(0, (int) w, 1, image.getDataType(), image.getDevice())
                    .reshape(1, w).broadcast(h, w);
            NDArray v = image.getManager().arange(0, (int) h, 1, image.getDataType(), image.getDevice())
                    .reshape(h, 1).broadcast(h, w);
            NDArray pixels = NDArrays.stack(new NDList(u, v), 2).reshape(1, h * w, 2).broadcast(b, h * w, 2);
            NDArray source = distort(pixels, k, dist, k);
            NDArray normalised = Conversions.normalizePixelCoordinates(source, (int) h, (int) w, 1e-8)
                    .reshape(b, h, w, 2);
            return Sampling.gridSample(image, normalised, Interpolation.BILINEAR, GridPadding.ZEROS, true);
        }, image, k, dist);
    }

    /** {@code 1 + a r2 + b r2^2 + c r2^3}. */
    private static NDArray poly(NDArray r2, NDArray a, NDArray b, NDArray c) {
        return r2.mul(c).add(b).mul(r2).add(a).mul(r2).add(1);
    }

    /** Tangential and thin-prism offset in x: {@code 2 p1 x y + p2 (r2 + 2 x^2) + s1 r2 + s2 r2^2}. */
    private static NDArray dx(NDArray x, NDArray y, NDArray r2, NDArray[] c) {
        return Constants.scale(x.mul(y).mul(c[2]), 2).add(r2.add(Constants.scale(x.square(), 2)).mul(c[3]))
                .add(r2.mul(c[8])).add(r2.square().mul(c[9]));
    }

    /** Offset in y: {@code p1 (r2 + 2 y^2) + 2 p2 x y + s3 r2 + s4 r2^2}. */
    private static NDArray dy(NDArray x, NDArray y, NDArray r2, NDArray[] c) {
        return r2.add(Constants.scale(y.square(), 2)).mul(c[2]).add(Constants.scale(x.mul(y).mul(c[3]), 2))
                .add(r2.mul(c[10])).add(r2.square().mul(c[11]));
    }

    /** The 12 coefficients, each {@code (*, 1)} so that they broadcast over N; missing ones are 0. */
    private static NDArray[] coefficients(NDArray dist) {
        long n = dist.getShape().get(dist.getShape().dimension() - 1);
        NDArray[] c = new NDArray[12];
        for (int i = 0; i < 12; i++) {
            c[i] = i < n ? dist.get("..., " + i + ":" + (i + 1)) : dist.get("..., 0:1").zerosLike();
        }
        return c;
    }

    /** Pixels to normalised camera coordinates with {@code K}: {@code [x (*, N), y (*, N)]}. */
    private static NDArray[] normalise(NDArray points, NDArray k) {
        return new NDArray[] {
            points.get("..., 0").sub(k.get("..., 0, 2:3")).div(k.get("..., 0, 0:1")),
            points.get("..., 1").sub(k.get("..., 1, 2:3")).div(k.get("..., 1, 1:2"))};
    }

    private static NDArray pixels(NDArray x, NDArray y, NDArray k) {
        NDArray u = x.mul(k.get("..., 0, 0:1")).add(k.get("..., 0, 2:3"));
        NDArray v = y.mul(k.get("..., 1, 1:2")).add(k.get("..., 1, 2:3"));
        return NDArrays.stack(new NDList(u, v), u.getShape().dimension());
    }

    private static void check(NDArray points, NDArray k, NDArray dist, NDArray newK, String op) {
        Conversions.lastDim(points, 2, op, "points");
        Shape ps = points.getShape();
        if (ps.dimension() < 2) {
            throw new IllegalArgumentException(op + ": expected points of shape (*, N, 2), got "
                    + Checks.describe(ps));
        }
        checkCamera(points, ps.slice(0, ps.dimension() - 2), k, dist, newK, op);
    }

    /** Checks K, dist and new_K against the leading dimensions {@code lead} of the data tensor {@code first}. */
    private static void checkCamera(NDArray first, Shape lead, NDArray k, NDArray dist, NDArray newK, String op) {
        matrices(k, lead, op, "K");
        if (newK != null) {
            matrices(newK, lead, op, "new_K");
        }
        Checks.notNull(dist, op, "dist");
        Shape ds = dist.getShape();
        long n = ds.dimension() == 0 ? 0 : ds.get(ds.dimension() - 1);
        if (!ds.slice(0, Math.max(0, ds.dimension() - 1)).equals(lead) || (n != 4 && n != 5 && n != 8 && n != 12)) {
            throw new IllegalArgumentException(op + ": expected dist of shape " + describe(lead, "n")
                    + " with n in {4, 5, 8, 12}, got " + Checks.describe(ds));
        }
        Checks.floating(dist, op, "dist");
        Checks.sameDevice(first, k, op, "K");
        Checks.sameDevice(first, dist, op, "dist");
        Checks.finite(k, op, "K");
        Checks.finite(dist, op, "dist");
        if (newK != null) {
            Checks.finite(newK, op, "new_K");
        }
    }

    private static void matrices(NDArray k, Shape lead, String op, String argument) {
        Checks.notNull(k, op, argument);
        Shape ks = k.getShape();
        if (ks.dimension() != lead.dimension() + 2 || !ks.slice(0, lead.dimension()).equals(lead)
                || ks.get(ks.dimension() - 1) != 3 || ks.get(ks.dimension() - 2) != 3) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape " + describe(lead, "3, 3")
                    + ", got " + Checks.describe(ks));
        }
        Checks.floating(k, op, argument);
    }

    private static String describe(Shape lead, String tail) {
        String head = Checks.describe(lead);
        return head.equals("()") ? "(" + tail + ")" : head.substring(0, head.length() - 1) + ", " + tail + ")";
    }
}
