package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.geometry.homography.Homography;

/**
 * The {@code kornia.geometry.transform} facade: re-exports the functions of {@link ImgWarp}, {@link ImgWarp3d}, {@link Affwarp},
 * {@link Pyramid}, {@link Crop2d}, {@link Elastic} and {@link Flips} under one name ({@link ScalePyramid} and
 * {@link HomographyWarper} are classes of their own), as {@code kornia.geometry.transform} does. Each method delegates; see the
 * delegate for shapes, conventions and errors.
 *
 * <pre>{@code
 * NDArray m = Transforms.getRotationMatrix2d(center, angle, scale);
 * NDArray out = Transforms.warpAffine(image, m, new int[] {h, w}, WarpOptions.defaults());
 * }</pre>
 */
public final class Transforms {

    private Transforms() {}

    /**
     * @param src volumes (B, C, D, H, W)
     * @param m (B, 3, 4) affine maps
     * @param dsize output (depth, height, width)
     * @param options sampling
     * @return see {@link ImgWarp3d#warpAffine3d}
     */
    public static NDArray warpAffine3d(NDArray src, NDArray m, int[] dsize, WarpOptions options) {
        return ImgWarp3d.warpAffine3d(src, m, dsize, options);
    }

    /**
     * @param src volumes (B, C, D, H, W)
     * @param m (B, 4, 4) homographies
     * @param dsize output (depth, height, width)
     * @param options sampling
     * @return see {@link ImgWarp3d#warpPerspective3d}
     */
    public static NDArray warpPerspective3d(NDArray src, NDArray m, int[] dsize, WarpOptions options) {
        return ImgWarp3d.warpPerspective3d(src, m, dsize, options);
    }

    /**
     * @param src images
     * @param m affine maps
     * @param dsize output (height, width)
     * @param options sampling
     * @return see {@link ImgWarp#warpAffine}
     */
    public static NDArray warpAffine(NDArray src, NDArray m, int[] dsize, WarpOptions options) {
        return ImgWarp.warpAffine(src, m, dsize, options);
    }

    /**
     * @param src images
     * @param m homographies
     * @param dsize output (height, width)
     * @param options sampling
     * @return see {@link ImgWarp#warpPerspective}
     */
    public static NDArray warpPerspective(NDArray src, NDArray m, int[] dsize, WarpOptions options) {
        return ImgWarp.warpPerspective(src, m, dsize, options);
    }

    /**
     * @param center centres
     * @param angle degrees
     * @param scale scales
     * @return see {@link ImgWarp#getRotationMatrix2d}
     */
    public static NDArray getRotationMatrix2d(NDArray center, NDArray angle, NDArray scale) {
        return ImgWarp.getRotationMatrix2d(center, angle, scale);
    }

    /**
     * @param translations translations
     * @param center centres
     * @param scale scales
     * @param angle degrees
     * @param sx shear x or null
     * @param sy shear y or null
     * @return see {@link ImgWarp#getAffineMatrix2d}
     */
    public static NDArray getAffineMatrix2d(NDArray translations, NDArray center, NDArray scale, NDArray angle,
                                            NDArray sx, NDArray sy) {
        return ImgWarp.getAffineMatrix2d(translations, center, scale, angle, sx, sy);
    }

    /**
     * @param center centres
     * @param sx shear x or null
     * @param sy shear y or null
     * @return see {@link ImgWarp#getShearMatrix2d}
     */
    public static NDArray getShearMatrix2d(NDArray center, NDArray sx, NDArray sy) {
        return ImgWarp.getShearMatrix2d(center, sx, sy);
    }

    /**
     * @param matrix affine maps
     * @return see {@link ImgWarp#invertAffineTransform}
     */
    public static NDArray invertAffineTransform(NDArray matrix) {
        return ImgWarp.invertAffineTransform(matrix);
    }

    /**
     * @param tensor images
     * @param matrix affine maps
     * @param options sampling
     * @return see {@link Affwarp#affine}
     */
    public static NDArray affine(NDArray tensor, NDArray matrix, WarpOptions options) {
        return Affwarp.affine(tensor, matrix, options);
    }

    /**
     * @param tensor images
     * @param angle degrees
     * @param center centres or null
     * @param options sampling
     * @return see {@link Affwarp#rotate}
     */
    public static NDArray rotate(NDArray tensor, NDArray angle, NDArray center, WarpOptions options) {
        return Affwarp.rotate(tensor, angle, center, options);
    }

