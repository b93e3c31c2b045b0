package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.filters.Filter.Behaviour;
import dev.diffvision.ops.filters.Filter.PaddingMode;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * filter2d / filter2d_separable: Kornia's vector and doctests (impulse responses: correlation shows the
 * flipped kernel, convolution the kernel itself), a naive reference for every border and even kernels,
 * per-image kernels, valid padding, and gradients to the input and to the kernel.
 */
class FilterTest extends OpTestBase {

    private NDArray impulse() {
        float[] v = new float[25];
        v[12] = 1;
        return manager.create(v, new Shape(1, 1, 5, 5));
    }

    private NDArray arangeKernel() {
        return manager.arange(1f, 10f).reshape(1, 3, 3);
    }

    @Test
    void korniaVectorAndConvolutionBehaviour() {
        References.assertKorniaCasePasses("filter2d__corr_vs_conv");
        // second assert of Kornia's TestFilter2D::test_conv: 'conv' shows the kernel unflipped
        NDArray conv = Filter.filter2d(impulse(), arangeKernel(), BorderType.REFLECT, false, PaddingMode.SAME,
                Behaviour.CONV);
        assertClose(arangeKernel().reshape(3, 3), conv.get("0, 0, 1:4, 1:4"), 0);
        // doctest: 5 * ones(3, 3) around the impulse; separable doctest too
        NDArray five = impulse().mul(5);
        assertClose(manager.full(new Shape(3, 3), 5f), Filter.filter2d(five, manager.ones(new Shape(1, 3, 3)))
                .get("0, 0, 1:4, 1:4"), 0);
        NDArray sep = Filter.filter2dSeparable(five, manager.ones(new Shape(1, 3)), manager.ones(new Shape(1, 3)),
                BorderType.REFLECT, false, PaddingMode.SAME);
        assertClose(Filter.filter2d(five, manager.ones(new Shape(1, 3, 3))), sep, 1e-6);
    }

    @Test
    void matchesANaiveCorrelationForEveryBorderAndEvenKernels() {
        NDArray x = rand(DataType.FLOAT64, 2, 2, 6, 7);
        for (BorderType border : BorderType.values()) {
            for (int[] size : new int[][] {{3, 3}, {2, 4}, {5, 1}}) {
                NDArray k = rand(DataType.FLOAT64, 1, size[0], size[1]).sub(0.5);
                NDArray out = Filter.filter2d(x, k, border, false, PaddingMode.SAME, Behaviour.CORR);
                assertClose(naive(x, k, border), out, 1e-12);
            }
        }
    }

    @Test
    void perImageKernelsValidPaddingAndNormalization() {
        NDArray x = rand(DataType.FLOAT64, 3, 2, 6, 7);
        NDArray k = rand(DataType.FLOAT64, 3, 3, 2);
        NDArray out = Filter.filter2d(x, k);
        for (int b = 0; b < 3; b++) {
            assertClose(Filter.filter2d(x.get(b + ":" + (b + 1)), k.get(b + ":" + (b + 1))), out.get(b + ":" + (b + 1)),
                    1e-12);
        }
        NDArray valid = Filter.filter2d(x, k, BorderType.REFLECT, false, PaddingMode.VALID, Behaviour.CORR);
        assertEquals(new Shape(3, 2, 4, 6), valid.getShape());
        assertClose(out.get(":, :, 1:5, 0:6"), valid, 1e-12);
        NDArray normalized = Filter.filter2d(x, k.mul(7), BorderType.REFLECT, true, PaddingMode.SAME, Behaviour.CORR);
        NDArray l1 = k.abs().sum(new int[] {1, 2}).reshape(3, 1, 1, 1);
        assertClose(out.div(l1), normalized, 1e-12);
        NDArray kx = rand(DataType.FLOAT64, 3, 5);
        NDArray ky = rand(DataType.FLOAT64, 3, 3);
        NDArray outer = ky.expandDims(2).mul(kx.expandDims(1));
        assertClose(Filter.filter2d(x, outer), Filter.filter2dSeparable(x, kx, ky, BorderType.REFLECT, false,
                PaddingMode.SAME), 1e-12);
    }

