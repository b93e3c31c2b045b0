package dev.diffvision.ops.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static dev.diffvision.ops.io.IoFixtures.assertSameTensor;
import static dev.diffvision.ops.io.IoFixtures.maxAbsDiff;
import static dev.diffvision.ops.io.IoFixtures.meanAbsDiff;
import static dev.diffvision.ops.io.IoFixtures.npy;
import static dev.diffvision.ops.io.IoFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ImageEncoder}: lossless PNG round trips, JPEG round trips within tolerance, quantisation, bad input. */
class ImageEncoderTest extends OpTestBase {
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void pngRoundTripIsBitExactFor8And16BitsAndEveryChannelCount() {
        Random rng = new Random(7);
        for (DType dtype : new DType[] {DType.UINT8, DType.UINT16}) {
            for (int c = 1; c <= 4; c++) {
                HostTensor t = IoFixtures.randomImage(dtype, rng, c, 13, 17);
                byte[] png = ImageEncoder.encodePng(t);
                assertSameTensor(t, decoder.decode(png));
            }
        }
    }

    /**
     * The PNG writer read back by both decoders, this library's and the JDK's javax.imageio reader: lossless, so
     * each must return the input exactly, for every channel count, both bit depths, single-pixel rows and
     * columns, and every compression level.
     */
    @Test
    void pngIsReadBackExactlyByOurDecoderAndByImageIo() {
        Random rng = new Random(11);
        int[][] sizes = {{1, 1}, {1, 9}, {9, 1}, {5, 3}, {64, 33}};
        for (DType dtype : new DType[] {DType.UINT8, DType.UINT16}) {
            for (int c = 1; c <= 4; c++) {
                for (int[] size : sizes) {
                    HostTensor t = IoFixtures.randomImage(dtype, rng, c, size[0], size[1]);
                    byte[] png = ImageEncoder.encodePng(t);
                    assertSameTensor(t, decoder.decode(png));
                    assertSameTensor(t, decoder.decodeWithImageIo(png));
                }
            }
        }
        HostTensor photo = decoder.decode(resource("images/rgba16.png"));
        for (int level = 0; level <= 9; level++) {
            assertSameTensor(photo, decoder.decodeWithImageIo(ImageEncoder.encodePng(photo, level)));
        }
    }

