package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Padding;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.geometry.homography.Homography;

/**
 * Crops: Kornia's {@code kornia/geometry/transform/crop2d.py} ({@code crop_and_resize}, {@code center_crop},
 * {@code crop_by_boxes}, {@code crop_by_transform_mat} by warping; {@code crop_by_indices} by slicing).
 *
 * <p>Boxes are {@code (B, 4, 2)} corners {@code (x, y)} in pixels, clockwise from top-left: {@code (x1, y1),
 * (x2, y1), (x2, y2), (x1, y2)}, inclusive (a box from 1 to 2 spans two pixels). Each box is mapped onto the
 * output grid by {@link Homography#getPerspectiveTransform}, and the image is sampled by {@link ImgWarp#warpAffine}
 * with that matrix's top two rows (so boxes that are not rectangles are treated as Kornia does, affinely).
 * A box batch of 1 applies to every image. Images: {@code (B, C, H, W)} or {@code (C, H, W)} float32/float64; outputs keep dtype, device and rank, belong to
 * the image's manager, and are differentiable in the image and the boxes. Inputs are not modified.
 *
 * <pre>{@code
 * NDArray boxes = manager.create(new float[] {1, 1, 2, 1, 2, 2, 1, 2}, new Shape(1, 4, 2));
 * NDArray crop = Crop2d.cropAndResize(image, boxes, new int[] {2, 2}, WarpOptions.defaults());
 * }</pre>
 */
public final class Crop2d {

    private Crop2d() {}

    /**
     * Crops boxes and resamples each to {@code size}: Kornia's {@code crop_and_resize}.
     *
     * @param input the images
     * @param boxes {@code (B, 4, 2)} corners (see the class comment)
     * @param size {@code (h, w)} of every crop
     * @param options sampling (Kornia: bilinear, zeros, align_corners true)
     * @return {@code (B, C, h, w)}
     * @throws IllegalArgumentException for wrong shapes or dtypes, a non-positive size, NaN or infinite corners or
     *     degenerate boxes
     */
    public static NDArray cropAndResize(NDArray input, NDArray boxes, int[] size, WarpOptions options) {
        String op = "crop_and_resize";
        Checks.image(input, op, "input_tensor");
        checkSize(size, op);
        checkBoxes(boxes, batch(input), op, "boxes");
        return Scoped.run(() -> cropByBoxes(input, boxes, corners(boxes, batch(input), 0, 0, size[1] - 1,
                size[0] - 1), options,
                op), input, boxes);
    }

    /**
     * Crops the centre {@code size} of each image: Kornia's {@code center_crop} (start {@code int(H/2 - h/2)},
     * {@code int(W/2 - w/2)}).
     *
     * @param input the images
     * @param size {@code (h, w)}
     * @param options sampling
     * @return {@code (B, C, h, w)}
     * @throws IllegalArgumentException for a wrong rank or dtype or a non-positive size
     */
    public static NDArray centerCrop(NDArray input, int[] size, WarpOptions options) {
        String op = "center_crop";
        Checks.image(input, op, "input");
        checkSize(size, op);
        Shape s = input.getShape();
        int d = s.dimension();
        int startX = (int) (s.get(d - 1) / 2.0 - size[1] / 2.0);
        int startY = (int) (s.get(d - 2) / 2.0 - size[0] / 2.0);
        return Scoped.run(() -> {
            long n = batch(input);
            NDArray src = corners(input, n, startX, startY, startX + size[1] - 1, startY + size[0] - 1);
            return cropByBoxes(input, src, corners(input, n, 0, 0, size[1] - 1, size[0] - 1), options, op);
        }, input);
    }

