package dev.diffvision.spark;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageEncoder;

import java.util.Set;

/**
 * One image's result in the requested {@link OutputFormat}s; a format not requested is null.
 *
 * @param tensor float32 little-endian row-major {@code (C, H, W)} values
 * @param bgr 8-bit interleaved BGR(A) or gray pixels, the data of Spark's image struct
 * @param png 8-bit PNG bytes
 * @param jpeg JPEG bytes (quality {@value #JPEG_QUALITY})
 */
record EncodedOutputs(byte[] tensor, byte[] bgr, byte[] png, byte[] jpeg) {

    /** JPEG quality of the {@code jpeg} output. */
    static final float JPEG_QUALITY = 0.9f;

    /**
     * Encodes one image.
     *
     * @param formats the requested formats
     * @param floats its float32 little-endian bytes (used for {@code TENSOR})
     * @param pixels its 8-bit {@code (C, H, W)} pixels, the result clamped to [0, 1] and rounded (used by the
     *     other formats; null when none is requested)
     * @return the encodings
     * @throws RowFailure ({@link ErrorKind#REJECTED}) when a format cannot hold the image's channel count
     */
    static EncodedOutputs encode(Set<OutputFormat> formats, byte[] floats, HostTensor pixels) {
        byte[] bgr = null;
        byte[] png = null;
        byte[] jpeg = null;
        try {
            if (formats.contains(OutputFormat.IMAGE)) {
                bgr = interleavedBgr(pixels);
            }
            if (formats.contains(OutputFormat.PNG)) {
                png = ImageEncoder.encodePng(pixels);
            }
            if (formats.contains(OutputFormat.JPEG)) {
                jpeg = ImageEncoder.encodeJpeg(pixels, JPEG_QUALITY);
            }
        } catch (IllegalArgumentException e) {
            throw new RowFailure(ErrorKind.REJECTED, e.getMessage());
        }
        return new EncodedOutputs(formats.contains(OutputFormat.TENSOR) ? floats : null, bgr, png, jpeg);
    }

    /** Spark's image layout: interleaved, BGR(A) order for colour, 1, 3 or 4 channels. */
    private static byte[] interleavedBgr(HostTensor chw) {
        int channels = (int) chw.dim(0);
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("imageStruct: expected 1, 3 or 4 output channels, got " + channels);
        }
        int plane = (int) (chw.dim(1) * chw.dim(2));
        byte[] planar = new byte[channels * plane];
        chw.data().duplicate().rewind().get(planar);
        return SparkImageStructs.toInterleavedBgr(planar, channels, plane);
    }
}
