package dev.diffvision.ops.enhance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static dev.diffvision.ops.enhance.EnhanceFixtures.assertKorniaCasePasses;
import static dev.diffvision.ops.enhance.EnhanceFixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Adjust} against Kornia's vectors and test literals, scikit-image's {@code exposure} functions, PIL's
 * {@code ImageOps}/{@code ImageEnhance} and OpenCV (references from {@code tools/gen_enhance_refs.py} on 32x32
 * crops of real photos), plus float64 gradient checks for non-default parameters and bad input.
 */
class AdjustTest extends OpTestBase {

    /** One 8-bit level. */
    private static final double LEVEL = 1 / 255.0;

    @Test
    void kornia_vectors_pass() {
        assertKorniaCasePasses("adjust_brightness_accumulative");
        assertKorniaCasePasses("adjust_contrast__factor_tensor");
        assertKorniaCasePasses("adjust_contrast_with_mean_subtraction__factor2");
        assertKorniaCasePasses("adjust_gamma__gain_two");
        assertKorniaCasePasses("adjust_log");
        assertKorniaCasePasses("adjust_sigmoid");
    }

    @Test
    void contrast_with_mean_subtraction_matches_kornia_per_image_literal() {
        // tests/enhance/test_adjust.py::test_factor_tensor_shape_with_mean_subtraction (4-decimal literal)
        NDArray data = manager.create(new float[] {
            1, 1, .5f, 1, 1, .5f, .5f, .5f, .25f, .5f, .5f, .25f, .25f, .25f, .25f, .6f, .6f, .3f,
            0, 0, 1, 0, 0, .25f, .3f, .3f, .4f, .3f, .3f, .4f, .6f, .6f, 0, .3f, .2f, .1f}, new Shape(2, 3, 2, 3));
        NDArray expected = manager.create(new float[] {
            1, 1, .4818f, 1, 1, .4818f, .4818f, .4818f, .1068f, .4818f, .4818f, .1068f,
            .1068f, .1068f, .1068f, .6318f, .6318f, .1818f,
            0, 0, 1, 0, 0, .2079f, .3079f, .3079f, .5079f, .3079f, .3079f, .5079f,
            .9079f, .9079f, 0, .3079f, .1079f, 0}, new Shape(2, 3, 2, 3));
        NDArray factor = manager.create(new float[] {1.5f, 2f});
        assertClose(expected, Adjust.adjustContrastWithMeanSubtraction(data, factor), 1e-4);
    }

    @Test
    void per_image_factors_equal_per_image_calls() {
        NDArray x = rand(DataType.FLOAT32, 3, 3, 5, 6);
        float[] f = {0.3f, 1f, 1.7f};
        NDArray factor = manager.create(f);
        NDArray b = Adjust.adjustBrightnessAccumulative(x, factor, true);
        NDArray g = Adjust.adjustGamma(x, factor, factor.mul(0.5));
        NDArray s = Adjust.sharpness(x, factor);
        for (int i = 0; i < f.length; i++) {
            assertClose(Adjust.adjustBrightnessAccumulative(x.get(i), f[i]), b.get(i), 1e-6);
            assertClose(Adjust.adjustGamma(x.get(i), f[i], f[i] * 0.5), g.get(i), 1e-6);
            assertClose(Adjust.sharpness(x.get(i), f[i]), s.get(i), 1e-6);
        }
    }

    @Test
    void gamma_log_sigmoid_match_scikit_image() {
        // skimage.exposure in float64, stored as float32; ours in float64: same closed forms, no clipping reached
        NDArray rgb = load(manager, "rgb", DataType.FLOAT64);
        double tol = 1e-6;
        assertClose(load(manager, "gamma_0.5_gain_1", DataType.FLOAT64), Adjust.adjustGamma(rgb, 0.5, 1), tol);
        assertClose(load(manager, "gamma_2.2_gain_0.8", DataType.FLOAT64), Adjust.adjustGamma(rgb, 2.2, 0.8), tol);
        assertClose(load(manager, "log_gain_1", DataType.FLOAT64), Adjust.adjustLog(rgb, 1, false, true), tol);
        assertClose(load(manager, "log_inv_gain_0.9", DataType.FLOAT64), Adjust.adjustLog(rgb, 0.9, true, true), tol);
        assertClose(load(manager, "sigmoid_0.4_8", DataType.FLOAT64), Adjust.adjustSigmoid(rgb, 0.4, 8, false), tol);
        assertClose(load(manager, "sigmoid_inv_0.6_5", DataType.FLOAT64),
                Adjust.adjustSigmoid(rgb, 0.6, 5, true), tol);
    }

