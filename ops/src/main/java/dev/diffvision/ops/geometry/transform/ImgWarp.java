package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.GridPadding;
import dev.diffvision.ops.core.Linalg;
import dev.diffvision.ops.core.Rank;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.geometry.conversions.Conversions;

/**
 * Image warps and the matrices that drive them: Kornia's {@code kornia/geometry/transform/imgwarp.py}
 * ({@code warp_affine}, {@code warp_perspective}, {@code get_rotation_matrix2d}, {@code get_affine_matrix2d},
 * {@code get_shear_matrix2d}, {@code invert_affine_transform}, {@code get_perspective_transform},
 * {@code remap}, {@code warp_grid}).
 *
 * <p>Conventions (Kornia's): matrices are in pixels and map source to destination ({@code dst = M src},
 * points {@code (x, y)}, pixel centres at integers); the warps sample the source at {@code M^-1 dst}.
 * Pixel matrices are normalised with align-corners normalisation whatever {@code align_corners} says, which is
 * then handed to the sampler, exactly as Kornia (so {@code align_corners=false} shifts by a fraction of a
 * pixel, as in Kornia). Angles are in degrees, positive counter-clockwise on screen (as
 * {@code cv2.getRotationMatrix2D}); shear angles are in radians. Images are float32/float64
 * {@code (B, C, H, W)}, or {@code (C, H, W)} (an extension: Kornia's warps want 4-D), and matrices take the
 * image's dtype; a matrix batch of 1 is broadcast over the images. Outputs keep the image's dtype, device and
 * rank, belong to the first input's manager, and are differentiable in images and matrices. Inputs are not
 * modified.
 *
 * <pre>{@code
 * NDArray m = ImgWarp.getRotationMatrix2d(center, angle, scale);      // (B, 2), (B), (B, 2) -> (B, 2, 3)
 * NDArray rotated = ImgWarp.warpAffine(image, m, new int[] {h, w}, WarpOptions.defaults());
 * }</pre>
 */
public final class ImgWarp {

    private ImgWarp() {}

    /**
     * Warps images by affine maps: Kornia's {@code warp_affine}.
     *
     * <p>src: {@code (B, C, H, W)} or {@code (C, H, W)}; m: {@code (B, 2, 3)} or {@code (1, 2, 3)}; output:
     * {@code (B, C, dsize[0], dsize[1])} in src's rank.
     *
     * @param src the images
     * @param m source-to-destination affine maps, in pixels
     * @param dsize the output size {@code (height, width)}
     * @param options sampling options
     * @return the warped images
     * @throws IllegalArgumentException for wrong shapes or dtypes, a non-finite or singular matrix, a non-positive
     *     size or a fill colour whose length is not C
     */
    public static NDArray warpAffine(NDArray src, NDArray m, int[] dsize, WarpOptions options) {
        String op = "warp_affine";
        checkWarp(src, m, dsize, options, op, "2");
        return Rank.batched(src, x -> Scoped.run(() -> {
            NDArray h = Conversions.convertAffineMatrixToHomography(broadcastBatch(m.toType(x.getDataType(), false), x));
            NDArray inverse = inverseNormalized(h, x, dsize, op);
            if (options.fillValue() == null) {
                return PixelGrid.sampleAffine(x, inverse, dsize[0], dsize[1], options.mode(), options.padding(),
                        options.alignCorners());
            }
            return sample(x, PixelGrid.affineGrid(inverse.get(":, 0:2, :"), dsize[0], dsize[1], options.alignCorners()),
                    options);
        }, x, m));
    }

    /**
     * Warps images by homographies: Kornia's {@code warp_perspective}.
     *
     * <p>src: {@code (B, C, H, W)} or {@code (C, H, W)}; m: {@code (B, 3, 3)} or {@code (1, 3, 3)}; output:
     * {@code (B, C, dsize[0], dsize[1])} in src's rank. Where a destination pixel maps to {@code |z| <= 1e-8}
     * it is not divided by z (Kornia's {@code convert_points_from_homogeneous}), so nothing turns NaN.
     *
     * @param src the images
     * @param m source-to-destination homographies, in pixels
     * @param dsize the output size {@code (height, width)}
     * @param options sampling options
     * @return the warped images
     * @throws IllegalArgumentException for wrong shapes or dtypes, a non-finite or singular matrix, a non-positive
     *     size or a fill colour whose length is not C
     */
    public static NDArray warpPerspective(NDArray src, NDArray m, int[] dsize, WarpOptions options) {
        String op = "warp_perspective";
        checkWarp(src, m, dsize, options, op, "3");
        return Rank.batched(src, x -> Scoped.run(() -> {
            NDArray h = broadcastBatch(m.toType(x.getDataType(), false), x);
            NDArray inverse = inverseNormalized(h, x, dsize, op);
            if (options.fillValue() == null) {
                return PixelGrid.sampleTransformed(x, inverse, dsize[0], dsize[1], options.mode(), options.padding(),
                        options.alignCorners());
            }
            return sample(x, PixelGrid.transformGrid(inverse, dsize[0], dsize[1]), options);
        }, x, m));
    }