    /**
     * Crops source boxes onto destination boxes: Kornia's {@code crop_by_boxes}; the output size is the
     * destination boxes' extent {@code (max y - min y + 1, max x - min x + 1)} of the first box.
     *
     * @param input the images
     * @param srcBox {@code (B, 4, 2)} source corners
     * @param dstBox {@code (B, 4, 2)} destination corners
     * @param options sampling
     * @return the crops
     * @throws IllegalArgumentException for wrong shapes or dtypes, NaN or infinite corners or degenerate boxes
     */
    public static NDArray cropByBoxes(NDArray input, NDArray srcBox, NDArray dstBox, WarpOptions options) {
        String op = "crop_by_boxes";
        Checks.image(input, op, "input");
        checkBoxes(srcBox, batch(input), op, "src_box");
        checkBoxes(dstBox, batch(input), op, "dst_box");
        return Scoped.run(() -> cropByBoxes(input, srcBox, dstBox, options, op), input, srcBox, dstBox);
    }

    /**
     * Warps by a {@code (B, 3, 3)} (or {@code (1, 3, 3)}) transform into {@code outSize}: Kornia's
     * {@code crop_by_transform_mat}, {@link ImgWarp#warpAffine} with the matrix's top two rows.
     *
     * @param input the images
     * @param transform source-to-crop pixel maps
     * @param outSize {@code (h, w)}
     * @param options sampling
     * @return the crops
     * @throws IllegalArgumentException for wrong shapes or dtypes or a singular transform
     */
    public static NDArray cropByTransformMat(NDArray input, NDArray transform, int[] outSize, WarpOptions options) {
        String op = "crop_by_transform_mat";
        Checks.image(input, op, "input");
        Checks.shape(transform, op, "transform", "B", "3", "3");
        try {
            return Scoped.run(() -> ImgWarp.warpAffine(input, transform.get(":, 0:2, :"), outSize, options),
                    input, transform);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^warp_affine", op), e);
        }
    }

    /**
     * Crops integer boxes by slicing: Kornia's {@code crop_by_indices} without a size. Box {@code b} (same corner
     * order as the class comment) is truncated to integers (Kornia's cast to {@code long}) and gives the slice
     * {@code rows y1 .. y2, columns x1 .. x2} inclusive, with {@code (x1, y1)} its first corner, {@code x2} the x
     * of its second and {@code y2} the y of its fourth. Every box must lie inside the image (Python's slicing
     * would clip or wrap silently; here that is an error) and all must have the same size (Kornia fails
     * otherwise too; give a size to {@link #cropByIndices(NDArray, NDArray, int[], Sampling.Resize, Boolean,
     * boolean, ShapeCompensation)} for boxes of different sizes). Differentiable in the image only (the boxes are
     * indices).
     *
     * <pre>{@code
     * NDArray box = manager.create(new float[] {2, 1, 5, 1, 5, 3, 2, 3}, new Shape(1, 4, 2));
     * NDArray crop = Crop2d.cropByIndices(image, box);   // image[..., 1:4, 2:6], (B, C, 3, 4)
     * }</pre>
     *
     * @param input the images
     * @param srcBox {@code (B, 4, 2)} or {@code (1, 4, 2)} (one box for every image) corners, any numeric dtype
     * @return {@code (B, C, h, w)} (or {@code (C, h, w)}) crops, owned by the input's manager
     * @throws IllegalArgumentException for wrong shapes or dtypes, boxes outside the image, empty boxes or boxes of
     *     different sizes
     */
    public static NDArray cropByIndices(NDArray input, NDArray srcBox) {
        return cropByIndices(input, srcBox, null, Sampling.Resize.BILINEAR, null, false, ShapeCompensation.RESIZE);
    }

