package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.geometry.transform.Pyramid;

import java.util.ArrayList;
import java.util.List;

/**
 * Image registration by gradient descent (use case 4.3 of the Kornia paper; Kornia's {@code ImageRegistrator}),
 * batched: B pairs of same-sized images are optimised together, each with its own parameters, damping and
 * stopping point.
 *
 * <p>For each pair the registrator finds the transform {@code H} of the chosen {@link MotionModel} such that
 * {@code source} warped by {@code H} ({@code warped(H p) = source(p)}) matches {@code target}. It minimises the
 * mean {@link RegistrationLoss} over the target pixels whose sampling position falls inside the source (pixels
 * warped from outside do not count), optionally plus the same loss in the inverse direction, coarse to fine over
 * a Gaussian pyramid ({@code build_pyramid}, align_corners=false).
 *
 * <p>Convention: the parameters describe the sampling map {@code W = H^-1} in the normalised frame of each level:
 * pixel centre {@code (x, y)} of a {@code w x h} image has {@code u = (2x + 1 - w) / L}, {@code v = (2y + 1 - h) / L},
 * {@code L = max(w, h)} (grid_sample's align_corners=false, one scale for both axes, origin at the image centre).
 * A point keeps its frame coordinates across pyramid levels, so the parameters carry from level to level
 * unchanged. The result is converted to the pixel matrix {@code H = N^-1 W^-1 N} ({@code N}: pixel -> frame),
 * source pixel -> target pixel, 0-based pixel centres, row-major, normalised to {@code H[2][2] = 1}: the matrix
 * OpenCV's {@code warpPerspective(source, H)} would use to produce the target.
 *
 * <pre>{@code
 * List<RegistrationResult> r = ImageRegistrator.register(sources, targets,
 *         RegistrationOptions.defaults().withModel(MotionModel.HOMOGRAPHY), null);
 * double[] h = r.get(0).matrix();   // 3x3, source pixel -> target pixel
 * }</pre>
 */
public final class ImageRegistrator {

    private static final String OP = "image_registrator";
    private static final int MIN_LEVEL_SIDE = 16;
    /**
     * Levels above the finest (and the warm-up) stop at this many times the tolerance: the next, twice as fine
     * level corrects what is left in a few iterations, so polishing a coarse level only costs time.
     */
    private static final double COARSE_TOLERANCE_FACTOR = 10;

    private ImageRegistrator() {}

    /**
     * Registers each source onto its target.
     *
     * <p>source, target: {@code (B, C, H, W)} float32/float64 in [0, 1], same shape and device (any channel count;
     * the loss sums over channels). Neither is modified; nothing is differentiated through the result.
     *
     * @param source the images to move
     * @param target the fixed images
     * @param options model, loss, optimiser, pyramid and stopping options
     * @param initial per pair an initial transform (source pixel -> target pixel, row-major 3x3, the result's
     *     convention) or {@code null} for the identity; {@code null} for all identities. A transform outside the
     *     model's family starts from its projection onto the family.
     * @return per pair, in batch order, the transform, final loss, iterations and converged flag
     * @throws IllegalArgumentException for wrong shapes or dtypes, mismatched images, invalid options or a
     *     singular or non-finite initial transform, naming image_registrator
     */
    public static List<RegistrationResult> register(NDArray source, NDArray target, RegistrationOptions options,
                                                    double[][] initial) {
        check(source, target, options, initial);
        int b = Math.toIntExact(source.getShape().get(0));
        Frame full = Frame.of(source.getShape().get(2), source.getShape().get(3));
        PairState[] pairs = new PairState[b];
        for (int i = 0; i < b; i++) {
            double[] w = initial == null || initial[i] == null ? Matrix3.identity()
                    : Matrix3.mul(Matrix3.mul(full.fromPixel(), Matrix3.inverse(initial[i])), full.toPixel());
            pairs[i] = new PairState(options.model().fromMatrix(w));
        }
        int levels = usableLevels(options.levels(), full);
        try (NDManager scope = source.getManager().newSubManager()) {
            List<NDArray> sources = Pyramid.buildPyramid(source, levels, BorderType.REFLECT, false);
            List<NDArray> targets = Pyramid.buildPyramid(target, levels, BorderType.REFLECT, false);
            for (int l = 1; l < levels; l++) {
                sources.get(l).attach(scope);
                targets.get(l).attach(scope);
            }
            for (int l = levels - 1; l >= 0; l--) {
                Level level = Level.of(sources.get(l), targets.get(l), scope);
                RegistrationOptions coarse = options.withTolerance(options.tolerance() * COARSE_TOLERANCE_FACTOR);
                RegistrationOptions here = l == 0 ? options : coarse;
                if (l == levels - 1) {
                    CoarseSearch.run(level, pairs, coarse, here, initial);
                } else {
                    Stages.optimize(level, pairs, here);
                }
            }
        }
        List<RegistrationResult> results = new ArrayList<>(b);
        for (PairState pair : pairs) {
            double[] w = options.model().matrix(pair.parameters);
            double[] h = Matrix3.normalized(Matrix3.mul(Matrix3.mul(full.toPixel(), Matrix3.inverse(w)),
                    full.fromPixel()));
            results.add(new RegistrationResult(h, pair.loss, pair.iterations, pair.converged));
        }
        return results;
    }

    /** Halvings that keep the coarsest side at least {@value #MIN_LEVEL_SIDE} pixels, capped at the request. */
    static int usableLevels(int requested, Frame full) {
        int levels = 1;
        long side = Math.min(full.height(), full.width());
        while (levels < requested && side / 2 >= MIN_LEVEL_SIDE) {
            side /= 2;
            levels++;
        }
        return levels;
    }

    private static void check(NDArray source, NDArray target, RegistrationOptions options, double[][] initial) {
        Checks.notNull(source, OP, "source");
        Checks.notNull(target, OP, "target");
        Checks.shape(source, OP, "source", "B", "C", "H", "W");
        Checks.shape(target, OP, "target", "B", "C", "H", "W");
        Checks.floating(source, OP, "source");
        Checks.floating(target, OP, "target");
        if (!source.getShape().equals(target.getShape()) || source.getDataType() != target.getDataType()) {
            throw new IllegalArgumentException(OP + ": expected target of the source's shape and dtype "
                    + Checks.describe(source.getShape()) + " " + source.getDataType() + ", got "
                    + Checks.describe(target.getShape()) + " " + target.getDataType());
        }
        Checks.sameDevice(source, target, OP, "target");
        if (source.getShape().get(2) < 2 || source.getShape().get(3) < 2 || source.getShape().get(0) < 1) {
            throw new IllegalArgumentException(OP + ": expected at least one pair of at least 2x2 pixels, got "
                    + Checks.describe(source.getShape()));
        }
        if (options == null) {
            throw new IllegalArgumentException(OP + ": expected options, got null");
        }
        options.checkValidity();
        if (initial == null) {
            return;
        }
        if (initial.length != source.getShape().get(0)) {
            throw new IllegalArgumentException(OP + ": expected " + source.getShape().get(0)
                    + " initial transforms (one per pair), got " + initial.length);
        }
        for (int i = 0; i < initial.length; i++) {
            double[] h = initial[i];
            if (h == null) {
                continue;
            }
            if (h.length != 9 || !PairState.finite(h) || !(Math.abs(Matrix3.det(h)) > 1e-12)) {
                throw new IllegalArgumentException(OP + ": expected initial transform " + i
                        + " to be 9 finite values of an invertible 3x3 matrix, got " + java.util.Arrays.toString(h));
            }
        }
    }
}
