package dev.diffvision.ops.geometry.homography;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.geometry.linalg.Linalg;
import dev.diffvision.ops.geometry.epipolar.Metrics;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RANSAC on synthetic matches with 30% gross outliers (seeded): the homography of the exact OpenCV scene of
 * {@link HomographyTest} and the fundamental matrix of the two-view scene of the epipolar tests, each with 70 true
 * correspondences (0.2 px noise) and 30 random ones. Asserts recovery (H: the true matches map within 1 px of their
 * exact images; F: they lie within 2 px of its epipolar lines), the exact inlier mask, and determinism for a seed.
 */
class RansacTest extends OpTestBase {

    private static final int INLIERS = 70;
    private static final int OUTLIERS = 30;

    /** Points2 = H points1 (+ noise) for the first 70, uniform garbage in the frame for the last 30. */
    private NDArray[] homographyMatches(NDArray h) {
        Random rng = new Random(7);
        double[] m = h.toDoubleArray();
        double[] a = new double[2 * (INLIERS + OUTLIERS)];
        double[] b = new double[a.length];
        for (int i = 0; i < INLIERS + OUTLIERS; i++) {
            double x = 640 * rng.nextDouble();
            double y = 480 * rng.nextDouble();
            a[2 * i] = x;
            a[2 * i + 1] = y;
            if (i < INLIERS) {
                double w = m[6] * x + m[7] * y + m[8];
                b[2 * i] = (m[0] * x + m[1] * y + m[2]) / w + 0.2 * rng.nextGaussian();
                b[2 * i + 1] = (m[3] * x + m[4] * y + m[5]) / w + 0.2 * rng.nextGaussian();
            } else {
                b[2 * i] = 640 * rng.nextDouble();
                b[2 * i + 1] = 480 * rng.nextDouble();
            }
        }
        return new NDArray[] {manager.create(a, new Shape(INLIERS + OUTLIERS, 2)),
                manager.create(b, new Shape(INLIERS + OUTLIERS, 2))};
    }

    private static boolean[] expectedMask() {
        boolean[] mask = new boolean[INLIERS + OUTLIERS];
        for (int i = 0; i < INLIERS; i++) {
            mask[i] = true;
        }
        return mask;
    }

    @Test
    void recoversHomographyAndInliers() {
        NDArray truth = GeometryRefs.load(manager, "homography/h_true").get(0);
        NDArray[] kp = homographyMatches(truth);
        // inl_th in squared pixels: 2 px
        Ransac ransac = new Ransac(Ransac.Model.HOMOGRAPHY, 4.0, 256, 10, 0.99, 5, 42);
        Ransac.Result result = ransac.estimate(kp[0].toType(DataType.FLOAT32, false),
                kp[1].toType(DataType.FLOAT32, false));
        assertEquals(DataType.FLOAT32, result.model().getDataType());
        assertEquals(new Shape(3, 3), result.model().getShape());
        // refitted on 70 matches with 0.2 px noise: the true matches map to within 1 px of their exact images
        NDArray mapped = Linalg.transformEach(result.model().toType(DataType.FLOAT64, false).expandDims(0),
                kp[0].expandDims(0)).get(0).get("0:" + INLIERS);
        NDArray exact = Linalg.transformEach(truth.expandDims(0), kp[0].expandDims(0)).get(0).get("0:" + INLIERS);
        double error = mapped.sub(exact).abs().max().getDouble();
        assertTrue(error < 1, "max error " + error);
        assertArrayEquals(expectedMask(), result.inliers().toBooleanArray());
        // deterministic for a seed
        Ransac.Result again = ransac.estimate(kp[0].toType(DataType.FLOAT32, false),
                kp[1].toType(DataType.FLOAT32, false));
        assertClose(result.model(), again.model(), 0);
    }

    @Test
    void recoversFundamentalAndInliers() {
        // the scene of the epipolar references, extended: 70 true matches from its F, 30 outliers
        NDArray f = GeometryRefs.load(manager, "epipolar/f_cv");
        double[] m = f.toDoubleArray();
        Random rng = new Random(11);
        double[] a = new double[2 * (INLIERS + OUTLIERS)];
        double[] b = new double[a.length];
        for (int i = 0; i < INLIERS + OUTLIERS; i++) {
            double x = 640 * rng.nextDouble();
            double y = 480 * rng.nextDouble();
            a[2 * i] = x;
            a[2 * i + 1] = y;
            // the epipolar line l = F (x, y, 1) in view 2: pick a point on it (true match), or anywhere
            double l0 = m[0] * x + m[1] * y + m[2];
            double l1 = m[3] * x + m[4] * y + m[5];
            double l2 = m[6] * x + m[7] * y + m[8];
            double u = 640 * rng.nextDouble();
            if (i < INLIERS) {
                b[2 * i] = u;
                b[2 * i + 1] = -(l0 * u + l2) / l1 + 0.2 * rng.nextGaussian();
            } else {
                b[2 * i] = u;
                b[2 * i + 1] = 480 * rng.nextDouble() + 200;
            }
        }
        NDArray kp1 = manager.create(a, new Shape(INLIERS + OUTLIERS, 2));
        NDArray kp2 = manager.create(b, new Shape(INLIERS + OUTLIERS, 2));
        Ransac.Result result = new Ransac(Ransac.Model.FUNDAMENTAL, 4.0, 512, 10, 0.99, 5, 42).estimate(kp1, kp2);
        NDArray d = Metrics.leftToRightEpipolarDistance(kp1.get("0:" + INLIERS).expandDims(0),
                kp2.get("0:" + INLIERS).expandDims(0), result.model().expandDims(0));
        assertTrue(d.max().getDouble() < 2, d.toString());
        boolean[] inliers = result.inliers().toBooleanArray();
        for (int i = 0; i < INLIERS; i++) {
            assertTrue(inliers[i], "true match " + i);
        }
        // an outlier far from its epipolar line is rejected; a few may fall near it by chance
        int accepted = 0;
        for (int i = INLIERS; i < inliers.length; i++) {
            accepted += inliers[i] ? 1 : 0;
        }
        assertTrue(accepted <= 3, accepted + " outliers accepted");
    }

    @Test
    void rejectsBadArguments() {
        NDArray kp = manager.zeros(new Shape(3, 2));
        assertEquals("RANSAC: expected at least 4 points, got 3", assertThrows(IllegalArgumentException.class,
                () -> new Ransac(Ransac.Model.HOMOGRAPHY, 2, 8, 1, 0.99, 5, 0).estimate(kp, kp)).getMessage());
        assertEquals("RANSAC: expected kp1 of shape (N, 2), got (1, 3, 2)", assertThrows(
                IllegalArgumentException.class, () -> new Ransac(Ransac.Model.HOMOGRAPHY, 2, 8, 1, 0.99, 5, 0)
                        .estimate(kp.expandDims(0), kp)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Ransac(Ransac.Model.FUNDAMENTAL, 0, 8, 1, 0.99, 5, 0));
        NDArray ok = manager.randomUniform(0, 100, new Shape(10, 2));
        NDArray nan = ok.duplicate();
        nan.set(new NDIndex("4, 1"), Float.NaN);
        assertEquals("RANSAC: expected finite values in kp2, got NaN in (10, 2)", assertThrows(
                IllegalArgumentException.class, () -> new Ransac(Ransac.Model.HOMOGRAPHY, 2, 8, 1, 0.99, 5, 0)
                        .estimate(ok, nan)).getMessage());
    }
}
