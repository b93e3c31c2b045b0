package dev.diffvision.ops.geometry.epipolar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The {@code kornia.geometry.epipolar} facade: delegates to {@link Fundamental}, {@link Essential}, {@link Metrics}
 * and {@link Triangulation} — one implementation, two doors. Shapes, conventions and errors are documented there.
 *
 * <pre>{@code
 * NDArray f = Epipolar.findFundamental(points1, points2, null);          // (B, 3, 3)
 * NDArray d = Epipolar.sampsonEpipolarDistance(points1, points2, f, true, 1e-8);
 * }</pre>
 */
public final class Epipolar {

    private Epipolar() {}

    /**
     * See {@link Fundamental#normalizePoints(NDArray)}.
     *
     * @param points {@code (B, N, 2)}
     * @return the normalised points and the transform
     */
    public static NDList normalizePoints(NDArray points) {
        return Fundamental.normalizePoints(points);
    }

    /**
     * See {@link Fundamental#findFundamental(NDArray, NDArray, NDArray)}.
     *
     * @param points1 {@code (B, N, 2)}, N >= 8
     * @param points2 {@code (B, N, 2)}
     * @param weights {@code (B, N)} or null
     * @return {@code (B, 3, 3)}
     */
    public static NDArray findFundamental(NDArray points1, NDArray points2, NDArray weights) {
        return Fundamental.findFundamental(points1, points2, weights);
    }

    /**
     * See {@link Essential#essentialFromFundamental(NDArray, NDArray, NDArray)}.
     *
     * @param fMat {@code (B, 3, 3)}
     * @param k1 {@code (B, 3, 3)}
     * @param k2 {@code (B, 3, 3)}
     * @return {@code (B, 3, 3)}
     */
    public static NDArray essentialFromFundamental(NDArray fMat, NDArray k1, NDArray k2) {
        return Essential.essentialFromFundamental(fMat, k1, k2);
    }

    /**
     * See {@link Essential#fundamentalFromEssential(NDArray, NDArray, NDArray)}.
     *
     * @param eMat {@code (B, 3, 3)}
     * @param k1 {@code (B, 3, 3)}
     * @param k2 {@code (B, 3, 3)}
     * @return {@code (B, 3, 3)}
     */
    public static NDArray fundamentalFromEssential(NDArray eMat, NDArray k1, NDArray k2) {
        return Essential.fundamentalFromEssential(eMat, k1, k2);
    }

    /**
     * See {@link Essential#motionFromEssential(NDArray)}.
     *
     * @param eMat {@code (B, 3, 3)}
     * @return rotations {@code (B, 4, 3, 3)}, translations {@code (B, 4, 3, 1)}
     */
    public static Essential.Motion motionFromEssential(NDArray eMat) {
        return Essential.motionFromEssential(eMat);
    }

    /**
     * See {@link Metrics#sampsonEpipolarDistance(NDArray, NDArray, NDArray, boolean, double)}.
     *
     * @param pts1 {@code (B, N, 2 or 3)}
     * @param pts2 {@code (B, N, 2 or 3)}
     * @param fm {@code (B, 3, 3)}
     * @param squared squared distances
     * @param eps added under the square root
     * @return {@code (B, N)}
     */
    public static NDArray sampsonEpipolarDistance(NDArray pts1, NDArray pts2, NDArray fm, boolean squared,
            double eps) {
        return Metrics.sampsonEpipolarDistance(pts1, pts2, fm, squared, eps);
    }

    /**
     * See {@link Metrics#symmetricalEpipolarDistance(NDArray, NDArray, NDArray, boolean, double)}.
     *
     * @param pts1 {@code (B, N, 2 or 3)}
     * @param pts2 {@code (B, N, 2 or 3)}
     * @param fm {@code (B, 3, 3)}
     * @param squared squared distances
     * @param eps added under the square root
     * @return {@code (B, N)}
     */
    public static NDArray symmetricalEpipolarDistance(NDArray pts1, NDArray pts2, NDArray fm, boolean squared,
            double eps) {
        return Metrics.symmetricalEpipolarDistance(pts1, pts2, fm, squared, eps);
    }

    /**
     * See {@link Metrics#leftToRightEpipolarDistance(NDArray, NDArray, NDArray)}.
     *
     * @param pts1 {@code (B, N, 2 or 3)}
     * @param pts2 {@code (B, N, 2 or 3)}
     * @param fm {@code (B, 3, 3)}
     * @return {@code (B, N)}
     */
    public static NDArray leftToRightEpipolarDistance(NDArray pts1, NDArray pts2, NDArray fm) {
        return Metrics.leftToRightEpipolarDistance(pts1, pts2, fm);
    }

    /**
     * See {@link Triangulation#triangulatePoints(NDArray, NDArray, NDArray, NDArray)}.
     *
     * @param p1 {@code (B, 3, 4)}
     * @param p2 {@code (B, 3, 4)}
     * @param points1 {@code (B, N, 2)}
     * @param points2 {@code (B, N, 2)}
     * @return {@code (B, N, 3)}
     */
    public static NDArray triangulatePoints(NDArray p1, NDArray p2, NDArray points1, NDArray points2) {
        return Triangulation.triangulatePoints(p1, p2, points1, points2);
    }
}
