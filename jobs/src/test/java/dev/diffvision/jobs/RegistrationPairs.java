package dev.diffvision.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.color.Colors;
import dev.diffvision.ops.geometry.transform.ImgWarp;
import dev.diffvision.ops.geometry.transform.WarpOptions;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.ImageEncoder;
import dev.diffvision.ops.io.PixelRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Synthetic registration pairs for the jobs' tests: a gray sample photo and its warp by a known matrix. */
final class RegistrationPairs {

    private RegistrationPairs() {}

    /**
     * @param m owns the result
     * @param sample a file name under {@link TestFiles#SAMPLES}
     * @return the photo as {@code (1, 1, H, W)} gray in [0, 1] (RGB samples through {@code rgb_to_grayscale})
     */
    static NDArray gray(NDManager m, String sample) throws IOException {
        NDArray image = PixelRange.toUnitFloat(new ImageDecoder().decode(TestFiles.sample(sample)), m).expandDims(0);
        return image.getShape().get(1) == 3 ? Colors.rgbToGrayscale(image) : image;
    }

    /**
     * Writes {@code <dir>/<id>_src.png} (the source) and {@code <dir>/<id>_tgt.png} (the source warped by
     * {@code h}, source pixel -> target pixel, to {@code size}), both 16-bit gray PNGs.
     *
     * @param dir the folder
     * @param id the pair's file prefix
     * @param source {@code (1, 1, H, W)} in [0, 1]
     * @param h the 3x3 matrix, row-major
     * @param size the target's {@code (height, width)}
     */
    static void write(Path dir, String id, NDArray source, double[] h, int[] size) throws IOException {
        NDArray matrix = source.getManager().create(h, new Shape(1, 3, 3)).toType(source.getDataType(), false);
        NDArray target = ImgWarp.warpPerspective(source, matrix, size, WarpOptions.defaults());
        Files.write(dir.resolve(id + "_src.png"), ImageEncoder.encodePng(source.squeeze(0), 16));
        Files.write(dir.resolve(id + "_tgt.png"), ImageEncoder.encodePng(target.squeeze(0), 16));
    }
}
