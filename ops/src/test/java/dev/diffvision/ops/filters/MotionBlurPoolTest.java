package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * get_motion_kernel2d / motion_blur against closed forms and Kornia's doctests; blur_pool2d / max_blur_pool2d
 * against Kornia's doctests and NumPy (tools/gen_filters2_refs.py: zero padding, binomial kernel, stride; atol
 * 1e-6 for float32 rounding), gradients.
 */
class MotionBlurPoolTest extends OpTestBase {

    private static final double[] ZERO = {0};

    @Test
    void motionKernelClosedForms() {
        double[][] horizontal = Motion.getMotionKernel2d(5, ZERO, ZERO, Motion.Mode.NEAREST)[0];
        double[][] vertical = Motion.getMotionKernel2d(5, new double[] {90}, ZERO, Motion.Mode.NEAREST)[0];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(i == 2 ? 0.2 : 0, horizontal[i][j], 1e-12, "angle 0 = the middle row");
                assertEquals(j == 2 ? 0.2 : 0, vertical[i][j], 1e-12, "angle 90 = the middle column");
            }
        }
        // direction 1: linear weights heavy at the left end, 0 at the right; -1 mirrors; 180 degrees turns it
        assertArrayEquals(new double[] {0.4, 0.3, 0.2, 0.1, 0},
                Motion.getMotionKernel2d(5, ZERO, new double[] {1}, Motion.Mode.NEAREST)[0][2], 1e-12);
        assertArrayEquals(new double[] {0, 0.1, 0.2, 0.3, 0.4},
                Motion.getMotionKernel2d(5, new double[] {180}, new double[] {1}, Motion.Mode.BILINEAR)[0][2], 1e-12);
        // Kornia's doctest: get_motion_kernel2d(3, 215., -0.5)
        double[][] k = Motion.getMotionKernel2d(3, new double[] {215}, new double[] {-0.5}, Motion.Mode.NEAREST)[0];
        assertArrayEquals(new double[] {0, 0, 1 / 6.0}, k[0], 1e-12);
        assertArrayEquals(new double[] {0, 1 / 3.0, 0}, k[1], 1e-12);
        assertArrayEquals(new double[] {0.5, 0, 0}, k[2], 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Motion.getMotionKernel2d(4, ZERO, ZERO, Motion.Mode.NEAREST));
        assertEquals("get_motion_kernel2d: expected kernel_size an odd integer > 2, got 4", e.getMessage());
        // a NaN angle made the whole kernel, and so the whole image, NaN
        e = assertThrows(IllegalArgumentException.class, () -> Motion.motionBlur(manager.ones(new Shape(1, 1, 5, 5)),
                3, new double[] {Double.NaN}, ZERO, BorderType.CONSTANT, Motion.Mode.NEAREST));
        assertEquals("motion_blur: expected finite values in angle, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Motion.getMotionKernel2d(3, ZERO,
                new double[] {Double.POSITIVE_INFINITY}, Motion.Mode.BILINEAR));
        assertEquals("get_motion_kernel2d: expected finite values in direction, got Infinity", e.getMessage());
    }

    @Test
    void motionBlurStreaksAnImpulseAndTakesPerImageAngles() {
        // correlation: an impulse becomes the kernel mirrored, so angle 0 / direction 1 streaks to the right
        double[] impulse = new double[7 * 7];
        impulse[3 * 7 + 3] = 1;
        NDArray x = manager.create(impulse, new Shape(1, 1, 7, 7));
        NDArray out = Motion.motionBlur(x, 5, ZERO, new double[] {1}, BorderType.CONSTANT, Motion.Mode.NEAREST);
        assertArrayEquals(new double[] {0, 0, 0.1, 0.2, 0.3, 0.4, 0}, out.get("0, 0, 3").toDoubleArray(), 1e-12);
        NDArray batch = rand(DataType.FLOAT64, 2, 2, 6, 7);
        double[] angles = {30, 100};
        double[] directions = {0.3, -1};
        NDArray both = Motion.motionBlur(batch, 3, angles, directions, BorderType.REFLECT, Motion.Mode.BILINEAR);
        for (int b = 0; b < 2; b++) {
            String i = b + ":" + (b + 1);
            assertClose(Motion.motionBlur(batch.get(i), 3, new double[] {angles[b]}, new double[] {directions[b]},
                    BorderType.REFLECT, Motion.Mode.BILINEAR), both.get(i), 1e-12);
        }
        GradientCheck.check(t -> Motion.motionBlur(t, 5, angles, directions, BorderType.REPLICATE,
                Motion.Mode.NEAREST), batch.get(":, :1"), GradientCheck.Options.defaults()).assertPassed("motion_blur");
    }

    @Test
    void blurPoolsMatchKorniaDoctestsAndNumPy() {
        NDArray eye = manager.eye(5).toType(DataType.FLOAT32, false).reshape(1, 1, 5, 5);
        assertClose(manager.create(new float[] {0.3125f, 0.0625f, 0, 0.0625f, 0.375f, 0.0625f, 0, 0.0625f, 0.3125f},
                new Shape(1, 1, 3, 3)), BlurPool.blurPool2d(eye, new int[] {3}, 2), 1e-7);
        assertClose(manager.create(new float[] {0.5625f, 0.3125f, 0.3125f, 0.875f}, new Shape(1, 1, 2, 2)),
                BlurPool.maxBlurPool2d(eye, new int[] {3}, 2, 2, false), 1e-7);
        NDArray gray = References.npy(manager, "filters", "gray");
        assertClose(References.npy(manager, "filters", "blur_pool_gray_3_s2"),
                BlurPool.blurPool2d(gray, new int[] {3}, 2), 1e-6);
        assertClose(References.npy(manager, "filters", "max_blur_pool_rgb_5_s2_m2"),
                BlurPool.maxBlurPool2d(References.npy(manager, "filters", "rgb"), new int[] {5}, 2, 2, false), 1e-6);
        // H_out = floor((H + 2 ((k - 1) / 2) - k) / stride) + 1: (7, 8) with k (3, 5), stride 4 -> (2, 2)
        NDArray x = rand(DataType.FLOAT64, 1, 2, 7, 8);
        assertEquals(new Shape(1, 2, 2, 2), BlurPool.blurPool2d(x, new int[] {3, 5}, 4).getShape());
        GradientCheck.check(t -> BlurPool.maxBlurPool2d(t, new int[] {3}, 2, 3, true), x,
                GradientCheck.Options.defaults()).assertPassed("max_blur_pool2d ceil_mode");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlurPool.maxBlurPool2d(x, new int[] {3}, 2, 8, false));
        assertEquals("max_blur_pool2d: expected max_pool_size <= H and W, got 8 for input (1, 2, 7, 8)",
                e.getMessage());
    }
}
