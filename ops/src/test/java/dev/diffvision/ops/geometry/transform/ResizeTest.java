package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.io.Npy;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code resize}, {@code rescale}, {@code pyrdown}, {@code pyrup} against OpenCV on a real astronaut crop
 * (tools/gen_transform_refs.py; float32 images, so OpenCV's resize weights are exact): INTER_LINEAR = bilinear
 * with align_corners false and no antialias, INTER_NEAREST = torch's nearest, INTER_CUBIC = bicubic (a = -0.75),
 * INTER_AREA with an integer factor = area; Kornia's antialias and pyrdown rebuilt from cv2.GaussianBlur /
 * cv2.filter2D (BORDER_REFLECT_101) and INTER_LINEAR. Tolerance 1e-5 (float32 arithmetic on values in [0, 1]).
 * OpenCV's own pyrDown differs by design (even-row sampling, ceil size): only its shape is compared.
 */
class ResizeTest extends OpTestBase {

    private NDArray load(String name) {
        try (InputStream in = ResizeTest.class.getResourceAsStream("/geometry/transform/" + name + ".npy")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource geometry/transform/" + name + ".npy");
            }
            return Npy.read(in).toNDArray(manager);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private NDArray src() {
        return load("src").toType(DataType.FLOAT32, false);
    }

    @Test
    void resizeMatchesOpenCv() {
        NDArray x = src();
        assertClose(load("resize_linear_13x20"), Affwarp.resize(x, new int[] {13, 20}, Sampling.Resize.BILINEAR,
                null, "short", false), 1e-5);
        assertClose(load("resize_nearest_13x20"), Affwarp.resize(x, new int[] {13, 20}, Sampling.Resize.NEAREST,
                null, "short", false), 0);
        assertClose(load("resize_cubic_45x50"), Affwarp.resize(x, new int[] {45, 50}, Sampling.Resize.BICUBIC,
                false, "short", false), 1e-5);
        assertClose(load("resize_area_8x8"), Affwarp.resize(x, new int[] {8, 8}, Sampling.Resize.AREA, null, "short",
                false), 1e-5);
        assertClose(load("resize_antialias_10x12"), Affwarp.resize(x, new int[] {10, 12}, Sampling.Resize.BILINEAR,
                false, "short", true), 1e-5);
    }

    @Test
    void oneSizeKeepsTheAspectRatioAndRescaleTruncates() {
        NDArray x = rand(DataType.FLOAT32, 1, 2, 10, 25);
        assertEquals(new Shape(1, 2, 4, 10), Affwarp.resize(x, new int[] {4}, Sampling.Resize.BILINEAR, null, "short",
                false).getShape());
        assertEquals(new Shape(1, 2, 2, 6), Affwarp.resize(x, new int[] {6}, Sampling.Resize.BILINEAR, null, "long",
                false).getShape());
        NDArray r = Affwarp.rescale(x, new double[] {0.45, 0.5}, Sampling.Resize.BILINEAR, null, false);
        assertEquals(new Shape(1, 2, 4, 12), r.getShape());
        assertClose(Affwarp.resize(x, new int[] {4, 12}, Sampling.Resize.BILINEAR, null, "short", false), r, 0);
        // the same size is the identity for every mode
        for (Sampling.Resize mode : Sampling.Resize.values()) {
            assertClose(x, Affwarp.resize(x, new int[] {10, 25}, mode, null, "short", true), 1e-6);
        }
    }

    @Test
    void pyrdownMatchesKorniasAlgorithmBuiltFromOpenCv() {
        NDArray odd = src().get(":, 0:31, 0:30");
        NDArray down = Pyramid.pyrdown(odd, BorderType.REFLECT, false, 2.0);
        assertClose(load("pyrdown_31x30"), down, 1e-5);
        long[] cv2Shape = load("pyrdown_cv2_shape").toType(DataType.INT64, false).toLongArray();
        assertArrayEquals(new long[] {16, 15}, cv2Shape, "OpenCV rounds up");
        assertEquals(new Shape(3, 15, 15), down.getShape(), "Kornia rounds down");

        NDArray up = Pyramid.pyrup(src(), BorderType.REFLECT, false);
        assertEquals(new Shape(3, 64, 64), up.getShape());
        // a constant image stays constant through both (the kernel sums to 1, reflect borders)
        NDArray flat = manager.full(new Shape(1, 1, 9, 12), 0.3f);
        assertClose(manager.full(new Shape(1, 1, 4, 6), 0.3f), Pyramid.pyrdown(flat, BorderType.REFLECT, false, 2.0),
                1e-6);
        assertClose(manager.full(new Shape(1, 1, 18, 24), 0.3f), Pyramid.pyrup(flat, BorderType.REFLECT, false),
                1e-6);
        List<NDArray> levels = Pyramid.buildPyramid(src(), 3, BorderType.REFLECT, false);
        assertEquals(new Shape(3, 8, 8), levels.get(2).getShape());
        assertClose(Pyramid.pyrdown(levels.get(1), BorderType.REFLECT, false, 2.0), levels.get(2), 0);
        // 32 -> 16 -> 8 -> 4 -> 2: a 2 x 2 level cannot be reflect-padded by 2 for a sixth level; the error names
        // build_pyramid and how many levels the input allows
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pyramid.buildPyramid(src(), 10, BorderType.REFLECT, false));
        assertTrue(e.getMessage().startsWith("build_pyramid: expected at most 5 levels for input (3, 32, 32), got"
                + " max_level 10 (pyrdown: expected reflect padding"), e.getMessage());
    }

    @Test
    void gradientsFlowToTheImage() {
        // (3, 5) from (6, 7) downscales both axes, so the antialias blur is in the graph too
        NDArray x = rand(DataType.FLOAT64, 1, 1, 6, 7);
        for (Sampling.Resize mode : Sampling.Resize.values()) {
            GradientCheck.check(y -> Affwarp.resize(y, new int[] {3, 5}, mode, null, "short", true), x,
                    GradientCheck.Options.defaults()).assertPassed("resize " + mode);
        }
        GradientCheck.check(y -> Pyramid.pyrup(y, BorderType.REFLECT, true), x, GradientCheck.Options.defaults())
                .assertPassed("pyrup");
    }

    @Test
    void badInputIsRejectedWithTheOpsName() {
        NDArray x = rand(DataType.FLOAT32, 1, 2, 6, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Affwarp.resize(x, new int[] {0, 3}, Sampling.Resize.BILINEAR, null, "short", false));
        assertTrue(e.getMessage().startsWith("resize: expected size (h, w) or one side of positive lengths"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Affwarp.resize(x, new int[] {3}, Sampling.Resize.BILINEAR, null, "diagonal", false));
        assertTrue(e.getMessage().startsWith("resize: expected side one of"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Affwarp.rescale(x, new double[] {0.1}, Sampling.Resize.BILINEAR, null, false));
        assertTrue(e.getMessage().startsWith("rescale: expected factor giving a non-empty image"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sampling.Resize.parse("lanczos", "resize"));
        assertTrue(e.getMessage().startsWith("resize: expected interpolation one of"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Pyramid.pyrdown(manager.zeros(new Shape(1, 1, 1, 5)), BorderType.REFLECT, false, 2.0));
        assertTrue(e.getMessage().startsWith("pyrdown: expected"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sampling.interpolate(x.get(0), 3, 3, Sampling.Resize.AREA, false));
        assertTrue(e.getMessage().startsWith("interpolate: expected input of shape (B, C, H, W)"), e.getMessage());
    }
}
