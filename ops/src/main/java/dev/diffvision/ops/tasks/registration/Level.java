package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.filters.GradientMode;
import dev.diffvision.ops.filters.Sobel;

/**
 * One pyramid level of a batch of pairs: the images, their frame and pixel-centre coordinates, and (for
 * Levenberg-Marquardt) each image stacked with its frame-unit gradients so that one grid_sample yields values
 * and gradients at the warped positions.
 *
 * @param frame the level's frame
 * @param coordinates {@link Frame#coordinates}, {@code (3, H * W)}
 * @param source {@code (B, C, H, W)}
 * @param target {@code (B, C, H, W)}
 */
record Level(Frame frame, NDArray coordinates, NDArray source, NDArray target) {

    /**
     * @param source the level's sources
     * @param target the level's targets, same shape
     * @param manager owns the coordinates
     * @return the level
     */
    static Level of(NDArray source, NDArray target, NDManager manager) {
        Frame frame = Frame.of(source.getShape().get(2), source.getShape().get(3));
        return new Level(frame, frame.coordinates(manager, source.getDataType()), source, target);
    }

    /**
     * @param pairs indices into the batch
     * @return the level restricted to those pairs (arrays owned by the source's manager)
     */
    Level select(int[] pairs) {
        NDArray index = source.getManager().create(pairs).toType(ai.djl.ndarray.types.DataType.INT64, false);
        return new Level(frame, coordinates, source.get(new NDIndex("{}", index)),
                target.get(new NDIndex("{}", index)));
    }

    /**
     * @param image {@code (B, C, H, W)}
     * @return {@code (B, 3C, H, W)}: the image, its Sobel x and y derivatives per frame unit
     */
    NDArray withGradients(NDArray image) {
        NDArray g = Sobel.spatialGradient(image, GradientMode.SOBEL, 1, true);                  // (B, C, 2, H, W)
        NDArray gx = Constants.scale(g.get(new NDIndex(":, :, 0")), frame.pixelsPerUnit());
        NDArray gy = Constants.scale(g.get(new NDIndex(":, :, 1")), frame.pixelsPerUnit());
        return NDArrays.concat(new NDList(image, gx, gy), 1);
    }
}
