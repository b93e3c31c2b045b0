package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.filters.Gaussian;

/**
 * Whole-image affine transforms about the image centre and resizing: Kornia's
 * {@code kornia/geometry/transform/affwarp.py} ({@code affine}, {@code rotate}, {@code translate}, {@code scale},
 * {@code shear}, {@code resize}, {@code rescale}).
 *
 * <p>Each builds a pixel matrix and calls {@link ImgWarp#warpAffine} with the input's own size. The default
 * centre is {@code ((W - 1) / 2, (H - 1) / 2)}. Parameters are per image ({@code (B)} / {@code (B, 2)}) or a batch
 * of 1 broadcast to all images (Kornia expands the matrix). Images: {@code (B, C, H, W)} or {@code (C, H, W)},
 * float32/float64; outputs keep dtype, device and rank, belong to the image's manager and are differentiable in
 * the image and the parameters. Inputs are not modified.
 *
 * <pre>{@code
 * NDArray turned = Affwarp.rotate(image, manager.create(new float[] {90f}), null, WarpOptions.defaults());
 * }</pre>
 */
public final class Affwarp {

    private Affwarp() {}

    /**
     * Warps each image by an affine matrix into its own size: Kornia's {@code affine}.
     *
     * @param tensor {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param matrix {@code (B, 2, 3)} or {@code (1, 2, 3)} pixel maps, source to destination
     * @param options sampling options
     * @return the warped images
     * @throws IllegalArgumentException for wrong shapes or dtypes or a singular matrix
     */
    public static NDArray affine(NDArray tensor, NDArray matrix, WarpOptions options) {
        return warp(tensor, matrix, options, "affine");
    }

