package dev.diffvision.benchmarks;

import boofcv.alg.color.ColorHsv;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.Planar;
import dev.diffvision.ops.color.Colors;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code rgb_to_hsv} (color/hsv.py) of a float32 RGB batch.
 *
 * <p>OpenCV: {@code cvtColor(COLOR_RGB2HSV)} into a reused {@code CV_32FC3} matrix (hue in degrees); BoofCV:
 * {@code ColorHsv.rgbToHsv} into a reused 3-band image (hue in radians); DiffVision: {@link Colors#rgbToHsv} on
 * the {@code (B, 3, H, W)} tensor (hue in radians), result closed. The hue units differ; the work does not.
 */
public class HsvBenchmark extends OpBenchmark {

    private Mat[] cvHsv;
    private Planar<GrayF32>[] boofHsv;

    /** @return {@code "rgb_to_hsv"} */
    @Override
    public String op() {
        return "rgb_to_hsv";
    }

    @Override
    protected void allocateOutputs() {
        cvHsv = images.newMats(CvType.CV_32FC3);
        boofHsv = images.newPlanars();
    }

    /** OpenCV, image by image. */
    @Benchmark
    public void opencv() {
        for (int i = 0; i < batch; i++) {
            Imgproc.cvtColor(images.mats[i], cvHsv[i], Imgproc.COLOR_RGB2HSV);
        }
    }

    /** BoofCV, image by image. */
    @Benchmark
    public void boofcv() {
        for (int i = 0; i < batch; i++) {
            ColorHsv.rgbToHsv(images.planars[i], boofHsv[i]);
        }
    }

    /** DiffVision, the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        Colors.rgbToHsv(images.tensor).close();
    }
}
