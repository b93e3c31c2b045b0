package dev.diffvision.benchmarks;

import boofcv.alg.distort.PixelTransformAffine_F32;
import boofcv.struct.distort.PixelTransform;
import dev.diffvision.ops.geometry.transform.Transforms;
import dev.diffvision.ops.geometry.transform.WarpOptions;
import georegression.struct.affine.Affine2D_F32;
import georegression.struct.point.Point2D_F32;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code warp_affine} (geometry/transform/imgwarp.py): a 30 degree rotation about the image centre of a float32
 * RGB batch, 256x256 out, bilinear, zeros outside ({@link WarpBenchmark}).
 *
 * <p>OpenCV: {@code warpAffine} with {@code INTER_LINEAR}, {@code BORDER_CONSTANT} 0; BoofCV: the inverse
 * affine map in an {@code ImageDistort}; DiffVision: {@link Transforms#warpAffine} with Kornia's defaults.
 */
public class WarpAffineBenchmark extends WarpBenchmark {

    private static final Scalar ZERO = Scalar.all(0);

    /** @return {@code "warp_affine"} */
    @Override
    public String op() {
        return "warp_affine";
    }

    /** {@code cv2.getRotationMatrix2D(centre, 30, 1)}. */
    @Override
    protected double[] matrix() {
        return WarpMatrices.rotation();
    }

    @Override
    protected int rows() {
        return 2;
    }

    @Override
    protected PixelTransform<Point2D_F32> boofcvModel(double[] inverse) {
        return new PixelTransformAffine_F32(new Affine2D_F32((float) inverse[0], (float) inverse[1],
                (float) inverse[3], (float) inverse[4], (float) inverse[2], (float) inverse[5]));
    }

    @Override
    protected void opencvWarp(Mat src, Mat dst) {
        Imgproc.warpAffine(src, dst, cvMatrix, CV_SIZE, Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT, ZERO);
    }

    /** DiffVision, the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        Transforms.warpAffine(images.tensor, matrices, DSIZE, WarpOptions.defaults()).close();
    }
}
