package dev.diffvision.benchmarks;

import boofcv.alg.feature.detect.edge.GGradientToEdgeFeatures;
import boofcv.alg.filter.derivative.GradientSobel;
import boofcv.core.image.border.FactoryImageBorder;
import boofcv.struct.border.BorderType;
import boofcv.struct.border.ImageBorder_F32;
import boofcv.struct.image.GrayF32;
import dev.diffvision.ops.filters.Filters;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code sobel} (filters/sobel.py): the gradient magnitude {@code sqrt(gx^2 + gy^2)} of 3x3 Sobel derivatives
 * of a float32 gray batch, borders replicated.
 *
 * <p>OpenCV: two {@code Sobel} calls (scale 1/8, Kornia's normalised kernel, {@code BORDER_REPLICATE}) and
 * {@code magnitude}, into reused matrices; BoofCV: {@code GradientSobel.process} (extended border = replicate,
 * unscaled kernel) and {@code GGradientToEdgeFeatures.intensityE}, into reused images; DiffVision:
 * {@link Filters#sobel} with Kornia's defaults (normalised, {@code eps = 1e-6} inside the root), result closed.
 */
public class SobelBenchmark extends OpBenchmark {

    private Mat[] cvDx;
    private Mat[] cvDy;
    private Mat[] cvMagnitude;
    private GrayF32[] boofDx;
    private GrayF32[] boofDy;
    private GrayF32[] boofMagnitude;
    private ImageBorder_F32 boofBorder;

    /** @return {@code "sobel"} */
    @Override
    public String op() {
        return "sobel";
    }

    @Override
    protected ImageBatch createInput(int batch) {
        return ImageBatch.gray(batch);
    }

    @Override
    protected void allocateOutputs() {
        cvDx = images.newMats(CvType.CV_32FC1);
        cvDy = images.newMats(CvType.CV_32FC1);
        cvMagnitude = images.newMats(CvType.CV_32FC1);
        boofDx = images.newGrays();
        boofDy = images.newGrays();
        boofMagnitude = images.newGrays();
        boofBorder = FactoryImageBorder.single(BorderType.EXTENDED, GrayF32.class);
    }

    /** OpenCV, image by image. */
    @Benchmark
    public void opencv() {
        for (int i = 0; i < batch; i++) {
            opencvSobel(images.mats[i], cvDx[i], cvDy[i], cvMagnitude[i]);
        }
    }

    /** BoofCV, image by image. */
    @Benchmark
    public void boofcv() {
        for (int i = 0; i < batch; i++) {
            boofcvSobel(images.grays[i], boofDx[i], boofDy[i], boofMagnitude[i]);
        }
    }

    /** DiffVision, the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        Filters.sobel(images.tensor).close();
    }

    /** OpenCV's Kornia-convention Sobel magnitude of one float32 gray image (also used by {@link OpenCvEdges}). */
    static void opencvSobel(Mat gray, Mat dx, Mat dy, Mat magnitude) {
        Imgproc.Sobel(gray, dx, CvType.CV_32F, 1, 0, 3, 0.125, 0, Core.BORDER_REPLICATE);
        Imgproc.Sobel(gray, dy, CvType.CV_32F, 0, 1, 3, 0.125, 0, Core.BORDER_REPLICATE);
        Core.magnitude(dx, dy, magnitude);
    }

    private void boofcvSobel(GrayF32 gray, GrayF32 dx, GrayF32 dy, GrayF32 magnitude) {
        GradientSobel.process(gray, dx, dy, boofBorder);
        GGradientToEdgeFeatures.intensityE(dx, dy, magnitude);
    }
}
