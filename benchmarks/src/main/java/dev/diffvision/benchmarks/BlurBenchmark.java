package dev.diffvision.benchmarks;

import boofcv.alg.filter.blur.BlurImageOps;
import boofcv.core.image.border.FactoryImageBorder;
import boofcv.struct.border.ImageBorder_F32;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.Planar;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.filters.Filters;
import org.ddogleg.struct.DogArray_F32;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;
import pabeles.concurrency.GrowArray;

/**
 * {@code box_blur} (filters/blur.py): the 5x5 mean, reflect-101 border, on each channel of a float32 RGB batch.
 *
 * <p>OpenCV: {@code blur} with {@code BORDER_REFLECT_101} into a reused {@code CV_32FC3} matrix; BoofCV:
 * {@code BlurImageOps.meanB} with its {@code REFLECT} border (= reflect-101) and reused work space; DiffVision:
 * {@link Filters#boxBlur} with Kornia's defaults (one 5x5 pass, reflect), and its separable variant (a 1x5 and
 * a 5x1 pass); results closed.
 */
public class BlurBenchmark extends OpBenchmark {

    private static final int KERNEL = 5;
    private static final Size CV_KERNEL = new Size(KERNEL, KERNEL);
    private static final Point CV_CENTRE = new Point(-1, -1);

    private Mat[] cvOut;
    private Planar<GrayF32>[] boofOut;
    private GrayF32 boofRows;
    private ImageBorder_F32 boofBorder;
    private GrowArray<DogArray_F32> boofWork;

    /** @return {@code "box_blur"} */
    @Override
    public String op() {
        return "box_blur";
    }

    @Override
    protected void allocateOutputs() {
        cvOut = images.newMats(CvType.CV_32FC3);
        boofOut = images.newPlanars();
        boofRows = new GrayF32(ImageBatch.SIZE, ImageBatch.SIZE);
        boofBorder = FactoryImageBorder.single(boofcv.struct.border.BorderType.REFLECT, GrayF32.class);
        boofWork = new GrowArray<>(DogArray_F32::new);
    }

    /** OpenCV, image by image. */
    @Benchmark
    public void opencv() {
        for (int i = 0; i < batch; i++) {
            Imgproc.blur(images.mats[i], cvOut[i], CV_KERNEL, CV_CENTRE, Core.BORDER_REFLECT_101);
        }
    }

    /** BoofCV, image by image. */
    @Benchmark
    public void boofcv() {
        for (int i = 0; i < batch; i++) {
            BlurImageOps.meanB(images.planars[i], boofOut[i], KERNEL / 2, KERNEL / 2, boofBorder, boofRows, boofWork);
        }
    }

    /** DiffVision with Kornia's defaults (not separable), the whole batch in one call. */
    @Benchmark
    public void diffvision() {
        Filters.boxBlur(images.tensor, new int[] {KERNEL, KERNEL}, BorderType.REFLECT, false).close();
    }

    /** DiffVision, separable, the whole batch in one call. */
    @Benchmark
    public void diffvisionSeparable() {
        Filters.boxBlur(images.tensor, new int[] {KERNEL, KERNEL}, BorderType.REFLECT, true).close();
    }
}
