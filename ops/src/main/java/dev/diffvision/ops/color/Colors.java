package dev.diffvision.ops.color;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The {@code kornia.color} facade: every colour op by its functional name, delegating to its topic class.
 *
 * <p>Conventions are Kornia's: channel-first {@code (B, C, H, W)} or {@code (C, H, W)}, RGB in [0, 1], hue in
 * radians [0, 2pi); each topic class documents its colour space.
 *
 * <pre>{@code
 * NDArray gray = Colors.rgbToGrayscale(rgb);   // = Gray.rgbToGrayscale(rgb)
 * NDArray hsv = Colors.rgbToHsv(rgb);          // = Hsv.rgbToHsv(rgb)
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

    /**
     * See {@link Gray#bgrToGrayscale(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} BGR
     * @return {@code (*, 1, H, W)}
     */
    public static NDArray bgrToGrayscale(NDArray image) {
        return Gray.bgrToGrayscale(image);
    }

    /**
     * See {@link Rgb#rgbToBgr(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} RGB
     * @return {@code (*, 3, H, W)} BGR
     */
    public static NDArray rgbToBgr(NDArray image) {
        return Rgb.rgbToBgr(image);
    }

    /**
     * See {@link Rgb#bgrToRgb(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} BGR
     * @return {@code (*, 3, H, W)} RGB
     */
    public static NDArray bgrToRgb(NDArray image) {
        return Rgb.bgrToRgb(image);
    }

    /**
     * See {@link Rgb#rgbToRgba(NDArray, double)}.
     *
     * @param image {@code (*, 3, H, W)} RGB
     * @param alphaVal the alpha value
     * @return {@code (*, 4, H, W)} RGBA
     */
    public static NDArray rgbToRgba(NDArray image, double alphaVal) {
        return Rgb.rgbToRgba(image, alphaVal);
    }

    /**
     * See {@link Rgb#rgbToRgba(NDArray, NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} RGB
     * @param alpha (*, 1, H, W) alpha channel
     * @return {@code (*, 4, H, W)} RGBA
     */
    public static NDArray rgbToRgba(NDArray image, NDArray alpha) {
        return Rgb.rgbToRgba(image, alpha);
    }

    /**
     * See {@link Rgb#bgrToRgba(NDArray, double)}.
     *
     * @param image {@code (*, 3, H, W)} BGR
     * @param alphaVal the alpha value
     * @return {@code (*, 4, H, W)} RGBA
     */
    public static NDArray bgrToRgba(NDArray image, double alphaVal) {
        return Rgb.bgrToRgba(image, alphaVal);
    }

    /**
     * See {@link Rgb#bgrToRgba(NDArray, NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} BGR
     * @param alpha (*, 1, H, W) alpha channel
     * @return {@code (*, 4, H, W)} RGBA
     */
    public static NDArray bgrToRgba(NDArray image, NDArray alpha) {
        return Rgb.bgrToRgba(image, alpha);
    }

    /**
     * See {@link Rgb#rgbaToRgb(NDArray)}.
     *
     * @param image {@code (*, 4, H, W)} RGBA
     * @return {@code (*, 3, H, W)} RGB
     */
    public static NDArray rgbaToRgb(NDArray image) {
        return Rgb.rgbaToRgb(image);
    }

    /**
     * See {@link Rgb#rgbaToBgr(NDArray)}.
     *
     * @param image {@code (*, 4, H, W)} RGBA
     * @return {@code (*, 3, H, W)} BGR
     */
    public static NDArray rgbaToBgr(NDArray image) {
        return Rgb.rgbaToBgr(image);
    }

    /**
     * See {@link Rgb#rgbToLinearRgb(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} sRGB in [0, 1]
     * @return {@code (*, 3, H, W)} linear RGB
     */
    public static NDArray rgbToLinearRgb(NDArray image) {
        return Rgb.rgbToLinearRgb(image);
    }

    /**
     * See {@link Rgb#linearRgbToRgb(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} linear RGB
     * @return {@code (*, 3, H, W)} sRGB
     */
    public static NDArray linearRgbToRgb(NDArray image) {
        return Rgb.linearRgbToRgb(image);
    }

    /**
     * See {@link Hsv#rgbToHsv(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} RGB in [0, 1]
     * @return {@code (*, 3, H, W)} HSV, hue in radians [0, 2pi)
     */
    public static NDArray rgbToHsv(NDArray image) {
        return Hsv.rgbToHsv(image);
    }

    /**
     * See {@link Hsv#rgbToHsv(NDArray, double)}.
     *
     * @param image {@code (*, 3, H, W)} RGB in [0, 1]
     * @param eps added to the saturation's denominator
     * @return {@code (*, 3, H, W)} HSV, hue in radians [0, 2pi)
     */
    public static NDArray rgbToHsv(NDArray image, double eps) {
        return Hsv.rgbToHsv(image, eps);
    }

    /**
     * See {@link Hsv#hsvToRgb(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} HSV, hue in radians
     * @return {@code (*, 3, H, W)} RGB
     */
    public static NDArray hsvToRgb(NDArray image) {
        return Hsv.hsvToRgb(image);
    }

    /**
     * See {@link Hls#rgbToHls(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} RGB in [0, 1]
     * @return {@code (*, 3, H, W)} HLS, hue in radians [0, 2pi)
     */
    public static NDArray rgbToHls(NDArray image) {
        return Hls.rgbToHls(image);
    }

    /**
     * See {@link Hls#rgbToHls(NDArray, double)}.
     *
     * @param image {@code (*, 3, H, W)} RGB in [0, 1]
     * @param eps added to the denominators
     * @return {@code (*, 3, H, W)} HLS, hue in radians [0, 2pi)
     */
    public static NDArray rgbToHls(NDArray image, double eps) {
        return Hls.rgbToHls(image, eps);
    }

    /**
     * See {@link Hls#hlsToRgb(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} HLS, hue in radians
     * @return {@code (*, 3, H, W)} RGB
     */
    public static NDArray hlsToRgb(NDArray image) {
        return Hls.hlsToRgb(image);
    }

    /**
     * See {@link Xyz#rgbToXyz(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} linear RGB
     * @return {@code (*, 3, H, W)} XYZ
     */
    public static NDArray rgbToXyz(NDArray image) {
        return Xyz.rgbToXyz(image);
    }

    /**
     * See {@link Xyz#xyzToRgb(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} XYZ
     * @return {@code (*, 3, H, W)} linear RGB
     */
    public static NDArray xyzToRgb(NDArray image) {
        return Xyz.xyzToRgb(image);
    }

    /**
     * See {@link Lab#rgbToLab(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} sRGB in [0, 1]
     * @return {@code (*, 3, H, W)} Lab, L in [0, 100]
     */
    public static NDArray rgbToLab(NDArray image) {
        return Lab.rgbToLab(image);
    }

    /**
     * See {@link Lab#labToRgb(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} Lab
     * @return {@code (*, 3, H, W)} sRGB clipped to [0, 1]
     */
    public static NDArray labToRgb(NDArray image) {
        return Lab.labToRgb(image);
    }

    /**
     * See {@link Lab#labToRgb(NDArray, boolean)}.
     *
     * @param image {@code (*, 3, H, W)} Lab
     * @param clip clamp the result to [0, 1]
     * @return {@code (*, 3, H, W)} sRGB
     */
    public static NDArray labToRgb(NDArray image, boolean clip) {
        return Lab.labToRgb(image, clip);
    }

    /**
     * See {@link Luv#rgbToLuv(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} sRGB in [0, 1]
     * @return {@code (*, 3, H, W)} Luv, L in [0, 100]
     */
    public static NDArray rgbToLuv(NDArray image) {
        return Luv.rgbToLuv(image);
    }

    /**
     * See {@link Luv#rgbToLuv(NDArray, double)}.
     *
     * @param image {@code (*, 3, H, W)} sRGB in [0, 1]
     * @param eps guards the divisions
     * @return {@code (*, 3, H, W)} Luv, L in [0, 100]
     */
    public static NDArray rgbToLuv(NDArray image, double eps) {
        return Luv.rgbToLuv(image, eps);
    }

    /**
     * See {@link Luv#luvToRgb(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} Luv
     * @return {@code (*, 3, H, W)} sRGB
     */
    public static NDArray luvToRgb(NDArray image) {
        return Luv.luvToRgb(image);
    }

    /**
     * See {@link Luv#luvToRgb(NDArray, double)}.
     *
     * @param image {@code (*, 3, H, W)} Luv
     * @param eps guards the divisions
     * @return {@code (*, 3, H, W)} sRGB
     */
    public static NDArray luvToRgb(NDArray image, double eps) {
        return Luv.luvToRgb(image, eps);
    }

    /**
     * See {@link YCbCr#rgbToYcbcr(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} RGB in [0, 1]
     * @return {@code (*, 3, H, W)} Y, Cb, Cr
     */
    public static NDArray rgbToYcbcr(NDArray image) {
        return YCbCr.rgbToYcbcr(image);
    }

    /**
     * See {@link YCbCr#ycbcrToRgb(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} Y, Cb, Cr
     * @return {@code (*, 3, H, W)} RGB in [0, 1]
     */
    public static NDArray ycbcrToRgb(NDArray image) {
        return YCbCr.ycbcrToRgb(image);
    }

    /**
     * See {@link YCbCr#rgbToY(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} RGB
     * @return {@code (*, 1, H, W)} luma
     */
    public static NDArray rgbToY(NDArray image) {
        return YCbCr.rgbToY(image);
    }

    /**
     * See {@link Yuv#rgbToYuv(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} RGB in [0, 1]
     * @return {@code (*, 3, H, W)} Y, U, V
     */
    public static NDArray rgbToYuv(NDArray image) {
        return Yuv.rgbToYuv(image);
    }

    /**
     * See {@link Yuv#yuvToRgb(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} Y, U, V
     * @return {@code (*, 3, H, W)} RGB
     */
    public static NDArray yuvToRgb(NDArray image) {
        return Yuv.yuvToRgb(image);
    }

    /**
     * See {@link Yuv#rgbToYuv420(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} RGB in [0, 1], H and W even
     * @return {@code [Y (*, 1, H, W), UV (*, 2, H/2, W/2)]}
     */
    public static NDList rgbToYuv420(NDArray image) {
        return Yuv.rgbToYuv420(image);
    }

    /**
     * See {@link Yuv#rgbToYuv422(NDArray)}.
     *
     * @param image {@code (*, 3, H, W)} RGB in [0, 1], H and W even
     * @return {@code [Y (*, 1, H, W), UV (*, 2, H, W/2)]}
     */
    public static NDList rgbToYuv422(NDArray image) {
        return Yuv.rgbToYuv422(image);
    }

    /**
     * See {@link Yuv#yuv420ToRgb(NDArray, NDArray)}.
     *
     * @param imagey {@code (*, 1, H, W)} luma, H and W even
     * @param imageuv {@code (*, 2, H/2, W/2)} chroma
     * @return {@code (*, 3, H, W)} RGB
     */
    public static NDArray yuv420ToRgb(NDArray imagey, NDArray imageuv) {
        return Yuv.yuv420ToRgb(imagey, imageuv);
    }

    /**
     * See {@link Yuv#yuv422ToRgb(NDArray, NDArray)}.
     *
     * @param imagey {@code (*, 1, H, W)} luma, H and W even
     * @param imageuv {@code (*, 2, H, W/2)} chroma
     * @return {@code (*, 3, H, W)} RGB
     */
    public static NDArray yuv422ToRgb(NDArray imagey, NDArray imageuv) {
        return Yuv.yuv422ToRgb(imagey, imageuv);
    }

    /**
     * See {@link Raw#rawToRgb(NDArray, Cfa)}.
     *
     * @param image {@code (*, 1, H, W)} Bayer raw, H and W even
     * @param cfa the filter layout
     * @return {@code (*, 3, H, W)} RGB
     */
    public static NDArray rawToRgb(NDArray image, Cfa cfa) {
        return Raw.rawToRgb(image, cfa);
    }

    /**
     * See {@link Raw#rgbToRaw(NDArray, Cfa)}.
     *
     * @param image {@code (*, 3, H, W)} RGB
     * @param cfa the filter layout
     * @return {@code (*, 1, H, W)} Bayer raw
     */
    public static NDArray rgbToRaw(NDArray image, Cfa cfa) {
        return Raw.rgbToRaw(image, cfa);
    }

    /**
     * See {@link Raw#rawToRgb2x2Downscaled(NDArray, Cfa)}.
     *
     * @param image {@code (*, 1, H, W)} Bayer raw, H and W even
     * @param cfa the filter layout
     * @return {@code (*, 3, H/2, W/2)} RGB
     */
    public static NDArray rawToRgb2x2Downscaled(NDArray image, Cfa cfa) {
        return Raw.rawToRgb2x2Downscaled(image, cfa);
    }
}
