package dev.diffvision.ops.io;

import dev.diffvision.ops.io.DecodeOptions.Channels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

import static dev.diffvision.ops.io.IoFixtures.assertSameTensor;
import static dev.diffvision.ops.io.IoFixtures.maxAbsDiff;
import static dev.diffvision.ops.io.IoFixtures.meanAbsDiff;
import static dev.diffvision.ops.io.IoFixtures.npy;
import static dev.diffvision.ops.io.IoFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ImageDecoder} against OpenCV 4.6 ({@code cv2.imdecode(..., IMREAD_UNCHANGED)}, i.e. libpng and
 * libjpeg-turbo) on files from tools/gen_io_refs.py. PNG is lossless, so pixels must match exactly.
 */
class ImageDecoderTest {
    /**
     * JPEG decoders may differ by a few grey levels: the IDCT (libjpeg-turbo's SIMD islow vs the JDK's libjpeg
     * 6b) and the chroma upsampling/YCbCr rounding are implementation choices the standard leaves open. On these
     * files the two agree exactly today; the tolerance keeps the test valid across codec versions.
     */
    private static final int JPEG_MAX_DIFF = 2;
    private static final double JPEG_MEAN_DIFF = 0.5;

    private final ImageDecoder decoder = new ImageDecoder();

    @ParameterizedTest
    @ValueSource(strings = {"gray8", "rgb8", "rgba8", "gray16", "rgb16", "rgba16", "ga8", "ga16",
        "gray1bit", "gray2bit", "gray4bit", "palette8", "palette8_trns", "palette4", "rgb8_trns", "gray8_trns"})
    void pngMatchesOpenCvExactly(String name) { // gray8_trns: OpenCV ignores the key, see gen_io_refs.py
        HostTensor expected = npy("images/" + name + ".npy");
        HostTensor actual = decoder.decode(resource("images/" + name + ".png"));
        assertEquals(name.contains("16") ? DType.UINT16 : DType.UINT8, actual.dtype());
        assertSameTensor(expected, actual);
    }

