package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.testing.OpTestBase;
import dev.diffvision.ops.testing.References;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Pyramid#buildLaplacianPyramid}, {@link Pyramid#upscaleDouble} and {@link ScalePyramid} against Kornia's
 * algorithms run with OpenCV primitives (tools/gen_pyramid_refs.py, float64: cv2.filter2D / cv2.GaussianBlur with
 * BORDER_REFLECT_101 = Kornia's 'reflect', cv2.resize INTER_LINEAR = torch bilinear with align_corners false), the
 * Laplacian reconstruction identity and closed forms; float64 gradients; batch == per-item.
 */
class PyramidTest extends OpTestBase {

    private static final String REFS = "geometry/transform/pyramid";

    @Test
    void laplacianPyramidMatchesTheOpenCvReferenceAfterPaddingToPowersOfTwo() {
        NDArray src = References.npy(manager, REFS, "lap_src").expandDims(0);          // (1, 3, 20, 24)
        List<NDArray> levels = Pyramid.buildLaplacianPyramid(src, 3, BorderType.REFLECT, false);
        assertEquals(3, levels.size());
        for (int i = 0; i < 3; i++) {
            // both sides are padded to 32: levels (32, 32), (16, 16), (8, 8); float64 on both sides
            assertClose(References.npy(manager, REFS, "lap_" + i).expandDims(0), levels.get(i), 1e-10);
        }
    }

    @Test
    void laplacianLevelsRebuildTheImageAndBatchIsPerItem() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 16, 8);
        List<NDArray> levels = Pyramid.buildLaplacianPyramid(x, 3, BorderType.REFLECT, false);
        // Burt-Adelson: G_i = L_i + pyrup(G_{i+1}), so collapsing the pyramid gives the input back exactly
        NDArray rebuilt = levels.get(2);
        for (int i = 1; i >= 0; i--) {
            rebuilt = levels.get(i).add(Pyramid.pyrup(rebuilt, BorderType.REFLECT, false));
        }
        assertClose(x, rebuilt, 1e-12);
        for (int b = 0; b < 2; b++) {
            List<NDArray> one = Pyramid.buildLaplacianPyramid(x.get(b), 3, BorderType.REFLECT, false);
            for (int i = 0; i < 3; i++) {
                assertClose(levels.get(i).get(b), one.get(i), 1e-12);
            }
        }
        // one level: the (unpadded, 16 is a power of two) input itself
        assertSame(x, Pyramid.buildLaplacianPyramid(x, 1, BorderType.REFLECT, false).get(0));
    }

    @Test
    void laplacianPyramidGradientsAndRejections() {
        NDArray x = rand(DataType.FLOAT64, 1, 1, 8, 8);
        GradientCheck.check(y -> flatConcat(Pyramid.buildLaplacianPyramid(y, 3, BorderType.REFLECT, false)), x,
                GradientCheck.Options.defaults()).assertPassed("build_laplacian_pyramid");
        // H = 8 is a power of two, so W = 5 is not padded (Kornia pads only when neither side is one):
        // pyrup of the (4, 2) level gives (8, 4), not (8, 5)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pyramid.buildLaplacianPyramid(rand(DataType.FLOAT32, 1, 1, 8, 5), 2, BorderType.REFLECT, false));
        assertEquals("build_laplacian_pyramid: expected even sides at level 0 (pyrup of level 1 must restore its"
                + " size), got (1, 1, 8, 5)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Pyramid.buildLaplacianPyramid(rand(DataType.FLOAT32, 4, 4), 2, BorderType.REFLECT, false));
        assertTrue(e.getMessage().startsWith("build_laplacian_pyramid: expected input of shape"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Pyramid.buildLaplacianPyramid(rand(DataType.FLOAT32, 1, 1, 4, 4), 0, BorderType.REFLECT, false));
        assertTrue(e.getMessage().startsWith("build_laplacian_pyramid: expected max_level"), e.getMessage());
    }

    @Test
    void upscaleDoubleKeepsEvenPixelsAndAveragesOddOnes() {
        NDArray x = manager.create(new double[] {1, 2, 3, 5}, new Shape(1, 1, 2, 2));
        // Kornia's closed form: even (2i, 2j) = x(i, j), odd = mean of even neighbours, last row/column repeated
        NDArray expected = manager.create(new double[] {
            1, 1.5, 2, 2,
            2, 2.75, 3.5, 3.5,
            3, 4, 5, 5,
            3, 4, 5, 5}, new Shape(1, 1, 4, 4));
        assertClose(expected, Pyramid.upscaleDouble(x), 0);
        // the NumPy reference of tools/gen_pyramid_refs.py enters the double_image ScalePyramid test below; here a
        // one-pixel-wide image only repeats
        assertClose(manager.create(new double[] {7, 7, 7, 7}, new Shape(1, 2, 2)),
                Pyramid.upscaleDouble(manager.create(new double[] {7}, new Shape(1, 1, 1))), 0);
        GradientCheck.check(Pyramid::upscaleDouble, rand(DataType.FLOAT64, 1, 2, 3, 4),
                GradientCheck.Options.defaults()).assertPassed("upscale_double");
    }

    @Test
    void scalePyramidMatchesTheOpenCvReference() {
        checkScalePyramid(false, "sp", 1.0);
        checkScalePyramid(true, "spd", 0.5);
    }

    private void checkScalePyramid(boolean doubleImage, String prefix, double firstDistance) {
        NDArray src = References.npy(manager, REFS, prefix + "_src").expandDims(0);     // (1, 1, H, W)
        ScalePyramid.Result r = new ScalePyramid(2, 1.6, 4, doubleImage).forward(src);
        assertEquals(3, r.pyramids().size(), prefix + " octaves");
        for (int o = 0; o < 3; o++) {
            NDArray expected = References.npy(manager, REFS, prefix + "_" + o).expandDims(0);   // (1, 1, 5, h, w)
            assertClose(expected, r.pyramids().get(o), 1e-10);
            // sigma of level l: 1.6 * 2^(l / 2) in every octave; pixel distance doubles per octave
            double[] sigmas = new double[5];
            double[] distances = new double[5];
            for (int l = 0; l < 5; l++) {
                sigmas[l] = 1.6 * Math.pow(2, l / 2.0);
                distances[l] = firstDistance * Math.pow(2, o);
            }
            assertClose(manager.create(sigmas, new Shape(1, 5)), r.sigmas().get(o), 1e-12);
            assertClose(manager.create(distances, new Shape(1, 5)), r.pixelDists().get(o), 0);
        }
    }

    @Test
    void scalePyramidBatchGradientAndRejections() {
        ScalePyramid pyramid = new ScalePyramid(1, 1.6, 4, false);
        NDArray x = rand(DataType.FLOAT32, 2, 2, 12, 14);
        ScalePyramid.Result r = pyramid.forward(x);
        // 12 x 14, then level 1 subsampled to 6 x 7, then 3 x 4 <= 4 ends it
        assertEquals(List.of(new Shape(2, 2, 4, 12, 14), new Shape(2, 2, 4, 6, 7)),
                r.pyramids().stream().map(NDArray::getShape).toList());
        assertEquals(DataType.FLOAT32, r.sigmas().get(1).getDataType());
        for (int b = 0; b < 2; b++) {
            ScalePyramid.Result one = pyramid.forward(x.get(b + ":" + (b + 1)));
            for (int o = 0; o < 2; o++) {
                assertClose(r.pyramids().get(o).get(b + ":" + (b + 1)), one.pyramids().get(o), 1e-6);
            }
        }
        // a seeded sample of 48 of the 168 pixels keeps the check fast
        GradientCheck.check(y -> flatConcat(pyramid.forward(y).pyramids()), rand(DataType.FLOAT64, 1, 1, 12, 14),
                new GradientCheck.Options(1e-6, 1e-5, 1e-3, 48, 42)).assertPassed("ScalePyramid");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pyramid.forward(rand(DataType.FLOAT32, 2, 12, 14)));
        assertEquals("ScalePyramid: expected x of shape (B, C, H, W), got (2, 12, 14)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ScalePyramid(0, 1.6, 15, false));
        assertTrue(e.getMessage().startsWith("ScalePyramid: expected n_levels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ScalePyramid(3, -1, 15, false));
        assertEquals("ScalePyramid: expected a finite init_sigma >= 0, got -1.0", e.getMessage());
        // the first blur (kernel 13) needs more than 6 pixels per side with the reflect border
        e = assertThrows(IllegalArgumentException.class, () -> pyramid.forward(rand(DataType.FLOAT32, 1, 1, 5, 20)));
        assertEquals("ScalePyramid: expected images of more than 6 pixels per side (a blur of kernel size 13,"
                + " reflect border), got (1, 1, 5, 20)", e.getMessage());
    }

    private static NDArray flatConcat(List<NDArray> levels) {
        NDList flat = new NDList();
        for (NDArray level : levels) {
            flat.add(level.flatten());
        }
        return NDArrays.concat(flat);
    }
}