    /**
     * @param tensor images
     * @param translation (dx, dy)
     * @param options sampling
     * @return see {@link Affwarp#translate}
     */
    public static NDArray translate(NDArray tensor, NDArray translation, WarpOptions options) {
        return Affwarp.translate(tensor, translation, options);
    }

    /**
     * @param tensor images
     * @param scaleFactor (sx, sy)
     * @param center centres or null
     * @param options sampling
     * @return see {@link Affwarp#scale}
     */
    public static NDArray scale(NDArray tensor, NDArray scaleFactor, NDArray center, WarpOptions options) {
        return Affwarp.scale(tensor, scaleFactor, center, options);
    }

    /**
     * @param tensor images
     * @param shear (shx, shy)
     * @param options sampling
     * @return see {@link Affwarp#shear}
     */
    public static NDArray shear(NDArray tensor, NDArray shear, WarpOptions options) {
        return Affwarp.shear(tensor, shear, options);
    }

    /**
     * @param input images
     * @return see {@link Flips#hflip}
     */
    public static NDArray hflip(NDArray input) {
        return Flips.hflip(input);
    }

    /**
     * @param input images
     * @return see {@link Flips#vflip}
     */
    public static NDArray vflip(NDArray input) {
        return Flips.vflip(input);
    }

    /**
     * @param input images
     * @return see {@link Flips#rot180}
     */
    public static NDArray rot180(NDArray input) {
        return Flips.rot180(input);
    }

    /**
     * @param input images
     * @param size (h, w) or one side
     * @param interpolation resampling
     * @param alignCorners null is false
     * @param side which side one size sets
     * @param antialias Gaussian pre-blur when downscaling
     * @return see {@link Affwarp#resize}
     */
    public static NDArray resize(NDArray input, int[] size, Sampling.Resize interpolation, Boolean alignCorners,
                                 String side, boolean antialias) {
        return Affwarp.resize(input, size, interpolation, alignCorners, side, antialias);
    }

    /**
     * @param input images
     * @param factor (fy, fx) or one factor
     * @param interpolation resampling
     * @param alignCorners null is false
     * @param antialias Gaussian pre-blur when downscaling
     * @return see {@link Affwarp#rescale}
     */
    public static NDArray rescale(NDArray input, double[] factor, Sampling.Resize interpolation, Boolean alignCorners,
                                  boolean antialias) {
        return Affwarp.rescale(input, factor, interpolation, alignCorners, antialias);
    }

    /**
     * @param input images
     * @param border blur border
     * @param alignCorners resampling
     * @param factor downsampling factor
     * @return see {@link Pyramid#pyrdown}
     */
    public static NDArray pyrdown(NDArray input, BorderType border, boolean alignCorners, double factor) {
        return Pyramid.pyrdown(input, border, alignCorners, factor);
    }

    /**
     * @param input images
     * @param border blur border
     * @param alignCorners resampling
     * @return see {@link Pyramid#pyrup}
     */
    public static NDArray pyrup(NDArray input, BorderType border, boolean alignCorners) {
        return Pyramid.pyrup(input, border, alignCorners);
    }

    /**
     * @param input images
     * @param maxLevel number of levels
     * @param border blur border
     * @param alignCorners resampling
     * @return see {@link Pyramid#buildPyramid}
     */
    public static java.util.List<NDArray> buildPyramid(NDArray input, int maxLevel, BorderType border,
                                                       boolean alignCorners) {
        return Pyramid.buildPyramid(input, maxLevel, border, alignCorners);
    }

    /**
     * @param input images
     * @param maxLevel number of levels
     * @param border blur border
     * @param alignCorners resampling
     * @return see {@link Pyramid#buildLaplacianPyramid}
     */
    public static java.util.List<NDArray> buildLaplacianPyramid(NDArray input, int maxLevel, BorderType border,
                                                                boolean alignCorners) {
        return Pyramid.buildLaplacianPyramid(input, maxLevel, border, alignCorners);
    }

    /**
     * @param x images
     * @return see {@link Pyramid#upscaleDouble}
     */
    public static NDArray upscaleDouble(NDArray x) {
        return Pyramid.upscaleDouble(x);
    }

    /**
     * @param pointsSrc (B, 4, 2)
     * @param pointsDst (B, 4, 2)
     * @return see {@link Homography#getPerspectiveTransform}
     */
    public static NDArray getPerspectiveTransform(NDArray pointsSrc, NDArray pointsDst) {
        return Homography.getPerspectiveTransform(pointsSrc, pointsDst);
    }

