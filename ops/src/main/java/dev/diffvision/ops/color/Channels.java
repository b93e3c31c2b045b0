package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Constants;

/**
 * Channel plumbing shared by the colour conversions: the channel axis of a {@code (*, C, H, W)} image, one
 * channel as a plane, per-channel constants, and a 3x3 colour matrix applied as one matrix product.
 *
 * <p>Package-private helpers called inside an op's {@link dev.diffvision.ops.core.Scoped#run} body; they do no
 * argument checking and create their constants on the image's device in its dtype.
 */
final class Channels {

    private Channels() {}

    /**
     * @param image {@code (*, C, H, W)}
     * @return the index of the channel dimension ({@code -3} counted from the front)
     */
    static int axis(NDArray image) {
        return image.getShape().dimension() - 3;
    }

    /**
     * @param image {@code (*, C, H, W)}
     * @return the C channels, each {@code (*, 1, H, W)} (one native call; cheaper than C index parses)
     */
    static NDList planes(NDArray image) {
        return image.split(image.getShape().get(axis(image)), axis(image));
    }

    /**
     * The per-pixel maximum and minimum over three channels, as elementwise maximum/minimum of the planes:
     * libtorch's reduction over the channel axis ({@code max(dim)}, which also computes indices) is orders of
     * magnitude slower on CPU.
     *
     * @param rgb the three planes of {@link #planes}
     * @return {@code [max, min]}, each {@code (*, 1, H, W)}
     */
    static NDArray[] maxMin(NDList rgb) {
        return new NDArray[] {
            rgb.get(0).maximum(rgb.get(1)).maximum(rgb.get(2)),
            rgb.get(0).minimum(rgb.get(1)).minimum(rgb.get(2)),
        };
    }

    /**
     * @param like gives the manager, device and dtype
     * @param values one value per channel
     * @return a {@code (K, 1, 1)} tensor that broadcasts against {@code (*, K, H, W)}
     */
    static NDArray perChannel(NDArray like, double... values) {
        return Constants.array(like, values, new Shape(values.length, 1, 1));
    }

    /**
     * Concatenates planes along the channel axis.
     *
     * @param planes {@code (*, k_i, H, W)} tensors of one rank
     * @return {@code (*, sum k_i, H, W)}
     */
    static NDArray concat(NDArray... planes) {
        return NDArrays.concat(new NDList(planes), axis(planes[0]));
    }

    /**
     * Applies a colour matrix to every pixel: {@code out_i = sum_j matrix[i][j] * image_j + offset_i}, as one
     * batched matrix product over the flattened pixels (much faster on CPU than a 1x1 convolution, and one
     * pass instead of a multiply-and-sum over a 3x larger broadcast).
     *
     * @param image {@code (*, 3, H, W)}
     * @param matrix 3x3, row i gives output channel i
     * @param offset three values added per output channel, or null for none
     * @return {@code (*, 3, H, W)}, differentiable in {@code image}
     */
    static NDArray mix(NDArray image, double[][] matrix, double[] offset) {
        Shape s = image.getShape();
        int d = s.dimension();
        double[] flat = new double[9];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(matrix[i], 0, flat, 3 * i, 3);
        }
        NDArray m = Constants.array(image, flat, new Shape(3, 3));   // matMul saves it for backward
        long pixels = s.get(d - 2) * s.get(d - 1);
        Shape rows = d == 4 ? new Shape(s.get(0), 3, pixels) : new Shape(3, pixels);
        NDArray out = m.matMul(image.reshape(rows));
        if (offset != null) {
            out = out.add(Constants.array(image, offset, new Shape(3, 1)));
        }
        return out.reshape(s);
    }
}