    /**
     * Rotates images by {@code angle} degrees counter-clockwise (on screen) about {@code center}: Kornia's
     * {@code rotate}.
     *
     * @param tensor {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param angle {@code (B)} or {@code (1)} degrees
     * @param center {@code (B, 2)} or {@code (1, 2)} {@code (x, y)}, or null for the image centre
     * @param options sampling options
     * @return the rotated images
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray rotate(NDArray tensor, NDArray angle, NDArray center, WarpOptions options) {
        String op = "rotate";
        Checks.image(tensor, op, "tensor");
        long n = paramBatch(angle, tensor, op, "angle", false);
        NDArray c = center == null ? null : center;
        if (c != null) {
            Checks.shape(c, op, "center", String.valueOf(n), "2");
            Checks.floating(c, op, "center");
        }
        return Scoped.run(() -> {
            NDArray a = angle.toType(tensor.getDataType(), false);
            NDArray cc = c == null ? imageCenter(tensor, n) : c.toType(tensor.getDataType(), false);
            return warp(tensor, ImgWarp.getRotationMatrix2d(cc, a, cc.onesLike()), options, op);
        }, present(tensor, angle, center));
    }

    /**
     * Translates images by {@code (dx, dy)} pixels: Kornia's {@code translate}.
     *
     * @param tensor {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param translation {@code (B, 2)} or {@code (1, 2)}
     * @param options sampling options
     * @return the translated images
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray translate(NDArray tensor, NDArray translation, WarpOptions options) {
        String op = "translate";
        Checks.image(tensor, op, "tensor");
        long n = paramBatch(translation, tensor, op, "translation", true);
        return Scoped.run(() -> {
            NDArray t = translation.toType(tensor.getDataType(), false);
            NDArray one = t.get(":, 0").onesLike();
            NDArray zero = one.zerosLike();
            NDArray m = NDArrays.stack(new NDList(one, zero, t.get(":, 0"), zero, one, t.get(":, 1")), 1)
                    .reshape(n, 2, 3);
            return warp(tensor, m, options, op);
        }, tensor, translation);
    }

    /**
     * Scales images by {@code (sx, sy)} about {@code center}: Kornia's {@code scale}.
     *
     * @param tensor {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param scaleFactor {@code (B, 2)} or {@code (1, 2)}
     * @param center {@code (B, 2)} or {@code (1, 2)}, or null for the image centre
     * @param options sampling options
     * @return the scaled images
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray scale(NDArray tensor, NDArray scaleFactor, NDArray center, WarpOptions options) {
        String op = "scale";
        Checks.image(tensor, op, "tensor");
        long n = paramBatch(scaleFactor, tensor, op, "scale_factor", true);
        if (center != null) {
            Checks.shape(center, op, "center", String.valueOf(n), "2");
            Checks.floating(center, op, "center");
        }
        return Scoped.run(() -> {
            NDArray s = scaleFactor.toType(tensor.getDataType(), false);
            NDArray cc = center == null ? imageCenter(tensor, n) : center.toType(tensor.getDataType(), false);
            NDArray m = ImgWarp.getRotationMatrix2d(cc, s.get(":, 0").zerosLike(), s);
            return warp(tensor, m, options, op);
        }, present(tensor, scaleFactor, center));
    }

    /**
     * Shears images by the factors {@code (shx, shy)}, the map {@code [[1, shx, 0], [shy, 1, 0]]} about the origin:
     * Kornia's {@code shear} (Kornia's default {@code align_corners} is false here; pass it in the options).
     *
     * @param tensor {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param shear {@code (B, 2)} or {@code (1, 2)}
     * @param options sampling options
     * @return the sheared images
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray shear(NDArray tensor, NDArray shear, WarpOptions options) {
        String op = "shear";
        Checks.image(tensor, op, "tensor");
        long n = paramBatch(shear, tensor, op, "shear", true);
        return Scoped.run(() -> {
            NDArray s = shear.toType(tensor.getDataType(), false);
            NDArray one = s.get(":, 0").onesLike();
            NDArray zero = one.zerosLike();
            NDArray m = NDArrays.stack(new NDList(one, s.get(":, 0"), zero, s.get(":, 1"), one, zero), 1)
                    .reshape(n, 2, 3);
            return warp(tensor, m, options, op);
        }, tensor, shear);
    }

    /**
     * Resizes images: Kornia's {@code resize} ({@code F.interpolate(input, size, mode, align_corners)} after an
     * optional Gaussian pre-blur).
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; output {@code (B, C, h, w)} in its rank. One size is the
     * length of {@code side} ({@code "short"}, {@code "long"}, {@code "vert"}, {@code "horz"}) with the aspect
     * ratio kept and truncated, as Kornia's {@code _side_to_image_size}. With {@code antialias} and both factors
     * {@code out / in < 1}, the image is first blurred by {@code gaussian_blur2d} (reflect) with
     * {@code sigma = max((in / out - 1) / 2, 0.001)} per axis and the odd size {@code >= max(4 sigma, 3)}
     * (Kornia's antialias, not torch's); then resampled by {@link Sampling#interpolate} (bilinear does not
     * antialias by itself: equal to OpenCV's INTER_LINEAR with align_corners false).
     *
     * @param input the images
     * @param size {@code (h, w)}, or one side length
     * @param interpolation bilinear, nearest, bicubic or area
     * @param alignCorners Kornia's {@code align_corners}; null is false (torch's default)
     * @param side which side a single size sets
     * @param antialias whether to pre-blur when downscaling
     * @return the resized images, differentiable in the input
     * @throws IllegalArgumentException for a wrong rank or dtype, a non-positive or malformed size, an unknown side
     */
    public static NDArray resize(NDArray input, int[] size, Sampling.Resize interpolation, Boolean alignCorners,
                                 String side, boolean antialias) {
        String op = "resize";
        Checks.image(input, op, "input");
        Shape s = input.getShape();
        int d = s.dimension();
        int h = (int) s.get(d - 2);
        int w = (int) s.get(d - 1);
        int[] out = outputSize(size, h, w, side, op);
        if (interpolation == null) {
            throw new IllegalArgumentException(op + ": expected interpolation, got null");
        }
        boolean align = alignCorners != null && alignCorners;
        return Rank.batched(input, x -> Scoped.run(() -> {
            NDArray source = x;
            if (antialias && Math.max((double) out[0] / h, (double) out[1] / w) < 1) {
                double sy = Math.max(((double) h / out[0] - 1) / 2, 0.001);
                double sx = Math.max(((double) w / out[1] - 1) / 2, 0.001);
                int ky = oddAtLeast((int) Math.max(4 * sy, 3));
                int kx = oddAtLeast((int) Math.max(4 * sx, 3));
                source = Gaussian.gaussianBlur2d(x, new int[] {ky, kx}, sy, sx);
            }
            return Sampling.interpolate(source, out[0], out[1], interpolation, align);
        }, x));
    }

