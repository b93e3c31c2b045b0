package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.geometry.transform.Pyramid;

import java.util.List;

/**
 * The registration objective of one transform shared by every pair (a fixed camera rig), as a differentiable
 * function of the model's parameters: the building block an external optimiser (e.g. the Spark connector's
 * data-parallel {@code DistributedOptimizer}) minimises, one pyramid level at a time, coarse to fine.
 *
 * <p>Convention: the parameters are those of {@link MotionModel} for the sampling map {@code W = H^-1} in the
 * normalised frame of {@link ImageRegistrator} (pixel centre {@code (x, y)} of a {@code w x h} image has
 * {@code u = (2x + 1 - w) / L}, {@code v = (2y + 1 - h) / L}, {@code L = max(w, h)}); zeros are the identity. A
 * point keeps its frame coordinates across pyramid levels, so the parameters found at a coarse level start the
 * next finer one unchanged. {@link #pixelMatrix} converts them to the per-pair results' convention (source pixel
 * -> target pixel, 0-based pixel centres, row-major, {@code H[2][2] = 1}).
 *
 * <pre>{@code
 * NDList level = SharedRegistration.prepare(sources, targets, 1, manager);     // (B, C, H/2, W/2) level
 * NDArray loss = SharedRegistration.meanLoss(parameters, level, options);    // scalar, differentiable
 * double[] h = SharedRegistration.pixelMatrix(fitted, MotionModel.AFFINE, 256, 256);
 * }</pre>
 */
public final class SharedRegistration {

    private static final String OP = "shared_registration";

    private SharedRegistration() {}

    /**
     * The number of pyramid levels {@link ImageRegistrator} would use: halvings that keep the coarsest side at
     * least 16 pixels, capped at the request.
     *
     * @param requested the requested levels, >= 1
     * @param height image height in pixels
     * @param width image width in pixels
     * @return the usable levels, in {@code [1, requested]}
     */
    public static int usableLevels(int requested, long height, long width) {
        return ImageRegistrator.usableLevels(requested, Frame.of(height, width));
    }

    /**
     * One pyramid level of a batch of pairs, ready for {@link #meanLoss}.
     *
     * <p>source, target: {@code (B, C, H, W)} float32/float64 in [0, 1], same shape. Level {@code l} is the
     * {@code l}-th image of Kornia's {@code build_pyramid} (reflect border, align_corners=false), {@code l = 0}
     * the images themselves.
     *
     * @param source the images to move
     * @param target the fixed images
     * @param level the pyramid level, {@code 0 <= level}, below {@link #usableLevels}
     * @param manager owns the result
     * @return {@code (source_l, target_l, coordinates)}, the last {@code (3, H_l * W_l)} frame coordinates of the
     *     level's pixel centres
     * @throws IllegalArgumentException for mismatched images or a level out of range, naming shared_registration
     */
    public static NDList prepare(NDArray source, NDArray target, int level, NDManager manager) {
        Checks.shape(source, OP, "source", "B", "C", "H", "W");
        Checks.floating(source, OP, "source");
        if (!source.getShape().equals(target.getShape()) || source.getDataType() != target.getDataType()) {
            throw new IllegalArgumentException(OP + ": expected target of the source's shape and dtype "
                    + Checks.describe(source.getShape()) + " " + source.getDataType() + ", got "
                    + Checks.describe(target.getShape()) + " " + target.getDataType());
        }
        int levels = usableLevels(level + 1, source.getShape().get(2), source.getShape().get(3));
        if (level < 0 || levels != level + 1) {
            throw new IllegalArgumentException(OP + ": expected a level in [0, " + (levels - 1) + "] for images "
                    + Checks.describe(source.getShape()) + ", got " + level);
        }
        NDArray s = levelOf(source, level, manager);
        NDArray t = levelOf(target, level, manager);
        Frame frame = Frame.of(s.getShape().get(2), s.getShape().get(3));
        return new NDList(s, t, frame.coordinates(manager, s.getDataType()));
    }