    /**
     * The affine map of a rotation by {@code angle} degrees (counter-clockwise on screen) and an anisotropic
     * scale about {@code center}: Kornia's {@code get_rotation_matrix2d}, equal to OpenCV's
     * {@code getRotationMatrix2D} for equal scales.
     *
     * <p>center: {@code (B, 2)} as {@code (x, y)}; angle: {@code (B)} degrees; scale: {@code (B, 2)}; output
     * {@code (B, 2, 3)} = {@code [[a sx, b sy, (1 - a sx) cx - b sy cy], [-b sx, a sy, b sx cx + (1 - a sy) cy]]}
     * with {@code a = cos, b = sin}. Differentiable in all three.
     *
     * @param center rotation centres, pixels
     * @param angle angles in degrees
     * @param scale scale factors {@code (sx, sy)}
     * @return the maps, in center's dtype
     * @throws IllegalArgumentException for wrong shapes or dtypes or different batch sizes
     */
    public static NDArray getRotationMatrix2d(NDArray center, NDArray angle, NDArray scale) {
        String op = "get_rotation_matrix2d";
        Checks.shape(center, op, "center", "B", "2");
        Checks.floating(center, op, "center");
        long batch = center.getShape().get(0);
        checkBatchVector(angle, batch, op, "angle");
        checkBatchPair(scale, batch, op, "scale");
        return Scoped.run(() -> {
            NDArray rad = Constants.scale(angle.toType(center.getDataType(), false), Math.PI / 180);
            NDArray s = scale.toType(center.getDataType(), false);
            NDArray cos = rad.cos();
            NDArray sin = rad.sin();
            NDArray sx = s.get(":, 0");
            NDArray sy = s.get(":, 1");
            NDArray cx = center.get(":, 0");
            NDArray cy = center.get(":, 1");
            NDArray a00 = cos.mul(sx);
            NDArray a01 = sin.mul(sy);
            NDArray a10 = sin.mul(sx).neg();
            NDArray a11 = cos.mul(sy);
            NDArray t0 = cx.sub(a00.mul(cx)).sub(a01.mul(cy));
            NDArray t1 = cy.sub(a10.mul(cx)).sub(a11.mul(cy));
            return NDArrays.stack(new NDList(a00, a01, t0, a10, a11, t1), 1).reshape(batch, 2, 3);
        }, center, angle, scale);
    }

    /**
     * Composes {@code T(translation) R(-angle, scale about center) Sh(sx, sy about center)}: Kornia's
     * {@code get_affine_matrix2d} (note Kornia's {@code -angle}: positive angles turn clockwise on screen here,
     * as in Kornia's augmentations).
     *
     * <p>translations, center, scale: {@code (B, 2)}; angle: {@code (B)} degrees; sx, sy: {@code (B)} shear
     * angles in radians or null (no shear); output {@code (B, 3, 3)}.
     *
     * @param translations {@code (tx, ty)} added to the last column
     * @param center the centre of rotation, scale and shear
     * @param scale {@code (sx, sy)} scale factors
     * @param angle angles in degrees
     * @param sx shear along x, or null
     * @param sy shear along y, or null
     * @return the homogeneous maps, in translations' dtype
     * @throws IllegalArgumentException for wrong shapes or dtypes or different batch sizes
     */
    public static NDArray getAffineMatrix2d(NDArray translations, NDArray center, NDArray scale, NDArray angle,
                                            NDArray sx, NDArray sy) {
        String op = "get_affine_matrix2d";
        Checks.shape(translations, op, "translations", "B", "2");
        Checks.floating(translations, op, "translations");
        long batch = translations.getShape().get(0);
        checkBatchPair(center, batch, op, "center");
        checkBatchPair(scale, batch, op, "scale");
        checkBatchVector(angle, batch, op, "angle");
        for (NDArray shear : new NDArray[] {sx, sy}) {
            if (shear != null) {
                checkBatchVector(shear, batch, op, "shear");
            }
        }
        return Scoped.run(() -> {
            NDArray c = center.toType(translations.getDataType(), false);
            NDArray rotation = getRotationMatrix2d(c, angle.neg(), scale);
            NDArray column = NDArrays.concat(new NDList(translations.getManager().zeros(new Shape(batch, 2, 2),
                    translations.getDataType()), translations.expandDims(2)), 2);
            NDArray shifted = rotation.add(column);
            NDArray h = Conversions.convertAffineMatrixToHomography(shifted);
            return sx == null && sy == null ? h : h.matMul(getShearMatrix2d(c, sx, sy));
        }, present(translations, center, scale, angle, sx, sy));
    }

