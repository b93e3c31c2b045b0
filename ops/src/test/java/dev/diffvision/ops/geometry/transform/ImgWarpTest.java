package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.geometry.conversions.Conversions;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.core.GridPadding;
import dev.diffvision.ops.core.Interpolation;
import dev.diffvision.ops.io.Npy;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ImgWarp} against exact references (tools/gen_transform_refs.py: float64 bilinear warps of a real
 * astronaut crop, zeros outside, that OpenCV's 1/32-px-quantised warpAffine / warpPerspective agree with within
 * 2/32), OpenCV's getRotationMatrix2D, Kornia's doctests and closed forms; float64 gradients with respect to
 * images and matrices. Convention: pixel matrices map source to destination, align_corners=true.
 */
class ImgWarpTest extends OpTestBase {

    private static final int[] DSIZE = {30, 34};

    private NDArray load(String name, DataType dtype) {
        try (InputStream in = ImgWarpTest.class.getResourceAsStream("/geometry/transform/" + name + ".npy")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource geometry/transform/" + name + ".npy");
            }
            return Npy.read(in).toNDArray(manager).toType(dtype, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void warpAffineMatchesTheExactBilinearReference() {
        // tolerance 1e-4: float32 sampling of values in [0, 1]; float64 to 1e-10
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            NDArray out = ImgWarp.warpAffine(load("src", t), load("affine_M", t), DSIZE, WarpOptions.defaults());
            assertEquals(t, out.getDataType());
            assertClose(load("affine_ref", DataType.FLOAT64), out, t == DataType.FLOAT32 ? 1e-4 : 1e-10);
        }
    }

    @Test
    void warpPerspectiveMatchesTheExactBilinearReference() {
        // Kornia divides by z + 1e-8: a relative error of 1e-8 in the position, ~1e-7 in values; tolerance 1e-4
        // (float32), 1e-6 (float64)
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            NDArray out = ImgWarp.warpPerspective(load("src", t), load("perspective_H", t), DSIZE,
                    WarpOptions.defaults());
            assertClose(load("perspective_ref", DataType.FLOAT64), out, t == DataType.FLOAT32 ? 1e-4 : 1e-6);
        }
    }

    @Test
    void rotationMatrixEqualsOpenCvs() {
        NDArray center = manager.create(new double[] {3, 1, 10.5, -4}, new Shape(2, 2));
        NDArray angle = manager.create(new double[] {90, -33.3});
        NDArray scale = manager.create(new double[] {1, 1, 1.7, 1.7}, new Shape(2, 2));
        assertClose(load("rotation_cv2", DataType.FLOAT64), ImgWarp.getRotationMatrix2d(center, angle, scale), 1e-12);
    }

    @Test
    void warpByMThenByItsInverseRestoresTheInterior() {
        // bilinear interpolation reproduces affine functions exactly, and an affine map of an affine ramp is affine:
        // a ramp a + b x + c y survives warp_affine by M then by invert_affine_transform(M) to 1e-9 wherever both
        // warps sample inside the image (the round trip of ones is 1 there)
        int[] size = {32, 32};
        NDArray m = load("affine_M", DataType.FLOAT64);
        NDArray mInv = ImgWarp.invertAffineTransform(m);
        NDArray ys = manager.arange(32f).toType(DataType.FLOAT64, false).reshape(32, 1).broadcast(new Shape(32, 32));
        NDArray xs = manager.arange(32f).toType(DataType.FLOAT64, false).reshape(1, 32).broadcast(new Shape(32, 32));
        NDArray ramp = xs.mul(0.02).add(ys.mul(-0.01)).add(0.4).reshape(1, 1, 32, 32);
        NDArray back = ImgWarp.warpAffine(ImgWarp.warpAffine(ramp, m, size, WarpOptions.defaults()), mInv, size,
                WarpOptions.defaults());
        NDArray inside = roundTrip(ramp.onesLike(), m, mInv, size, true).gt(1 - 1e-9);
        assertTrue(inside.sum().getLong() > 300, "enough interior pixels");
        assertTrue(back.sub(ramp).abs().mul(inside).max().getDouble() < 1e-9, "ramp restored");
    }