    private static NDArray levelOf(NDArray images, int level, NDManager manager) {
        if (level == 0) {
            return images;
        }
        List<NDArray> pyramid = Pyramid.buildPyramid(images, level + 1, BorderType.REFLECT, false);
        NDArray out = pyramid.get(level);
        out.attach(manager);
        for (int l = 1; l < level; l++) {
            pyramid.get(l).close();
        }
        return out;
    }

    /**
     * The mean over the prepared pairs of {@link ImageRegistrator}'s per-pair loss (the chosen
     * {@link RegistrationLoss} over the target pixels whose sampling position lies inside the source, plus the
     * inverse direction when {@link RegistrationOptions#symmetric()}) at the shared parameters.
     *
     * @param parameters the model's parameters {@code (P)}, in the images' dtype; zeros are the identity
     * @param prepared what {@link #prepare} returned
     * @param options model, loss and symmetric flag (the optimiser settings are not used)
     * @return a scalar, differentiable in {@code parameters}, owned by the parameters' manager
     * @throws IllegalArgumentException if the parameter count does not match the model
     */
    public static NDArray meanLoss(NDArray parameters, NDList prepared, RegistrationOptions options) {
        MotionModel model = options.model();
        if (parameters.getShape().dimension() != 1 || parameters.getShape().get(0) != model.parameterCount()) {
            throw new IllegalArgumentException(OP + ": expected " + model.parameterCount() + " parameters for "
                    + model.label() + ", got shape " + Checks.describe(parameters.getShape()));
        }
        NDArray source = prepared.get(0);
        Frame frame = Frame.of(source.getShape().get(2), source.getShape().get(3));
        Level level = new Level(frame, prepared.get(2), source, prepared.get(1));
        NDArray entries = entries(parameters, model);                                           // (8)
        NDArray batch = entries.expandDims(0).mul(parameters.getManager().ones(
                new Shape(source.getShape().get(0), 1), parameters.getDataType()));          // (B, 8)
        return Objective.perPair(level, batch, options.loss(), options.symmetric()).mean();
    }

    /**
     * The first eight entries of the sampling map W as a differentiable function of the parameters: constant
     * plus linear for every model but rotation, whose entries are its angle's cosine and sine.
     */
    private static NDArray entries(NDArray p, MotionModel model) {
        if (model == MotionModel.ROTATION) {
            NDArray c = p.cos();
            NDArray s = p.sin();
            NDArray zero = p.zerosLike();
            return NDArrays.concat(new NDList(c, s.neg(), zero, s, c, zero, zero, zero));
        }
        int count = model.parameterCount();
        double[][] d = model.jacobian(new double[count]);
        double[] flat = new double[8 * count];
        for (int k = 0; k < 8; k++) {
            System.arraycopy(d[k], 0, flat, k * count, count);
        }
        double[] identity = java.util.Arrays.copyOf(Matrix3.identity(), 8);
        NDArray jacobian = Constants.array(p, flat, new Shape(8, count));   // matMul saves it for p's gradient
        return Constants.array(p, identity, new Shape(8)).add(jacobian.matMul(p));
    }

    /**
     * Converts fitted parameters to the per-pair results' pixel matrix.
     *
     * @param parameters the model's parameters, as {@link #meanLoss} takes them
     * @param model the model
     * @param height image height in pixels (full resolution)
     * @param width image width in pixels
     * @return {@code H}, source pixel -> target pixel, 0-based pixel centres, row-major, {@code H[2][2] = 1}
     */
    public static double[] pixelMatrix(double[] parameters, MotionModel model, long height, long width) {
        Frame frame = Frame.of(height, width);
        double[] w = model.matrix(parameters);
        return Matrix3.normalized(Matrix3.mul(Matrix3.mul(frame.toPixel(), Matrix3.inverse(w)), frame.fromPixel()));
    }
}
