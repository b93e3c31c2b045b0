package dev.diffvision.benchmarks;

import ai.djl.ndarray.NDArray;
import boofcv.alg.distort.ImageDistort;
import boofcv.alg.distort.PixelTransformAffine_F32;
import boofcv.factory.distort.FactoryDistort;
import boofcv.factory.interpolate.FactoryInterpolation;
import boofcv.struct.border.BorderType;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.Planar;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.geometry.transform.Transforms;
import georegression.struct.affine.Affine2D_F32;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code resize} (geometry/transform/affwarp.py), bilinear: a float32 RGB batch of 512x512 images (the photo
 * with each pixel doubled) down to 224x224, half-pixel centres (align_corners false), no antialiasing.
 *
 * <p>OpenCV: {@code resize} with {@code INTER_LINEAR} into reused {@code CV_32FC3} matrices; BoofCV: an
 * {@code ImageDistort} (bilinear, extended border, not cached) with the scale map
 * {@code src = (dst + 0.5) 512 / 224 - 0.5}, into reused images; DiffVision: {@link Transforms#resize} with
 * Kornia's defaults (bilinear, align_corners false, no antialias), result closed.
 */
public class ResizeBenchmark extends OpBenchmark {

    /** Input height and width. */
    static final int IN = 512;
    /** Output height and width. */
    static final int OUT = 224;
    /** The output size, as Kornia's {@code size}. */
    static final int[] SIZE = {OUT, OUT};

    private static final Size CV_SIZE = new Size(OUT, OUT);

    private Mat[] cvOut;
    private Planar<GrayF32>[] boofOut;
    private ImageDistort<Planar<GrayF32>, Planar<GrayF32>> boofDistort;

    /** @return {@code "resize bilinear 512->224"} */
    @Override
    public String op() {
        return "resize bilinear 512->224";
    }

    @Override
    protected ImageBatch createInput(int batch) {
        return ImageBatch.rgb(batch, IN);
    }

    @Override
    protected void allocateOutputs() {
        cvOut = images.newMats(CvType.CV_32FC3, OUT, OUT);
        boofOut = images.newPlanars(OUT, OUT);
        float scale = (float) IN / OUT;
        float shift = scale / 2 - 0.5f;
        boofDistort = FactoryDistort.distortPL(false, FactoryInterpolation.bilinearPixelS(GrayF32.class,
                BorderType.EXTENDED), GrayF32.class);
        boofDistort.setModel(new PixelTransformAffine_F32(new Affine2D_F32(scale, 0, 0, scale, shift, shift)));
    }

    /** OpenCV, image by image. */
    @Benchmark
    public void opencv() {
        for (int i = 0; i < batch; i++) {
            Imgproc.resize(images.mats[i], cvOut[i], CV_SIZE, 0, 0, Imgproc.INTER_LINEAR);
        }
    }

    /** BoofCV, image by image. */
    @Benchmark
    public void boofcv() {
        for (int i = 0; i < batch; i++) {
            boofDistort.apply(images.planars[i], boofOut[i]);
        }
    }

    /** DiffVision, the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        resize(images.tensor, Sampling.Resize.BILINEAR, false).close();
    }

    /**
     * DiffVision's resize to {@link #SIZE}, align_corners false.
     *
     * @param input {@code (B, 3, 512, 512)}
     * @param mode the interpolation
     * @param antialias Kornia's pre-blur
     * @return {@code (B, 3, 224, 224)}
     */
    static NDArray resize(NDArray input, Sampling.Resize mode, boolean antialias) {
        return Transforms.resize(input, SIZE, mode, false, "short", antialias);
    }
}
