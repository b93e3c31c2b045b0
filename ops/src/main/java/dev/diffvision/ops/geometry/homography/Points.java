package dev.diffvision.ops.geometry.homography;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * Package-private point helpers for the homography code: Kornia's {@code transform_points} and
 * {@code convert_points_from_homogeneous} (eps = 1e-8) for 2-D points. To be replaced by the public
 * {@code geometry.linalg} / {@code geometry.conversions} functions once they are merged.
 */
final class Points {

    private static final double EPS = 1e-8;

    private Points() {}

    /**
     * Applies homographies to 2-D points: Kornia's {@code transform_points}.
     *
     * @param h {@code (B, 3, 3)}, or {@code (1, 3, 3)} broadcast over the points' batch
     * @param points {@code (B, N, 2)}, or {@code (1, N, 2)} broadcast over the matrices' batch
     * @return {@code (B, N, 2)}: {@code (x', y') = (h p)_{xy} / ((h p)_z + 1e-8)}, unchanged scale where
     *     {@code |(h p)_z| <= 1e-8}
     */
    static NDArray transform(NDArray h, NDArray points) {
        NDArray ones = points.getManager().ones(points.getShape().slice(0, 2).add(1), points.getDataType());
        NDArray homogeneous = NDArrays.concat(new ai.djl.ndarray.NDList(points, ones), -1);
        NDArray mapped = homogeneous.matMul(h.transpose(0, 2, 1));
        NDArray z = mapped.get("..., 2:3");
        NDArray scale = NDArrays.where(z.abs().gt(EPS), z.add(EPS).pow(-1), z.onesLike());
        return mapped.get("..., 0:2").mul(scale);
    }
}