    @Test
    void equalize_matches_pil_exactly_and_opencv_within_levels() {
        NDArray rgb = load(manager, "rgb", DataType.FLOAT32);
        // Kornia's equalize is a port of PIL's ImageOps.equalize: same LUT, exact up to float division
        assertClose(load(manager, "equalize_pil", DataType.FLOAT32), Adjust.equalize(rgb), 1e-6);
        assertClose(load(manager, "equalize_pil", DataType.FLOAT32).expandDims(0), Adjust.equalize(rgb.expandDims(0)),
                1e-6);
        // OpenCV's equalizeHist maps level k through round(255 * (cdf[k] - cdf_min) / (N - cdf_min)); PIL's rule
        // reads cdf[k - 1], one occupied bin earlier, so the two differ by up to about one bin's share:
        // 255 * (largest bin) / N = 255 * 43 / 1024 = 10.7 levels on this crop (PIL vs OpenCV in NumPy: max 10,
        // mean 5.4 levels). Kornia is PIL's rule, so the same bounds hold here.
        NDArray gray = load(manager, "gray", DataType.FLOAT32);
        NDArray diff = load(manager, "equalize_cv2_gray", DataType.FLOAT32).sub(Adjust.equalize(gray)).abs();
        assertTrue(diff.max().getFloat() <= 10.7 * LEVEL, "max difference " + diff.max().getFloat() * 255);
        assertTrue(diff.mean().getFloat() <= 5.5 * LEVEL, "mean difference " + diff.mean().getFloat() * 255);
    }

    @Test
    void equalize_matches_kornia_ramp_literal() {
        // tests/enhance/test_adjust.py::TestEqualize::test_equalize: rows arange(20)/20, 4-decimal literal
        float[] row = new float[20];
        float[] expectedRow = {0f, 0.07843f, 0.15686f, 0.2353f, 0.3137f, 0.3922f, 0.4706f, 0.5490f, 0.6275f,
            0.7059f, 0.7843f, 0.8627f, 0.9412f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};
        for (int i = 0; i < row.length; i++) {
            row[i] = i / 20f;
        }
        NDArray x = manager.create(row).reshape(1, 1, 1, 20).repeat(2, 20).repeat(1, 3);
        NDArray expected = manager.create(expectedRow).reshape(1, 1, 1, 20).repeat(2, 20).repeat(1, 3);
        assertClose(expected, Adjust.equalize(x), 1e-4);
        NDArray flat = manager.full(new Shape(1, 2, 4, 4), 0.3f);
        assertClose(flat, Adjust.equalize(flat), 1e-7);  // step == 0: unchanged
    }

    @Test
    void posterize_and_solarize_match_pil() {
        NDArray rgb = load(manager, "rgb", DataType.FLOAT32);
        // PIL: v & ~(2^(8-bits) - 1); solarize: v < 128 ? v : 255 - v (Kornia's threshold 0.5 splits at 127.5)
        assertClose(load(manager, "posterize_3", DataType.FLOAT32), Adjust.posterize(rgb, 3), 1e-6);
        assertClose(load(manager, "solarize_128", DataType.FLOAT32), Adjust.solarize(rgb, 0.5), 1e-6);
        assertClose(rgb, Adjust.posterize(rgb, 8), 0);
        assertClose(rgb.zerosLike(), Adjust.posterize(rgb, 0), 0);
    }

    @Test
    void posterize_and_sharpness_match_kornia_literals() {
        // torch.manual_seed(0); torch.rand(2, 1, 3, 3), printed to 4 decimals in Kornia's tests
        NDArray x = manager.create(new float[] {0.4963f, 0.7682f, 0.0885f, 0.1320f, 0.3074f, 0.6341f, 0.4901f,
            0.8964f, 0.4556f, 0.6323f, 0.3489f, 0.4017f, 0.0223f, 0.1689f, 0.2939f, 0.5185f, 0.6977f, 0.8000f},
                new Shape(2, 1, 3, 3));
        float h = 0.50196078f;
        assertClose(manager.create(new float[] {0, h, 0, 0, 0, h, 0, h, 0}, new Shape(1, 1, 3, 3)),
                Adjust.posterize(x.get("0:1"), 1), 1e-6);
        // only the centre pixel is not border; Kornia's literals 0.3305 and (0.2052 | 0.1143 for factor 1.3)
        NDArray out = Adjust.sharpness(x, manager.create(new float[] {0.8f, 1.3f}));
        assertEquals(0.3305, out.getFloat(0, 0, 1, 1), 2e-4);
        assertEquals(0.1143, out.getFloat(1, 0, 1, 1), 2e-4);
        assertEquals(0.2052, Adjust.sharpness(x, 0.8).getFloat(1, 0, 1, 1), 2e-4);
        assertClose(x.get(":, :, 0"), out.get(":, :, 0"), 0);
    }

