package dev.diffvision.ops.io;

import java.nio.ByteBuffer;
import javax.imageio.IIOException;

/**
 * The IHDR chunk of a PNG file (PNG specification, section 11.2.2): size, bit depth, colour type and interlace
 * method, validated against the combinations the specification allows.
 *
 * <p>Colour types: 0 gray (bit depth 1, 2, 4, 8, 16), 2 RGB (8, 16), 3 palette (1, 2, 4, 8), 4 gray+alpha (8, 16),
 * 6 RGBA (8, 16).
 *
 * @param width pixels per row, {@code >= 1}
 * @param height rows, {@code >= 1}
 * @param bitDepth bits per sample (per palette index for colour type 3)
 * @param colorType 0, 2, 3, 4 or 6
 * @param interlaced true for Adam7 interlacing (method 1), false for none (method 0)
 */
record PngHeader(int width, int height, int bitDepth, int colorType, boolean interlaced) {
    /** Colour type: gray samples. */
    static final int GRAY = 0;
    /** Colour type: R, G, B samples. */
    static final int RGB = 2;
    /** Colour type: palette indices. */
    static final int PALETTE = 3;
    /** Colour type: gray and alpha samples. */
    static final int GRAY_ALPHA = 4;
    /** Colour type: R, G, B and alpha samples. */
    static final int RGBA = 6;
    /** Bytes of IHDR data. */
    static final int IHDR_BYTES = 13;
    /** Offset of the IHDR data in a file: signature, length and type. */
    private static final int IHDR_DATA_OFFSET = 16;

    /**
     * Reads the header from the start of a PNG file, before its other chunks are checked.
     *
     * @param png the file, starting with the signature
     * @return the validated header
     * @throws IIOException if IHDR is not the first chunk, is cut off, or holds values the specification forbids
     */
    static PngHeader read(byte[] png) throws IIOException {
        if (png.length < IHDR_DATA_OFFSET + IHDR_BYTES + 4) {
            throw new IIOException("PNG file of " + png.length + " bytes ends inside the IHDR chunk");
        }
        ByteBuffer buf = ByteBuffer.wrap(png);
        if (buf.getInt(8) != IHDR_BYTES || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            throw new IIOException("PNG file does not start with a 13-byte IHDR chunk");
        }
        int width = buf.getInt(IHDR_DATA_OFFSET);
        int height = buf.getInt(IHDR_DATA_OFFSET + 4);
        int bitDepth = png[IHDR_DATA_OFFSET + 8];
        int colorType = png[IHDR_DATA_OFFSET + 9];
        int compression = png[IHDR_DATA_OFFSET + 10];
        int filter = png[IHDR_DATA_OFFSET + 11];
        int interlace = png[IHDR_DATA_OFFSET + 12];
        if (width <= 0 || height <= 0) {
            throw new IIOException("PNG IHDR: expected width and height in [1, 2^31 - 1], got "
                    + Integer.toUnsignedString(width) + " x " + Integer.toUnsignedString(height));
        }
        if (!validDepth(colorType, bitDepth)) {
            throw new IIOException("PNG IHDR: invalid colour type " + colorType + " with bit depth " + bitDepth);
        }
        if (compression != 0 || filter != 0 || (interlace != 0 && interlace != 1)) {
            throw new IIOException("PNG IHDR: expected compression 0, filter method 0 and interlace 0 or 1, got "
                    + compression + ", " + filter + " and " + interlace);
        }
        return new PngHeader(width, height, bitDepth, colorType, interlace == 1);
    }

    private static boolean validDepth(int colorType, int bitDepth) {
        return switch (colorType) {
            case GRAY -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
            case PALETTE -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
            case RGB, GRAY_ALPHA, RGBA -> bitDepth == 8 || bitDepth == 16;
            default -> false;
        };
    }

    /** The samples per pixel the file stores: 1 (gray, palette), 2 (gray+alpha), 3 (RGB) or 4 (RGBA). */
    int samplesPerPixel() {
        return switch (colorType) {
            case RGB -> 3;
            case GRAY_ALPHA -> 2;
            case RGBA -> 4;
            default -> 1;
        };
    }

    /** Bytes per complete pixel, rounded up to 1 (the filters' {@code bpp}). */
    int filterBytesPerPixel() {
        return Math.max(1, samplesPerPixel() * bitDepth / 8);
    }

    /** Bytes of one row of {@code pixels} pixels, without its filter-type byte. */
    long rowBytes(long pixels) {
        return (pixels * samplesPerPixel() * bitDepth + 7) / 8;
    }

    /** The 13 IHDR data bytes for this header. */
    byte[] toBytes() {
        return ByteBuffer.allocate(IHDR_BYTES).putInt(width).putInt(height).put((byte) bitDepth)
                .put((byte) colorType).put((byte) 0).put((byte) 0).put((byte) (interlaced ? 1 : 0)).array();
    }
}
