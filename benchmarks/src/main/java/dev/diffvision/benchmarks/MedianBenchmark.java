package dev.diffvision.benchmarks;

import boofcv.alg.filter.blur.BlurImageOps;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.Planar;
import dev.diffvision.ops.filters.Filters;
import org.ddogleg.struct.DogArray_F32;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;
import pabeles.concurrency.GrowArray;

/**
 * {@code median_blur} (filters/median.py): the 5x5 median on each channel of a float32 RGB batch.
 *
 * <p>Borders differ and are part of each library's definition: Kornia (DiffVision) pads with zeros, OpenCV's
 * {@code medianBlur} replicates, BoofCV's {@code BlurImageOps.median} shrinks the window. OpenCV and BoofCV
 * write into reused images (BoofCV with reused work space); DiffVision's result is closed.
 */
public class MedianBenchmark extends OpBenchmark {

    private static final int KERNEL = 5;

    private Mat[] cvOut;
    private Planar<GrayF32>[] boofOut;
    private GrowArray<DogArray_F32> boofWork;

    /** @return {@code "median_blur"} */
    @Override
    public String op() {
        return "median_blur";
    }

    @Override
    protected void allocateOutputs() {
        cvOut = images.newMats(CvType.CV_32FC3);
        boofOut = images.newPlanars();
        boofWork = new GrowArray<>(DogArray_F32::new);
    }

    /** OpenCV, image by image. */
    @Benchmark
    public void opencv() {
        for (int i = 0; i < batch; i++) {
            Imgproc.medianBlur(images.mats[i], cvOut[i], KERNEL);
        }
    }

    /** BoofCV, image by image. */
    @Benchmark
    public void boofcv() {
        for (int i = 0; i < batch; i++) {
            BlurImageOps.median(images.planars[i], boofOut[i], KERNEL / 2, KERNEL / 2, boofWork);
        }
    }

    /** DiffVision, the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        Filters.medianBlur(images.tensor, new int[] {KERNEL, KERNEL}).close();
    }
}