    /**
     * Kornia's {@code crop_by_indices} with its {@code size}: the boxes are sliced as in
     * {@link #cropByIndices(NDArray, NDArray)} and brought to {@code size}. As Kornia: when every image has the
     * same box, that one crop is resized to {@code size} ({@code resize} with {@code interpolation},
     * {@code alignCorners} and {@code antialias}; Kornia does so whatever {@code shape_compensation} says); when
     * the boxes differ, each crop whose size is not {@code size} is resized ({@link ShapeCompensation#RESIZE}) or
     * zero-padded below and to the right, or cut there where it is larger ({@link ShapeCompensation#PAD}), and the
     * others are kept as sliced. With {@code size} null the boxes must all have one size, which is the output's.
     * Differentiable in the image.
     *
     * <pre>{@code
     * NDArray boxes = manager.create(new float[] {0, 0, 3, 0, 3, 3, 0, 3,      // 4 x 4 at the origin
     *                                             2, 1, 7, 1, 7, 4, 2, 4}, new Shape(2, 4, 2));   // 4 x 6
     * NDArray crops = Crop2d.cropByIndices(images, boxes, new int[] {4, 4}, Sampling.Resize.BILINEAR, null, false,
     *         ShapeCompensation.PAD);                                           // (2, C, 4, 4): the second cut
     * }</pre>
     *
     * @param input the images {@code (B, C, H, W)} or {@code (C, H, W)}
     * @param srcBox {@code (B, 4, 2)} or {@code (1, 4, 2)} corners, any numeric dtype
     * @param size the output {@code (height, width)}, both >= 1, or null for the boxes' common size
     * @param interpolation resize's interpolation (Kornia's default bilinear)
     * @param alignCorners resize's {@code align_corners}, null for its default (false)
     * @param antialias resize's Gaussian pre-blur when downscaling
     * @param compensation how crops of another size than {@code size} are fitted when the boxes differ
     * @return {@code (B, C, size[0], size[1])} (or {@code (C, ...)}), owned by the input's manager
     * @throws IllegalArgumentException for wrong shapes or dtypes, NaN or infinite corners, boxes outside the image
     *     or empty, a size that is not two positive numbers, null options, or boxes of different sizes without a
     *     size
     */
    public static NDArray cropByIndices(NDArray input, NDArray srcBox, int[] size, Sampling.Resize interpolation,
                                        Boolean alignCorners, boolean antialias, ShapeCompensation compensation) {
        String op = "crop_by_indices";
        Checks.image(input, op, "input_tensor");
        Checks.shape(srcBox, op, "src_box", "B", "4", "2");
        Checks.finite(srcBox, op, "src_box");
        if (size != null) {
            checkSize(size, op);
        }
        if (interpolation == null || compensation == null) {
            throw new IllegalArgumentException(op + ": expected an interpolation and a shape_compensation, got "
                    + interpolation + " and " + compensation);
        }
        long n = srcBox.getShape().get(0);
        if (n != batch(input) && n != 1) {
            throw new IllegalArgumentException(op + ": expected src_box of shape (" + batch(input)
                    + ", 4, 2) or (1, 4, 2), got " + Checks.describe(srcBox.getShape()));
        }
        Shape s = input.getShape();
        int d = s.dimension();
        long[][] slices = indexBoxes(srcBox, s.get(d - 2), s.get(d - 1), size == null, op);
        if (n == 1 || java.util.Arrays.stream(slices).allMatch(b -> java.util.Arrays.equals(b, slices[0]))) {
            // Kornia resizes a box common to every image whatever the compensation says
            return Scoped.run(() -> fitted(input.get(slice(slices[0])), size, interpolation, alignCorners, antialias,
                    ShapeCompensation.RESIZE), input);
        }
        return Scoped.run(() -> {
            NDList crops = new NDList();
            for (int i = 0; i < n; i++) {
                crops.add(fitted(input.get(i + ":" + (i + 1) + ", " + slice(slices[i])), size, interpolation,
                        alignCorners, antialias, compensation));
            }
            return NDArrays.concat(crops);
        }, input);
    }

    /** {@code crop} {@code (b, C, h, w)} brought to {@code size} (unchanged when null or already that size). */
    private static NDArray fitted(NDArray crop, int[] size, Sampling.Resize interpolation, Boolean alignCorners,
                                  boolean antialias, ShapeCompensation compensation) {
        Shape s = crop.getShape();
        long h = s.get(s.dimension() - 2);
        long w = s.get(s.dimension() - 1);
        if (size == null || (h == size[0] && w == size[1])) {
            return crop;
        }
        if (compensation == ShapeCompensation.RESIZE) {
            return Affwarp.resize(crop, size, interpolation, alignCorners, "short", antialias);
        }
        NDArray cut = crop.get("..., :" + Math.min(h, size[0]) + ", :" + Math.min(w, size[1]));
        return Padding.pad2d(cut, 0, (int) Math.max(0, size[0] - h), 0, (int) Math.max(0, size[1] - w),
                BorderType.CONSTANT, 0);
    }

