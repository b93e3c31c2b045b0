package dev.diffvision.benchmarks;

import boofcv.alg.distort.PixelTransformHomography_F32;
import boofcv.struct.distort.PixelTransform;
import dev.diffvision.ops.geometry.transform.Transforms;
import dev.diffvision.ops.geometry.transform.WarpOptions;
import georegression.struct.homography.Homography2D_F64;
import georegression.struct.point.Point2D_F32;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code warp_perspective} (geometry/transform/imgwarp.py): a mild perspective homography of a float32 RGB
 * batch, 256x256 out, bilinear, zeros outside ({@link WarpBenchmark}).
 *
 * <p>OpenCV: {@code warpPerspective} with {@code INTER_LINEAR}, {@code BORDER_CONSTANT} 0; BoofCV: the inverse
 * homography in an {@code ImageDistort}; DiffVision: {@link Transforms#warpPerspective} with Kornia's defaults.
 */
public class WarpPerspectiveBenchmark extends WarpBenchmark {

    private static final Scalar ZERO = Scalar.all(0);

    /** @return {@code "warp_perspective"} */
    @Override
    public String op() {
        return "warp_perspective";
    }

    /** A tilt with a little rotation, shear and shift; every output pixel has a finite source. */
    @Override
    protected double[] matrix() {
        return WarpMatrices.tilt();
    }

    @Override
    protected int rows() {
        return 3;
    }

    @Override
    protected PixelTransform<Point2D_F32> boofcvModel(double[] inverse) {
        return new PixelTransformHomography_F32(new Homography2D_F64(inverse[0], inverse[1], inverse[2],
                inverse[3], inverse[4], inverse[5], inverse[6], inverse[7], inverse[8]));
    }

    @Override
    protected void opencvWarp(Mat src, Mat dst) {
        Imgproc.warpPerspective(src, dst, cvMatrix, CV_SIZE, Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT, ZERO);
    }

    /** DiffVision, the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        Transforms.warpPerspective(images.tensor, matrices, DSIZE, WarpOptions.defaults()).close();
    }
}