    @Test
    void warpByHThenByItsInverseKeepsARealCropInTheInterior() {
        // the real crop is low-passed by two bilinear resamplings, so only its mean error over the interior (where
        // the round trip of ones is 1) is bounded: 0.03 of the value range
        int[] size = {32, 32};
        NDArray h = load("perspective_H", DataType.FLOAT64);
        NDArray hInv = h.get(0).inverse().expandDims(0);
        NDArray src = load("src", DataType.FLOAT64).expandDims(0);
        NDArray inside = roundTrip(src.onesLike(), h, hInv, size, false).gt(1 - 1e-9);
        NDArray back = roundTrip(src, h, hInv, size, false);
        double meanError = back.sub(src).abs().mul(inside).sum().getDouble() / inside.sum().getLong();
        assertTrue(inside.sum().getLong() > 3 * 300, "enough interior pixels");
        assertTrue(meanError < 0.03, "mean round-trip error " + meanError);
    }

    private static NDArray roundTrip(NDArray x, NDArray there, NDArray back, int[] size, boolean affine) {
        WarpOptions o = WarpOptions.defaults();
        return affine ? ImgWarp.warpAffine(ImgWarp.warpAffine(x, there, size, o), back, size, o)
                : ImgWarp.warpPerspective(ImgWarp.warpPerspective(x, there, size, o), back, size, o);
    }

    @Test
    void fillPaintsWhatFallsOutside() {
        // a shift by 100 px leaves no source pixel in view: the output is the fill colour everywhere (Kornia's
        // _fill_and_warp); a zero shift leaves the image unchanged
        NDArray src = rand(DataType.FLOAT64, 1, 3, 5, 6);
        double[] colour = {0.2, 0.5, 0.9};
        NDArray far = manager.create(new double[] {1, 0, 100, 0, 1, 0}, new Shape(1, 2, 3));
        NDArray out = ImgWarp.warpAffine(src, far, new int[] {5, 6}, WarpOptions.defaults().withFill(colour));
        assertClose(manager.create(colour, new Shape(1, 3, 1, 1)).broadcast(new Shape(1, 3, 5, 6)), out, 1e-12);
        NDArray identity = manager.create(new double[] {1, 0, 0, 0, 1, 0}, new Shape(1, 2, 3));
        assertClose(src, ImgWarp.warpAffine(src, identity, new int[] {5, 6}, WarpOptions.defaults().withFill(colour)),
                1e-12);
    }

    @Test
    void batchEqualsPerItemAndABatchOfOneMatrixBroadcasts() {
        NDArray src = rand(DataType.FLOAT32, 2, 3, 9, 11);
        NDArray m = manager.create(new float[] {0.9f, -0.2f, 1.5f, 0.3f, 1.1f, -0.7f, 1.1f, 0.1f, -2, 0, 0.8f, 1},
                new Shape(2, 2, 3));
        NDArray both = ImgWarp.warpAffine(src, m, new int[] {7, 8}, WarpOptions.defaults());
        for (int i = 0; i < 2; i++) {
            NDArray one = ImgWarp.warpAffine(src.get(i + ":" + (i + 1)), m.get(i + ":" + (i + 1)), new int[] {7, 8},
                    WarpOptions.defaults());
            assertClose(one, both.get(i + ":" + (i + 1)), 1e-6);
        }
        NDArray shared = ImgWarp.warpAffine(src, m.get("0:1"), new int[] {7, 8}, WarpOptions.defaults());
        assertClose(both.get("0:1"), shared.get("0:1"), 1e-6);
        assertClose(ImgWarp.warpAffine(src.get("1:2"), m.get("0:1"), new int[] {7, 8}, WarpOptions.defaults()),
                shared.get("1:2"), 1e-6);
    }

