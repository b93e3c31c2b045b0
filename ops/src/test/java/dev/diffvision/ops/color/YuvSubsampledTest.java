package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.registry.ImageOp;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * rgb_to_yuv420 / rgb_to_yuv422 / yuv420_to_rgb / yuv422_to_rgb (no Kornia vector exists for them) against
 * closed forms built on the already-verified 4:4:4 conversion.
 *
 * <p>Convention (Kornia's {@code kornia/color/yuv.py}): Y is {@code rgb_to_yuv}'s luma at full size; U and V are
 * the mean of {@code rgb_to_yuv}'s chroma over each 2x2 block (4:2:0) or horizontal pair (4:2:2); the inverses
 * repeat each chroma sample over its block and apply {@code yuv_to_rgb}. The references are computed here with
 * plain loops over host arrays; float64 agreement to 1e-12 (summation order only).
 */
class YuvSubsampledTest extends OpTestBase {

    private static final double[] RGB = {0.2, 0.5, 0.8};
    // BT.470 M/PAL by hand: Y = .299 R + .587 G + .114 B, U = -.147 R - .289 G + .436 B, V = .615 R - .515 G - .1 B
    private static final double[] YUV = {0.4445, 0.1749, -0.2145};

    @Test
    void constantImageGivesConstantPlanesOfKorniaShapes() {
        NDArray rgb = constant(new Shape(2, 3, 4, 6), RGB);
        NDList yuv420 = Yuv.rgbToYuv420(rgb);
        assertClose(constant(new Shape(2, 1, 4, 6), YUV[0]), yuv420.get(0), 1e-12);
        assertClose(constant(new Shape(2, 2, 2, 3), YUV[1], YUV[2]), yuv420.get(1), 1e-12);
        NDList yuv422 = Yuv.rgbToYuv422(rgb);
        assertClose(yuv420.get(0), yuv422.get(0), 0);
        assertClose(constant(new Shape(2, 2, 4, 3), YUV[1], YUV[2]), yuv422.get(1), 1e-12);
    }

    @Test
    void chromaIsTheBlockMeanOfYuv444() {
        NDArray rgb = rand(DataType.FLOAT64, 2, 3, 4, 6);
        NDArray yuv = Yuv.rgbToYuv(rgb);
        for (int[] block : new int[][] {{2, 2}, {1, 2}}) {
            NDList planes = block[0] == 2 ? Yuv.rgbToYuv420(rgb) : Yuv.rgbToYuv422(rgb);
            assertClose(yuv.get(":, 0:1"), planes.get(0), 0);
            assertClose(blockMean(yuv.get(":, 1:3"), block[0], block[1]), planes.get(1), 1e-12);
        }
    }

    @Test
    void inversesRepeatChromaOverItsBlock() {
        NDArray y = rand(DataType.FLOAT64, 2, 1, 4, 6);
        NDArray uv420 = rand(DataType.FLOAT64, 2, 2, 2, 3).sub(0.5);
        assertClose(Yuv.yuvToRgb(y.concat(repeat(uv420, 2, 2), 1)), Yuv.yuv420ToRgb(y, uv420), 1e-12);
        NDArray uv422 = rand(DataType.FLOAT64, 2, 2, 4, 3).sub(0.5);
        assertClose(Yuv.yuvToRgb(y.concat(repeat(uv422, 1, 2), 1)), Yuv.yuv422ToRgb(y, uv422), 1e-12);
    }

    @Test
    void roundTripLosesNothingWhenChromaIsConstantOnEachBlock() {
        // gray (a, a, a) has U = V = 0 exactly (each chroma row of the matrix sums to 0), so gray + a colour
        // constant on each block has chroma constant on each block: subsampling it loses nothing
        NDArray gray = rand(DataType.FLOAT64, 2, 1, 4, 6).mul(0.5).repeat(1, 3);
        for (int[] block : new int[][] {{2, 2}, {1, 2}}) {
            NDArray colour = repeat(rand(DataType.FLOAT64, 2, 3, 4 / block[0], 6 / block[1]).mul(0.5),
                    block[0], block[1]);
            NDArray rgb = gray.add(colour);
            NDArray back = block[0] == 2
                    ? roundTrip(rgb, Yuv::rgbToYuv420, Yuv::yuv420ToRgb)
                    : roundTrip(rgb, Yuv::rgbToYuv422, Yuv::yuv422ToRgb);
            assertClose(Yuv.yuvToRgb(Yuv.rgbToYuv(rgb)), back, 1e-12);
            // Kornia's forward and inverse constants are each rounded to 3 decimals: they invert to ~1e-3
            assertClose(rgb, back, 2e-3);
        }
    }

    @Test
    void gradientsInFloat64() {
        NDArray rgb = rand(DataType.FLOAT64, 1, 3, 2, 4);
        GradientCheck.Options options = GradientCheck.Options.defaults();
        GradientCheck.check(x -> Yuv.rgbToYuv420(x).get(0), rgb, options).assertPassed("rgb_to_yuv420 Y");
        GradientCheck.check(x -> Yuv.rgbToYuv420(x).get(1), rgb, options).assertPassed("rgb_to_yuv420 UV");
        GradientCheck.check(x -> Yuv.rgbToYuv422(x).get(1), rgb, options).assertPassed("rgb_to_yuv422 UV");
        NDArray y = rand(DataType.FLOAT64, 1, 1, 2, 4);
        NDArray uv420 = rand(DataType.FLOAT64, 1, 2, 1, 2);
        NDArray uv422 = rand(DataType.FLOAT64, 1, 2, 2, 2);
        GradientCheck.check(x -> Yuv.yuv420ToRgb(x, uv420), y, options).assertPassed("yuv420_to_rgb imagey");
        GradientCheck.check(x -> Yuv.yuv420ToRgb(y, x), uv420, options).assertPassed("yuv420_to_rgb imageuv");
        GradientCheck.check(x -> Yuv.yuv422ToRgb(x, uv422), y, options).assertPassed("yuv422_to_rgb imagey");
        GradientCheck.check(x -> Yuv.yuv422ToRgb(y, x), uv422, options).assertPassed("yuv422_to_rgb imageuv");
    }

    @Test
    void batchEqualsPerImageAndUnbatched() {
        NDArray rgb = rand(DataType.FLOAT32, 3, 3, 4, 6);
        NDArray y = rand(DataType.FLOAT32, 3, 1, 4, 6);
        NDArray uv420 = rand(DataType.FLOAT32, 3, 2, 2, 3);
        NDArray uv422 = rand(DataType.FLOAT32, 3, 2, 4, 3);
        NDList yuv420 = Yuv.rgbToYuv420(rgb);
        NDList yuv422 = Yuv.rgbToYuv422(rgb);
        NDArray rgb420 = Yuv.yuv420ToRgb(y, uv420);
        NDArray rgb422 = Yuv.yuv422ToRgb(y, uv422);
        for (int i = 0; i < 3; i++) {
            String item = i + ":" + (i + 1);
            assertClose(yuv420.get(1).get(item), Yuv.rgbToYuv420(rgb.get(item)).get(1), 1e-6);
            assertClose(yuv420.get(1).get(i), Yuv.rgbToYuv420(rgb.get(i)).get(1), 1e-6);
            assertClose(yuv420.get(0).get(i), Yuv.rgbToYuv420(rgb.get(i)).get(0), 1e-6);
            assertClose(yuv422.get(1).get(i), Yuv.rgbToYuv422(rgb.get(i)).get(1), 1e-6);
            assertClose(rgb420.get(item), Yuv.yuv420ToRgb(y.get(item), uv420.get(item)), 1e-6);
            assertClose(rgb420.get(i), Yuv.yuv420ToRgb(y.get(i), uv420.get(i)), 1e-6);
            assertClose(rgb422.get(i), Yuv.yuv422ToRgb(y.get(i), uv422.get(i)), 1e-6);
        }
    }

    @Test
    void registeredOpsTakeChromaAsTensorParameterPerImageOrShared() {
        OpRegistry registry = OpRegistry.defaults();
        NDArray y = rand(DataType.FLOAT32, 2, 1, 4, 6);
        NDArray uv = rand(DataType.FLOAT32, 2, 2, 2, 3);
        ImageOp perImage = registry.get("yuv420_to_rgb").create(Map.of("imageuv", HostTensor.fromNDArray(uv)));
        assertClose(Yuv.yuv420ToRgb(y, uv), perImage.apply(y), 1e-6);

        NDArray shared = rand(DataType.FLOAT32, 2, 4, 3);
        ImageOp once = registry.get("yuv422_to_rgb").create(Map.of("imageuv", HostTensor.fromNDArray(shared)));
        NDArray rgb = once.apply(y);
        for (int i = 0; i < 2; i++) {
            assertClose(Yuv.yuv422ToRgb(y.get(i), shared), rgb.get(i), 1e-6);
        }

        OpDefinition def = registry.get("yuv420_to_rgb");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> def.create(Map.of()));
        assertEquals("yuv420_to_rgb: missing required parameter " + def.params().get(0).signature(), e.getMessage());
        ImageOp wrong = def.create(Map.of("imageuv", HostTensor.fromNDArray(shared)));
        e = assertThrows(IllegalArgumentException.class, () -> wrong.apply(y));
        assertEquals("yuv420_to_rgb: expected imageuv of shape (2, 2, 2, 3) (imagey's leading dimensions, H/2, W/2),"
                + " got (2, 2, 4, 3)", e.getMessage());
    }

    @Test
    void rejectsBadInput() {
        assertRejects("rgb_to_yuv420: expected image with even height and width, got shape (1, 3, 5, 6)",
                () -> Yuv.rgbToYuv420(zeros(1, 3, 5, 6)));
        assertRejects("rgb_to_yuv422: expected image with even height and width, got shape (3, 4, 5)",
                () -> Yuv.rgbToYuv422(zeros(3, 4, 5)));
        assertRejects("rgb_to_yuv420: expected image with 3 channels (dimension -3), got shape (1, 1, 4, 6)",
                () -> Yuv.rgbToYuv420(zeros(1, 1, 4, 6)));
        assertRejects("yuv420_to_rgb: expected imagey with even height and width, got shape (1, 1, 3, 6)",
                () -> Yuv.yuv420ToRgb(zeros(1, 1, 3, 6), zeros(1, 2, 1, 3)));
        assertRejects("yuv420_to_rgb: expected imagey with 1 channels (dimension -3), got shape (1, 2, 4, 6)",
                () -> Yuv.yuv420ToRgb(zeros(1, 2, 4, 6), zeros(1, 2, 2, 3)));
        assertRejects("yuv420_to_rgb: expected imageuv of shape (1, 2, 2, 3) (imagey's leading dimensions, H/2, W/2),"
                + " got (1, 2, 4, 3)", () -> Yuv.yuv420ToRgb(zeros(1, 1, 4, 6), zeros(1, 2, 4, 3)));
        assertRejects("yuv422_to_rgb: expected imageuv of shape (2, 2, 4, 3) (imagey's leading dimensions, H/1, W/2),"
                + " got (1, 2, 4, 3)", () -> Yuv.yuv422ToRgb(zeros(2, 1, 4, 6), zeros(1, 2, 4, 3)));
        assertRejects("yuv422_to_rgb: expected imageuv with 2 channels (dimension -3), got shape (1, 3, 4, 3)",
                () -> Yuv.yuv422ToRgb(zeros(1, 1, 4, 6), zeros(1, 3, 4, 3)));
        assertRejects("yuv422_to_rgb: expected imageuv of imagey's dtype float32, got float64",
                () -> Yuv.yuv422ToRgb(zeros(1, 1, 4, 6), zeros(1, 2, 4, 3).toType(DataType.FLOAT64, false)));
    }

    private void assertRejects(String message, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(message, e.getMessage());
    }

    private NDArray zeros(long... shape) {
        return manager.zeros(new Shape(shape));
    }

    private static NDArray roundTrip(NDArray rgb, Function<NDArray, NDList> forward,
                                     BiFunction<NDArray, NDArray, NDArray> inverse) {
        NDList planes = forward.apply(rgb);
        return inverse.apply(planes.get(0), planes.get(1));
    }

    /** A float64 tensor of {@code shape (B, C, H, W)} whose channel c holds {@code values[c]}. */
    private NDArray constant(Shape shape, double... values) {
        return manager.create(values, new Shape(1, values.length, 1, 1)).broadcast(shape);
    }

    /** The mean of {@code x (B, C, H, W)} over each r x q block, by loops on the host. */
    private NDArray blockMean(NDArray x, int r, int q) {
        long[] s = x.getShape().getShape();
        int b = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        double[] in = x.toDoubleArray();
        double[] out = new double[b * c * (h / r) * (w / q)];
        for (int n = 0; n < b * c; n++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    out[(n * (h / r) + i / r) * (w / q) + j / q] += in[(n * h + i) * w + j] / (r * q);
                }
            }
        }
        return manager.create(out, new Shape(b, c, h / r, w / q));
    }

    /** {@code x (B, C, h, w)} with every value repeated over an r x q block, by loops on the host. */
    private NDArray repeat(NDArray x, int r, int q) {
        long[] s = x.getShape().getShape();
        int b = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2] * r;
        int w = (int) s[3] * q;
        double[] in = x.toDoubleArray();
        double[] out = new double[b * c * h * w];
        for (int n = 0; n < b * c; n++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    out[(n * h + i) * w + j] = in[(n * (h / r) + i / r) * (w / q) + j / q];
                }
            }
        }
        return manager.create(out, new Shape(b, c, h, w));
    }
}
