package dev.diffvision.ops.io;

import java.util.Objects;

/**
 * Options for {@link ImageDecoder}: a pixel-count limit checked before any pixel is decoded, and the channel
 * layout of the output.
 *
 * <pre>{@code
 * DecodeOptions opts = DecodeOptions.defaults()                 // 64 Mpx limit, channels as stored
 *         .withChannels(DecodeOptions.Channels.RGB)             // always (3, H, W)
 *         .withMaxPixels(4096L * 4096L);
 * HostTensor chw = new ImageDecoder(opts).decode(bytes);
 * }</pre>
 *
 * @param maxPixels the largest accepted {@code width * height}; images declaring more are rejected from their
 *     header alone. Between 1 and {@link #MAX_PIXELS_LIMIT}.
 * @param channels the output channel layout
 */
public record DecodeOptions(long maxPixels, Channels channels) implements java.io.Serializable {
    /** The default pixel limit, 8192 * 8192 = 67108864 (64 megapixels). */
    public static final long DEFAULT_MAX_PIXELS = 8192L * 8192L;
    /**
     * The largest allowed {@link #maxPixels}: 268435455, the most pixels whose 16-bit RGBA decode
     * (8 bytes per pixel) still fits in one Java array.
     */
    public static final long MAX_PIXELS_LIMIT = Integer.MAX_VALUE / 8;

    /**
     * Channel layout of decoded images. Conversions never composite alpha against a background: dropping
     * alpha simply discards it.
     */
    public enum Channels {
        /** As stored: 1 (gray), 2 (gray, alpha), 3 (RGB) or 4 (RGBA); palettes expand to RGB or RGBA. */
        KEEP,
        /**
         * One channel. Colour is converted with the ITU-R BT.601 luma weights in OpenCV's fixed-point form,
         * {@code (9798 R + 19235 G + 3735 B + 16384) >> 15}, which equals {@code cv2.cvtColor(img,
         * COLOR_RGB2GRAY)} exactly for 8- and 16-bit images.
         */
        GRAY,
        /** Three channels R, G, B; gray is replicated. */
        RGB,
        /** Four channels R, G, B, A; images without alpha get an opaque one (255 or 65535). */
        RGBA
    }

    /**
     * Validates the options.
     *
     * @param maxPixels the largest accepted {@code width * height}, in {@code [1, MAX_PIXELS_LIMIT]}
     * @param channels the output channel layout
     * @throws IllegalArgumentException if {@code maxPixels} is outside {@code [1, MAX_PIXELS_LIMIT]}
     * @throws NullPointerException if {@code channels} is null
     */
    public DecodeOptions {
        if (maxPixels < 1 || maxPixels > MAX_PIXELS_LIMIT) {
            throw new IllegalArgumentException("DecodeOptions: expected maxPixels in [1, " + MAX_PIXELS_LIMIT
                    + "], got " + maxPixels);
        }
        Objects.requireNonNull(channels, "channels");
    }

    /**
     * The defaults: {@link #DEFAULT_MAX_PIXELS} and {@link Channels#KEEP}.
     *
     * @return default options
     */
    public static DecodeOptions defaults() {
        return new DecodeOptions(DEFAULT_MAX_PIXELS, Channels.KEEP);
    }

    /**
     * A copy with another pixel limit.
     *
     * @param maxPixels the largest accepted {@code width * height}
     * @return new options
     */
    public DecodeOptions withMaxPixels(long maxPixels) {
        return new DecodeOptions(maxPixels, channels);
    }

    /**
     * A copy with another channel layout.
     *
     * @param channels the output layout
     * @return new options
     */
    public DecodeOptions withChannels(Channels channels) {
        return new DecodeOptions(maxPixels, channels);
    }
}
