package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;

/**
 * The {@code kornia.color} facade: every colour op by its functional name, delegating to its topic class.
 *
 * <pre>{@code
 * NDArray gray = Colors.rgbToGrayscale(rgb);   // = Gray.rgbToGrayscale(rgb)
 * }</pre>
 */
public final class Colors {

    private Colors() {}

    /**
     * See {@link Gray#rgbToGrayscale(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} RGB in [0, 1]
     * @return {@code (*, 1, H, W)}
     */
    public static NDArray rgbToGrayscale(NDArray image) {
        return Gray.rgbToGrayscale(image);
    }

    /**
     * See {@link Gray#grayscaleToRgb(NDArray)}.
     *
     * @param image {@code (*, 1, H, W)}
     * @return {@code (*, 3, H, W)}
     */
    public static NDArray grayscaleToRgb(NDArray image) {
        return Gray.grayscaleToRgb(image);
    }
}
