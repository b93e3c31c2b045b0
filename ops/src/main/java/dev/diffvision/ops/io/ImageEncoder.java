package dev.diffvision.ops.io;

import ai.djl.ndarray.NDArray;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encodes CHW tensors as PNG or JPEG bytes, and quantises float images in [0, 1] to 8 or 16 bits.
 *
 * <p>input: shape {@code (C, H, W)}, channels gray, gray+alpha, RGB or RGBA ({@code C} = 1, 2, 3, 4), dtype
 * UINT8 or UINT16 (PNG) / UINT8 with {@code C} = 1 or 3 (JPEG). Samples are written as given: no colour
 * profile, gamma or EXIF is attached. Codecs: DiffVision's own PNG writer (lossless, 16-bit stays 16-bit; the
 * Up filter on every row and, by default, a Java run-length deflate coder, zlib's {@code Z_RLE} strategy, which
 * OpenCV's PNG writer also uses: smaller than zlib level 1 on most images and faster; java.util.zip's native zlib
 * at a chosen level on request; see {@code PngWriter} for the measurements behind these choices) and
 * TwelveMonkeys' JPEG writer through javax.imageio (baseline JFIF, 4:2:0 chroma subsampling for colour).
 *
 * <p>Errors: wrong rank, channel count or dtype raise an {@link IllegalArgumentException} naming the method,
 * what it expected and what it got.
 *
 * <pre>{@code
 * byte[] png = ImageEncoder.encodePng(chw);                  // lossless, UINT8 or UINT16
 * byte[] jpg = ImageEncoder.encodeJpeg(chw, 0.9f);           // UINT8, 1 or 3 channels
 * byte[] out = ImageEncoder.encodePng(floatImage, 16);       // float32 (C, H, W) in [0, 1] -> 16-bit PNG
 * }</pre>
 */
public final class ImageEncoder {
    private ImageEncoder() {
    }

    /**
     * Encodes a CHW tensor as a PNG, compressed with run-length deflate (zlib's {@code Z_RLE} strategy: runs of
     * the previous byte and literals, dynamic Huffman codes): 8- or 16-bit gray, gray+alpha, RGB or RGBA. Any
     * PNG reader reads it; decoding the result with {@link ImageDecoder} gives back exactly the same tensor.
     *
     * @param chw UINT8 or UINT16, shape {@code (C, H, W)} with {@code C} in {1, 2, 3, 4} and {@code H, W >= 1}
     * @return the PNG file content
     * @throws IllegalArgumentException for another rank, channel count or dtype
     */
    public static byte[] encodePng(HostTensor chw) {
        checkPng(chw);
        return PngWriter.write(chw);
    }

