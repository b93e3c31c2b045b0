package dev.diffvision.ops.contrib;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * extract_tensor_patches / combine_tensor_patches: Kornia's vector and doctests, every patch against the slice it
 * copies, round trips (exact: patches are copies and overlaps are averages of equal values), Kornia's
 * compute_padding, and float64 gradients with padding and overlaps.
 */
class ExtractPatchesTest extends OpTestBase {

    @Test
    void korniaVectorAndSlices() {
        References.assertKorniaCasePasses("extract_tensor_patches__ws23");
        NDArray x = rand(DataType.FLOAT32, 2, 3, 7, 9);
        NDArray patches = Contrib.extractTensorPatches(x, new int[] {3, 4}, new int[] {2, 3}, new int[] {1, 0, 2, 1},
                false);
        NDArray padded = x.pad(new Shape(2, 1, 1, 0), 0); // DJL order: (left, right, top, bottom)
        // padded 8 x 12: rows (8 - 3) / 2 + 1 = 3, cols (12 - 4) / 3 + 1 = 3
        assertEquals(new Shape(2, 9, 3, 3, 4), patches.getShape());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertClose(padded.get(":, :, " + 2 * i + ":" + (2 * i + 3) + ", " + 3 * j + ":" + (3 * j + 4)),
                        patches.get(":, " + (3 * i + j)), 0);
            }
        }
        assertClose(patches.get("1"), Contrib.extractTensorPatches(x.get("1"), new int[] {3, 4}, new int[] {2, 3},
                new int[] {1, 0, 2, 1}, false), 0);
    }

    @Test
    void combineInvertsExtract() {
        // Kornia's doctest: arange(16) as 4x4, 2x2 windows, stride 2
        NDArray img = manager.arange(16f).reshape(1, 1, 4, 4);
        NDArray out = Contrib.extractTensorPatches(img, new int[] {2}, new int[] {2}, new int[] {0}, false);
        assertClose(img, Contrib.combineTensorPatches(out, new int[] {4}, new int[] {2}, new int[] {2}, false,
                new int[] {0}, 1e-8), 1e-6);
        assertArrayEquals(new int[] {1, 1, 0, 0}, Contrib.computePadding(new int[] {4, 3}, new int[] {3, 3},
                new int[] {3, 3}));
        // auto padding both ways, windows that do not tile the image, overlaps averaged
        NDArray x = rand(DataType.FLOAT64, 2, 2, 7, 5);
        for (int[] stride : new int[][] {{3, 3}, {2, 1}}) {
            NDArray p = ExtractPatches.extractTensorPatches(x, new int[] {3}, stride, new int[] {0}, true);
            NDArray back = ExtractPatches.combineTensorPatches(p, new int[] {7, 5}, new int[] {3}, stride, true,
                    new int[] {0}, 1e-12);
            assertClose(x, back, 1e-10);
        }
    }

    @Test
    void gradientsInFloat64() {
        NDArray x = rand(DataType.FLOAT64, 1, 2, 5, 6);
        GradientCheck.check(t -> ExtractPatches.extractTensorPatches(t, new int[] {2, 3}, new int[] {1, 2},
                new int[] {1}, false), x, GradientCheck.Options.defaults()).assertPassed("extract padding");
        NDArray p = rand(DataType.FLOAT64, 1, 9, 2, 3, 3); // padded 7x5: 3 x 3 windows
        GradientCheck.check(t -> ExtractPatches.combineTensorPatches(t, new int[] {5, 5}, new int[] {3},
                new int[] {2, 1}, false, new int[] {1, 0}, 1e-8), p, GradientCheck.Options.defaults())
                .assertPassed("combine overlap unpadding");
    }

    @Test
    void badInputIsRejected() {
        NDArray p = rand(DataType.FLOAT32, 1, 3, 2, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Contrib.combineTensorPatches(p, new int[] {4}, new int[] {2}, new int[] {2}, false,
                        new int[] {0}, 1e-8));
        assertEquals("combine_tensor_patches: expected patches of shape (B, 4, C, 2, 2) for original_size 4x4, got"
                + " (1, 3, 2, 2, 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Contrib.combineTensorPatches(p, new int[] {4},
                new int[] {2}, new int[] {3}, false, new int[] {0}, 1e-8));
        assertEquals("combine_tensor_patches: expected stride <= window_size, got stride 3x3 for window 2x2",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Contrib.extractTensorPatches(
                rand(DataType.FLOAT32, 1, 1, 3, 3), new int[] {4}, new int[] {1}, new int[] {0}, false));
        assertEquals("extract_tensor_patches: expected window_size no larger than the padded input, got window 4x4"
                + " for 3x3", e.getMessage());
    }
}
