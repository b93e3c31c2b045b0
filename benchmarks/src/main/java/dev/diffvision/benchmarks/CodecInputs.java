package dev.diffvision.benchmarks;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageEncoder;
import java.util.Random;

/**
 * The inputs of {@link PngDecodeBenchmark} and {@link PngEncodeBenchmark}, the two halves of the connector's
 * per-image codec work: a {@value #SIDE}x{@value #SIDE} RGB texture made the way scripts/lib/make_bench_images.py
 * makes the connector benchmarks' photographs-to-be (colour gradients, sine ripples, uniform noise of +-12
 * levels; seeded), and a {@value #EDGES}x{@value #EDGES} 8-bit Sobel edge map of its luma, the kind of image the
 * edge pipeline writes.
 */
final class CodecInputs {
    /** Side of the RGB texture. */
    static final int SIDE = 256;
    /** Side of the edge map. */
    static final int EDGES = 224;
    /** zlib level of the encoded texture: make_bench_images.py's. */
    private static final int TEXTURE_LEVEL = 6;
    private static final int NOISE = 12;

    private CodecInputs() {
    }

    /** The texture as an RGB PNG, about 140 KB. */
    static byte[] texturePng() {
        return ImageEncoder.encodePng(HostTensor.ofUint8(texture(), 3, SIDE, SIDE), TEXTURE_LEVEL);
    }

    /** The edge map, UINT8 {@code (1, EDGES, EDGES)}: {@code |Sobel| / 8} of the texture's luma, centre crop. */
    static HostTensor edgeMap() {
        byte[] rgb = texture();
        int plane = SIDE * SIDE;
        int[] luma = new int[plane];
        for (int i = 0; i < plane; i++) {
            luma[i] = (299 * (rgb[i] & 0xFF) + 587 * (rgb[plane + i] & 0xFF) + 114 * (rgb[2 * plane + i] & 0xFF))
                    / 1000;
        }
        int margin = (SIDE - EDGES) / 2;
        byte[] out = new byte[EDGES * EDGES];
        for (int y = 0; y < EDGES; y++) {
            for (int x = 0; x < EDGES; x++) {
                int c = (y + margin) * SIDE + x + margin;
                int gx = luma[c - SIDE + 1] + 2 * luma[c + 1] + luma[c + SIDE + 1]
                        - luma[c - SIDE - 1] - 2 * luma[c - 1] - luma[c + SIDE - 1];
                int gy = luma[c + SIDE - 1] + 2 * luma[c + SIDE] + luma[c + SIDE + 1]
                        - luma[c - SIDE - 1] - 2 * luma[c - SIDE] - luma[c - SIDE + 1];
                out[y * EDGES + x] = (byte) Math.min(255, Math.round(Math.sqrt(gx * gx + gy * gy) / 8));
            }
        }
        return HostTensor.ofUint8(out, 1, EDGES, EDGES);
    }

    /** CHW RGB samples of the texture. */
    private static byte[] texture() {
        Random rng = new Random(20261125);
        int plane = SIDE * SIDE;
        byte[] chw = new byte[3 * plane];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double ripple = 40 * Math.sin(x / 7.0) * Math.cos(y / 11.0);
                int i = y * SIDE + x;
                chw[i] = clamp(255.0 * x / SIDE + ripple + noise(rng));
                chw[plane + i] = clamp(255.0 * y / SIDE - ripple + noise(rng));
                chw[2 * plane + i] = clamp(128 + 2 * ripple + noise(rng));
            }
        }
        return chw;
    }

    private static int noise(Random rng) {
        return rng.nextInt(2 * NOISE + 1) - NOISE;
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, (int) v));
    }
}