    /**
     * The shear about {@code center}, x first then y: Kornia's {@code get_shear_matrix2d},
     * {@code [[1, -tan sx, tan sx * y], [-tan sy, 1 + tan sx tan sy, tan sy (tan sx * y + x)], [0, 0, 1]]}.
     *
     * <p>center: {@code (B, 2)}; sx, sy: {@code (B)} radians or null (0); output {@code (B, 3, 3)}.
     *
     * @param center the shear centre {@code (x, y)}
     * @param sx shear angle along x, or null
     * @param sy shear angle along y, or null
     * @return the homogeneous maps, in center's dtype
     * @throws IllegalArgumentException for wrong shapes or dtypes or different batch sizes
     */
    public static NDArray getShearMatrix2d(NDArray center, NDArray sx, NDArray sy) {
        String op = "get_shear_matrix2d";
        Checks.shape(center, op, "center", "B", "2");
        Checks.floating(center, op, "center");
        long batch = center.getShape().get(0);
        if (sx != null) {
            checkBatchVector(sx, batch, op, "sx");
        }
        if (sy != null) {
            checkBatchVector(sy, batch, op, "sy");
        }
        return Scoped.run(() -> {
            NDArray x = center.get(":, 0");
            NDArray y = center.get(":, 1");
            NDArray tx = sx == null ? x.zerosLike() : sx.toType(center.getDataType(), false).tan();
            NDArray ty = sy == null ? x.zerosLike() : sy.toType(center.getDataType(), false).tan();
            NDArray ones = x.onesLike();
            NDArray rows = NDArrays.stack(new NDList(ones, tx.neg(), tx.mul(y), ty.neg(), ones.add(tx.mul(ty)),
                    ty.mul(tx.mul(y).add(x))), 1).reshape(batch, 2, 3);
            return Conversions.convertAffineMatrixToHomography(rows);
        }, present(center, sx, sy));
    }

    /**
     * Inverts affine maps: Kornia's {@code invert_affine_transform} (the inverse of the homogeneous matrix,
     * computed in float64, top two rows).
     *
     * <p>matrix: {@code (B, 2, 3)}; output {@code (B, 2, 3)} in its dtype.
     *
     * @param matrix affine maps
     * @return their inverses
     * @throws IllegalArgumentException for a wrong shape or dtype, a NaN or infinite entry, or a singular map
     */
    public static NDArray invertAffineTransform(NDArray matrix) {
        String op = "invert_affine_transform";
        Checks.shape(matrix, op, "matrix", "B", "2", "3");
        Checks.floating(matrix, op, "matrix");
        Checks.finite(matrix, op, "matrix");
        return Scoped.run(() -> inverse(Conversions.convertAffineMatrixToHomography(matrix), op).get(":, 0:2, :"), matrix);
    }

