package dev.diffvision.benchmarks;

import boofcv.alg.filter.misc.AverageDownSampleOps;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.Planar;
import dev.diffvision.ops.core.Sampling;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code resize} (geometry/transform/affwarp.py) with area averaging or antialiasing: the 512x512 float32 RGB
 * batch of {@link ResizeBenchmark} down to 224x224.
 *
 * <p>OpenCV: {@code resize} with {@code INTER_AREA} (fractional pixel weights) into reused matrices; BoofCV:
 * {@code AverageDownSampleOps.down} (the mean over each output pixel's source region) into reused images;
 * DiffVision: {@code resize(interpolation='area')} (torch's {@code adaptive_avg_pool2d}: integer windows
 * {@code floor(i 512 / 224)} to {@code ceil((i + 1) 512 / 224)}), and its variant {@code antialias}:
 * {@code resize(interpolation='bilinear', antialias=True)} (Kornia's Gaussian pre-blur, sigma 0.64, 3x3, then
 * bilinear); results closed.
 */
public class ResizeAreaBenchmark extends OpBenchmark {

    private static final Size CV_SIZE = new Size(ResizeBenchmark.OUT, ResizeBenchmark.OUT);

    private Mat[] cvOut;
    private Planar<GrayF32>[] boofOut;

    /** @return {@code "resize area 512->224"} */
    @Override
    public String op() {
        return "resize area 512->224";
    }

    @Override
    protected ImageBatch createInput(int batch) {
        return ImageBatch.rgb(batch, ResizeBenchmark.IN);
    }

    @Override
    protected void allocateOutputs() {
        cvOut = images.newMats(CvType.CV_32FC3, ResizeBenchmark.OUT, ResizeBenchmark.OUT);
        boofOut = images.newPlanars(ResizeBenchmark.OUT, ResizeBenchmark.OUT);
    }

    /** OpenCV, image by image. */
    @Benchmark
    public void opencv() {
        for (int i = 0; i < batch; i++) {
            Imgproc.resize(images.mats[i], cvOut[i], CV_SIZE, 0, 0, Imgproc.INTER_AREA);
        }
    }

    /** BoofCV, image by image. */
    @Benchmark
    public void boofcv() {
        for (int i = 0; i < batch; i++) {
            AverageDownSampleOps.down(images.planars[i], boofOut[i]);
        }
    }

    /** DiffVision, area, the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        ResizeBenchmark.resize(images.tensor, Sampling.Resize.AREA, false).close();
    }

    /** DiffVision, bilinear with Kornia's antialias, the whole batch in one call. */
    @Benchmark
    public void diffvisionAntialias() {
        ResizeBenchmark.resize(images.tensor, Sampling.Resize.BILINEAR, true).close();
    }
}