    /**
     * Encodes a CHW tensor as a PNG with a chosen zlib compression level; the pixels are the same at every level.
     *
     * <pre>{@code
     * byte[] fast = ImageEncoder.encodePng(chw, 1);    // zlib's fastest; encodePng(chw) is faster still
     * byte[] small = ImageEncoder.encodePng(chw, 9);   // a few percent smaller, several times slower
     * }</pre>
     *
     * @param chw UINT8 or UINT16, shape {@code (C, H, W)} with {@code C} in {1, 2, 3, 4} and {@code H, W >= 1}
     * @param level 0 (stored, no compression) to 9 (smallest)
     * @return the PNG file content
     * @throws IllegalArgumentException for another rank, channel count or dtype, or a level outside [0, 9]
     */
    public static byte[] encodePng(HostTensor chw, int level) {
        checkPng(chw);
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("encodePng: expected compression level in [0, 9], got " + level);
        }
        return PngWriter.write(chw, level);
    }

    /**
     * Quantises a float image in [0, 1] (see {@link #fromUnitFloat(NDArray, int)}) and encodes it as a PNG.
     *
     * @param floatChw float32 or float64, shape {@code (C, H, W)} with {@code C} in {1, 2, 3, 4}, any device;
     *     not modified
     * @param bitDepth 8 or 16
     * @return the PNG file content
     * @throws IllegalArgumentException for another rank, channel count, dtype or bit depth
     */
    public static byte[] encodePng(NDArray floatChw, int bitDepth) {
        return encodePng(fromUnitFloat(floatChw, bitDepth));
    }

    /**
     * Encodes a CHW tensor as a baseline JPEG (lossy).
     *
     * @param chw UINT8, shape {@code (C, H, W)} with {@code C} = 1 (gray) or 3 (RGB) and {@code H, W >= 1}
     * @param quality 0 (smallest) to 1 (best); 0.9 is a good default for pipelines, 0.75 is libjpeg's default
     * @return the JPEG file content
     * @throws IllegalArgumentException for another rank, channel count or dtype, or quality outside [0, 1]
     */
    public static byte[] encodeJpeg(HostTensor chw, float quality) {
        checkChw(chw, "encodeJpeg", "1 or 3", 3);
        if (chw.dim(0) == 2) {
            throw new IllegalArgumentException(
                    "encodeJpeg: expected CHW tensor with 1 or 3 channels, got shape " + shape(chw));
        }
        if (chw.dtype() != DType.UINT8) {
            throw new IllegalArgumentException("encodeJpeg: expected a UINT8 tensor, got " + chw);
        }
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("encodeJpeg: expected quality in [0, 1], got " + quality);
        }
        return write(toImage(chw), "jpeg", quality);
    }

    /**
     * Quantises a float image in [0, 1] (see {@link #fromUnitFloat(NDArray, int)}) and encodes it as a JPEG.
     *
     * @param floatChw float32 or float64, shape {@code (C, H, W)} with {@code C} = 1 or 3, any device;
     *     not modified
     * @param quality 0 (smallest) to 1 (best)
     * @return the JPEG file content
     * @throws IllegalArgumentException for another rank, channel count or dtype, or quality outside [0, 1]
     */
    public static byte[] encodeJpeg(NDArray floatChw, float quality) {
        return encodeJpeg(fromUnitFloat(floatChw, 8), quality);
    }

    /**
     * Quantises float values in [0, 1] to 8- or 16-bit integers: {@code floor(clamp(x, 0, 1) * max + 0.5)}
     * with {@code max} = 255 or 65535, computed in double precision (round half up). NaN becomes 0.
     *
     * @param values FLOAT32 or FLOAT64, any shape
     * @param bitDepth 8 (gives UINT8) or 16 (gives UINT16)
     * @return a new tensor of the same shape
     * @throws IllegalArgumentException if {@code values} is not floating point or {@code bitDepth} is not 8 or 16
     */
    public static HostTensor fromUnitFloat(HostTensor values, int bitDepth) {
        int max = PixelRange.maxValue(bitDepth, "fromUnitFloat");
        if (values.dtype().isInteger()) {
            throw new IllegalArgumentException("fromUnitFloat: expected a FLOAT32 or FLOAT64 tensor, got " + values);
        }
        ByteBuffer src = values.data();
        int n = (int) values.numElements();
        DType dtype = bitDepth == 8 ? DType.UINT8 : DType.UINT16;
        ByteBuffer out = HostTensor.allocate(n, dtype);
        boolean single = values.dtype() == DType.FLOAT32;
        for (int i = 0; i < n; i++) {
            double x = single ? src.getFloat(i * 4) : src.getDouble(i * 8);
            int q = x > 0 ? (x >= 1 ? max : (int) Math.floor(x * max + 0.5)) : 0; // NaN fails both tests: 0
            if (bitDepth == 8) {
                out.put(i, (byte) q);
            } else {
                out.putShort(i * 2, (short) q);
            }
        }
        return new HostTensor(values.shape(), dtype, out);
    }

    /**
     * Copies a float engine array to the host and quantises it as {@link #fromUnitFloat(HostTensor, int)}.
     *
     * @param values float32 or float64, any shape, any device; not modified
     * @param bitDepth 8 (gives UINT8) or 16 (gives UINT16)
     * @return a new host tensor of the same shape
     * @throws IllegalArgumentException if {@code values} is not floating point or {@code bitDepth} is not 8 or 16
     */
    public static HostTensor fromUnitFloat(NDArray values, int bitDepth) {
        PixelRange.maxValue(bitDepth, "fromUnitFloat");
        if (!values.getDataType().isFloating()) {
            throw new IllegalArgumentException("fromUnitFloat: expected a float32 or float64 array, got "
                    + values.getDataType());
        }
        return fromUnitFloat(HostTensor.fromNDArray(values), bitDepth);
    }

    private static void checkPng(HostTensor chw) {
        checkChw(chw, "encodePng", "1, 2, 3 or 4", 4);
        if (!chw.dtype().isInteger()) {
            throw new IllegalArgumentException("encodePng: expected a UINT8 or UINT16 tensor, got " + chw
                    + " (quantise floats with fromUnitFloat or encodePng(NDArray, bitDepth))");
        }
    }

    private static void checkChw(HostTensor chw, String op, String allowed, int maxChannels) {
        if (chw.rank() != 3 || chw.dim(0) < 1 || chw.dim(0) > maxChannels || chw.dim(1) < 1 || chw.dim(2) < 1) {
            throw new IllegalArgumentException(op + ": expected CHW tensor with " + allowed
                    + " channels, got shape " + shape(chw));
        }
    }

    private static String shape(HostTensor t) {
        return HostTensor.formatShape(t.shape());
    }

    /** Wraps UINT8 CHW samples as an interleaved gray or sRGB image, the layout JPEG stores. */
    private static BufferedImage toImage(HostTensor chw) {
        int c = (int) chw.dim(0);
        int h = (int) chw.dim(1);
        int w = (int) chw.dim(2);
        int plane = h * w;
        ByteBuffer src = chw.data();
        byte[] dst = new byte[c * plane];
        byte[] row = new byte[w];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                src.get(ch * plane + y * w, row);
                for (int x = 0, d = y * w * c + ch; x < w; x++, d += c) {
                    dst[d] = row[x];
                }
            }
        }
        DataBuffer buffer = new DataBufferByte(dst, dst.length);
        int[] bandOffsets = new int[c];
        for (int i = 0; i < c; i++) {
            bandOffsets[i] = i;
        }
        WritableRaster raster = Raster.createInterleavedRaster(buffer, w, h, w * c, c, bandOffsets, null);
        ColorSpace space = ColorSpace.getInstance(c == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel model = new ComponentColorModel(space, false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        return new BufferedImage(model, raster, false, null);
    }

    /** Runs the first registered writer for {@code format} with an explicit compression quality. */
    private static byte[] write(BufferedImage image, String format, float quality) {
        ImageIoSetup.ensureConfigured();
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no javax.imageio writer for " + format);
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(format + " encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
