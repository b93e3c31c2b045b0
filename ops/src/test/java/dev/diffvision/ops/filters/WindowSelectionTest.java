package dev.diffvision.ops.filters;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared-column selection program, run here on plain arrays exactly as {@code median_blur.py} runs it on
 * tensors, against sorting every window of a zero-padded random image with many ties (values from {-1, 0} and
 * from {-1 .. 3}; 100 images for the 5x5 median). Exact equality: the program only moves values.
 */
class WindowSelectionTest {

    @Test
    void selectsEveryRankOfEveryWindowOfRandomImagesWithTies() {
        Random random = new Random(11);
        int[][] sizes = {{1, 1}, {1, 3}, {3, 1}, {3, 3}, {3, 5}, {5, 3}, {5, 5}, {7, 7}, {9, 5}};
        for (int[] size : sizes) {
            int kh = size[0];
            int kw = size[1];
            int n = kh * kw;
            for (int k : new int[] {0, n / 3, n / 2, n - 1}) {
                WindowSelection program = WindowSelection.select(kh, kw, k);
                for (int trial = 0; trial < (kh == 5 && kw == 5 ? 100 : 3); trial++) {
                    int h = 4 + random.nextInt(6);
                    int w = 4 + random.nextInt(9);
                    double[][] image = new double[h][w];
                    for (double[] row : image) {
                        for (int x = 0; x < w; x++) {
                            row[x] = random.nextInt(trial % 2 == 0 ? 2 : 5) - 1;
                        }
                    }
                    double[][] got = run(program, image, kh, kw);
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            double[] window = new double[n];
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int yy = y + i - kh / 2;
                                    int xx = x + j - kw / 2;
                                    boolean inside = yy >= 0 && yy < h && xx >= 0 && xx < w;
                                    window[i * kw + j] = inside ? image[yy][xx] : 0;
                                }
                            }
                            Arrays.sort(window);
                            assertEquals(window[k], got[y][x], kh + "x" + kw + " rank " + k + " at " + y + ", " + x);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theFiveByFiveMedianNeedsFewerOperationsThanTheWindowNetwork() {
        int ops = WindowSelection.select(5, 5, 12).instructions().length / 6;
        assertEquals(WindowSelection.MEDIAN_5X5_OPS, ops);
        assertTrue(ops < 202, "ops " + ops);
    }

    /** The interpreter of {@code median_blur.py}, on rows of the padded image instead of tensors. */
    private static double[][] run(WindowSelection program, double[][] image, int kh, int kw) {
        int h = image.length;
        int w = image[0].length;
        int wp = w + kw - 1;
        double[][][] slots = new double[program.slots()][][];
        for (int i = 0; i < kh; i++) {
            slots[i] = new double[h][wp];
            for (int y = 0; y < h; y++) {
                int yy = y + i - kh / 2;
                for (int x = 0; x < wp; x++) {
                    int xx = x - kw / 2;
                    slots[i][y][x] = yy >= 0 && yy < h && xx >= 0 && xx < w ? image[yy][xx] : 0;
                }
            }
        }
        int[] code = program.instructions();
        for (int t = 0; t < code.length; t += 6) {
            double[][] a = slots[code[t + 2]];
            double[][] b = slots[code[t + 4]];
            int sa = code[t + 3];
            int sb = code[t + 5];
            int width = Math.min(a[0].length - sa, b[0].length - sb);
            double[][] out = new double[h][width];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < width; x++) {
                    double u = a[y][x + sa];
                    double v = b[y][x + sb];
                    out[y][x] = code[t] == 0 ? Math.min(u, v) : Math.max(u, v);
                }
            }
            slots[code[t + 1]] = out;
        }
        double[][] result = new double[h][w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(slots[program.outputSlot()][y], program.outputShift(), result[y], 0, w);
        }
        return result;
    }
}