    /**
     * @param input images
     * @param boxes (B, 4, 2) corners
     * @param size (h, w)
     * @param options sampling
     * @return see {@link Crop2d#cropAndResize}
     */
    public static NDArray cropAndResize(NDArray input, NDArray boxes, int[] size, WarpOptions options) {
        return Crop2d.cropAndResize(input, boxes, size, options);
    }

    /**
     * @param input images
     * @param size (h, w)
     * @param options sampling
     * @return see {@link Crop2d#centerCrop}
     */
    public static NDArray centerCrop(NDArray input, int[] size, WarpOptions options) {
        return Crop2d.centerCrop(input, size, options);
    }

    /**
     * @param input images
     * @param srcBox source corners
     * @param dstBox destination corners
     * @param options sampling
     * @return see {@link Crop2d#cropByBoxes}
     */
    public static NDArray cropByBoxes(NDArray input, NDArray srcBox, NDArray dstBox, WarpOptions options) {
        return Crop2d.cropByBoxes(input, srcBox, dstBox, options);
    }

    /**
     * @param input images
     * @param srcBox (B, 4, 2) integer corners
     * @return see {@link Crop2d#cropByIndices}
     */
    public static NDArray cropByIndices(NDArray input, NDArray srcBox) {
        return Crop2d.cropByIndices(input, srcBox);
    }

    /**
     * @param input images
     * @param srcBox {@code (B, 4, 2)} integer corners
     * @param size the output {@code (height, width)}, or null for the boxes' common size
     * @param interpolation resize's interpolation
     * @param alignCorners resize's align_corners, null for false
     * @param antialias resize's Gaussian pre-blur when downscaling
     * @param compensation how crops of another size are fitted when the boxes differ
     * @return see {@link Crop2d#cropByIndices(NDArray, NDArray, int[], Sampling.Resize, Boolean, boolean,
     *     ShapeCompensation)}
     */
    public static NDArray cropByIndices(NDArray input, NDArray srcBox, int[] size, Sampling.Resize interpolation,
                                        Boolean alignCorners, boolean antialias, ShapeCompensation compensation) {
        return Crop2d.cropByIndices(input, srcBox, size, interpolation, alignCorners, antialias, compensation);
    }

    /**
     * @param input images
     * @param transform (B, 3, 3)
     * @param outSize (h, w)
     * @param options sampling
     * @return see {@link Crop2d#cropByTransformMat}
     */
    public static NDArray cropByTransformMat(NDArray input, NDArray transform, int[] outSize, WarpOptions options) {
        return Crop2d.cropByTransformMat(input, transform, outSize, options);
    }

    /**
     * @param image images
     * @param mapX source x per output pixel
     * @param mapY source y per output pixel
     * @param options sampling
     * @param normalizedCoordinates whether the maps are in [-1, 1]
     * @return see {@link ImgWarp#remap}
     */
    public static NDArray remap(NDArray image, NDArray mapX, NDArray mapY, WarpOptions options,
                                boolean normalizedCoordinates) {
        return ImgWarp.remap(image, mapX, mapY, options, normalizedCoordinates);
    }

    /**
     * @param patchSrc images
     * @param srcHomoDst (B, 3, 3) destination-to-source homographies
     * @param dsize (height, width)
     * @param options sampling
     * @param normalizedCoordinates whether the homographies act on [-1, 1] coordinates
     * @return see {@link ImgWarp#homographyWarp}
     */
    public static NDArray homographyWarp(NDArray patchSrc, NDArray srcHomoDst, int[] dsize, WarpOptions options,
                                         boolean normalizedCoordinates) {
        return ImgWarp.homographyWarp(patchSrc, srcHomoDst, dsize, options, normalizedCoordinates);
    }

    /**
     * @param grid (1, H, W, 2)
     * @param srcHomoDst (B, 3, 3)
     * @return see {@link ImgWarp#warpGrid}
     */
    public static NDArray warpGrid(NDArray grid, NDArray srcHomoDst) {
        return ImgWarp.warpGrid(grid, srcHomoDst);
    }

    /**
     * @param image images
     * @param noise (B, 2, H, W)
     * @param kernelSize Gaussian sizes
     * @param sigma (sigma_x, sigma_y)
     * @param alpha (alpha_x, alpha_y)
     * @param options sampling
     * @return see {@link Elastic#elasticTransform2d}
     */
    public static NDArray elasticTransform2d(NDArray image, NDArray noise, int[] kernelSize, double[] sigma,
                                             double[] alpha, WarpOptions options) {
        return Elastic.elasticTransform2d(image, noise, kernelSize, sigma, alpha, options);
    }
}
