package dev.diffvision.spark.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.enhance.Enhance;

import java.util.List;
import java.util.Random;

/**
 * An image-parameter fit through DiffVision's ops: each row is the seed of a random 3x8x8 image x in [0, 1];
 * its target is {@code 1.3 x - 0.1 + noise}; parameters {@code (contrast, brightness)} model it as
 * {@code adjust_brightness(adjust_contrast(x, contrast), brightness)} (unclipped) and the loss is the mean
 * squared error over every pixel.
 */
public class BrightnessContrastFit implements PartitionObjective<Integer> {

    private static final long serialVersionUID = 1L;
    private static final int PIXELS = 3 * 8 * 8;

    /**
     * @param seed the row
     * @return the image's pixels followed by the target's pixels
     */
    public static float[][] imageAndTarget(int seed) {
        Random r = new Random(seed);
        float[] x = new float[PIXELS];
        float[] y = new float[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            x[i] = r.nextFloat();
            y[i] = (float) (1.3 * x[i] - 0.1 + 0.02 * r.nextGaussian());
        }
        return new float[][] {x, y};
    }

    /**
     * @param seeds the rows
     * @return the least-squares (contrast, brightness) over every pixel of every row, in float64
     */
    public static double[] closedForm(List<Integer> seeds) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        long n = 0;
        for (int seed : seeds) {
            float[][] xy = imageAndTarget(seed);
            for (int i = 0; i < PIXELS; i++) {
                sx += xy[0][i];
                sy += xy[1][i];
                sxx += (double) xy[0][i] * xy[0][i];
                sxy += (double) xy[0][i] * xy[1][i];
                n++;
            }
        }
        double c = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return new double[] {c, (sy - c * sx) / n};
    }

    @Override
    public NDList prepare(List<Integer> rows, NDManager manager) {
        float[] x = new float[rows.size() * PIXELS];
        float[] y = new float[rows.size() * PIXELS];
        for (int i = 0; i < rows.size(); i++) {
            float[][] xy = imageAndTarget(rows.get(i));
            System.arraycopy(xy[0], 0, x, i * PIXELS, PIXELS);
            System.arraycopy(xy[1], 0, y, i * PIXELS, PIXELS);
        }
        Shape shape = new Shape(rows.size(), 3, 8, 8);
        return new NDList(manager.create(x, shape), manager.create(y, shape));
    }

    @Override
    public NDArray loss(NDArray parameters, NDList data) {
        NDArray contrasted = Enhance.adjustContrast(data.get(0), parameters.get(0), false);
        return Enhance.adjustBrightness(contrasted, parameters.get(1), false).sub(data.get(1)).square().mean();
    }
}
