package dev.diffvision.ops.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decoded pixels in CHW planes before they become a {@link HostTensor}: {@code channels * height * width}
 * unsigned samples of 1 byte, or of 2 bytes in native byte order, in one {@code byte[]} that the tensor then
 * wraps without copying.
 */
final class Pixels {
    /** Reads and writes native-order 16-bit samples inside a {@code byte[]} (compiled to plain loads/stores). */
    static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());

    /** OpenCV's fixed-point BT.601 luma weights (15 fractional bits), summing to 32768. */
    private static final int WR = 9798;
    private static final int WG = 19235;
    private static final int WB = 3735;
    /** Plane recipe entries that are not source channel indices. */
    private static final int OPAQUE = -1;
    private static final int LUMA = -2;

    final byte[] samples;
    final int sampleBytes;
    final int channels;
    final int height;
    final int width;

    Pixels(byte[] samples, int sampleBytes, int channels, int height, int width) {
        this.samples = samples;
        this.sampleBytes = sampleBytes;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** The pixels with the channel layout {@code mode} asks for (this instance when nothing changes). */
    Pixels convert(DecodeOptions.Channels mode) {
        int[] recipe = recipe(channels, mode);
        return recipe == null ? this : build(recipe);
    }

    /** Whether an image of {@code channels} channels already has the layout {@code mode} asks for. */
    static boolean keeps(int channels, DecodeOptions.Channels mode) {
        return recipe(channels, mode) == null;
    }

    /** One source per output plane (a channel index, {@link #OPAQUE} or {@link #LUMA}), or null for no change. */
    private static int[] recipe(int channels, DecodeOptions.Channels mode) {
        return switch (mode) {
            case KEEP -> null;
            case GRAY -> channels == 1 ? null : channels == 2 ? new int[] {0} : new int[] {LUMA};
            case RGB -> channels == 3 ? null : channels == 4 ? new int[] {0, 1, 2} : new int[] {0, 0, 0};
            case RGBA -> switch (channels) {
                case 1 -> new int[] {0, 0, 0, OPAQUE};
                case 2 -> new int[] {0, 0, 0, 1};
                case 3 -> new int[] {0, 1, 2, OPAQUE};
                default -> null;
            };
        };
    }

    /** Builds one output plane per recipe entry: a copy of a source plane, an opaque alpha, or luma. */
    private Pixels build(int[] recipe) {
        int plane = height * width;
        int planeBytes = plane * sampleBytes;
        byte[] out = new byte[recipe.length * planeBytes];
        for (int c = 0; c < recipe.length; c++) {
            int dst = c * planeBytes;
            if (recipe[c] >= 0) {
                System.arraycopy(samples, recipe[c] * planeBytes, out, dst, planeBytes);
            } else if (recipe[c] == OPAQUE) {
                Arrays.fill(out, dst, dst + planeBytes, (byte) 0xFF); // 255, or 65535 in two bytes
            } else if (sampleBytes == 1) {
                luma8(samples, out, plane);
            } else {
                luma16(samples, out, plane);
            }
        }
        return new Pixels(out, sampleBytes, recipe.length, height, width);
    }

    private static void luma8(byte[] rgb, byte[] gray, int plane) {
        for (int i = 0; i < plane; i++) {
            int r = rgb[i] & 0xFF;
            int g = rgb[plane + i] & 0xFF;
            int b = rgb[2 * plane + i] & 0xFF;
            gray[i] = (byte) ((WR * r + WG * g + WB * b + (1 << 14)) >> 15);
        }
    }

    /** As {@link #luma8}; the weighted sum stays below 2^31 for 16-bit inputs. */
    private static void luma16(byte[] rgb, byte[] gray, int plane) {
        int planeBytes = 2 * plane;
        for (int i = 0; i < planeBytes; i += 2) {
            int r = (short) SHORTS.get(rgb, i) & 0xFFFF;
            int g = (short) SHORTS.get(rgb, planeBytes + i) & 0xFFFF;
            int b = (short) SHORTS.get(rgb, 2 * planeBytes + i) & 0xFFFF;
            SHORTS.set(gray, i, (short) ((WR * r + WG * g + WB * b + (1 << 14)) >> 15));
        }
    }

    /** Wraps the samples, without copying, as a UINT8 or UINT16 tensor of shape {@code (channels, height, width)}. */
    HostTensor toHostTensor() {
        return new HostTensor(new long[] {channels, height, width}, sampleBytes == 1 ? DType.UINT8 : DType.UINT16,
                ByteBuffer.wrap(samples));
    }
}
