package dev.diffvision.benchmarks;

import boofcv.alg.color.ColorRgb;
import boofcv.struct.image.GrayF32;
import dev.diffvision.ops.color.Colors;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code rgb_to_grayscale} (color/gray.py): {@code 0.299 R + 0.587 G + 0.114 B} of a float32 RGB batch.
 *
 * <p>OpenCV: {@code cvtColor(COLOR_RGB2GRAY)} into a reused {@code CV_32FC1} matrix; BoofCV:
 * {@code ColorRgb.rgbToGray_Weighted} into a reused {@code GrayF32}; DiffVision:
 * {@link Colors#rgbToGrayscale} on the {@code (B, 3, H, W)} tensor, result closed. All three use the same
 * BT.601 weights.
 */
public class GrayBenchmark extends OpBenchmark {

    private Mat[] cvGray;
    private GrayF32[] boofGray;

    /** @return {@code "rgb_to_grayscale"} */
    @Override
    public String op() {
        return "rgb_to_grayscale";
    }

    @Override
    protected void allocateOutputs() {
        cvGray = images.newMats(CvType.CV_32FC1);
        boofGray = images.newGrays();
    }

    /** OpenCV, image by image. */
    @Benchmark
    public void opencv() {
        for (int i = 0; i < batch; i++) {
            Imgproc.cvtColor(images.mats[i], cvGray[i], Imgproc.COLOR_RGB2GRAY);
        }
    }

    /** BoofCV, image by image. */
    @Benchmark
    public void boofcv() {
        for (int i = 0; i < batch; i++) {
            ColorRgb.rgbToGray_Weighted(images.planars[i], boofGray[i]);
        }
    }

    /** DiffVision, the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        Colors.rgbToGrayscale(images.tensor).close();
    }
}
