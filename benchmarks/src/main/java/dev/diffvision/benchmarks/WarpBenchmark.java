package dev.diffvision.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import boofcv.alg.distort.ImageDistort;
import boofcv.factory.distort.FactoryDistort;
import boofcv.factory.interpolate.FactoryInterpolation;
import boofcv.struct.border.BorderType;
import boofcv.struct.distort.PixelTransform;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.Planar;
import georegression.struct.point.Point2D_F32;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * What the two image-warp benchmarks share: one source-to-destination pixel matrix {@code M} (3x3, row-major)
 * for every image of a float32 RGB batch, a {@value ImageBatch#SIZE}x{@value ImageBatch#SIZE} output, bilinear
 * sampling and zeros outside the image.
 *
 * <p>OpenCV gets {@code M} (its warps invert it themselves) and writes into reused {@code CV_32FC3} matrices;
 * BoofCV gets the destination-to-source model {@code M^-1} once, in a reused {@code ImageDistort} (bilinear,
 * {@code BorderType.ZERO}, not cached) writing into reused images; DiffVision gets {@code M} as a {@code (B, r, 3)}
 * float32 tensor (one copy per image, as a batch of different matrices would be) with Kornia's defaults
 * (bilinear, zeros, align_corners true), results closed.
 */
abstract class WarpBenchmark extends OpBenchmark {

    /** The output size, OpenCV's {@code dsize}. */
    protected static final Size CV_SIZE = new Size(ImageBatch.SIZE, ImageBatch.SIZE);
    /** The output size, Kornia's {@code dsize (h, w)}. */
    protected static final int[] DSIZE = {ImageBatch.SIZE, ImageBatch.SIZE};

    private Mat[] cvOut;
    /** OpenCV's matrix: {@code M}'s first {@link #rows()} rows, {@code CV_64F}. */
    protected Mat cvMatrix;
    /** DiffVision's matrices, {@code (B, rows, 3)}. */
    protected NDArray matrices;
    private Planar<GrayF32>[] boofOut;
    private ImageDistort<Planar<GrayF32>, Planar<GrayF32>> boofDistort;

    /**
     * The source-to-destination matrix.
     *
     * @return 9 values, row-major; the last row is {@code (0, 0, 1)} for an affine map
     */
    protected abstract double[] matrix();

    /**
     * The rows of {@link #matrix()} the op takes: 2 for an affine warp, 3 for a perspective one.
     *
     * @return 2 or 3
     */
    protected abstract int rows();

    /**
     * OpenCV's warp of one image into a reused output, with {@link #cvMatrix}.
     *
     * @param src the input image
     * @param dst the output image
     */
    protected abstract void opencvWarp(Mat src, Mat dst);

    /**
     * BoofCV's model of the warp, mapping destination pixels to source pixels.
     *
     * @param inverse {@code M^-1}, row-major
     * @return the pixel transform
     */
    protected abstract PixelTransform<Point2D_F32> boofcvModel(double[] inverse);

    @Override
    protected void allocateOutputs() {
        double[] m = matrix();
        int rows = rows();
        cvOut = images.newMats(CvType.CV_32FC3);
        cvMatrix = images.own(new Mat(rows, 3, CvType.CV_64F));
        cvMatrix.put(0, 0, java.util.Arrays.copyOf(m, rows * 3));
        float[] all = new float[images.batch * rows * 3];
        for (int i = 0; i < images.batch; i++) {
            for (int k = 0; k < rows * 3; k++) {
                all[i * rows * 3 + k] = (float) m[k];
            }
        }
        matrices = images.tensor.getManager().create(all, new Shape(images.batch, rows, 3)).toType(DataType.FLOAT32,
                false);
        boofOut = images.newPlanars();
        boofDistort = FactoryDistort.distortPL(false, FactoryInterpolation.bilinearPixelS(GrayF32.class,
                BorderType.ZERO), GrayF32.class);
        boofDistort.setModel(boofcvModel(invert(m)));
    }

    /** OpenCV, image by image. */
    @Benchmark
    public void opencv() {
        for (int i = 0; i < batch; i++) {
            opencvWarp(images.mats[i], cvOut[i]);
        }
    }

    /** BoofCV, image by image. */
    @Benchmark
    public void boofcv() {
        for (int i = 0; i < batch; i++) {
            boofDistort.apply(images.planars[i], boofOut[i]);
        }
    }

    /** The inverse of a 3x3 row-major matrix (adjugate over determinant). */
    private static double[] invert(double[] m) {
        double[] adj = {
            m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3]};
        double det = m[0] * adj[0] + m[1] * adj[3] + m[2] * adj[6];
        for (int i = 0; i < 9; i++) {
            adj[i] /= det;
        }
        return adj;
    }
}
