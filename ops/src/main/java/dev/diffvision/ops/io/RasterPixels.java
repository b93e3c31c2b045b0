package dev.diffvision.ops.io;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Copies a decoded {@link BufferedImage} into CHW {@link Pixels}, reading sample values as stored (no colour
 * management).
 *
 * <p>Three paths, fastest first:
 * <ol>
 *   <li>Interleaved 8- or 16-bit gray/RGB with or without alpha ({@code TYPE_BYTE_GRAY},
 *       {@code TYPE_USHORT_GRAY}, {@code TYPE_3BYTE_BGR}, {@code TYPE_4BYTE_ABGR} and the
 *       {@link ComponentColorModel} layouts PNG readers produce): straight from the backing array, one row at
 *       a time.</li>
 *   <li>{@link IndexColorModel}: palette images expand to RGB (RGBA when the palette has alpha); 1/2/4-bit
 *       gray images become one 8-bit channel scaled to 0..255 (the gray ramp the PNG reader builds).</li>
 *   <li>Anything else: {@link BufferedImage#getRGB} (8-bit sRGB, alpha kept when present).</li>
 * </ol>
 */
final class RasterPixels {
    private RasterPixels() {
    }

    /**
     * @param image a decoded image
     * @param palette for {@link IndexColorModel} images: true if the source stored a colour palette, false if it
     *     stored low-bit-depth gray
     */
    static Pixels extract(BufferedImage image, boolean palette) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel icm) {
            return palette ? expandPalette(raster, icm) : grayRamp(raster, icm);
        }
        if (isPlainInterleaved(cm, raster)) {
            return interleaved(raster, cm.getNumComponents());
        }
        return viaRgb(image, cm.hasAlpha());
    }

    /** 8-bit or 16-bit components, gray or RGB colour space, straight alpha, one bank at offset zero. */
    private static boolean isPlainInterleaved(ColorModel cm, Raster raster) {
        if (!(cm instanceof ComponentColorModel) || cm.isAlphaPremultiplied()
                || !(raster.getSampleModel() instanceof ComponentSampleModel sm)
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        int type = cm.getColorSpace().getType();
        int colors = cm.getNumColorComponents();
        if (!(type == ColorSpace.TYPE_GRAY && colors == 1) && !(type == ColorSpace.TYPE_RGB && colors == 3)) {
            return false;
        }
        int bits = switch (raster.getDataBuffer().getDataType()) {
            case DataBuffer.TYPE_BYTE -> 8;
            case DataBuffer.TYPE_USHORT -> 16;
            default -> 0;
        };
        for (int size : cm.getComponentSize()) {
            if (size != bits) {
                return false;
            }
        }
        for (int bank : sm.getBankIndices()) {
            if (bank != 0) {
                return false;
            }
        }
        return sm.getNumBands() == cm.getNumComponents();
    }

    private static Pixels interleaved(Raster raster, int channels) {
        ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] bandOffsets = sm.getBandOffsets();
        int pixelStride = sm.getPixelStride();
        int scanline = sm.getScanlineStride();
        DataBuffer db = raster.getDataBuffer();
        int base = db.getOffset();
        int plane = w * h;
        if (db instanceof DataBufferByte bytes) {
            byte[] src = bytes.getData();
            byte[] dst = new byte[channels * plane];
            for (int y = 0; y < h; y++) { // row by row: the source row stays in cache across the channels
                int row = base + y * scanline;
                for (int c = 0; c < channels; c++) {
                    int d = c * plane + y * w;
                    if (pixelStride == 1) {
                        System.arraycopy(src, row + bandOffsets[c], dst, d, w);
                        continue;
                    }
                    for (int x = 0, s = row + bandOffsets[c]; x < w; x++, s += pixelStride) {
                        dst[d + x] = src[s];
                    }
                }
            }
            return new Pixels(dst, 1, channels, h, w);
        }
        short[] src = ((DataBufferUShort) db).getData();
        byte[] dst = new byte[2 * channels * plane];
        for (int y = 0; y < h; y++) {
            int row = base + y * scanline;
            for (int c = 0; c < channels; c++) {
                int d = 2 * (c * plane + y * w);
                for (int x = 0, s = row + bandOffsets[c]; x < w; x++, s += pixelStride) {
                    Pixels.SHORTS.set(dst, d + 2 * x, src[s]);
                }
            }
        }
        return new Pixels(dst, 2, channels, h, w);
    }

    private static Pixels expandPalette(Raster raster, IndexColorModel icm) {
        boolean alpha = icm.getTransparency() != Transparency.OPAQUE;
        byte[][] lut = new byte[alpha ? 4 : 3][256]; // indices beyond the palette read as 0
        int n = Math.min(icm.getMapSize(), 256);
        for (int i = 0; i < n; i++) {
            lut[0][i] = (byte) icm.getRed(i);
            lut[1][i] = (byte) icm.getGreen(i);
            lut[2][i] = (byte) icm.getBlue(i);
            if (alpha) {
                lut[3][i] = (byte) icm.getAlpha(i);
            }
        }
        return lookUp(raster, lut);
    }

    private static Pixels grayRamp(Raster raster, IndexColorModel icm) {
        byte[][] lut = new byte[1][256];
        int n = Math.min(icm.getMapSize(), 256);
        for (int i = 0; i < n; i++) {
            lut[0][i] = (byte) icm.getRed(i);
        }
        return lookUp(raster, lut);
    }

    /** Maps each index sample through one lookup table per output channel. */
    private static Pixels lookUp(Raster raster, byte[][] lut) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int plane = w * h;
        byte[] dst = new byte[lut.length * plane];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int c = 0; c < lut.length; c++) {
                byte[] table = lut[c];
                int d = c * plane + y * w;
                for (int x = 0; x < w; x++) {
                    dst[d + x] = table[row[x] & 0xFF];
                }
            }
        }
        return new Pixels(dst, 1, lut.length, h, w);
    }

    private static Pixels viaRgb(BufferedImage image, boolean alpha) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        int channels = alpha ? 4 : 3;
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] dst = new byte[channels * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            dst[i] = (byte) (p >> 16);
            dst[plane + i] = (byte) (p >> 8);
            dst[2 * plane + i] = (byte) p;
            if (alpha) {
                dst[3 * plane + i] = (byte) (p >>> 24);
            }
        }
        return new Pixels(dst, 1, channels, h, w);
    }
}
