package dev.diffvision.spark;

import ai.djl.Device;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.geometry.transform.Transforms;
import dev.diffvision.ops.io.HostTensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ResizePrecision#PIXELS} at the {@link BatchRunner} level (no Spark needed; the Spark paths are in
 * {@code VisionTransformerTest}). The pipeline is {@code invert} ({@code 1 - x}), so {@code 1 - output} is the
 * resized image itself. Convention: bilinear, half-pixel centres, no antialias, to 16 x 20 (down) and 40 x 44
 * (up). Peer: Kornia's {@code resize} ({@link Transforms#resize}) of the image scaled to [0, 1], times 255.
 * Bound: 1.0 level plus 0.04 for the 14-bit fixed-point weights and float32 rounding (see
 * {@link ResizePrecision}): ATen's uint8 kernel rounds to whole levels after each of its two passes.
 */
class PixelResizeTest {

    private static final String SPEC = "invert";
    /** Two roundings to whole levels (0.5 each) plus two passes of 14-bit weights (255 * 2^-14 each), in levels. */
    private static final double BOUND = 1.0 + 2 * 255.0 / (1 << 14) + 1e-3;
    private static final ApplyOptions FLOAT = ApplyOptions.of(SPEC).withOutputFormats(EnumSet.of(OutputFormat.TENSOR));

    private static List<HostTensor> mixedSizes() {
        // three runs: two 24x32, one 20x20, one 37x29 (odd sizes: non-integer scale factors both ways)
        return List.of(TestImages.pixels(3, 24, 32, 1), TestImages.pixels(3, 24, 32, 2),
                TestImages.pixels(3, 20, 20, 3), TestImages.pixels(3, 37, 29, 4));
    }

    @Test
    void eightBitRunsAreWithinOneLevelOfKorniaResizeAndAreWholeLevels() {
        for (int[] size : new int[][] {{16, 20}, {40, 44}}) {
            List<HostTensor> images = mixedSizes();
            List<float[]> outputs = run(images, pixels(size));
            double maxError = 0;
            double sumError = 0;
            long count = 0;
            for (int i = 0; i < images.size(); i++) {
                float[] reference = PipelineResults.direct(SPEC, images.get(i), x -> Transforms.resize(x, size,
                        Sampling.Resize.BILINEAR, false, null, false));
                float[] actual = outputs.get(i);
                assertEquals(reference.length, actual.length);
                for (int k = 0; k < actual.length; k++) {
                    double level = (1 - actual[k]) * 255;
                    assertEquals(Math.rint(level), level, 1e-3, "8-bit path: whole levels, image " + i + " at " + k);
                    double error = Math.abs(level - (1 - reference[k]) * 255);
                    maxError = Math.max(maxError, error);
                    sumError += error;
                    count++;
                }
            }
            assertTrue(maxError <= BOUND, "max error " + maxError + " levels at " + size[0] + " x " + size[1]);
            assertTrue(sumError / count > 0.05, "the 8-bit path differs from the float path: mean error "
                    + sumError / count + " levels");
        }
    }

    @Test
    void aBatchEqualsEachImageAlone() {
        int[] size = {16, 20};
        List<HostTensor> images = mixedSizes();
        List<float[]> batched = run(images, pixels(size));
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(run(List.of(images.get(i)), pixels(size)).get(0), batched.get(i), "image " + i);
        }
    }

    @Test
    void sixteenBitAndFloatImagesTakeTheFloatPath() {
        int[] size = {16, 20};
        Random random = new Random(7);
        short[] words = new short[3 * 24 * 32];
        float[] floats = new float[3 * 24 * 32];
        for (int k = 0; k < words.length; k++) {
            words[k] = (short) random.nextInt(65536);
            floats[k] = random.nextFloat();
        }
        for (HostTensor image : List.of(HostTensor.ofUint16(words, 3, 24, 32), HostTensor.of(floats, 3, 24, 32))) {
            List<HostTensor> batch = List.of(image, image);
            List<float[]> viaPixels = run(batch, pixels(size));
            List<float[]> viaFloat = run(batch, FLOAT.withResizeTo(size[0], size[1]));
            for (int i = 0; i < batch.size(); i++) {
                assertArrayEquals(viaFloat.get(i), viaPixels.get(i), image.dtype() + " image " + i);
            }
        }
    }

    private static ApplyOptions pixels(int[] size) {
        return FLOAT.withResizeTo(size[0], size[1]).withResizePrecision(ResizePrecision.PIXELS);
    }

    private static List<float[]> run(List<HostTensor> images, ApplyOptions options) {
        List<BatchResult> results = new BatchRunner(ExecutorRuntime.pipeline(SPEC), options, Device.cpu()).run(images);
        List<float[]> out = new ArrayList<>();
        for (BatchResult r : results) {
            assertNull(r.error());
            ByteBuffer b = ByteBuffer.wrap(r.encoded().tensor()).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[b.remaining() / 4];
            b.asFloatBuffer().get(values);
            out.add(values);
        }
        return out;
    }
}