    @Test
    void gradientsFlowToInputAndKernel() {
        NDArray x = rand(DataType.FLOAT64, 2, 2, 5, 6);
        NDArray k = rand(DataType.FLOAT64, 2, 3, 2);
        GradientCheck.Options opts = GradientCheck.Options.defaults();
        GradientCheck.check(t -> Filter.filter2d(t, k, BorderType.CIRCULAR, true, PaddingMode.SAME, Behaviour.CONV),
                x, opts).assertPassed("filter2d wrt input");
        GradientCheck.check(t -> Filter.filter2d(x, t, BorderType.REPLICATE, true, PaddingMode.SAME, Behaviour.CORR),
                k, opts).assertPassed("filter2d wrt kernel");
        NDArray kx = rand(DataType.FLOAT64, 1, 3);
        GradientCheck.check(t -> Filter.filter2dSeparable(x, kx, t, BorderType.REFLECT, false, PaddingMode.VALID),
                rand(DataType.FLOAT64, 1, 3), opts).assertPassed("filter2d_separable wrt kernel_y");
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Filter.filter2d(manager.zeros(new Shape(2, 1, 5, 5)), manager.ones(new Shape(3, 3, 3))));
        assertEquals("filter2d: expected a kernel batch of 1 or the input batch 2, got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Filter.filter2d(manager.zeros(new Shape(1, 1, 5, 5)), manager.ones(new Shape(3, 3))));
        assertEquals("filter2d: expected kernel of shape (B, kH, kW), got (3, 3)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Filter.PaddingMode.parse("full", "filter2d"));
        assertThrows(IllegalArgumentException.class, () -> Filter.filter2d(manager.zeros(new Shape(1, 1, 2, 2)),
                manager.ones(new Shape(1, 3, 3)), BorderType.REFLECT, false, PaddingMode.VALID, Behaviour.CORR));
        // one NaN tap made every output pixel NaN
        e = assertThrows(IllegalArgumentException.class, () -> Filter.filter2d(manager.zeros(new Shape(1, 1, 5, 5)),
                manager.create(new float[] {0, 1, Float.NaN}, new Shape(1, 1, 3))));
        assertEquals("filter2d: expected finite values in kernel, got NaN in (1, 1, 3)", e.getMessage());
    }

    /** out[y, x] = sum k[i, j] * x[src(y + i - top), src(x + j - left)], on the host, for any border. */
    private NDArray naive(NDArray x, NDArray k, BorderType border) {
        long[] s = x.getShape().getShape();
        int h = (int) s[2];
        int w = (int) s[3];
        int kh = (int) k.getShape().get(1);
        int kw = (int) k.getShape().get(2);
        int top = (kh - 1) / 2;
        int left = (kw - 1) / 2;
        double[] xv = x.toDoubleArray();
        double[] kv = k.toDoubleArray();
        double[] out = new double[xv.length];
        for (int p = 0; p < s[0] * s[1]; p++) {
            for (int y = 0; y < h; y++) {
                for (int c = 0; c < w; c++) {
                    double acc = 0;
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            int yy = y + i - top;
                            int xx = c + j - left;
                            double v;
                            if (border == BorderType.CONSTANT) {
                                v = yy < 0 || yy >= h || xx < 0 || xx >= w ? 0 : xv[p * h * w + yy * w + xx];
                            } else {
                                yy = (int) dev.diffvision.ops.core.PaddingReference.indices(h, top, kh - 1 - top, border)[yy + top];
                                xx = (int) dev.diffvision.ops.core.PaddingReference.indices(w, left, kw - 1 - left, border)[xx + left];
                                v = xv[p * h * w + yy * w + xx];
                            }
                            acc += kv[i * kw + j] * v;
                        }
                    }
                    out[p * h * w + y * w + c] = acc;
                }
            }
        }
        return manager.create(out, x.getShape());
    }
}
