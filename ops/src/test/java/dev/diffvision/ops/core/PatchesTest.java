package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Patches.extract (torch.nn.functional.unfold) against a naive loop over windows, gradients, batching, bad input. */
class PatchesTest extends OpTestBase {

    /** The definition of unfold, one element at a time (zeros outside the image). */
    private static double[] naive(double[] x, int b, int c, int h, int w, int[] k, int[] s, int[] p, int[] d) {
        int lh = (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) / s[0] + 1;
        int lw = (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) / s[1] + 1;
        int rows = c * k[0] * k[1];
        double[] out = new double[b * rows * lh * lw];
        for (int n = 0; n < b; n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int u = 0; u < k[0]; u++) {
                    for (int v = 0; v < k[1]; v++) {
                        int row = (ch * k[0] + u) * k[1] + v;
                        for (int i = 0; i < lh; i++) {
                            for (int j = 0; j < lw; j++) {
                                int y = i * s[0] - p[0] + u * d[0];
                                int xx = j * s[1] - p[1] + v * d[1];
                                boolean inside = y >= 0 && y < h && xx >= 0 && xx < w;
                                out[((n * rows + row) * lh + i) * lw + j] =
                                        inside ? x[((n * c + ch) * h + y) * w + xx] : 0;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void matchesTheNaiveLoop() {
        int[][][] cases = {
            {{3, 3}, {1, 1}, {1, 1}, {1, 1}},
            {{2, 3}, {2, 1}, {0, 2}, {1, 1}},
            {{3, 2}, {1, 2}, {1, 0}, {2, 3}},
            {{1, 1}, {3, 3}, {0, 0}, {1, 1}},
        };
        NDArray x = rand(DataType.FLOAT64, 2, 3, 7, 8);
        double[] host = x.toDoubleArray();
        for (int[][] c : cases) {
            NDArray out = Patches.extract(x, c[0], c[1], c[2], c[3]);
            double[] expected = naive(host, 2, 3, 7, 8, c[0], c[1], c[2], c[3]);
            assertEquals(expected.length, out.size());
            assertEquals(3L * c[0][0] * c[0][1], out.getShape().get(1));
            assertArrayEquals(expected, out.toDoubleArray(), 0, java.util.Arrays.deepToString(c));
        }
    }

    @Test
    void defaultsAreStrideOneNoPaddingNoDilation() {
        NDArray x = manager.arange(0f, 16f).reshape(1, 1, 4, 4);
        NDArray out = Patches.extract(x, new int[] {3, 3});
        assertEquals(new Shape(1, 9, 4), out.getShape());
        // first window: rows 0-2, columns 0-2 of 0..15
        assertArrayEquals(new float[] {0, 1, 2, 4, 5, 6, 8, 9, 10}, out.get("0, :, 0").toFloatArray());
    }

    @Test
    void unbatchedInputGivesUnbatchedColumns() {
        NDArray x = rand(DataType.FLOAT32, 2, 5, 5);
        NDArray out = Patches.extract(x, new int[] {2, 2});
        assertEquals(new Shape(8, 16), out.getShape());
        assertClose(Patches.extract(x.expandDims(0), new int[] {2, 2}).squeeze(0), out, 0);
    }

    @Test
    void gradientSumsOverlappingWindows() {
        GradientCheck.check(t -> Patches.extract(t, new int[] {3, 2}, new int[] {1, 2}, new int[] {1, 1},
                new int[] {1, 1}), rand(DataType.FLOAT64, 1, 2, 4, 5), GradientCheck.Options.defaults())
                .assertPassed("unfold");
    }

    @Test
    void batchEqualsPerImage() {
        NDArray x = rand(DataType.FLOAT32, 3, 2, 6, 6);
        NDArray batch = Patches.extract(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1});
        for (int n = 0; n < 3; n++) {
            assertClose(Patches.extract(x.get(n), new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
                    new int[] {1, 1}), batch.get(n), 0);
        }
    }

    @Test
    void rejectsBadInputNamingTheOp() {
        NDArray x = rand(DataType.FLOAT32, 1, 1, 4, 4);
        assertMessage("unfold: expected input of shape (B, C, H, W) or (C, H, W), got (4, 4)",
                () -> Patches.extract(rand(DataType.FLOAT32, 4, 4), new int[] {2, 2}));
        assertMessage("unfold: expected kernel_size as two integers >= 1, got [0, 2]",
                () -> Patches.extract(x, new int[] {0, 2}));
        assertMessage("unfold: expected stride as two integers >= 1, got [1]",
                () -> Patches.extract(x, new int[] {2, 2}, new int[] {1}, new int[] {0, 0}, new int[] {1, 1}));
        assertMessage("unfold: expected a window (extent 5 with dilation) no larger than the padded input (4)",
                () -> Patches.extract(x, new int[] {5, 1}));
        assertMessage("unfold: expected input of dtype float32 or float64, got int32",
                () -> Patches.extract(manager.zeros(new Shape(1, 1, 4, 4), DataType.INT32), new int[] {2, 2}));
    }

    private static void assertMessage(String prefix, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