    @Test
    void sharpness_and_saturation_match_pil_within_rounding() {
        NDArray rgb = load(manager, "rgb", DataType.FLOAT32);
        // PIL rounds the smoothed image to 8 bits (error <= 0.5 level, weighted 0.7 by the blend) and then the
        // blend (<= 0.5 level), and uses an integer luma for Color; ours is float: <= 1.5 levels apart
        NDArray sharp = load(manager, "sharpness_0.3", DataType.FLOAT32).sub(Adjust.sharpness(rgb, 0.3)).abs().max();
        assertTrue(sharp.getFloat() <= 1.5 * LEVEL, "sharpness: " + sharp.getFloat() * 255 + " levels");
        NDArray color = load(manager, "color_1.7", DataType.FLOAT32)
                .sub(Adjust.adjustSaturationWithGraySubtraction(rgb, 1.7)).abs().max();
        assertTrue(color.getFloat() <= 1.51 * LEVEL, "color: " + color.getFloat() * 255 + " levels");
    }

    @Test
    void gradients_for_non_default_parameters() {
        NDArray x = rand(DataType.FLOAT64, 1, 3, 5, 6).mul(0.7).add(0.05);
        check("adjust_gamma", v -> Adjust.adjustGamma(v, 0.7, 1.2), x);
        check("adjust_log inv", v -> Adjust.adjustLog(v, 0.8, true, true), x);
        check("adjust_sigmoid inv", v -> Adjust.adjustSigmoid(v, 0.4, 6, true), x);
        check("adjust_contrast_with_mean_subtraction", v -> Adjust.adjustContrastWithMeanSubtraction(v, 1.3), x);
        check("adjust_saturation_with_gray_subtraction", v -> Adjust.adjustSaturationWithGraySubtraction(v, 1.3), x);
        check("adjust_brightness", v -> Adjust.adjustBrightness(v, 0.1), x);
        check("sharpness 0.6", v -> Adjust.sharpness(v, 0.6), x);
        check("sharpness 1.4", v -> Adjust.sharpness(v, 1.4), x);
        check("solarize with additions", v -> Adjust.solarize(v, manager.create(0.6), manager.create(0.1)), x);
        check("invert 255", v -> Adjust.invert(v, manager.create(255.0)), x);
    }

    @Test
    void bad_arguments_are_rejected_with_the_op_name() {
        NDArray x = rand(DataType.FLOAT32, 2, 3, 4, 4);
        assertMessage("adjust_brightness: expected factor of shape () or a prefix of the input's (2, 3, 4, 4)",
                () -> Adjust.adjustBrightness(x, manager.create(new float[] {1, 2, 3}), true));
        assertMessage("adjust_contrast: expected factor >= 0", () -> Adjust.adjustContrast(x, -0.5));
        assertMessage("adjust_gamma: expected gain >= 0", () -> Adjust.adjustGamma(x, 1, -1));
        assertMessage("posterize: expected bits to be integers in [0, 8]", () -> Adjust.posterize(x, 9));
        assertMessage("solarize: expected additions in (-0.5, 0.5)",
                () -> Adjust.solarize(x, manager.create(0.5f), manager.create(0.6f)));
        assertMessage("sharpness: expected image with H >= 3 and W >= 3",
                () -> Adjust.sharpness(rand(DataType.FLOAT32, 1, 1, 2, 5), 0.5));
        // x < NaN is false: a NaN threshold inverted the whole image; a NaN factor made it NaN
        assertMessage("solarize: expected finite values in thresholds, got NaN", () -> Adjust.solarize(x, Double.NaN));
        assertMessage("sharpness: expected finite values in factor, got NaN", () -> Adjust.sharpness(x, Double.NaN));
        assertMessage("adjust_brightness: expected finite values in factor, got Infinity",
                () -> Adjust.adjustBrightness(x, Double.POSITIVE_INFINITY));
        assertMessage("adjust_log: expected finite values in gain, got NaN",
                () -> Adjust.adjustLog(x, Double.NaN, false, true));
        assertMessage("adjust_sigmoid: expected finite values in cutoff, got NaN",
                () -> Adjust.adjustSigmoid(x, Double.NaN, 10, false));
        assertMessage("adjust_saturation_with_gray_subtraction: expected image with 1 or 3 channels",
                () -> Adjust.adjustSaturationWithGraySubtraction(rand(DataType.FLOAT32, 2, 4, 3), 0.5));
        assertMessage("equalize: expected input values in [0, 1]", () -> Adjust.equalize(x.mul(2)));
        assertMessage("invert: expected max_val broadcastable", () -> Adjust.invert(x, manager.ones(new Shape(3))));
    }

    private static void check(String name, UnaryOperator<NDArray> op, NDArray x) {
        GradientCheck.check(op, x, GradientCheck.Options.defaults()).assertPassed(name);
    }

    private static void assertMessage(String prefix, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
