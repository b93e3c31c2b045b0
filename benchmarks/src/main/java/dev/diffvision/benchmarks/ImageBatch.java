package dev.diffvision.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.Planar;
import dev.diffvision.ops.core.DiffVisionEngine;
import java.util.ArrayList;
import java.util.List;
import nu.pattern.OpenCV;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * One batch of identical float32 images, {@value #SIZE}x{@value #SIZE} unless asked otherwise, in each library's
 * own layout, filled
 * with the same values: for DiffVision one {@code (B, C, H, W)} NDArray, for OpenCV one {@code Mat} per image
 * ({@code CV_32FC3}, RGB interleaved, or {@code CV_32FC1}), for BoofCV one {@code Planar<GrayF32>} per image
 * (RGB bands) or one {@code GrayF32}. Every image is the sample photo {@code astronaut.png} scaled to [0, 1],
 * or its BT.601 luma for a gray batch; a larger size repeats each pixel {@code size / }{@value #SIZE} times per
 * axis.
 *
 * <p>The batch also hands out reusable outputs ({@link #newMats}, {@link #newPlanars}, {@link #newGrays}) so
 * the OpenCV and BoofCV variants allocate nothing per call; {@link #close()} frees the DiffVision tensors and
 * the OpenCV matrices. DiffVision results are not reused: each call creates its output and the benchmark
 * closes it.
 */
final class ImageBatch implements AutoCloseable {

    /** Height and width of every image. */
    static final int SIZE = SamplePhoto.SIZE;

    private static final float[] BT601 = {0.299f, 0.587f, 0.114f};

    /** Images in the batch. */
    final int batch;
    /** Height and width of every image. */
    final int size;
    /** DiffVision's input: {@code (B, C, H, W)} float32. */
    final NDArray tensor;
    /** OpenCV's input: one {@code CV_32FC(C)} matrix per image. */
    final Mat[] mats;
    /** BoofCV's input for RGB batches: one 3-band image per image; {@code null} for gray batches. */
    final Planar<GrayF32>[] planars;
    /** BoofCV's input for gray batches: one image per image; {@code null} for RGB batches. */
    final GrayF32[] grays;

    private final NDManager manager;
    private final List<Mat> owned = new ArrayList<>();

    private ImageBatch(int batch, int size, float[] chw, int channels) {
        OpenCV.loadLocally();
        this.batch = batch;
        this.size = size;
        int plane = size * size;
        float[] all = new float[batch * chw.length];
        float[] hwc = new float[chw.length];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                hwc[p * channels + c] = chw[c * plane + p];
            }
        }
        mats = newMats(CvType.CV_32FC(channels));
        planars = channels == 3 ? newPlanars() : null;
        grays = channels == 1 ? newGrays() : null;
        for (int i = 0; i < batch; i++) {
            System.arraycopy(chw, 0, all, i * chw.length, chw.length);
            mats[i].put(0, 0, hwc);
            for (int c = 0; c < channels; c++) {
                GrayF32 band = channels == 3 ? planars[i].getBand(c) : grays[i];
                System.arraycopy(chw, c * plane, band.data, 0, plane);
            }
        }
        manager = DiffVisionEngine.newManager();
        tensor = manager.create(all, new Shape(batch, channels, size, size));
    }

    /**
     * B copies of the RGB photo.
     *
     * @param batch images, >= 1
     * @return the batch; the caller closes it
     */
    static ImageBatch rgb(int batch) {
        return new ImageBatch(batch, SIZE, SamplePhoto.rgb(), 3);
    }

    /**
     * B copies of the RGB photo enlarged to {@code size x size} by repeating pixels (e.g. the 512x512 input of a
     * resize to 224).
     *
     * @param batch images, >= 1
     * @param size a multiple of {@value #SIZE}
     * @return the batch; the caller closes it
     */
    static ImageBatch rgb(int batch, int size) {
        if (size % SIZE != 0) {
            throw new IllegalArgumentException("benchmarks: expected a size that is a multiple of " + SIZE
                    + ", got " + size);
        }
        return new ImageBatch(batch, size, SamplePhoto.enlarge(SamplePhoto.rgb(), 3, size / SIZE), 3);
    }

    /**
     * B copies of the photo's BT.601 luma ({@code 0.299 R + 0.587 G + 0.114 B}, as rgb_to_grayscale).
     *
     * @param batch images, >= 1
     * @return the batch; the caller closes it
     */
    static ImageBatch gray(int batch) {
        float[] rgb = SamplePhoto.rgb();
        int plane = SIZE * SIZE;
        float[] luma = new float[plane];
        for (int p = 0; p < plane; p++) {
            luma[p] = BT601[0] * rgb[p] + BT601[1] * rgb[plane + p] + BT601[2] * rgb[2 * plane + p];
        }
        return new ImageBatch(batch, SIZE, luma, 1);
    }

    /**
     * One empty matrix of the images' size per image, freed by {@link #close()}.
     *
     * @param cvType e.g. {@code CvType.CV_32FC1}
     * @return B matrices
     */
    Mat[] newMats(int cvType) {
        return newMats(cvType, size, size);
    }

    /**
     * One empty {@code height x width} matrix per image (e.g. a resize's outputs), freed by {@link #close()}.
     *
     * @param cvType e.g. {@code CvType.CV_32FC3}
     * @param height rows
     * @param width columns
     * @return B matrices
     */
    Mat[] newMats(int cvType, int height, int width) {
        Mat[] out = new Mat[batch];
        for (int i = 0; i < batch; i++) {
            out[i] = new Mat(height, width, cvType);
            owned.add(out[i]);
        }
        return out;
    }

    /**
     * One empty matrix of the images' size (e.g. scratch space), freed by {@link #close()}.
     *
     * @param cvType e.g. {@code CvType.CV_32FC3}
     * @return the matrix
     */
    Mat newMat(int cvType) {
        Mat m = new Mat(size, size, cvType);
        owned.add(m);
        return m;
    }

    /**
     * Hands a matrix the benchmark created (e.g. a warp's coefficients) to this batch, which frees it on
     * {@link #close()}.
     *
     * @param m the matrix
     * @return m
     */
    Mat own(Mat m) {
        owned.add(m);
        return m;
    }

    /**
     * One zeroed 3-band image of the images' size per image.
     *
     * @return B images
     */
    Planar<GrayF32>[] newPlanars() {
        return newPlanars(size, size);
    }

    /**
     * One zeroed 3-band {@code height x width} image per image.
     *
     * @param height rows
     * @param width columns
     * @return B images
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Planar<GrayF32>[] newPlanars(int height, int width) {
        Planar<GrayF32>[] out = new Planar[batch];
        for (int i = 0; i < batch; i++) {
            out[i] = new Planar<>(GrayF32.class, width, height, 3);
        }
        return out;
    }

    /**
     * One zeroed gray image per image.
     *
     * @return B images
     */
    GrayF32[] newGrays() {
        GrayF32[] out = new GrayF32[batch];
        for (int i = 0; i < batch; i++) {
            out[i] = new GrayF32(size, size);
        }
        return out;
    }

    /** Frees the DiffVision tensors and every OpenCV matrix this batch created. */
    @Override
    public void close() {
        manager.close();
        owned.forEach(Mat::release);
    }
}