    @Test
    void channelCountsFollowTheStoredLayout() {
        assertEquals(1, decoder.decode(resource("images/gray2bit.png")).dim(0));
        assertEquals(2, decoder.decode(resource("images/ga16.png")).dim(0));
        assertEquals(3, decoder.decode(resource("images/palette4.png")).dim(0));
        assertEquals(4, decoder.decode(resource("images/palette8_trns.png")).dim(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rgb", "rgb_progressive", "gray"})
    void jpegMatchesOpenCvWithinIdctTolerance(String name) {
        HostTensor expected = npy("images/" + name + ".npy");
        HostTensor actual = decoder.decode(resource("images/" + name + ".jpg"));
        assertEquals(DType.UINT8, actual.dtype());
        int max = maxAbsDiff(expected, actual);
        double mean = meanAbsDiff(expected, actual);
        assertTrue(max <= JPEG_MAX_DIFF && mean <= JPEG_MEAN_DIFF, name + ": max " + max + ", mean " + mean);
    }

    @Test
    void cmykJpegIsConvertedToRgb() {
        HostTensor t = decoder.decode(resource("images/cmyk.jpg"));
        assertArrayEquals(new long[] {3, 16, 24}, t.shape());
        int[] v = IoFixtures.ints(t);
        int plane = 16 * 24;
        int left = 8 * 24 + 4;   // red half
        int right = 8 * 24 + 20; // blue half
        assertTrue(v[left] > 150 && v[plane + left] < 100 && v[2 * plane + left] < 100, "left is red");
        assertTrue(v[right] < 100 && v[plane + right] < 100 && v[2 * plane + right] > 100, "right is blue");
    }

    @Test
    void grayOptionMatchesOpenCvCvtColor() {
        ImageDecoder gray = new ImageDecoder(DecodeOptions.defaults().withChannels(Channels.GRAY));
        assertSameTensor(npy("images/rgb8_as_gray.npy"), gray.decode(resource("images/rgb8.png")));
        assertSameTensor(npy("images/rgb16_as_gray.npy"), gray.decode(resource("images/rgb16.png")));
        // Gray+alpha drops alpha; RGBA drops alpha (no compositing) before the luma.
        HostTensor ga = decoder.decode(resource("images/ga8.png"));
        HostTensor g = gray.decode(resource("images/ga8.png"));
        assertEquals(ByteBuffer.wrap(Arrays.copyOf(bytes(ga), 77)), g.data());
        assertArrayEquals(new long[] {1, 7, 11}, gray.decode(resource("images/rgba16.png")).shape());
    }

    @Test
    void rgbaOptionMatchesOpenCvExpansionOfGrayAlpha() {
        ImageDecoder rgba = new ImageDecoder(DecodeOptions.defaults().withChannels(Channels.RGBA));
        assertSameTensor(npy("images/ga8_as_rgba.npy"), rgba.decode(resource("images/ga8.png")));
    }

    @Test
    void rgbAndRgbaOptionsExpandAndDropChannels() {
        ImageDecoder rgb = new ImageDecoder(DecodeOptions.defaults().withChannels(Channels.RGB));
        ImageDecoder rgba = new ImageDecoder(DecodeOptions.defaults().withChannels(Channels.RGBA));
        byte[] gray = bytes(decoder.decode(resource("images/gray8.png")));
        byte[] expanded = bytes(rgb.decode(resource("images/gray8.png")));
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(gray, Arrays.copyOfRange(expanded, c * 77, (c + 1) * 77));
        }
        byte[] rgbaOfRgba = bytes(decoder.decode(resource("images/rgba8.png")));
        assertArrayEquals(Arrays.copyOf(rgbaOfRgba, 3 * 77), bytes(rgb.decode(resource("images/rgba8.png"))));

        HostTensor rgb16 = rgba.decode(resource("images/rgb16.png"));
        assertEquals(DType.UINT16, rgb16.dtype());
        assertArrayEquals(new long[] {4, 7, 11}, rgb16.shape());
        int[] v = IoFixtures.ints(rgb16);
        assertTrue(Arrays.stream(v, 3 * 77, 4 * 77).allMatch(a -> a == 65535), "opaque 16-bit alpha");
        assertEquals(3, rgb.decode(resource("images/palette8_trns.png")).dim(0));
        assertArrayEquals(new long[] {3, 30, 37}, rgb.decode(resource("images/gray.jpg")).shape());
    }

    @Test
    void pixelLimitIsCheckedFromTheHeaderBeforeDecoding() {
        byte[] huge = withIhdrSize(resource("images/rgb8.png"), 100_000, 100_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(huge));
        assertEquals("decode: expected at most 67108864 pixels, got 100000 x 100000 = 10000000000", e.getMessage());

        ImageDecoder small = new ImageDecoder(DecodeOptions.defaults().withMaxPixels(76));
        e = assertThrows(IllegalArgumentException.class, () -> small.decode(resource("images/rgb8.png")));
        assertEquals("decode: expected at most 76 pixels, got 11 x 7 = 77", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> small.decode(resource("images/rgb.jpg")));
        assertEquals("decode: expected at most 76 pixels, got 37 x 30 = 1110", e.getMessage());
        assertEquals(77, new ImageDecoder(DecodeOptions.defaults().withMaxPixels(77))
                .decode(resource("images/rgb8.png")).dim(1) * 11);
    }

    @Test
    void rejectsBytesThatAreNotPngOrJpeg() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode("hello, world! this is text".getBytes()));
        assertEquals("decode: expected PNG or JPEG bytes, got 26 bytes: 68 65 6c 6c 6f 2c 20 77 6f 72 6c 64 21 20"
                + " 74 68 ...", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(new byte[0]));
        assertEquals("decode: expected PNG or JPEG bytes, got 0 bytes", e.getMessage());
    }

