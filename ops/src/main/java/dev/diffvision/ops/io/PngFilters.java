package dev.diffvision.ops.io;

/**
 * PNG's five scanline filters (PNG specification, section 9.2): all five reversed in place on byte rows (for
 * {@link PngDecoder}), and Up applied (for {@link PngWriter}).
 *
 * <p>Each filter predicts a byte from {@code a} (the byte {@code bpp} positions to the left, 0 before the row
 * starts), {@code b} (the byte above, 0 on the first row) and {@code c} (above-left) and stores the difference
 * modulo 256: 0 None, 1 Sub ({@code a}), 2 Up ({@code b}), 3 Average ({@code floor((a + b) / 2)}), 4 Paeth
 * (whichever of {@code a}, {@code b}, {@code c} is closest to {@code a + b - c}, ties in that order).
 * {@code bpp} is the number of bytes of one complete pixel, at least 1.
 */
final class PngFilters {
    /** Filter type: no prediction. */
    static final int NONE = 0;
    /** Filter type: left neighbour. */
    static final int SUB = 1;
    /** Filter type: neighbour above. */
    static final int UP = 2;
    /** Filter type: mean of left and above. */
    static final int AVERAGE = 3;
    /** Filter type: Paeth predictor. */
    static final int PAETH = 4;

    private PngFilters() {
    }

    /**
     * Reverses one row's filter in place.
     *
     * @param buf holds the row and the row above
     * @param row index of the row's first byte (after its filter-type byte)
     * @param prior index of the unfiltered row above, or -1 for the first row
     * @param length bytes in the row
     * @param bpp bytes per complete pixel, at least 1
     * @param type the filter type byte as stored (0 to 4)
     * @return false if {@code type} is not a filter type
     */
    static boolean unfilter(byte[] buf, int row, int prior, int length, int bpp, int type) {
        switch (type) {
            case NONE -> { }
            case SUB -> unfilterSub(buf, row, length, bpp);
            case UP -> {
                if (prior >= 0) {
                    for (int i = 0; i < length; i++) {
                        buf[row + i] += buf[prior + i];
                    }
                }
            }
            case AVERAGE -> unfilterAverage(buf, row, prior, length, bpp);
            case PAETH -> unfilterPaeth(buf, row, prior, length, bpp);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void unfilterSub(byte[] buf, int row, int length, int bpp) {
        for (int i = bpp; i < length; i++) {
            buf[row + i] += buf[row + i - bpp];
        }
    }

    private static void unfilterAverage(byte[] buf, int row, int prior, int length, int bpp) {
        if (prior < 0) {
            for (int i = bpp; i < length; i++) {
                buf[row + i] += (byte) ((buf[row + i - bpp] & 0xFF) >>> 1);
            }
            return;
        }
        if (bpp == 1) {
            averageOneByte(buf, row, prior, length);
            return;
        }
        int head = Math.min(bpp, length);
        for (int i = 0; i < head; i++) {
            buf[row + i] += (byte) ((buf[prior + i] & 0xFF) >>> 1);
        }
        for (int i = bpp; i < length; i++) {
            buf[row + i] += (byte) (((buf[row + i - bpp] & 0xFF) + (buf[prior + i] & 0xFF)) >>> 1);
        }
    }

    /**
     * Average with one byte per pixel: {@code a} stays in a register instead of being read back from the byte just
     * stored, which takes the store-to-load forwarding latency off the chain from one byte to the next.
     */
    private static void averageOneByte(byte[] buf, int row, int prior, int length) {
        int a = 0;
        for (int i = 0; i < length; i++) {
            a = (buf[row + i] += (byte) ((a + (buf[prior + i] & 0xFF)) >>> 1)) & 0xFF;
        }
    }

    /** Paeth: on the first row ({@code b = c = 0}) it predicts {@code a}, in the first pixel {@code b}. */
    private static void unfilterPaeth(byte[] buf, int row, int prior, int length, int bpp) {
        if (prior < 0) {
            unfilterSub(buf, row, length, bpp);
            return;
        }
        if (bpp == 1) {
            paethOneByte(buf, row, prior, length);
            return;
        }
        int head = Math.min(bpp, length);
        for (int i = 0; i < head; i++) {
            buf[row + i] += buf[prior + i];
        }
        for (int i = bpp; i < length; i++) {
            int a = buf[row + i - bpp] & 0xFF;
            int b = buf[prior + i] & 0xFF;
            int c = buf[prior + i - bpp] & 0xFF;
            buf[row + i] += (byte) paeth(a, b, c);
        }
    }

    /**
     * Paeth with one byte per pixel (8-bit gray, palette indices): {@code a} and {@code c} stay in registers, so the
     * chain from one byte to the next no longer waits on reading back the byte just stored. With
     * {@link #averageOneByte}, camera.png's rows unfilter in 0.25 instead of 0.34 ms.
     */
    private static void paethOneByte(byte[] buf, int row, int prior, int length) {
        int a = 0;
        int c = 0;
        for (int i = 0; i < length; i++) {
            int b = buf[prior + i] & 0xFF;
            a = (buf[row + i] += (byte) paeth(a, b, c)) & 0xFF;
            c = b;
        }
    }

    /**
     * Applies the Up filter to one row, the filter {@link PngWriter} uses: each byte minus the byte above
     * (the byte itself on the first row, where the row above counts as zeros).
     *
     * @param raw holds the unfiltered row and the unfiltered row above
     * @param row index of the row's first byte in {@code raw}
     * @param prior index of the unfiltered row above in {@code raw}, or -1 for the first row
     * @param length bytes in the row
     * @param out receives the filtered row at {@code outOffset}
     * @param outOffset index in {@code out}
     */
    static void filterUp(byte[] raw, int row, int prior, int length, byte[] out, int outOffset) {
        if (prior < 0) {
            System.arraycopy(raw, row, out, outOffset, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = (byte) (raw[row + i] - raw[prior + i]);
        }
    }

    /**
     * The Paeth predictor of the specification (section 9.4): {@code a} if it is closest to
     * {@code p = a + b - c} (ties included), else {@code b} if closer than {@code c} or tied with it, else
     * {@code c}. Branch-free whatever the JIT's profile: each candidate becomes one key, its distance above a tie
     * rank (a 0, b 1, c 2) above its value, and the smallest key wins ({@code Math.min} compiles to a conditional
     * move). On photographs the choice is unpredictable, so branches mispredict: a form with conditional
     * expressions, which C2 compiles to branches after seeing predictable images, decoded astronaut.png in 2.4
     * instead of 1.7 ms after a flat image; the earlier sign-mask arithmetic needed more instructions.
     */
    private static int paeth(int a, int b, int c) {
        int p = b - c;
        int q = a - c;
        int pa = Math.abs(p); // |(a + b - c) - a|
        int pb = Math.abs(q); // |(a + b - c) - b|
        int pc = Math.abs(p + q); // |(a + b - c) - c|
        int keyA = pa << 10 | a;
        int keyB = pb << 10 | 1 << 8 | b;
        int keyC = pc << 10 | 2 << 8 | c;
        return Math.min(keyA, Math.min(keyB, keyC)) & 0xFF;
    }
}
