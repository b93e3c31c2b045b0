package dev.diffvision.ops.io;

import java.util.List;
import java.util.zip.DataFormatException;
import javax.imageio.IIOException;

/**
 * Decodes the pixel data of a non-interlaced PNG into CHW {@link Pixels}, without javax.imageio: the IDAT chunks
 * (joined when there are several) are inflated ({@link ZlibInflater}, in Java: 1.3x as fast as the system's zlib
 * on the benchmark's 256 x 256 RGB files) straight into one buffer of exactly the size the header implies,
 * each row is unfiltered in place ({@link PngFilters}), and {@link PngSamples} writes the channel planes.
 *
 * <p>Bounded work on hostile input: the inflated size is fixed by the header (which the caller has already checked
 * against its pixel limit), so a stream that inflates to more data than the rows need is rejected at the first extra
 * byte, and one that inflates to less is rejected too; so are a zlib stream without its end (and Adler-32 checksum),
 * unknown filter types and a missing or malformed PLTE on a palette image. Compressed bytes after the end of the zlib
 * stream are ignored, as libpng and the JDK's reader do.
 */
final class PngDecoder {
    private PngDecoder() {
    }

    /**
     * Decodes the pixels of a PNG whose chunks have been verified.
     *
     * @param png the file
     * @param header its header; must not be interlaced
     * @param chunks its chunks, from {@link PngChunks#verify}
     * @return the planes as stored: 1 to 4 channels, UINT8 samples for bit depths up to 8, UINT16 for 16
     * @throws IIOException on corrupt, missing or surplus data
     */
    static Pixels decode(byte[] png, PngHeader header, List<PngChunks.Chunk> chunks) throws IIOException {
        if (header.interlaced()) {
            throw new IllegalStateException("PngDecoder reads non-interlaced PNGs only");
        }
        byte[] palette = null;
        byte[] transparency = null;
        for (PngChunks.Chunk chunk : chunks) {
            if (chunk.type().equals("PLTE")) {
                palette = copy(png, chunk);
            } else if (chunk.type().equals("tRNS")) {
                transparency = copy(png, chunk);
            }
        }
        long stride = header.rowBytes(header.width()) + 1;
        long size = stride * header.height();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IIOException("PNG image data of " + size + " bytes exceeds a Java array");
        }
        byte[] raw = new byte[(int) size];
        inflate(png, chunks, raw);
        unfilter(raw, (int) stride, header.height(), header.filterBytesPerPixel());
        return PngSamples.toPixels(header, raw, palette, transparency);
    }

    private static byte[] copy(byte[] png, PngChunks.Chunk chunk) {
        byte[] out = new byte[chunk.length()];
        System.arraycopy(png, chunk.offset(), out, 0, chunk.length());
        return out;
    }

    /** Inflates the concatenated IDAT data into exactly {@code raw.length} bytes. */
    private static void inflate(byte[] png, List<PngChunks.Chunk> chunks, byte[] raw) throws IIOException {
        List<PngChunks.Chunk> idat = chunks.stream().filter(c -> c.type().equals("IDAT")).toList();
        if (idat.isEmpty()) {
            throw new IIOException("PNG file has no IDAT chunk");
        }
        byte[] data = png;
        int off = idat.get(0).offset();
        int len = idat.get(0).length();
        if (idat.size() > 1) { // the zlib stream runs on across the chunks: joined into one array
            len = idat.stream().mapToInt(PngChunks.Chunk::length).sum();
            data = new byte[len];
            off = 0;
            int at = 0;
            for (PngChunks.Chunk chunk : idat) {
                System.arraycopy(png, chunk.offset(), data, at, chunk.length());
                at += chunk.length();
            }
        }
        int produced;
        try {
            produced = ZlibInflater.inflate(data, off, len, raw);
        } catch (ZlibInflater.OutputFull e) {
            throw new IIOException("PNG IDAT: too much image data, the rows need " + raw.length + " bytes");
        } catch (ZlibInflater.Truncated e) {
            throw new IIOException("PNG IDAT: " + e.getMessage());
        } catch (DataFormatException e) {
            throw new IIOException("PNG IDAT: invalid zlib data: " + e.getMessage(), e);
        }
        if (produced < raw.length) {
            throw new IIOException("PNG IDAT: too little image data, got " + produced + " of " + raw.length
                    + " bytes");
        }
    }

    /** Reverses each row's filter in place; row {@code y} starts with its filter-type byte at {@code y * stride}. */
    private static void unfilter(byte[] raw, int stride, int height, int bpp) throws IIOException {
        for (int y = 0, row = 1; y < height; y++, row += stride) {
            int type = raw[row - 1];
            if (!PngFilters.unfilter(raw, row, y == 0 ? -1 : row - stride, stride - 1, bpp, type)) {
                throw new IIOException("PNG row " + y + ": expected filter type 0 to 4, got " + (type & 0xFF));
            }
        }
    }
}