    @Test
    void gradientsFlowToMatricesAndImages() {
        NDArray src = rand(DataType.FLOAT64, 1, 2, 6, 7);
        NDArray m = manager.create(new double[] {0.9, -0.2, 1.3, 0.3, 1.1, -0.6}, new Shape(1, 2, 3));
        NDArray h = manager.create(new double[] {0.95, 0.12, 1.3, -0.08, 1.05, -0.6, 0.01, -0.02, 1},
                new Shape(1, 3, 3));
        int[] size = {5, 6};
        for (WarpOptions o : new WarpOptions[] {WarpOptions.defaults(),
            WarpOptions.defaults().withPadding(GridPadding.BORDER).withAlignCorners(false),
            WarpOptions.defaults().withMode(Interpolation.BICUBIC).withPadding(GridPadding.REFLECTION)}) {
            GradientCheck.check(x -> ImgWarp.warpAffine(src, x, size, o), m, GradientCheck.Options.defaults())
                    .assertPassed("warp_affine d/dM " + o.mode() + " " + o.padding());
            GradientCheck.check(x -> ImgWarp.warpPerspective(src, x, size, o), h, GradientCheck.Options.defaults())
                    .assertPassed("warp_perspective d/dH " + o.mode() + " " + o.padding());
            GradientCheck.check(x -> ImgWarp.warpPerspective(x, h, size, o), src, GradientCheck.Options.defaults())
                    .assertPassed("warp_perspective d/dsrc " + o.mode() + " " + o.padding());
        }
        NDArray center = manager.create(new double[] {3, 1, 10.5, -4}, new Shape(2, 2));
        NDArray angle = manager.create(new double[] {30, -33.3});
        NDArray scale = manager.create(new double[] {1, 0.5, 1.7, 1.2}, new Shape(2, 2));
        GradientCheck.check(a -> ImgWarp.getRotationMatrix2d(center, a, scale), angle,
                GradientCheck.Options.defaults()).assertPassed("get_rotation_matrix2d d/dangle");
        GradientCheck.check(s -> ImgWarp.getRotationMatrix2d(center, angle, s), scale,
                GradientCheck.Options.defaults()).assertPassed("get_rotation_matrix2d d/dscale");
        NDArray sx = manager.create(new double[] {0.2, -0.3});
        GradientCheck.check(s -> ImgWarp.getAffineMatrix2d(center, center, scale, angle, s, null), sx,
                GradientCheck.Options.defaults()).assertPassed("get_affine_matrix2d d/dsx");
    }

    @Test
    void matrixFactoriesFollowKorniasClosedForms() {
        // Kornia's get_shear_matrix2d doctest: sx = torch.manual_seed(0); randn(1) (printed 1.5410) about the
        // origin -> [[1, -33.5468, 0], [0, 1, 0], [0, 0, 1]]
        NDArray origin = manager.create(new double[] {0, 0}, new Shape(1, 2));
        NDArray shear = ImgWarp.getShearMatrix2d(origin, manager.create(new double[] {1.5409960746765137}), null);
        assertClose(manager.create(new double[] {1, -33.5468, 0, 0, 1, 0, 0, 0, 1}, new Shape(1, 3, 3)), shear, 1e-3);

        // get_affine_matrix2d = [R(-angle, scale about c) + t; 0 0 1] @ shear(c, sx, sy)
        NDArray c = manager.create(new double[] {4, 2.5}, new Shape(1, 2));
        NDArray t = manager.create(new double[] {1.5, -3}, new Shape(1, 2));
        NDArray s = manager.create(new double[] {1.2, 0.7}, new Shape(1, 2));
        NDArray a = manager.create(new double[] {25});
        NDArray sx = manager.create(new double[] {0.3});
        NDArray sy = manager.create(new double[] {-0.2});
        NDArray rotation = ImgWarp.getRotationMatrix2d(c, a.neg(), s);
        NDArray expected = NDArrays.concat(new NDList(rotation.add(NDArrays.concat(new NDList(
                manager.zeros(new Shape(1, 2, 2), DataType.FLOAT64), t.expandDims(2)), 2)),
                manager.create(new double[] {0, 0, 1}, new Shape(1, 1, 3))), 1)
                .matMul(ImgWarp.getShearMatrix2d(c, sx, sy));
        assertClose(expected, ImgWarp.getAffineMatrix2d(t, c, s, a, sx, sy), 1e-12);

        // invert_affine_transform: [M; 0 0 1] @ [M^-1; 0 0 1] = I
        NDArray m = manager.create(new double[] {0.9, -0.2, 1.5, 0.3, 1.1, -0.7}, new Shape(1, 2, 3));
        NDArray product = Conversions.convertAffineMatrixToHomography(m).matMul(Conversions.convertAffineMatrixToHomography(ImgWarp.invertAffineTransform(m)));
        assertClose(manager.eye(3).toType(DataType.FLOAT64, false).expandDims(0), product, 1e-12);
    }

