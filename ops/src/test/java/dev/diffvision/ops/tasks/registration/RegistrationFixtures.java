package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.color.Colors;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.geometry.transform.ImgWarp;
import dev.diffvision.ops.geometry.transform.Pyramid;
import dev.diffvision.ops.geometry.transform.WarpOptions;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.PixelRange;

import java.nio.file.Files;
import java.nio.file.Path;

/** Real photographs and synthetic warps of them for the registration tests. */
final class RegistrationFixtures {

    private RegistrationFixtures() {}

    /**
     * Two 24x24 photographs (camera, astronaut; 3 halvings) and each moved by a small similarity, in float64: the
     * objective tests' pair of images.
     *
     * @param manager owns the results
     * @return {@code [source, target]}, each {@code (2, 1, 24, 24)}
     */
    static NDArray[] similarityPair64(NDManager manager) throws Exception {
        NDArray a = photo("camera.png", 3, 24, manager);
        NDArray b = photo("astronaut.png", 3, 24, manager);
        NDArray source = NDArrays.concat(new NDList(a, b)).toType(DataType.FLOAT64, false);
        NDArray target = NDArrays.concat(new NDList(
                warp(a, similarity(4, 1.03, 0.7, -0.4, 24)),
                warp(b, similarity(-3, 0.98, -0.5, 0.3, 24)))).toType(DataType.FLOAT64, false);
        return new NDArray[] {source, target};
    }

    /**
     * A sample photograph in gray, halved {@code halvings} times by pyrdown and cropped to its central
     * {@code size x size}.
     *
     * @param name a file of samples/images
     * @param halvings pyrdown steps
     * @param size crop side
     * @param manager owns the result
     * @return {@code (1, 1, size, size)} float32 in [0, 1]
     */
    static NDArray photo(String name, int halvings, int size, NDManager manager) throws Exception {
        NDArray gray = gray(name, manager);
        for (int i = 0; i < halvings; i++) {
            gray = Pyramid.pyrdown(gray, BorderType.REFLECT, false, 2);
        }
        if (gray.getShape().get(2) < size || gray.getShape().get(3) < size) {
            throw new IllegalStateException(name + " is smaller than " + size + " after " + halvings + " halvings");
        }
        long top = (gray.getShape().get(2) - size) / 2;
        long left = (gray.getShape().get(3) - size) / 2;
        return gray.get(new NDIndex().addAllDim(2).addSliceDim(top, top + size).addSliceDim(left, left + size))
                .duplicate();
    }

    /**
     * A square crop of a sample photograph in gray, resized bilinearly to {@code size x size}: the benchmark's kind
     * of source ({@code tools/bench_registration.py} crops 60-100% of the shorter side and resizes with INTER_AREA,
     * so a small crop comes out smooth and poor in texture).
     *
     * @param name a file of samples/images
     * @param top first row of the crop
     * @param left first column of the crop
     * @param side crop side in pixels
     * @param size output side
     * @param manager owns the result
     * @return {@code (1, 1, size, size)} float32 in [0, 1]
     */
    static NDArray cropResized(String name, int top, int left, int side, int size, NDManager manager)
            throws Exception {
        NDArray crop = gray(name, manager).get(new NDIndex().addAllDim(2).addSliceDim(top, top + side)
                .addSliceDim(left, left + side));
        return Sampling.interpolate(crop, size, size, Sampling.Resize.BILINEAR, false);
    }

    /** A sample photograph in gray, {@code (1, 1, H, W)} float32 in [0, 1]. */
    private static NDArray gray(String name, NDManager manager) throws Exception {
        Path dir = Path.of("..", "samples", "images");
        Path file = (Files.isDirectory(dir) ? dir : Path.of("samples", "images")).resolve(name);
        NDArray rgb = PixelRange.toUnitFloat(new ImageDecoder().decode(Files.readAllBytes(file)), manager)
                .expandDims(0);
        return rgb.getShape().get(1) == 3 ? Colors.rgbToGrayscale(rgb) : rgb;
    }

    /**
     * The source warped by H with Kornia's {@code warp_perspective} (bilinear, zeros, align_corners true: pixel
     * centres map to pixel centres), i.e. {@code target(H p) = source(p)}.
     *
     * @param source {@code (1, C, S, S)}
     * @param h source pixel -> target pixel, row-major
     * @return the target, same shape
     */
    static NDArray warp(NDArray source, double[] h) {
        NDArray m = source.getManager().create(h, new Shape(1, 3, 3)).toType(source.getDataType(), false);
        int[] size = {(int) source.getShape().get(2), (int) source.getShape().get(3)};
        return ImgWarp.warpPerspective(source, m, size, WarpOptions.defaults());
    }

    /**
     * The mean distance between where two transforms send the image corners.
     *
     * @param a one transform
     * @param b the other
     * @param size the image side
     * @return mean corner error in pixels
     */
    static double cornerError(double[] a, double[] b, int size) {
        double sum = 0;
        double[] c = {0, size - 1};
        for (double x : c) {
            for (double y : c) {
                double[] pa = Matrix3.apply(a, x, y);
                double[] pb = Matrix3.apply(b, x, y);
                sum += Math.hypot(pa[0] - pb[0], pa[1] - pb[1]);
            }
        }
        return sum / 4;
    }

    /**
     * A rotation by {@code degrees} and scale {@code s} about the centre of a {@code size x size} image,
     * followed by a translation.
     */
    static double[] similarity(double degrees, double s, double tx, double ty, int size) {
        double c = (size - 1) / 2.0;
        double a = Math.toRadians(degrees);
        double cos = s * Math.cos(a);
        double sin = s * Math.sin(a);
        return new double[] {cos, -sin, c - cos * c + sin * c + tx, sin, cos, c - sin * c - cos * c + ty, 0, 0, 1};
    }
}