    /**
     * {@code [y1, y2, x1, x2)} per box, checked to lie inside an {@code h x w} image and, with {@code oneSize},
     * to share one size.
     */
    private static long[][] indexBoxes(NDArray boxes, long h, long w, boolean oneSize, String op) {
        double[] v = boxes.toType(DataType.FLOAT64, false).toDoubleArray();
        long[][] out = new long[v.length / 8][];
        for (int b = 0; b < out.length; b++) {
            long x1 = (long) v[b * 8];
            long y1 = (long) v[b * 8 + 1];
            long x2 = (long) v[b * 8 + 2] + 1;
            long y2 = (long) v[b * 8 + 7] + 1;
            if (x1 < 0 || y1 < 0 || x2 > w || y2 > h || x1 >= x2 || y1 >= y2) {
                throw new IllegalArgumentException(op + ": expected box " + b + " inside the " + h + " x " + w
                        + " image and not empty, got rows " + y1 + " to " + (y2 - 1) + ", columns " + x1 + " to "
                        + (x2 - 1));
            }
            out[b] = new long[] {y1, y2, x1, x2};
            if (oneSize && (y2 - y1 != out[0][1] - out[0][0] || x2 - x1 != out[0][3] - out[0][2])) {
                throw new IllegalArgumentException(op + ": expected boxes of one size (or a size), got "
                        + (out[0][1] - out[0][0]) + " x " + (out[0][3] - out[0][2]) + " for box 0 and " + (y2 - y1) + " x " + (x2 - x1)
                        + " for box " + b);
            }
        }
        return out;
    }

    private static String slice(long[] box) {
        return "..., " + box[0] + ":" + box[1] + ", " + box[2] + ":" + box[3];
    }

    private static NDArray cropByBoxes(NDArray input, NDArray srcBox, NDArray dstBox, WarpOptions options,
                                       String op) {
        NDArray h;
        try {
            long n = batch(input);
            h = Homography.getPerspectiveTransform(broadcastBatch(srcBox.toType(input.getDataType(), false), n),
                    broadcastBatch(dstBox.toType(input.getDataType(), false), n));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^get_perspective_transform", op), e);
        }
        double[] first = dstBox.get(0).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            minX = Math.min(minX, first[2 * i]);
            maxX = Math.max(maxX, first[2 * i]);
            minY = Math.min(minY, first[2 * i + 1]);
            maxY = Math.max(maxY, first[2 * i + 1]);
        }
        int[] size = {(int) (maxY - minY + 1), (int) (maxX - minX + 1)};
        try {
            return ImgWarp.warpAffine(input, h.get(":, 0:2, :"), size, options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^warp_affine", op), e);
        }
    }

    private static NDArray corners(NDArray like, long batch, double x1, double y1, double x2, double y2) {
        return Constants.array(like, new double[] {x1, y1, x2, y1, x2, y2, x1, y2}, new Shape(1, 4, 2))
                .broadcast(new Shape(batch, 4, 2));
    }

    private static long batch(NDArray input) {
        return input.getShape().dimension() == 4 ? input.getShape().get(0) : 1;
    }

    private static void checkBoxes(NDArray boxes, long batch, String op, String argument) {
        Checks.shape(boxes, op, argument, "B", "4", "2");
        Checks.floating(boxes, op, argument);
        Checks.finite(boxes, op, argument);
        long n = boxes.getShape().get(0);
        if (n != batch && n != 1) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape (" + batch
                    + ", 4, 2) or (1, 4, 2), got " + Checks.describe(boxes.getShape()));
        }
    }

    private static NDArray broadcastBatch(NDArray boxes, long batch) {
        return boxes.getShape().get(0) == batch ? boxes : boxes.broadcast(new Shape(batch, 4, 2));
    }

    private static void checkSize(int[] size, String op) {
        if (size == null || size.length != 2 || size[0] <= 0 || size[1] <= 0) {
            throw new IllegalArgumentException(op + ": expected size (h, w) of positive sizes, got "
                    + java.util.Arrays.toString(size));
        }
    }
}
