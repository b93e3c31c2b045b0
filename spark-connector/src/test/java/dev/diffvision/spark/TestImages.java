package dev.diffvision.spark;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageEncoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes small real PNG files (seeded random content) for connector tests. */
final class TestImages {

    private TestImages() {}

    /**
     * Writes a seeded random 8-bit PNG.
     *
     * @param file where
     * @param channels 1, 3 or 4
     * @param height rows
     * @param width columns
     * @param seed content seed
     * @throws IOException if it cannot be written
     */
    static void png(Path file, int channels, int height, int width, long seed) throws IOException {
        Files.write(file, ImageEncoder.encodePng(pixels(channels, height, width, seed)));
    }

    /**
     * A seeded random 8-bit image with smooth structure plus noise, so Sobel has real edges.
     *
     * @param channels 1 to 4
     * @param height rows
     * @param width columns
     * @param seed content seed
     * @return the {@code (C, H, W)} uint8 image
     */
    static HostTensor pixels(int channels, int height, int width, long seed) {
        byte[] pixels = new byte[channels * height * width];
        Random random = new Random(seed);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    // smooth structure plus noise, so Sobel has real edges
                    int v = (x * 7 + y * 3 + c * 50) % 200 + random.nextInt(56);
                    pixels[(c * height + y) * width + x] = (byte) v;
                }
            }
        }
        return HostTensor.ofUint8(pixels, channels, height, width);
    }

    /**
     * Writes a folder of test inputs: {@code a0..a3.png} RGB 24x32, {@code b.png} RGB 20x20, {@code rgba.png}
     * RGBA 24x32 (rejected by rgb_to_grayscale), {@code broken.png} (not an image).
     *
     * @param dir the folder
     * @throws IOException if a file cannot be written
     */
    static void folder(Path dir) throws IOException {
        for (int i = 0; i < 4; i++) {
            png(dir.resolve("a" + i + ".png"), 3, 24, 32, i);
        }
        png(dir.resolve("b.png"), 3, 20, 20, 9);
        png(dir.resolve("rgba.png"), 4, 24, 32, 5);
        Files.write(dir.resolve("broken.png"), "this is not a png".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
