package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
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
     * map. A pair under whose map no target pixel samples the source (no overlap) has loss 0 and gradient 0 here, so
     * that it adds nothing to a sum or mean over pairs; {@link #overlaps} tells such pairs apart.
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
            NDArray maps = maps(entries);
            NDArray forward = direction(level, maps, level.source(), level.target(), loss);
            return symmetric ? forward.add(direction(level, Linalg.inverse(maps), level.target(), level.source(),
                    loss)) : forward;
        }, entries, level.source(), level.target(), level.coordinates());
    }

    /**
     * Whether each pair's map samples at least one target pixel inside the source (and, with {@code symmetric}, its
     * inverse at least one source pixel inside the target): where not, {@link #perPair}'s 0 is no loss at all.
     *
     * @param level the images and their frame
     * @param entries the maps, {@code (B, 8)} as in {@link #perPair}
     * @param symmetric whether the inverse direction must overlap too
     * @return per pair, in batch order
     */
    static boolean[] overlaps(Level level, NDArray entries, boolean symmetric) {
        double[] pixels;
        try (NDArray fewest = Scoped.run(() -> {
            NDArray maps = maps(entries);
            NDArray forward = validPixels(level, maps);
            return symmetric ? forward.minimum(validPixels(level, Linalg.inverse(maps))) : forward;
        }, entries, level.coordinates())) {
            pixels = fewest.toType(DataType.FLOAT64, false).toDoubleArray();
        }
        boolean[] out = new boolean[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = pixels[i] > 0;
        }
        return out;
    }

    /** {@code (B, 8)} entries -> {@code (B, 3, 3)} maps with {@code W[2][2] = 1}. */
    private static NDArray maps(NDArray entries) {
        long b = entries.getShape().get(0);
        return NDArrays.concat(new NDList(entries, entries.getManager().ones(
                new ai.djl.ndarray.types.Shape(b, 1), entries.getDataType())), 1).reshape(b, 3, 3);
    }

    private static NDArray validPixels(Level level, NDArray maps) {
        return Warp.of(level.frame(), level.coordinates(), maps).valid().sum(new int[] {1, 2});
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