    /**
     * Samples images at per-pixel positions: Kornia's {@code remap}, {@code grid_sample} at
     * {@code (map_x, map_y)}.
     *
     * <p>image: {@code (B, C, H, W)} or {@code (C, H, W)} (an extension); mapX, mapY: {@code (B or 1, Hout, Wout)}; output {@code (B, C, Hout, Wout)}.
     * Pixel maps are normalised with {@code 2 p / (side - 1) - 1} (Kornia's {@code normalize_pixel_coordinates});
     * with {@code normalizedCoordinates} they are used as given. Kornia's default {@code align_corners} is None,
     * which torch reads as false: pass {@code options.withAlignCorners(false)} to match it (the pixel normalisation
     * assumes true, as in Kornia). Differentiable in the image and both maps.
     *
     * @param image the images
     * @param mapX x of the source position of every output pixel
     * @param mapY y of the source position of every output pixel
     * @param options sampling (no fill)
     * @param normalizedCoordinates whether the maps are already in [-1, 1]
     * @return the remapped images
     * @throws IllegalArgumentException for wrong shapes or dtypes, or a fill
     */
    public static NDArray remap(NDArray image, NDArray mapX, NDArray mapY, WarpOptions options,
                                boolean normalizedCoordinates) {
        String op = "remap";
        Checks.image(image, op, "image");
        Checks.shape(mapX, op, "map_x", "B", "Hout", "Wout");
        Checks.floating(mapX, op, "map_x");
        if (!mapY.getShape().equals(mapX.getShape())) {
            throw new IllegalArgumentException(op + ": expected map_y of map_x's shape "
                    + Checks.describe(mapX.getShape()) + ", got " + Checks.describe(mapY.getShape()));
        }
        Checks.floating(mapY, op, "map_y");
        long batch = image.getShape().dimension() == 4 ? image.getShape().get(0) : 1;
        long mb = mapX.getShape().get(0);
        if (mb != batch && mb != 1) {
            throw new IllegalArgumentException(op + ": expected map_x of batch " + batch + " or 1, got "
                    + Checks.describe(mapX.getShape()));
        }
        if (options == null || options.fillValue() != null) {
            throw new IllegalArgumentException(op + ": expected options without a fill value");
        }
        return Rank.batched(image, x -> Scoped.run(() -> {
            NDArray xy = NDArrays.stack(new NDList(mapX.toType(x.getDataType(), false),
                    mapY.toType(x.getDataType(), false)), 3);
            if (!normalizedCoordinates) {
                Shape s = x.getShape();
                NDArray factor = Constants.array(x, new double[] {2 / Math.max(s.get(3) - 1, 1e-8),
                    2 / Math.max(s.get(2) - 1, 1e-8)}, new Shape(2));   // mul saves it
                xy = xy.mul(factor).sub(1);
            }
            NDArray grid = mb == batch ? xy : xy.broadcast(new Shape(batch, xy.getShape().get(1),
                    xy.getShape().get(2), 2));
            return Sampling.gridSample(x, grid, options.mode(), options.padding(), options.alignCorners());
        }, x, mapX, mapY));
    }

    /**
     * Maps a grid of points by homographies: Kornia's {@code warp_grid}.
     *
     * <p>grid: {@code (1, H, W, 2)} {@code (x, y)}; srcHomoDst: {@code (B, 3, 3)}; output {@code (B, H, W, 2)},
     * divided by z where {@code |z| > 1e-8} (Kornia's {@code transform_points}). Differentiable in both.
     *
     * @param grid the points, e.g. a normalised meshgrid
     * @param srcHomoDst the homographies applied to them
     * @return the mapped grids
     * @throws IllegalArgumentException for wrong shapes or dtypes
     */
    public static NDArray warpGrid(NDArray grid, NDArray srcHomoDst) {
        String op = "warp_grid";
        Checks.shape(grid, op, "grid", "1", "H", "W", "2");
        Checks.floating(grid, op, "grid");
        Checks.shape(srcHomoDst, op, "src_homo_dst", "B", "3", "3");
        Checks.floating(srcHomoDst, op, "src_homo_dst");
        Shape g = grid.getShape();
        long batch = srcHomoDst.getShape().get(0);
        return Scoped.run(() -> PixelGrid.transformPoints(srcHomoDst.toType(grid.getDataType(), false),
                grid.reshape(1, g.get(1) * g.get(2), 2)).reshape(batch, g.get(1), g.get(2), 2), grid, srcHomoDst);
    }

