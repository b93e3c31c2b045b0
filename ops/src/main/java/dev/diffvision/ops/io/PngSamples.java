package dev.diffvision.ops.io;

import java.util.Arrays;
import javax.imageio.IIOException;

/**
 * Turns unfiltered PNG rows into CHW {@link Pixels}, with the layout rules of {@link ImageDecoder}.
 *
 * <ul>
 *   <li>8- and 16-bit gray, gray+alpha, RGB and RGBA: samples de-interleaved into planes; 16-bit samples go
 *       from PNG's big-endian order to native-order shorts.</li>
 *   <li>1/2/4-bit gray: scaled to 0..255 ({@code v * 255 / (2^depth - 1)}, exact for these depths).</li>
 *   <li>Palette (1/2/4/8-bit indices): expanded through PLTE to RGB, or to RGBA when tRNS gives some entry an
 *       alpha below 255; entries tRNS leaves out are opaque, indices past the palette read as opaque black
 *       (as the JDK's reader returns them).</li>
 *   <li>tRNS colour key on gray or RGB: an extra alpha plane, 0 where every sample equals the key and the
 *       maximum (255 or 65535) elsewhere; low-bit-depth gray compares the stored (unscaled) value.</li>
 * </ul>
 */
final class PngSamples {
    private static final int TABLE_SIZE = 256;

    private PngSamples() {
    }

    /**
     * @param header the image header (not interlaced)
     * @param raw {@code height} rows of {@code 1 + rowBytes} bytes, each row's first byte its filter type, the
     *     rest unfiltered samples
     * @param palette PLTE data (RGB triples) or null
     * @param transparency tRNS data or null
     * @throws IIOException if a palette image lacks a valid PLTE
     */
    static Pixels toPixels(PngHeader header, byte[] raw, byte[] palette, byte[] transparency) throws IIOException {
        int[] key = colourKey(header, transparency);
        if (header.colorType() == PngHeader.PALETTE) {
            return lookUp(header, raw, paletteTables(header, palette, transparency));
        }
        if (header.bitDepth() < 8) {
            return lookUp(header, raw, grayTables(header.bitDepth(), key));
        }
        return interleaved(header, raw, key);
    }

    /** The tRNS colour key of a gray (one value) or RGB (three values) image, or null. */
    private static int[] colourKey(PngHeader header, byte[] transparency) {
        int samples = header.colorType() == PngHeader.GRAY ? 1 : header.colorType() == PngHeader.RGB ? 3 : 0;
        if (transparency == null || samples == 0 || transparency.length < 2 * samples) {
            return null;
        }
        int[] key = new int[samples];
        for (int i = 0; i < samples; i++) {
            key[i] = (transparency[2 * i] & 0xFF) << 8 | transparency[2 * i + 1] & 0xFF;
        }
        return key;
    }

    private static byte[][] paletteTables(PngHeader header, byte[] palette, byte[] transparency)
            throws IIOException {
        if (palette == null || palette.length == 0 || palette.length % 3 != 0
                || palette.length / 3 > 1 << header.bitDepth()) {
            throw new IIOException("PNG palette image: expected a PLTE chunk of 1 to " + (1 << header.bitDepth())
                    + " RGB entries, got " + (palette == null ? "none" : palette.length + " bytes"));
        }
        int entries = palette.length / 3;
        int alphas = transparency == null ? 0 : Math.min(transparency.length, entries);
        boolean alpha = false;
        for (int i = 0; i < alphas; i++) {
            alpha |= transparency[i] != (byte) 0xFF;
        }
        byte[][] lut = new byte[alpha ? 4 : 3][TABLE_SIZE];
        for (int i = 0; i < entries; i++) {
            for (int c = 0; c < 3; c++) {
                lut[c][i] = palette[3 * i + c];
            }
        }
        if (alpha) {
            Arrays.fill(lut[3], (byte) 0xFF);
            System.arraycopy(transparency, 0, lut[3], 0, alphas);
        }
        return lut;
    }

    private static byte[][] grayTables(int bitDepth, int[] key) {
        int max = (1 << bitDepth) - 1;
        byte[][] lut = new byte[key == null ? 1 : 2][TABLE_SIZE];
        for (int v = 0; v <= max; v++) {
            lut[0][v] = (byte) (v * 255 / max);
            if (key != null) {
                lut[1][v] = v == key[0] ? 0 : (byte) 0xFF;
            }
        }
        return lut;
    }

    /** Maps each 1/2/4/8-bit index through one table per output channel. */
    private static Pixels lookUp(PngHeader header, byte[] raw, byte[][] lut) {
        int w = header.width();
        int h = header.height();
        int depth = header.bitDepth();
        int mask = (1 << depth) - 1;
        int stride = (int) header.rowBytes(w) + 1;
        int plane = w * h;
        byte[] out = new byte[lut.length * plane];
        int[] index = new int[w];
        for (int y = 0, row = 1; y < h; y++, row += stride) {
            for (int x = 0; x < w; x++) {
                int bit = x * depth;
                index[x] = (raw[row + (bit >> 3)] >>> (8 - depth - (bit & 7))) & mask;
            }
            for (int c = 0; c < lut.length; c++) {
                byte[] table = lut[c];
                for (int x = 0, d = c * plane + y * w; x < w; x++) {
                    out[d + x] = table[index[x]];
                }
            }
        }
        return new Pixels(out, 1, lut.length, h, w);
    }

    /** 8/16-bit samples into planes, plus an alpha plane from the colour key when there is one. */
    private static Pixels interleaved(PngHeader header, byte[] raw, int[] key) {
        int w = header.width();
        int h = header.height();
        int spp = header.samplesPerPixel();
        int bytes = header.bitDepth() / 8;
        int channels = spp + (key == null ? 0 : 1);
        int stride = w * spp * bytes + 1;
        int plane = w * h;
        byte[] out = new byte[channels * plane * bytes];
        for (int y = 0, row = 1; y < h; y++, row += stride) {
            for (int c = 0; c < spp; c++) {
                int d = (c * plane + y * w) * bytes;
                if (bytes == 1 && spp == 1) {
                    System.arraycopy(raw, row, out, d, w);
                } else if (bytes == 1) {
                    for (int x = 0, s = row + c; x < w; x++, s += spp) {
                        out[d + x] = raw[s];
                    }
                } else {
                    for (int x = 0, s = row + 2 * c; x < w; x++, s += 2 * spp) {
                        Pixels.SHORTS.set(out, d + 2 * x, (short) (raw[s] << 8 | raw[s + 1] & 0xFF));
                    }
                }
            }
            if (key != null) {
                keyAlpha(raw, row, w, spp, bytes, key, out, (spp * plane + y * w) * bytes);
            }
        }
        return new Pixels(out, bytes, channels, h, w);
    }

    private static void keyAlpha(byte[] raw, int row, int w, int spp, int bytes, int[] key, byte[] out, int d) {
        for (int x = 0; x < w; x++) {
            boolean keyed = true;
            for (int c = 0; c < spp; c++) {
                int s = row + (x * spp + c) * bytes;
                int v = bytes == 1 ? raw[s] & 0xFF : (raw[s] & 0xFF) << 8 | raw[s + 1] & 0xFF;
                keyed &= v == key[c];
            }
            if (bytes == 1) {
                out[d + x] = keyed ? 0 : (byte) 0xFF;
            } else {
                Pixels.SHORTS.set(out, d + 2 * x, keyed ? (short) 0 : (short) 0xFFFF);
            }
        }
    }
}