    @Test
    void rejectsOtherImageFormats() throws IOException {
        ByteArrayOutputStream gif = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED), "gif", gif));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(gif.toByteArray()));
        assertTrue(e.getMessage().startsWith("decode: expected PNG or JPEG bytes, got "), e.getMessage());
        assertTrue(e.getMessage().contains(": 47 49 46 38"), e.getMessage());
    }

    @Test
    void wrapsCodecFailuresOnCorruptData() {
        byte[] png = resource("images/rgb16.png");
        for (int length : new int[] {20, 40, png.length - 20}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> decoder.decode(Arrays.copyOf(png, length)));
            assertTrue(e.getMessage().startsWith("decode: expected a valid PNG image, got corrupt or truncated data ("
                    + length + " bytes)"), e.getMessage());
            assertNotNull(e.getCause());
        }
        byte[] corrupt = png.clone();
        corrupt[45] ^= 0x55; // inside the IDAT data: bad zlib stream or CRC
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(corrupt));
        assertInstanceOf(IOException.class, e.getCause());

    }

    @Test
    void rejectsJpegsWhoseDataEndsEarly() {
        byte[] jpeg = resource("images/rgb.jpg");
        for (int length : new int[] {30, jpeg.length / 2, jpeg.length - 100}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> decoder.decode(Arrays.copyOf(jpeg, length)));
            assertTrue(e.getMessage().startsWith("decode: expected a valid JPEG image, got corrupt or truncated data"
                    + " (" + length + " bytes)"), e.getMessage());
        }
        // Only the final end-of-image marker missing: every pixel is there, so it decodes (OpenCV agrees).
        assertSameTensor(decoder.decode(jpeg), decoder.decode(Arrays.copyOf(jpeg, jpeg.length - 2)));
    }

    @Test
    void decodesStreamsAndFiles(@TempDir Path dir) throws IOException {
        byte[] png = resource("images/rgba16.png");
        HostTensor expected = decoder.decode(png);
        assertSameTensor(expected, decoder.decode(new ByteArrayInputStream(png)));
        Path file = dir.resolve("x.png");
        Files.write(file, png);
        assertSameTensor(expected, decoder.decode(file));
    }

    @Test
    void decodesTheRepositorySamples() throws IOException {
        Path samples = IoFixtures.samplesDir();
        try (var files = Files.list(samples)) {
            long decoded = files.filter(p -> p.toString().matches(".*\\.(png|jpg)")).peek(p -> {
                HostTensor t = decoder.decode(p);
                assertEquals(3, t.rank(), p.toString());
                assertTrue(Math.max(t.dim(1), t.dim(2)) <= 256, p.toString());
            }).count();
            assertTrue(decoded >= 4, "samples decoded: " + decoded);
        }
        HostTensor sixteen = decoder.decode(samples.resolve("coffee_16bit.png"));
        assertEquals(DType.UINT16, sixteen.dtype());
        assertEquals(1, decoder.decode(samples.resolve("camera.png")).dim(0));
    }

    /**
     * convertChannels on an image decoded as stored gives what decoding straight into that layout gives (the
     * decoder's conversions are the peer here, held to ImageIO by PngDecoderTest), for gray, gray+alpha, RGB, RGBA
     * and 16-bit sources; exact bytes. An image already in the layout comes back as the same instance, uncopied.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gray8", "ga8", "rgb8", "rgba8", "rgb16"})
    void convertChannelsMatchesDecodingIntoThatLayout(String name) {
        byte[] png = resource("png-corpus/valid/" + name + ".png");
        HostTensor stored = decoder.decode(png);
        for (Channels mode : Channels.values()) {
            HostTensor direct = new ImageDecoder(DecodeOptions.defaults().withChannels(mode)).decode(png);
            HostTensor converted = ImageDecoder.convertChannels(stored, mode);
            assertSameTensor(direct, converted);
            if (direct.dim(0) == stored.dim(0)) {
                assertSame(stored, converted, name + " to " + mode);
            }
        }
    }

    @Test
    void optionsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecodeOptions.defaults().withMaxPixels(0));
        assertEquals("DecodeOptions: expected maxPixels in [1, 268435455], got 0", e.getMessage());
        assertEquals(DecodeOptions.defaults(), new ImageDecoder().options());
        assertEquals(8192L * 8192L, DecodeOptions.defaults().maxPixels());
    }

    private static byte[] bytes(HostTensor t) {
        ByteBuffer data = t.data();
        byte[] out = new byte[data.remaining()];
        data.get(out);
        return out;
    }

    /** A copy of a PNG whose IHDR declares another size, with the chunk's CRC recomputed. */
    private static byte[] withIhdrSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        ByteBuffer buf = ByteBuffer.wrap(out);
        assertEquals("IHDR", new String(out, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        buf.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(out, 12, 4 + 13);
        buf.putInt(29, (int) crc.getValue());
        return out;
    }
}