    /**
     * Warps by normalised homographies: Kornia's {@code homography_warp} (its default
     * {@code normalized_homography=True} form), {@code new HomographyWarper(dsize[0], dsize[1], options,
     * normalizedCoordinates).forward(patchSrc, srcHomoDst)}; see {@link HomographyWarper} for the conventions.
     * Kornia's default options here are bilinear, zeros, {@code align_corners} false.
     *
     * <pre>{@code
     * NDArray out = ImgWarp.homographyWarp(image, h, new int[] {32, 32},
     *         WarpOptions.defaults().withAlignCorners(false), true);
     * }</pre>
     *
     * @param patchSrc {@code (B, C, H, W)} or {@code (C, H, W)} the source
     * @param srcHomoDst {@code (B, 3, 3)} or {@code (1, 3, 3)} destination-to-source homographies
     * @param dsize the destination {@code (height, width)}
     * @param options the sampling (no fill value)
     * @param normalizedCoordinates whether the homographies act on [-1, 1] grid coordinates
     * @return {@code (B, C, height, width)} (or {@code (C, height, width)})
     * @throws IllegalArgumentException for wrong shapes, sizes, batch sizes, dtypes or devices
     */
    public static NDArray homographyWarp(NDArray patchSrc, NDArray srcHomoDst, int[] dsize, WarpOptions options,
                                         boolean normalizedCoordinates) {
        if (dsize == null || dsize.length != 2) {
            throw new IllegalArgumentException("homography_warp: expected dsize (height, width), got "
                    + java.util.Arrays.toString(dsize));
        }
        return new HomographyWarper(dsize[0], dsize[1], options, normalizedCoordinates).forward(patchSrc, srcHomoDst);
    }

    private static NDArray inverseNormalized(NDArray pixels, NDArray src, int[] dsize, String op) {
        Shape s = src.getShape();
        int[] srcSize = {(int) s.get(2), (int) s.get(3)};
        return inverse(Conversions.normalizeHomography(pixels, srcSize, dsize), op);
    }

    private static NDArray inverse(NDArray matrices, String op) {
        try {
            return Linalg.inverse(matrices);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": expected invertible matrices, got " + e.getMessage(), e);
        }
    }

    private static NDArray sample(NDArray src, NDArray grid, WarpOptions options) {
        double[] fill = options.fillValue();
        NDArray warped = Sampling.gridSample(src, grid, options.mode(), options.padding(), options.alignCorners());
        if (fill == null) {
            return warped;
        }
        NDArray coverage = Sampling.gridSample(src.onesLike(), grid, options.mode(), GridPadding.ZEROS,
                options.alignCorners());
        NDArray colour = Constants.array(src, fill, new Shape(1, fill.length, 1, 1));   // mul saves it (Constants)
        return warped.add(coverage.neg().add(1).mul(colour));
    }

    private static NDArray broadcastBatch(NDArray m, NDArray src) {
        long batch = src.getShape().get(0);
        return m.getShape().get(0) == batch ? m : m.broadcast(new Shape(batch, m.getShape().get(1), 3));
    }

    private static void checkWarp(NDArray src, NDArray m, int[] dsize, WarpOptions options, String op,
                                  String rows) {
        Checks.image(src, op, "src");
        Checks.shape(m, op, "M", "B", rows, "3");
        Checks.floating(m, op, "M");
        Checks.sameDevice(src, m, op, "M");
        Checks.finite(m, op, "M");
        long batch = src.getShape().dimension() == 4 ? src.getShape().get(0) : 1;
        long mb = m.getShape().get(0);
        if (mb != batch && mb != 1) {
            throw new IllegalArgumentException(op + ": expected M of shape (" + batch + ", " + rows
                    + ", 3) or (1, " + rows + ", 3), got " + Checks.describe(m.getShape()));
        }
        if (dsize == null || dsize.length != 2 || dsize[0] <= 0 || dsize[1] <= 0) {
            throw new IllegalArgumentException(op + ": expected dsize (height, width) of positive sizes, got "
                    + java.util.Arrays.toString(dsize));
        }
        if (options == null) {
            throw new IllegalArgumentException(op + ": expected options, got null");
        }
        long channels = src.getShape().get(src.getShape().dimension() - 3);
        double[] fill = options.fillValue();
        if (fill != null && fill.length != channels) {
            throw new IllegalArgumentException(op + ": expected fill_value of " + channels + " values, got "
                    + fill.length);
        }
    }

    private static NDArray[] present(NDArray... inputs) {
        return java.util.Arrays.stream(inputs).filter(java.util.Objects::nonNull).toArray(NDArray[]::new);
    }

    private static void checkBatchVector(NDArray x, long batch, String op, String argument) {
        Checks.shape(x, op, argument, String.valueOf(batch));
        Checks.floating(x, op, argument);
    }

    private static void checkBatchPair(NDArray x, long batch, String op, String argument) {
        Checks.shape(x, op, argument, String.valueOf(batch), "2");
        Checks.floating(x, op, argument);
    }
}
