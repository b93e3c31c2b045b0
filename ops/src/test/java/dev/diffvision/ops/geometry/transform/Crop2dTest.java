package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.geometry.homography.Homography;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Crop2d} and {@link Homography#getPerspectiveTransform} against closed forms: an axis-aligned integer box
 * cropped to its own size is a slice (align_corners=true, exact); the homography of four point pairs maps them
 * (to 1e-9 in float64) and equals a known matrix for a scale+shift; a crop equals warp_affine by that matrix;
 * float64 gradients with respect to the image and the box corners. {@link Crop2d#cropByIndices} against slices
 * (exact) and the warping crop of the same integer box; with a size, against Kornia's rule: a common box resized,
 * different boxes each resized ({@code resize} of the slice, the same op Kornia calls) or zero-padded / cut at
 * the bottom and right (exact).
 */
class Crop2dTest extends OpTestBase {

    @Test
    void integerBoxesAndCentreCropsAreSlices() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 7, 8);
        NDArray box = manager.create(new double[] {2, 1, 5, 1, 5, 3, 2, 3}, new Shape(1, 4, 2));
        NDArray crop = Crop2d.cropAndResize(x, box, new int[] {3, 4}, WarpOptions.defaults());
        assertClose(x.get(":, :, 1:4, 2:6"), crop, 1e-12);
        // centre crop of (7, 8) to (3, 4): start int(3.5 - 1.5) = 2, int(4 - 2) = 2
        assertClose(x.get(":, :, 2:5, 2:6"), Crop2d.centerCrop(x, new int[] {3, 4}, WarpOptions.defaults()), 1e-12);
        assertClose(x.get("0, :, 2:5, 2:6"), Crop2d.centerCrop(x.get(0), new int[] {3, 4}, WarpOptions.defaults()),
                1e-12);
    }

    @Test
    void cropByIndicesSlicesIntegerBoxes() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 7, 8);
        // Kornia: x1 = box[0].x, x2 = box[1].x + 1, y1 = box[0].y, y2 = box[3].y + 1; one box for all images
        NDArray box = manager.create(new double[] {2, 1, 5, 1, 5, 3, 2, 3}, new Shape(1, 4, 2));
        assertClose(x.get(":, :, 1:4, 2:6"), Crop2d.cropByIndices(x, box), 0);
        // the same crop by the warping path (crop_and_resize of an integer box to its own size, align_corners true)
        assertClose(Crop2d.cropAndResize(x, box, new int[] {3, 4}, WarpOptions.defaults()),
                Crop2d.cropByIndices(x, box), 1e-12);
        // one box per image, equal sizes, fractional corners truncated as Kornia's cast to long
        NDArray boxes = manager.create(new double[] {0, 0, 3.9, 0, 3.9, 1, 0, 1.5, 4, 5, 7, 5, 7, 6, 4, 6},
                new Shape(2, 4, 2));
        NDArray crops = Crop2d.cropByIndices(x, boxes);
        assertClose(x.get("0, :, 0:2, 0:4"), crops.get(0), 0);
        assertClose(x.get("1, :, 5:7, 4:8"), crops.get(1), 0);
        // unbatched image, integer boxes
        assertClose(x.get("1, :, 1:4, 2:6"), Crop2d.cropByIndices(x.get(1), box.toType(DataType.INT32, false)), 0);
        GradientCheck.check(y -> Crop2d.cropByIndices(y, boxes), x, GradientCheck.Options.defaults())
                .assertPassed("crop_by_indices d/dinput");
    }

    @Test
    void cropByIndicesBringsCropsToASize() {
        NDArray x = rand(DataType.FLOAT64, 2, 3, 7, 8);
        int[] size = {3, 3};
        // boxes of different sizes: 3 x 3 at (0, 0) kept as sliced; 2 x 4 at rows 4-5, columns 3-6 fitted
        NDArray boxes = manager.create(new double[] {0, 0, 2, 0, 2, 2, 0, 2, 3, 4, 6, 4, 6, 5, 3, 5},
                new Shape(2, 4, 2));
        NDArray resized = Crop2d.cropByIndices(x, boxes, size, Sampling.Resize.BILINEAR, null, false,
                ShapeCompensation.RESIZE);
        assertEquals(new Shape(2, 3, 3, 3), resized.getShape());
        assertClose(x.get("0, :, 0:3, 0:3"), resized.get(0), 0);
        // Kornia: resize(crop, size) of the second crop alone (F.interpolate bilinear, align_corners false)
        assertClose(Transforms.resize(x.get("1:2, :, 4:6, 3:7"), size, Sampling.Resize.BILINEAR, null, "short",
                false).get(0), resized.get(1), 1e-12);
        // pad: zeros added below (2 -> 3 rows), the columns cut on the right (4 -> 3), as F.pad with a negative pad
        NDArray padded = Crop2d.cropByIndices(x, boxes, size, Sampling.Resize.BILINEAR, null, false,
                ShapeCompensation.PAD);
        assertClose(x.get("0, :, 0:3, 0:3"), padded.get(0), 0);
        assertClose(x.get("1, :, 4:6, 3:6"), padded.get("1, :, 0:2, :"), 0);
        assertClose(manager.zeros(new Shape(3, 1, 3), DataType.FLOAT64), padded.get("1, :, 2:3, :"), 0);
        // one box for every image: that crop resized, whatever the compensation (Kornia's first branch)
        NDArray box = manager.create(new double[] {2, 1, 5, 1, 5, 3, 2, 3}, new Shape(1, 4, 2));
        NDArray expected = Transforms.resize(x.get(":, :, 1:4, 2:6"), new int[] {5, 6}, Sampling.Resize.NEAREST,
                null, "short", false);
        assertClose(expected, Crop2d.cropByIndices(x, box, new int[] {5, 6}, Sampling.Resize.NEAREST, null, false,
                ShapeCompensation.PAD), 0);
        // batch == per item, and gradients reach the image through the resize and the padding
        assertClose(Crop2d.cropByIndices(x.get("1:2"), boxes.get("1:2"), size, Sampling.Resize.BILINEAR, null,
                false, ShapeCompensation.RESIZE), resized.get("1:2"), 1e-12);
        GradientCheck.check(y -> Crop2d.cropByIndices(y, boxes, size, Sampling.Resize.BILINEAR, null, false,
                ShapeCompensation.RESIZE), x, GradientCheck.Options.defaults())
                .assertPassed("crop_by_indices (resize) d/dinput");
        GradientCheck.check(y -> Crop2d.cropByIndices(y, boxes, size, Sampling.Resize.BILINEAR, null, false,
                ShapeCompensation.PAD), x, GradientCheck.Options.defaults())
                .assertPassed("crop_by_indices (pad) d/dinput");
    }

    @Test
    void cropByIndicesRejectsBoxesOutsideOrOfDifferentSizes() {
        NDArray x = rand(DataType.FLOAT32, 2, 1, 6, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Crop2d.cropByIndices(x,
                manager.create(new float[] {5, 0, 7, 0, 7, 2, 5, 2}, new Shape(1, 4, 2))));
        assertEquals("crop_by_indices: expected box 0 inside the 6 x 7 image and not empty, got rows 0 to 2,"
                + " columns 5 to 7", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Crop2d.cropByIndices(x,
                manager.create(new float[] {0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 2, 0, 2, 1, 0, 1}, new Shape(2, 4, 2))));
        assertEquals("crop_by_indices: expected boxes of one size (or a size), got 2 x 2 for box 0 and 2 x 3 for"
                + " box 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Crop2d.cropByIndices(x,
                manager.zeros(new Shape(1, 4, 2)), new int[] {0, 3}, Sampling.Resize.BILINEAR, null, false,
                ShapeCompensation.PAD));
        assertEquals("crop_by_indices: expected size (h, w) of positive sizes, got [0, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ShapeCompensation.parse("stretch", "crop_by_indices"));
        assertTrue(e.getMessage().startsWith("crop_by_indices: expected shape_compensation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Crop2d.cropByIndices(x, manager.zeros(new Shape(3, 4, 2))));
        assertEquals("crop_by_indices: expected src_box of shape (2, 4, 2) or (1, 4, 2), got (3, 4, 2)",
                e.getMessage());
        // (long) NaN is 0 in Java: a NaN corner used to crop from the image's first row or column silently
        e = assertThrows(IllegalArgumentException.class, () -> Crop2d.cropByIndices(x,
                manager.create(new float[] {0, 0, 3, 0, Float.NaN, 3, 0, 3}, new Shape(1, 4, 2))));
        assertEquals("crop_by_indices: expected finite values in src_box, got NaN in (1, 4, 2)", e.getMessage());
    }

    @Test
    void perspectiveTransformMapsThePointPairs() {
        NDArray src = manager.create(new double[] {0, 0, 5, 0.5, 6, 4, -0.5, 5}, new Shape(1, 4, 2));
        NDArray dst = manager.create(new double[] {0.3, 0.1, 5.2, 0, 6.5, 4.5, 0, 5.5}, new Shape(1, 4, 2));
        NDArray h = Homography.getPerspectiveTransform(src, dst);
        NDArray homogeneous = src.concat(manager.ones(new Shape(1, 4, 1), DataType.FLOAT64), 2)
                .matMul(h.transpose(0, 2, 1));
        NDArray mapped = homogeneous.get(":, :, 0:2").div(homogeneous.get(":, :, 2:3"));
        assertClose(dst, mapped, 1e-9);
        // the unit square onto [1, 3] x [2, 6]: H = [[2, 0, 1], [0, 4, 2], [0, 0, 1]]
        NDArray square = manager.create(new double[] {0, 0, 1, 0, 1, 1, 0, 1}, new Shape(1, 4, 2));
        NDArray target = manager.create(new double[] {1, 2, 3, 2, 3, 6, 1, 6}, new Shape(1, 4, 2));
        assertClose(manager.create(new double[] {2, 0, 1, 0, 4, 2, 0, 0, 1}, new Shape(1, 3, 3)),
                Homography.getPerspectiveTransform(square, target), 1e-12);
    }

    @Test
    void gradientsFlowToTheImageAndTheBoxes() {
        NDArray x = rand(DataType.FLOAT64, 1, 1, 6, 7);
        NDArray box = manager.create(new double[] {1.2, 0.7, 5.1, 1.1, 4.8, 4.3, 0.9, 4.6}, new Shape(1, 4, 2));
        GradientCheck.check(b -> Crop2d.cropAndResize(x, b, new int[] {3, 4}, WarpOptions.defaults()), box,
                GradientCheck.Options.defaults()).assertPassed("crop_and_resize d/dboxes");
        GradientCheck.check(y -> Crop2d.cropAndResize(y, box, new int[] {3, 4}, WarpOptions.defaults()), x,
                GradientCheck.Options.defaults()).assertPassed("crop_and_resize d/dinput");
    }

    @Test
    void degenerateBoxesAndBadShapesAreRejected() {
        NDArray x = rand(DataType.FLOAT32, 2, 1, 6, 7);
        NDArray point = manager.zeros(new Shape(1, 4, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Crop2d.cropAndResize(x, point, new int[] {3, 4}, WarpOptions.defaults()));
        assertTrue(e.getMessage().startsWith("crop_and_resize: expected points in general position"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Crop2d.cropAndResize(x, manager.zeros(new Shape(3, 4, 2)), new int[] {3, 4},
                        WarpOptions.defaults()));
        assertTrue(e.getMessage().startsWith("crop_and_resize: expected boxes of shape (2, 4, 2) or (1, 4, 2)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Crop2d.centerCrop(x, new int[] {3}, WarpOptions.defaults()));
        assertTrue(e.getMessage().startsWith("center_crop: expected size (h, w)"), e.getMessage());
        NDArray infinite = manager.create(new float[] {0, 0, Float.POSITIVE_INFINITY, 0, 3, 3, 0, 3},
                new Shape(1, 4, 2));
        e = assertThrows(IllegalArgumentException.class,
                () -> Crop2d.cropAndResize(x, infinite, new int[] {3, 4}, WarpOptions.defaults()));
        assertEquals("crop_and_resize: expected finite values in boxes, got Infinity in (1, 4, 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Crop2d.cropByBoxes(x, point.add(1), infinite,
                WarpOptions.defaults()));
        assertEquals("crop_by_boxes: expected finite values in dst_box, got Infinity in (1, 4, 2)", e.getMessage());
    }
}
