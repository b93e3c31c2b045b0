package dev.diffvision.ops.io;

import dev.diffvision.ops.io.DecodeOptions.Channels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.IIOException;

import static dev.diffvision.ops.io.IoFixtures.assertSameTensor;
import static dev.diffvision.ops.io.IoFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PngDecoder} (through {@link ImageDecoder#decode(byte[])}) against the JDK's javax.imageio PNG reader
 * ({@link ImageDecoder#decodeWithImageIo(byte[])}, the path it replaced), on the corpus of tools/gen_png_corpus.py
 * (every colour type, bit depth, tRNS and palette case, all five filter types) and on samples/images. PNG is
 * lossless, so both must give identical tensors: same dtype, shape and bytes, for every channel option.
 *
 * <p>One deliberate difference: a tRNS colour key on 1/2/4-bit gray. The JDK reader compares the key with the
 * sample after scaling it to 8 bits (so key 1 on a 1-bit image never matches, and its alpha is all opaque);
 * the PNG specification (section 11.3.2.1) and libpng compare the stored sample, as {@link PngDecoder} does.
 */
class PngDecoderTest {
    private static final List<String> CORPUS = List.of("ga16", "ga8", "gray1", "gray16", "gray16_trns", "gray1_1x1",
            "gray1_1x9", "gray1_9x1", "gray2", "gray4", "gray8",
            "gray8_trns", "palette1", "palette1_trns", "palette2", "palette2_trns", "palette4", "palette4_trns", "palette4_short", "palette4_short_trns",
            "palette8", "palette8_trns", "palette8_trns_opaque", "rgb16", "rgb16_trns", "rgb8", "rgb8_interlaced",
            "rgb8_trailing_bytes", "rgb8_trns", "rgba16", "rgba16_1x1", "rgba16_1x9", "rgba16_9x1", "rgba8");

    static Stream<String> corpus() {
        return CORPUS.stream();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void corpusMatchesImageIoForEveryChannelOption(String name) {
        byte[] png = resource("png-corpus/valid/" + name + ".png");
        for (Channels channels : Channels.values()) {
            ImageDecoder decoder = new ImageDecoder(DecodeOptions.defaults().withChannels(channels));
            assertSameTensor(decoder.decodeWithImageIo(png), decoder.decode(png));
        }
    }

    /**
     * Low-bit-depth gray with a colour key: the gray plane equals the JDK reader's, the alpha plane is the
     * specification's closed form, 0 exactly where the stored sample equals the key (the generator's key is
     * {@code min(3, 2^depth - 1)}, i.e. the scaled gray value 255 for 1 and 2 bits and 51 for 4 bits).
     */
    @ParameterizedTest
    @CsvSource({"1, 255", "2, 255", "4, 51"})
    void lowBitDepthGrayKeyFollowsTheSpecification(int depth, int keyGray) {
        byte[] png = resource("png-corpus/valid/gray" + depth + "_trns.png");
        ImageDecoder decoder = new ImageDecoder();
        HostTensor ours = decoder.decode(png);
        int[] v = IoFixtures.ints(ours);
        int[] jdk = IoFixtures.ints(decoder.decodeWithImageIo(png));
        int plane = 7 * 13;
        assertEquals(2 * plane, v.length);
        assertEquals(Arrays.toString(Arrays.copyOf(jdk, plane)), Arrays.toString(Arrays.copyOf(v, plane)), "gray");
        int keyed = 0;
        for (int i = 0; i < plane; i++) {
            assertEquals(v[i] == keyGray ? 0 : 255, v[plane + i], "alpha at " + i);
            keyed += v[i] == keyGray ? 1 : 0;
        }
        assertTrue(keyed > 10, "keyed pixels: " + keyed);
    }

    @Test
    void storedLayoutsOfTheCorpus() {
        ImageDecoder decoder = new ImageDecoder();
        assertEquals(2, decoder.decode(resource("png-corpus/valid/gray1_trns.png")).dim(0), "gray key -> alpha");
        assertEquals(4, decoder.decode(resource("png-corpus/valid/rgb16_trns.png")).dim(0), "RGB key -> alpha");
        assertEquals(4, decoder.decode(resource("png-corpus/valid/palette2_trns.png")).dim(0), "tRNS palette");
        assertEquals(3, decoder.decode(resource("png-corpus/valid/palette8_trns_opaque.png")).dim(0),
                "tRNS of opaque entries only");
        assertEquals(DType.UINT16, decoder.decode(resource("png-corpus/valid/ga16.png")).dtype());
    }

    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "camera.png", "coffee_16bit.png"})
    void repositorySamplesMatchImageIo(String name) throws IOException {
        byte[] png = Files.readAllBytes(IoFixtures.samplesDir().resolve(name));
        ImageDecoder decoder = new ImageDecoder();
        assertSameTensor(decoder.decodeWithImageIo(png), decoder.decode(png));
    }

    @Test
    void everyPngSampleIsCovered() throws IOException {
        try (Stream<Path> files = Files.list(IoFixtures.samplesDir())) {
            assertEquals(List.of("astronaut.png", "camera.png", "coffee_16bit.png"), files
                    .map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bad_filter         | PNG row 1: expected filter type 0 to 4, got 5",
        "too_much_data      | PNG IDAT: too much image data, the rows need 280 bytes",
        "too_little_data    | PNG IDAT: too little image data, got 240 of 280 bytes",
        "no_adler32         | PNG IDAT: zlib stream ends before its end marker and checksum",
        "bad_adler32        | PNG IDAT: invalid zlib data: incorrect data check",
        "palette_without_plte | PNG palette image: expected a PLTE chunk of 1 to 256 RGB entries, got none",
        "bomb               | PNG IDAT: too much image data, the rows need 20 bytes"})
    void corruptDataIsRejectedWithItsReason(String name, String reason) {
        byte[] png = resource("png-corpus/corrupt/" + name + ".png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageDecoder().decode(png));
        assertEquals("decode: expected a valid PNG image, got corrupt or truncated data (" + png.length
                + " bytes): javax.imageio.IIOException: " + reason, e.getMessage());
        assertInstanceOf(IIOException.class, e.getCause());
    }

    @Test
    void truncatedIdatAndBadCrcAreRejectedByTheChunkCheck() {
        byte[] png = resource("png-corpus/valid/rgb8.png");
        int idat = indexOf(png, "IDAT");
        byte[] truncated = Arrays.copyOf(png, idat + 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageDecoder().decode(truncated));
        assertTrue(e.getMessage().contains("PNG chunk IDAT at offset " + (idat - 4) + " declares"), e.getMessage());
        byte[] flipped = png.clone();
        flipped[idat + 10] ^= 0x01;
        e = assertThrows(IllegalArgumentException.class, () -> new ImageDecoder().decode(flipped));
        assertTrue(e.getMessage().contains("PNG chunk IDAT at offset " + (idat - 4) + ": CRC mismatch"),
                e.getMessage());
    }

    @Test
    void invalidHeadersAreRejected() {
        byte[] png = resource("png-corpus/valid/rgb8.png");
        byte[] depth = png.clone();
        depth[24] = 4; // RGB at 4 bits per sample does not exist
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageDecoder().decode(depth));
        assertTrue(e.getMessage().endsWith("PNG IHDR: invalid colour type 2 with bit depth 4"), e.getMessage());
        byte[] cut = Arrays.copyOf(png, 30);
        e = assertThrows(IllegalArgumentException.class, () -> new ImageDecoder().decode(cut));
        assertTrue(e.getMessage().endsWith("PNG file of 30 bytes ends inside the IHDR chunk"), e.getMessage());
    }

    @Test
    void imageDataBeyondAJavaArrayIsRejectedBeforeAllocating() {
        byte[] png = resource("png-corpus/valid/rgba16.png").clone();
        ByteBuffer.wrap(png).putInt(16, (int) DecodeOptions.MAX_PIXELS_LIMIT).putInt(20, 1);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        ImageDecoder decoder = new ImageDecoder(DecodeOptions.defaults().withMaxPixels(DecodeOptions.MAX_PIXELS_LIMIT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(png));
        assertTrue(e.getMessage().endsWith("PNG image data of 2147483641 bytes exceeds a Java array"), e.getMessage());
    }

    private static int indexOf(byte[] bytes, String ascii) {
        outer:
        for (int i = 0; i + ascii.length() <= bytes.length; i++) {
            for (int j = 0; j < ascii.length(); j++) {
                if (bytes[i + j] != ascii.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(ascii + " not found");
    }
}
