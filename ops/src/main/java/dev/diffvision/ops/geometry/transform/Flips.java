package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;

/**
 * Mirror images: Kornia's {@code kornia/geometry/transform/flips.py} ({@code hflip}, {@code vflip},
 * {@code rot180}).
 *
 * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)} float32/float64; output: same shape, dtype, device, a new
 * tensor owned by the input's manager; gradients flow to the input (a permutation). Inputs are not modified.
 *
 * <pre>{@code
 * NDArray mirrored = Flips.hflip(image);   // out[..., j] = in[..., W - 1 - j]
 * }</pre>
 */
public final class Flips {

    private Flips() {}

    /**
     * Flips left-right: Kornia's {@code hflip}.
     *
     * @param input the images
     * @return {@code input[..., ::-1]}
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray hflip(NDArray input) {
        return flip(input, "hflip", -1);
    }

    /**
     * Flips upside down: Kornia's {@code vflip}.
     *
     * @param input the images
     * @return {@code input[..., ::-1, :]}
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray vflip(NDArray input) {
        return flip(input, "vflip", -2);
    }

    /**
     * Rotates by 180 degrees (both flips): Kornia's {@code rot180}.
     *
     * @param input the images
     * @return {@code input[..., ::-1, ::-1]}
     * @throws IllegalArgumentException for a wrong rank or dtype
     */
    public static NDArray rot180(NDArray input) {
        return flip(input, "rot180", -2, -1);
    }

    private static NDArray flip(NDArray input, String op, int... axes) {
        Checks.image(input, op, "input");
        int rank = input.getShape().dimension();
        int[] absolute = java.util.Arrays.stream(axes).map(a -> a + rank).toArray();
        return Scoped.run(() -> input.flip(absolute), input);
    }
}
