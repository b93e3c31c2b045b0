package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Constants;

/**
 * The normalised frame in which registration parameters live, for one image size (one pyramid level).
 *
 * <p>A pixel centre {@code (x, y)} (0-based) of a {@code w x h} image has frame coordinates
 * {@code u = (2x + 1 - w) / L}, {@code v = (2y + 1 - h) / L} with {@code L = max(w, h)}: the origin is the image
 * centre, the longer side spans {@code [-1, 1]} edge to edge (grid_sample's {@code align_corners=false}
 * convention) and both axes share one scale, so rotations and similarities stay rigid in pixels. Halving an
 * even-sized image (pyrdown) leaves every point's frame coordinates unchanged, which is why the parameters need
 * no rescaling between pyramid levels.
 */
final class Frame {

    private final long height;
    private final long width;
    private final double length;

    private Frame(long height, long width) {
        this.height = height;
        this.width = width;
        this.length = Math.max(height, width);
    }

    /**
     * @param height image height in pixels
     * @param width image width in pixels
     * @return the frame of that size
     */
    static Frame of(long height, long width) {
        return new Frame(height, width);
    }

    long height() {
        return height;
    }

    long width() {
        return width;
    }

    /** @return pixels per frame unit, {@code L / 2}: frame-unit gradients are pixel gradients times this */
    double pixelsPerUnit() {
        return length / 2;
    }

    /** @return frame u -> grid_sample x factor, {@code L / w} */
    double gridScaleX() {
        return length / width;
    }

    /** @return frame v -> grid_sample y factor, {@code L / h} */
    double gridScaleY() {
        return length / height;
    }

    /** @return the largest |u| of a pixel centre, {@code (w - 1) / L} */
    double maxU() {
        return (width - 1) / length;
    }

    /** @return the largest |v| of a pixel centre, {@code (h - 1) / L} */
    double maxV() {
        return (height - 1) / length;
    }

    /** @return the matrix taking pixel coordinates to frame coordinates, row-major */
    double[] fromPixel() {
        return new double[] {2 / length, 0, (1 - width) / length, 0, 2 / length, (1 - height) / length, 0, 0, 1};
    }

    /** @return the matrix taking frame coordinates to pixel coordinates, row-major */
    double[] toPixel() {
        return Matrix3.inverse(fromPixel());
    }

    /**
     * The homogeneous frame coordinates of every pixel centre, row by row.
     *
     * @param manager owns the result
     * @param dtype float32 or float64
     * @return {@code (3, H * W)}: rows u, v and 1
     */
    NDArray coordinates(NDManager manager, DataType dtype) {
        int n = Math.toIntExact(height * width);
        double[] c = new double[n * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (int) (y * width + x);
                c[i] = (2.0 * x + 1 - width) / length;
                c[n + i] = (2.0 * y + 1 - height) / length;
                c[2 * n + i] = 1;
            }
        }
        return Constants.array(manager, dtype, c, new Shape(3, n));   // the warp's matMul saves it
    }
}
