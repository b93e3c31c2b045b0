package dev.diffvision.benchmarks;

import boofcv.alg.filter.blur.BlurImageOps;
import boofcv.alg.misc.PixelMath;
import boofcv.struct.image.GrayF32;
import dev.diffvision.ops.metrics.Metrics;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code ssim} (metrics/ssim.py): the SSIM map of a float32 RGB batch against itself (the cost does not depend
 * on the content), 11x11 Gaussian window, sigma 1.5, {@code C1 = 0.01^2}, {@code C2 = 0.03^2}.
 *
 * <p>OpenCV: the classic recipe of OpenCV's own SSIM tutorial (five {@code GaussianBlur}s with
 * {@code BORDER_REFLECT_101} and element-wise arithmetic on reused {@code CV_32FC3} matrices); BoofCV: the same
 * recipe per band with {@code BlurImageOps.gaussian} and {@code PixelMath} on reused images (BoofCV renormalises
 * the window at the border instead of reflecting); DiffVision: {@link Metrics#ssim} on the {@code (B, 3, H, W)}
 * tensor with Kornia's defaults ('same' padding), result closed.
 */
public class SsimBenchmark extends OpBenchmark {

    private static final int WINDOW = 11;
    private static final double SIGMA = 1.5;
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;

    private Mat mu1;
    private Mat mu2;
    private Mat product;
    private Mat sigma1;
    private Mat sigma2;
    private Mat sigma12;
    private Mat numerator;
    private Mat denominator;
    private Mat map;
    private GrayF32[] boof;

    /** @return {@code "ssim"} */
    @Override
    public String op() {
        return "ssim";
    }

    @Override
    protected void allocateOutputs() {
        mu1 = images.newMat(CvType.CV_32FC3);
        mu2 = images.newMat(CvType.CV_32FC3);
        product = images.newMat(CvType.CV_32FC3);
        sigma1 = images.newMat(CvType.CV_32FC3);
        sigma2 = images.newMat(CvType.CV_32FC3);
        sigma12 = images.newMat(CvType.CV_32FC3);
        numerator = images.newMat(CvType.CV_32FC3);
        denominator = images.newMat(CvType.CV_32FC3);
        map = images.newMat(CvType.CV_32FC3);
        boof = new GrayF32[9];
        for (int i = 0; i < boof.length; i++) {
            boof[i] = new GrayF32(ImageBatch.SIZE, ImageBatch.SIZE);
        }
    }

    /** OpenCV, image by image. */
    @Benchmark
    public void opencv() {
        for (int i = 0; i < batch; i++) {
            opencvSsim(images.mats[i], images.mats[i]);
        }
    }

    /** BoofCV, image by image and band by band. */
    @Benchmark
    public void boofcv() {
        for (int i = 0; i < batch; i++) {
            for (int band = 0; band < 3; band++) {
                GrayF32 x = images.planars[i].getBand(band);
                boofSsim(x, x);
            }
        }
    }

    /** DiffVision, the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        Metrics.ssim(images.tensor, images.tensor, WINDOW, 1.0, 1e-12, "same").close();
    }

    private void opencvSsim(Mat x, Mat y) {
        Size window = new Size(WINDOW, WINDOW);
        Imgproc.GaussianBlur(x, mu1, window, SIGMA, SIGMA, Core.BORDER_REFLECT_101);
        Imgproc.GaussianBlur(y, mu2, window, SIGMA, SIGMA, Core.BORDER_REFLECT_101);
        Core.multiply(x, x, product);
        Imgproc.GaussianBlur(product, sigma1, window, SIGMA, SIGMA, Core.BORDER_REFLECT_101);
        Core.multiply(y, y, product);
        Imgproc.GaussianBlur(product, sigma2, window, SIGMA, SIGMA, Core.BORDER_REFLECT_101);
        Core.multiply(x, y, product);
        Imgproc.GaussianBlur(product, sigma12, window, SIGMA, SIGMA, Core.BORDER_REFLECT_101);
        Core.multiply(mu1, mu2, product);                       // mu1 mu2
        Core.subtract(sigma12, product, sigma12);               // sigma12
        Core.addWeighted(product, 2, product, 0, C1, numerator); // 2 mu1 mu2 + C1
        Core.addWeighted(sigma12, 2, sigma12, 0, C2, sigma12);  // 2 sigma12 + C2
        Core.multiply(numerator, sigma12, numerator);
        Core.multiply(mu1, mu1, mu1);
        Core.multiply(mu2, mu2, mu2);
        Core.subtract(sigma1, mu1, sigma1);
        Core.subtract(sigma2, mu2, sigma2);
        Core.add(mu1, mu2, denominator);
        Core.add(denominator, new Scalar(C1, C1, C1), denominator);
        Core.add(sigma1, sigma2, sigma1);
        Core.add(sigma1, new Scalar(C2, C2, C2), sigma1);
        Core.multiply(denominator, sigma1, denominator);
        Core.divide(numerator, denominator, map);
    }

    private void boofSsim(GrayF32 x, GrayF32 y) {
        int radius = WINDOW / 2;
        GrayF32 m1 = boof[0];
        GrayF32 m2 = boof[1];
        GrayF32 prod = boof[2];
        GrayF32 s1 = boof[3];
        GrayF32 s2 = boof[4];
        GrayF32 s12 = boof[5];
        GrayF32 num = boof[6];
        GrayF32 den = boof[7];
        GrayF32 storage = boof[8];
        BlurImageOps.gaussian(x, m1, SIGMA, radius, storage);
        BlurImageOps.gaussian(y, m2, SIGMA, radius, storage);
        PixelMath.multiply(x, x, prod);
        BlurImageOps.gaussian(prod, s1, SIGMA, radius, storage);
        PixelMath.multiply(y, y, prod);
        BlurImageOps.gaussian(prod, s2, SIGMA, radius, storage);
        PixelMath.multiply(x, y, prod);
        BlurImageOps.gaussian(prod, s12, SIGMA, radius, storage);
        PixelMath.multiply(m1, m2, prod);
        PixelMath.subtract(s12, prod, s12);
        PixelMath.multiply(prod, 2f, num);
        PixelMath.plus(num, (float) C1, num);
        PixelMath.multiply(s12, 2f, s12);
        PixelMath.plus(s12, (float) C2, s12);
        PixelMath.multiply(num, s12, num);
        PixelMath.multiply(m1, m1, m1);
        PixelMath.multiply(m2, m2, m2);
        PixelMath.subtract(s1, m1, s1);
        PixelMath.subtract(s2, m2, s2);
        PixelMath.add(m1, m2, den);
        PixelMath.plus(den, (float) C1, den);
        PixelMath.add(s1, s2, s1);
        PixelMath.plus(s1, (float) C2, s1);
        PixelMath.multiply(den, s1, den);
        PixelMath.divide(num, den, prod);
    }
}
