package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.diffvision.ops.core.Linalg;
import dev.diffvision.ops.core.Scoped;

/**
 * The registration objective as a differentiable function of the sampling maps: what the first-order optimisers
 * minimise through autograd, and what the gradient check of the whole objective differentiates.
 */
final class Objective {

    private Objective() {}

    /**
     * The per-pair loss: the mean of {@code loss} over the target pixels whose sampling position lies inside the
     * source ({@link Warp#valid}); with {@code symmetric}, plus the same with the roles swapped and the inverse
     * map.
     *
     * <p>entries: {@code (B, 8)}, the first eight entries of each sampling map W (row-major, {@code W[2][2] = 1}),
     * target frame -> source frame; output: {@code (B)}, owned by entries' manager. Differentiable in entries.
     *
     * @param level the images and their frame
     * @param entries the maps
     * @param loss the photometric loss
     * @param symmetric whether to add the inverse direction's loss
     * @return the loss per pair
     */
    static NDArray perPair(Level level, NDArray entries, RegistrationLoss loss, boolean symmetric) {
        return Scoped.run(() -> {
            long b = entries.getShape().get(0);
            NDArray maps = NDArrays.concat(new NDList(entries, entries.getManager().ones(
                    new ai.djl.ndarray.types.Shape(b, 1), entries.getDataType())), 1).reshape(b, 3, 3);
            NDArray forward = direction(level, maps, level.source(), level.target(), loss);
            return symmetric ? forward.add(direction(level, Linalg.inverse(maps), level.target(), level.source(),
                    loss)) : forward;
        }, entries, level.source(), level.target(), level.coordinates());
    }

    private static NDArray direction(Level level, NDArray maps, NDArray moving, NDArray reference,
                                     RegistrationLoss loss) {
        long b = maps.getShape().get(0);
        long c = reference.getShape().get(1);
        Warp warp = Warp.of(level.frame(), level.coordinates(), maps);
        NDArray map = loss.map(warp.sample(moving), reference).reshape(b, c, -1);
        NDArray valid = warp.valid();
        return map.mul(valid).sum(new int[] {1, 2}).div(valid.sum(new int[] {1, 2}).mul(c).maximum(1));
    }
}
