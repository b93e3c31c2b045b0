package dev.diffvision.ops.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.IIOException;

/**
 * Checks the chunk structure of a PNG file before it is decoded, covering what the JDK's PNG reader lets
 * through: it ignores CRCs (a flipped bit in the compressed data can decode silently into wrong pixels) and
 * accepts a file cut off after the last pixel row. As libpng does, a file must end with an IEND chunk, and a
 * bad CRC on a critical chunk (IHDR, PLTE, IDAT, IEND) is an error while one on an ancillary chunk is
 * tolerated. The verified chunks come back in file order for {@link PngDecoder} to read.
 */
final class PngChunks {
    /** The eight bytes every PNG file starts with. */
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int SIGNATURE_BYTES = 8;
    /** Length, type and CRC fields around each chunk's data. */
    private static final int CHUNK_OVERHEAD = 12;

    private PngChunks() {
    }

    /**
     * One chunk of a PNG file.
     *
     * @param type the four-letter chunk type, e.g. {@code "IDAT"}
     * @param offset the index of the chunk's first data byte in the file
     * @param length the number of data bytes
     */
    record Chunk(String type, int offset, int length) {
    }

    /** Whether {@code bytes} start with the PNG signature. */
    static boolean isPng(byte[] bytes) {
        return bytes.length >= SIGNATURE_BYTES
                && Arrays.equals(bytes, 0, SIGNATURE_BYTES, SIGNATURE, 0, SIGNATURE_BYTES);
    }

    /**
     * Walks the chunks of a PNG file from the signature to IEND.
     *
     * @return every chunk up to and including IEND, in file order
     * @throws IIOException on a chunk running past the end of the bytes, a missing IEND, or a critical chunk
     *     whose stored CRC differs from the computed one
     */
    static List<Chunk> verify(byte[] png) throws IIOException {
        List<Chunk> chunks = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(png); // big-endian, as PNG stores integers
        CRC32 crc = new CRC32();
        int pos = SIGNATURE_BYTES;
        while (pos + CHUNK_OVERHEAD <= png.length) {
            int length = buf.getInt(pos);
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (length < 0 || length > png.length - pos - CHUNK_OVERHEAD) {
                throw new IIOException("PNG chunk " + type + " at offset " + pos + " declares " + length
                        + " data bytes, but the file ends " + (png.length - pos - CHUNK_OVERHEAD) + " bytes later");
            }
            if ((png[pos + 4] & 0x20) == 0) { // critical chunk: upper-case first letter
                crc.reset();
                crc.update(png, pos + 4, 4 + length);
                int stored = buf.getInt(pos + 8 + length);
                if (stored != (int) crc.getValue()) {
                    throw new IIOException(String.format("PNG chunk %s at offset %d: CRC mismatch, stored 0x%08x,"
                            + " computed 0x%08x", type, pos, stored, crc.getValue()));
                }
            }
            chunks.add(new Chunk(type, pos + 8, length));
            if (type.equals("IEND")) {
                return chunks;
            }
            pos += CHUNK_OVERHEAD + length;
        }
        throw new IIOException("PNG file ends at byte " + png.length + " without an IEND chunk");
    }
}
