package dev.diffvision.benchmarks;

import boofcv.alg.filter.convolve.ConvolveImage;
import boofcv.core.image.border.FactoryImageBorder;
import boofcv.factory.filter.kernel.FactoryKernelGaussian;
import boofcv.struct.border.BorderType;
import boofcv.struct.border.ImageBorder_F32;
import boofcv.struct.convolve.Kernel1D_F32;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.Planar;
import dev.diffvision.ops.filters.Filters;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code gaussian_blur2d} (filters/gaussian.py): an 11x11 Gaussian, sigma 10.5, reflect-101 border, on each
 * channel of a float32 RGB batch.
 *
 * <p>OpenCV: {@code GaussianBlur} with {@code BORDER_REFLECT_101} into a reused {@code CV_32FC3} matrix;
 * BoofCV: a horizontal and a vertical {@code ConvolveImage} pass per band with an 11-tap Gaussian and its
 * {@code REFLECT} border (= reflect-101), through a reused intermediate; DiffVision:
 * {@link Filters#gaussianBlur2d} (separable, reflect: Kornia's defaults), result closed. All three are
 * separable, 11 taps per pass.
 */
public class GaussianBenchmark extends OpBenchmark {

    private static final int KERNEL = 11;
    private static final double SIGMA = 10.5;
    private static final Size CV_KERNEL = new Size(KERNEL, KERNEL);

    private Mat[] cvOut;
    private Planar<GrayF32>[] boofOut;
    private GrayF32 boofRows;
    private Kernel1D_F32 boofKernel;
    private ImageBorder_F32 boofBorder;

    /** @return {@code "gaussian_blur2d"} */
    @Override
    public String op() {
        return "gaussian_blur2d";
    }

    @Override
    protected void allocateOutputs() {
        cvOut = images.newMats(CvType.CV_32FC3);
        boofOut = images.newPlanars();
        boofRows = new GrayF32(ImageBatch.SIZE, ImageBatch.SIZE);
        boofKernel = FactoryKernelGaussian.gaussian1D(GrayF32.class, SIGMA, KERNEL / 2);
        boofBorder = FactoryImageBorder.single(BorderType.REFLECT, GrayF32.class);
    }

    /** OpenCV, image by image. */
    @Benchmark
    public void opencv() {
        for (int i = 0; i < batch; i++) {
            Imgproc.GaussianBlur(images.mats[i], cvOut[i], CV_KERNEL, SIGMA, SIGMA, Core.BORDER_REFLECT_101);
        }
    }

    /** BoofCV, image by image. */
    @Benchmark
    public void boofcv() {
        for (int i = 0; i < batch; i++) {
            boofcvGaussian(images.planars[i], boofOut[i]);
        }
    }

    /** DiffVision, the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        Filters.gaussianBlur2d(images.tensor, new int[] {KERNEL, KERNEL}, SIGMA, SIGMA).close();
    }

    private void boofcvGaussian(Planar<GrayF32> rgb, Planar<GrayF32> out) {
        for (int c = 0; c < rgb.getNumBands(); c++) {
            ConvolveImage.horizontal(boofKernel, rgb.getBand(c), boofRows, boofBorder);
            ConvolveImage.vertical(boofKernel, boofRows, out.getBand(c), boofBorder);
        }
    }
}
