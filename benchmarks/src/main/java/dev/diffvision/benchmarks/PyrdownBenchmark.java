package dev.diffvision.benchmarks;

import boofcv.factory.transform.pyramid.FactoryPyramid;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.ImageType;
import boofcv.struct.image.Planar;
import boofcv.struct.pyramid.ConfigDiscreteLevels;
import boofcv.struct.pyramid.PyramidDiscrete;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.geometry.transform.Transforms;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code pyrdown} (geometry/transform/pyramid.py): one level down a Gaussian pyramid of a float32 RGB batch,
 * 256x256 to 128x128, 5x5 binomial-like blur, reflect-101 border.
 *
 * <p>OpenCV: {@code pyrDown} (the 5x5 binomial kernel, {@code BORDER_REFLECT_101}, even rows and columns) into
 * reused matrices; BoofCV: a two-level {@code PyramidDiscrete} ({@code FactoryPyramid.discreteGaussian}, radius
 * 2, sigma from the radius, every second pixel of the blurred image) reused for every image; DiffVision:
 * {@link Transforms#pyrdown} with Kornia's defaults (binomial 5x5 blur, reflect, then bilinear to half size,
 * align_corners false), result closed.
 */
public class PyrdownBenchmark extends OpBenchmark {

    private static final int HALF = ImageBatch.SIZE / 2;

    private Mat[] cvOut;
    private PyramidDiscrete<Planar<GrayF32>> boofPyramid;

    /** @return {@code "pyrdown"} */
    @Override
    public String op() {
        return "pyrdown";
    }

    @Override
    protected void allocateOutputs() {
        cvOut = images.newMats(CvType.CV_32FC3, HALF, HALF);
        boofPyramid = FactoryPyramid.discreteGaussian(ConfigDiscreteLevels.levels(2), -1, 2, true,
                ImageType.pl(3, GrayF32.class));
    }

    /** OpenCV, image by image. */
    @Benchmark
    public void opencv() {
        for (int i = 0; i < batch; i++) {
            Imgproc.pyrDown(images.mats[i], cvOut[i]);
        }
    }

    /** BoofCV, image by image (level 1 of the pyramid is the result). */
    @Benchmark
    public void boofcv() {
        for (int i = 0; i < batch; i++) {
            boofPyramid.process(images.planars[i]);
        }
    }

    /** DiffVision, the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        Transforms.pyrdown(images.tensor, BorderType.REFLECT, false, 2.0).close();
    }
}