    @Test
    void badInputIsRejectedWithTheOpsName() {
        NDArray src = rand(DataType.FLOAT32, 2, 3, 5, 6);
        NDArray m = manager.create(new float[] {1, 0, 0, 0, 1, 0}, new Shape(1, 2, 3));
        assertMessage("warp_affine: expected M of shape (B, 2, 3), got (2, 3)",
                () -> ImgWarp.warpAffine(src, m.get(0), new int[] {5, 6}, WarpOptions.defaults()));
        assertMessage("warp_affine: expected M of shape (2, 2, 3) or (1, 2, 3), got (3, 2, 3)",
                () -> ImgWarp.warpAffine(src, m.repeat(0, 3), new int[] {5, 6}, WarpOptions.defaults()));
        assertMessage("warp_perspective: expected dsize (height, width) of positive sizes, got [0, 6]",
                () -> ImgWarp.warpPerspective(src, manager.eye(3).expandDims(0), new int[] {0, 6},
                        WarpOptions.defaults()));
        assertMessage("warp_affine: expected finite values in M, got NaN in (1, 2, 3)",
                () -> ImgWarp.warpAffine(src, m.mul(Float.NaN), new int[] {5, 6}, WarpOptions.defaults()));
        NDArray infinite = manager.create(new float[] {1, 0, Float.POSITIVE_INFINITY, 0, 1, 0, 0, 0, 1},
                new Shape(1, 3, 3));
        assertMessage("warp_perspective: expected finite values in M, got Infinity in (1, 3, 3)",
                () -> ImgWarp.warpPerspective(src, infinite, new int[] {5, 6}, WarpOptions.defaults()));
        assertMessage("warp_affine: expected invertible matrices",
                () -> ImgWarp.warpAffine(src, m.zerosLike(), new int[] {5, 6}, WarpOptions.defaults()));
        assertMessage("invert_affine_transform: expected invertible matrices",
                () -> ImgWarp.invertAffineTransform(m.zerosLike()));
        assertMessage("invert_affine_transform: expected finite values in matrix, got NaN in (1, 2, 3)",
                () -> ImgWarp.invertAffineTransform(m.mul(Float.NaN)));
        assertMessage("warp_affine: expected fill_value of 3 values, got 2",
                () -> ImgWarp.warpAffine(src, m, new int[] {5, 6}, WarpOptions.defaults().withFill(new double[2])));
        assertMessage("get_rotation_matrix2d: expected angle of shape (1)",
                () -> ImgWarp.getRotationMatrix2d(manager.zeros(new Shape(1, 2)), manager.zeros(new Shape(2)),
                        manager.ones(new Shape(1, 2))));
        assertMessage("warp_affine: expected src of dtype float32 or float64, got int32",
                () -> ImgWarp.warpAffine(src.toType(DataType.INT32, false), m, new int[] {5, 6},
                        WarpOptions.defaults()));
    }

    private static void assertMessage(String prefix, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
