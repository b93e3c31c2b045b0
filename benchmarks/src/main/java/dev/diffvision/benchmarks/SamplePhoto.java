package dev.diffvision.benchmarks;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The benchmarks' input picture: the sample photo {@code astronaut.png} (3 x {@value #SIZE} x {@value #SIZE} RGB,
 * on the class path) as CHW float planes in [0, 1], and larger versions of it by pixel repetition. Free of OpenCV
 * and BoofCV, so that device runs ({@link DeviceTiming}) can use it with only DiffVision and DJL on the class path.
 */
final class SamplePhoto {

    /** Height and width of the photo. */
    static final int SIZE = 256;

    private static final String PHOTO = "/astronaut.png";

    private SamplePhoto() {}

    /**
     * The photo.
     *
     * @return {@code 3 * SIZE * SIZE} values, CHW, in [0, 1]
     */
    static float[] rgb() {
        try (InputStream in = SamplePhoto.class.getResourceAsStream(PHOTO)) {
            if (in == null) {
                throw new IllegalStateException("benchmarks: expected " + PHOTO + " on the class path");
            }
            HostTensor chw = new ImageDecoder().decode(in);
            if (chw.rank() != 3 || chw.dim(0) != 3 || chw.dim(1) != SIZE || chw.dim(2) != SIZE) {
                throw new IllegalStateException("benchmarks: expected " + PHOTO + " to be (3, " + SIZE + ", "
                        + SIZE + "), got " + chw);
            }
            float[] values = chw.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                values[i] /= 255f;
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("benchmarks: cannot read " + PHOTO, e);
        }
    }

    /**
     * CHW planes of side {@link #SIZE} with each pixel repeated {@code factor x factor} times.
     *
     * @param chw {@code channels * SIZE * SIZE} values
     * @param channels planes
     * @param factor repetitions per axis, >= 1
     * @return {@code channels * (SIZE * factor)^2} values
     */
    static float[] enlarge(float[] chw, int channels, int factor) {
        int big = SIZE * factor;
        float[] out = new float[channels * big * big];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < big; y++) {
                for (int x = 0; x < big; x++) {
                    out[(c * big + y) * big + x] = chw[(c * SIZE + y / factor) * SIZE + x / factor];
                }
            }
        }
        return out;
    }
}
