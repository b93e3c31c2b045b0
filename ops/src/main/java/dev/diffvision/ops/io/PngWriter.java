package dev.diffvision.ops.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a CHW UINT8/UINT16 tensor as a non-interlaced PNG without javax.imageio: samples are interleaved one
 * row at a time (16-bit ones big-endian, as PNG stores them), every row gets the Up filter
 * ({@link PngFilters#filterUp}) and java.util.zip's {@link Deflater} (native zlib) compresses the rows into a
 * single IDAT chunk. The file holds IHDR, IDAT and IEND only: no colour profile, gamma or text chunks.
 *
 * <p>Why Up and level 1 (the defaults of {@link ImageEncoder#encodePng(HostTensor)}): measured on the five
 * samples/images, a generated 256x256 noisy RGB image (scripts/lib/make_bench_images.py) and a 224x224 Sobel
 * edge map of it, Up was the smallest of the four predicting filters (Sub, Up, Average, Paeth) on 2 of the 8
 * images and within 1-3% of the smallest on 5 more (6.5% on the edge map); against no filter it is 20-23%
 * smaller on photographs (astronaut 122 vs 156 KB, rocket 54 vs 70 KB) and 12% larger on the edge map (23.2
 * vs 20.7 KB). Its loop has no left-to-right dependency, so it costs the least of the predicting filters.
 * Level 6 instead of 1 saves 1-11% of the size for 1.5-10x the encoding time.
 *
 * <p>Colour type by channel count: 1 gray (0), 2 gray+alpha (4), 3 RGB (2), 4 RGBA (6); bit depth 8 for UINT8,
 * 16 for UINT16. Callers validate the tensor (see {@link ImageEncoder#encodePng(HostTensor, int)}).
 */
final class PngWriter {
    private static final int[] COLOR_TYPES = {PngHeader.GRAY, PngHeader.GRAY_ALPHA, PngHeader.RGB, PngHeader.RGBA};
    private static final int BUFFER_BYTES = 1 << 16;

    private PngWriter() {
    }

    /**
     * Encodes one image.
     *
     * @param chw UINT8 or UINT16, shape {@code (C, H, W)}, {@code C} in 1..4, {@code H, W >= 1}
     * @param level zlib compression level, 0 (stored) to 9 (smallest)
     * @return the PNG file content
     */
    static byte[] write(HostTensor chw, int level) {
        int c = (int) chw.dim(0);
        int h = (int) chw.dim(1);
        int w = (int) chw.dim(2);
        int bytes = chw.dtype().byteSize();
        PngHeader header = new PngHeader(w, h, 8 * bytes, COLOR_TYPES[c - 1], false);
        int rowBytes = w * c * bytes;
        byte[] rows = new byte[2 * rowBytes]; // this row and the one above, unfiltered, alternating halves
        byte[] filtered = new byte[1 + rowBytes];
        filtered[0] = PngFilters.UP;
        byte[] plane = new byte[w * bytes];
        ByteBuffer src = chw.data();
        ByteArrayOutputStream idat = new ByteArrayOutputStream(rowBytes * h / 4 + 64);
        byte[] buf = new byte[BUFFER_BYTES];
        Deflater deflater = new Deflater(level);
        try {
            for (int y = 0; y < h; y++) {
                int row = (y & 1) * rowBytes;
                interleave(src, y, w, h, c, bytes, plane, rows, row);
                PngFilters.filterUp(rows, row, y == 0 ? -1 : rowBytes - row, rowBytes, filtered, 1);
                deflater.setInput(filtered);
                while (!deflater.needsInput()) {
                    idat.write(buf, 0, deflater.deflate(buf));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                idat.write(buf, 0, deflater.deflate(buf));
            }
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(idat.size() + 64);
        png.writeBytes(PngChunks.SIGNATURE);
        chunk(png, "IHDR", header.toBytes());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** Row {@code y} of every plane into {@code rows[row..]} as interleaved big-endian samples. */
    private static void interleave(ByteBuffer src, int y, int w, int h, int c, int bytes, byte[] plane, byte[] rows,
            int row) {
        for (int ch = 0; ch < c; ch++) {
            src.get((ch * h + y) * w * bytes, plane);
            if (bytes == 1) {
                for (int x = 0, d = row + ch; x < w; x++, d += c) {
                    rows[d] = plane[x];
                }
            } else {
                for (int x = 0, d = row + 2 * ch; x < w; x++, d += 2 * c) {
                    short v = (short) Pixels.SHORTS.get(plane, 2 * x);
                    rows[d] = (byte) (v >> 8);
                    rows[d + 1] = (byte) v;
                }
            }
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