    /**
     * Rescales images by factors: Kornia's {@code rescale}, {@link #resize} to
     * {@code (int(H * factor_y), int(W * factor_x))}.
     *
     * @param input {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param factor {@code (fy, fx)}, or one factor for both, > 0
     * @param interpolation bilinear, nearest, bicubic or area
     * @param alignCorners null is false
     * @param antialias whether to pre-blur when downscaling
     * @return the rescaled images
     * @throws IllegalArgumentException for a wrong rank or dtype, or a factor giving an empty image
     */
    public static NDArray rescale(NDArray input, double[] factor, Sampling.Resize interpolation,
                                  Boolean alignCorners, boolean antialias) {
        String op = "rescale";
        Checks.image(input, op, "input");
        if (factor == null || factor.length < 1 || factor.length > 2) {
            throw new IllegalArgumentException(op + ": expected factor of 1 or 2 numbers, got "
                    + java.util.Arrays.toString(factor));
        }
        Shape s = input.getShape();
        int d = s.dimension();
        double fy = factor[0];
        double fx = factor[factor.length - 1];
        int[] size = {(int) (s.get(d - 2) * fy), (int) (s.get(d - 1) * fx)};
        if (size[0] <= 0 || size[1] <= 0) {
            throw new IllegalArgumentException(op + ": expected factor giving a non-empty image, got "
                    + java.util.Arrays.toString(factor) + " for " + Checks.describe(s));
        }
        return resize(input, size, interpolation, alignCorners, "short", antialias);
    }

    private static int oddAtLeast(int k) {
        return k % 2 == 0 ? k + 1 : k;
    }

    private static int[] outputSize(int[] size, int h, int w, String side, String op) {
        if (size == null || size.length < 1 || size.length > 2 || java.util.Arrays.stream(size).anyMatch(v -> v <= 0)) {
            throw new IllegalArgumentException(op + ": expected size (h, w) or one side of positive lengths, got "
                    + java.util.Arrays.toString(size));
        }
        if (size.length == 2) {
            return size.clone();
        }
        double aspect = (double) w / h;
        int n = size[0];
        int[] result;
        if ("vert".equals(side)) {
            result = new int[] {n, (int) (n * aspect)};
        } else if ("horz".equals(side)) {
            result = new int[] {(int) (n / aspect), n};
        } else if ("short".equals(side) || "long".equals(side)) {
            result = ("short".equals(side)) ^ (aspect < 1.0) ? new int[] {n, (int) (n * aspect)}
                    : new int[] {(int) (n / aspect), n};
        } else {
            throw new IllegalArgumentException(op + ": expected side one of short, long, vert, horz, got '" + side
                    + "'");
        }
        if (result[0] <= 0 || result[1] <= 0) {
            throw new IllegalArgumentException(op + ": expected a size giving a non-empty image, got "
                    + java.util.Arrays.toString(result));
        }
        return result;
    }

    private static NDArray warp(NDArray tensor, NDArray matrix, WarpOptions options, String op) {
        Checks.image(tensor, op, "tensor");
        Shape s = tensor.getShape();
        int d = s.dimension();
        try {
            return ImgWarp.warpAffine(tensor, matrix, new int[] {(int) s.get(d - 2), (int) s.get(d - 1)}, options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^warp_affine", op), e);
        }
    }

    private static NDArray imageCenter(NDArray tensor, long n) {
        Shape s = tensor.getShape();
        int d = s.dimension();
        double cx = (s.get(d - 1) - 1) / 2.0;
        double cy = (s.get(d - 2) - 1) / 2.0;
        return Constants.array(tensor, new double[] {cx, cy}, new Shape(1, 2)).broadcast(new Shape(n, 2));
    }

    /** Checks a per-image parameter and returns its batch size (the images' batch or 1). */
    private static long paramBatch(NDArray p, NDArray tensor, String op, String argument, boolean pair) {
        Checks.notNull(p, op, argument);
        long batch = tensor.getShape().dimension() == 4 ? tensor.getShape().get(0) : 1;
        long n = p.getShape().dimension() > 0 ? p.getShape().get(0) : -1;
        boolean ok = (n == batch || n == 1) && (pair ? p.getShape().dimension() == 2 && p.getShape().get(1) == 2
                : p.getShape().dimension() == 1);
        if (!ok) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape (" + batch
                    + (pair ? ", 2)" : ")") + " or (1" + (pair ? ", 2)" : ")") + ", got " + Checks.describe(p.getShape()));
        }
        Checks.floating(p, op, argument);
        return n;
    }

    private static NDArray[] present(NDArray... inputs) {
        return java.util.Arrays.stream(inputs).filter(java.util.Objects::nonNull).toArray(NDArray[]::new);
    }
}
