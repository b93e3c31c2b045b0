package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.GridPadding;
import dev.diffvision.ops.core.Interpolation;
import dev.diffvision.ops.core.Sampling;

/**
 * A batch of projective sampling maps applied to one frame's pixel centres: where each target pixel samples the
 * moving image, whether that place lies inside it, and the sampled values. Differentiable in the maps.
 *
 * @param u frame u of the sampled positions, {@code (B, N)}
 * @param v frame v of the sampled positions, {@code (B, N)}
 * @param inverseZ {@code 1 / z} of the projective division, {@code (B, N)}
 * @param grid grid_sample's grid, {@code (B, H, W, 2)}
 * @param valid 1 where the position lies within the moving image's pixel centres (and {@code z > 0}), else 0;
 *     {@code (B, 1, N)}, not differentiable
 */
record Warp(NDArray u, NDArray v, NDArray inverseZ, NDArray grid, NDArray valid) {

    /**
     * @param frame the frame of both images
     * @param coordinates {@link Frame#coordinates} of the frame
     * @param maps the sampling maps {@code (B, 3, 3)}, target frame -> moving frame, in the images' dtype
     * @return the warp; its arrays belong to the maps' manager
     */
    static Warp of(Frame frame, NDArray coordinates, NDArray maps) {
        long b = maps.getShape().get(0);
        NDArray p = maps.matMul(coordinates);            // (B, 3, N): one folded matrix product
        NDArray z = p.get(new NDIndex(":, 2"));
        NDArray inverseZ = Constants.scalar(z, 1).div(z);   // no DJL number operands on the autograd path
        NDArray u = p.get(new NDIndex(":, 0")).mul(inverseZ);
        NDArray v = p.get(new NDIndex(":, 1")).mul(inverseZ);
        NDArray gridX = u.mul(Constants.scalar(u, frame.gridScaleX()));
        NDArray gridY = v.mul(Constants.scalar(v, frame.gridScaleY()));
        NDArray grid = gridX.stack(gridY, -1)
                .reshape(new Shape(b, frame.height(), frame.width(), 2));
        double tolerance = 1e-6;
        NDArray valid = u.abs().lte(frame.maxU() + tolerance)
                .logicalAnd(v.abs().lte(frame.maxV() + tolerance))
                .logicalAnd(z.gt(0))
                .toType(maps.getDataType(), false).stopGradient().expandDims(1);
        return new Warp(u, v, inverseZ, grid, valid);
    }

    /**
     * @param moving {@code (B, C, H, W)} images in the frame
     * @return {@code moving} sampled bilinearly at the warp's positions (zeros outside), {@code (B, C, H, W)}
     */
    NDArray sample(NDArray moving) {
        return Sampling.gridSample(moving, grid, Interpolation.BILINEAR, GridPadding.ZEROS, false);
    }
}