    /**
     * The default coder (run-length deflate) on the images it must get right beyond noise: flat planes (one run
     * after another), a sparse mask, runs longer than 258 crossing rows, a smooth gradient, and images larger
     * than one deflate block (16K symbols) both compressible and incompressible (stored blocks). Each PNG is
     * read back exactly by our decoder and by javax.imageio, and decodes to the same tensor as zlib level 1;
     * the flat image must also compress (to under 1% of its 270 KB).
     */
    @Test
    void defaultPngCoderHandlesRunsGradientsAndMultiBlockImages() {
        Random rng = new Random(1951);
        byte[] flat = new byte[3 * 300 * 300];
        byte[] mask = new byte[200 * 250];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (byte) (rng.nextInt(40) == 0 ? 255 : 0);
        }
        short[] gradient = new short[2 * 180 * 160];
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = (short) (i * 7);
        }
        HostTensor[] images = {
            HostTensor.ofUint8(flat, 3, 300, 300),
            HostTensor.ofUint8(mask, 1, 200, 250),
            HostTensor.ofUint16(gradient, 2, 180, 160),
            IoFixtures.randomImage(DType.UINT8, rng, 4, 150, 130),
            IoFixtures.randomImage(DType.UINT16, rng, 3, 90, 110),
        };
        for (HostTensor t : images) {
            byte[] png = ImageEncoder.encodePng(t);
            assertSameTensor(t, decoder.decode(png));
            assertSameTensor(t, decoder.decodeWithImageIo(png));
            assertSameTensor(decoder.decode(ImageEncoder.encodePng(t, 1)), decoder.decode(png));
        }
        assertTrue(ImageEncoder.encodePng(images[0]).length < flat.length / 100);
    }

    @Test
    void compressionLevelTradesSizeOnly() {
        HostTensor smooth = npy("images/rgb.npy");
        byte[] stored = ImageEncoder.encodePng(smooth, 0);
        byte[] best = ImageEncoder.encodePng(smooth, 9);
        assertTrue(stored.length > 30 * (1 + 3 * 37), "level 0 stores the filtered rows: " + stored.length);
        assertTrue(best.length < stored.length, best.length + " vs " + stored.length);
        assertSameTensor(decoder.decode(stored), decoder.decode(best));
        for (int level : new int[] {-1, 10}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImageEncoder.encodePng(smooth, level));
            assertEquals("encodePng: expected compression level in [0, 9], got " + level, e.getMessage());
        }
    }

    @Test
    void pngRoundTripOfOpenCvDecodedReferences() {
        for (String name : new String[] {"gray16", "rgba16", "ga8", "palette8_trns"}) {
            HostTensor t = npy("images/" + name + ".npy");
            assertSameTensor(t, decoder.decode(ImageEncoder.encodePng(t)));
        }
    }

    @Test
    void pngOfOnePixel() {
        HostTensor t = HostTensor.ofUint16(new short[] {(short) 65535, 0, 12345}, 3, 1, 1);
        assertSameTensor(t, decoder.decode(ImageEncoder.encodePng(t)));
    }

    @Test
    void jpegRoundTripStaysCloseOnASmoothImage() {
        HostTensor smooth = npy("images/rgb.npy"); // a smooth picture, (3, 30, 37)
        HostTensor back = decoder.decode(ImageEncoder.encodeJpeg(smooth, 0.95f));
        assertArrayEquals(smooth.shape(), back.shape());
        // Lossy: 4:2:0 chroma subsampling and quantisation; smooth content keeps errors small.
        assertTrue(meanAbsDiff(smooth, back) < 2.0, "mean " + meanAbsDiff(smooth, back));
        assertTrue(maxAbsDiff(smooth, back) <= 16, "max " + maxAbsDiff(smooth, back));

        HostTensor gray = npy("images/gray.npy");
        HostTensor grayBack = decoder.decode(ImageEncoder.encodeJpeg(gray, 0.95f));
        assertArrayEquals(new long[] {1, 30, 37}, grayBack.shape());
        assertTrue(maxAbsDiff(gray, grayBack) <= 6, "gray max " + maxAbsDiff(gray, grayBack));
    }

    @Test
    void jpegQualityTradesSizeForError() {
        HostTensor t = decoder.decode(resource("images/rgb8.png")); // noise: the worst case for JPEG
        byte[] low = ImageEncoder.encodeJpeg(t, 0.2f);
        byte[] high = ImageEncoder.encodeJpeg(t, 1.0f);
        assertTrue(low.length < high.length);
        assertTrue(meanAbsDiff(t, decoder.decode(high)) < meanAbsDiff(t, decoder.decode(low)));
    }

    @Test
    void fromUnitFloatClampsScalesAndRoundsHalfUp() {
        float[] x = {-0.5f, 0f, 0.5f / 255f, 0.49f / 255f, 0.5f, 1f, 1.5f, Float.NaN};
        HostTensor u8 = ImageEncoder.fromUnitFloat(HostTensor.of(x, 2, 4), 8);
        assertEquals(DType.UINT8, u8.dtype());
        assertArrayEquals(new long[] {2, 4}, u8.shape());
        assertArrayEquals(new int[] {0, 0, 1, 0, 128, 255, 255, 0}, IoFixtures.ints(u8));

        HostTensor u16 = ImageEncoder.fromUnitFloat(HostTensor.of(new double[] {0.5, 1.0 / 65535, 2}, 3), 16);
        assertEquals(DType.UINT16, u16.dtype());
        assertArrayEquals(new int[] {32768, 1, 65535}, IoFixtures.ints(u16));
    }

    @Test
    void floatRoundTripThroughUnitRange() {
        HostTensor raw = decoder.decode(resource("images/rgba16.png"));
        NDArray unit = PixelRange.toUnitFloat(raw, manager);
        assertSameTensor(raw, decoder.decode(ImageEncoder.encodePng(unit, 16)));
        HostTensor raw8 = decoder.decode(resource("images/rgb8.png"));
        assertSameTensor(raw8, ImageEncoder.fromUnitFloat(PixelRange.toUnitFloat(raw8, manager), 8));
        assertSameTensor(raw8, decoder.decode(ImageEncoder.encodePng(
                PixelRange.toUnitFloat(raw8, manager).toType(DataType.FLOAT64, false), 8)));
        NDArray smooth = PixelRange.toUnitFloat(npy("images/rgb.npy"), manager);
        assertTrue(maxAbsDiff(npy("images/rgb.npy"), decoder.decode(ImageEncoder.encodeJpeg(smooth, 0.95f))) <= 16);
    }

    @Test
    void rejectsBadShapesNamingExpectedAndActual() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.encodePng(HostTensor.ofUint8(new byte[80], 5, 4, 4)));
        assertEquals("encodePng: expected CHW tensor with 1, 2, 3 or 4 channels, got shape (5, 4, 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.encodePng(HostTensor.ofUint8(new byte[16], 4, 4)));
        assertEquals("encodePng: expected CHW tensor with 1, 2, 3 or 4 channels, got shape (4, 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.encodePng(HostTensor.ofUint8(new byte[0], 3, 0, 4)));
        assertEquals("encodePng: expected CHW tensor with 1, 2, 3 or 4 channels, got shape (3, 0, 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.encodeJpeg(HostTensor.ofUint8(new byte[32], 2, 4, 4), 0.9f));
        assertEquals("encodeJpeg: expected CHW tensor with 1 or 3 channels, got shape (2, 4, 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.encodeJpeg(HostTensor.ofUint8(new byte[64], 4, 4, 4), 0.9f));
        assertEquals("encodeJpeg: expected CHW tensor with 1 or 3 channels, got shape (4, 4, 4)", e.getMessage());
    }

    @Test
    void rejectsBadDtypesAndArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.encodePng(HostTensor.of(new float[48], 3, 4, 4)));
        assertTrue(e.getMessage().startsWith("encodePng: expected a UINT8 or UINT16 tensor, got HostTensor(FLOAT32,"
                + " (3, 4, 4))"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.encodeJpeg(HostTensor.ofUint16(new short[48], 3, 4, 4), 0.9f));
        assertEquals("encodeJpeg: expected a UINT8 tensor, got HostTensor(UINT16, (3, 4, 4))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.encodeJpeg(HostTensor.ofUint8(new byte[48], 3, 4, 4), 1.5f));
        assertEquals("encodeJpeg: expected quality in [0, 1], got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.fromUnitFloat(HostTensor.of(new float[3], 3), 12));
        assertEquals("fromUnitFloat: expected bitDepth 8 or 16, got 12", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.fromUnitFloat(HostTensor.ofUint8(new byte[3], 3), 8));
        assertEquals("fromUnitFloat: expected a FLOAT32 or FLOAT64 tensor, got HostTensor(UINT8, (3,))",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageEncoder.encodePng(manager.arange(12).reshape(3, 2, 2), 8));
        assertEquals("fromUnitFloat: expected a float32 or float64 array, got int32", e.getMessage());
    }

    @Test
    void encodedPngCarriesNoColourChunks() {
        byte[] png = ImageEncoder.encodePng(HostTensor.ofUint8(new byte[12], 3, 2, 2));
        String chunks = new String(png, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String chunk : new String[] {"iCCP", "gAMA", "cHRM"}) {
            assertEquals(-1, chunks.indexOf(chunk), chunk);
        }
        assertEquals(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}), ByteBuffer.wrap(png, 0, 4));
    }
}
