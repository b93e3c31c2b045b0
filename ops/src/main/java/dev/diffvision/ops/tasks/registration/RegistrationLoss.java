package dev.diffvision.ops.tasks.registration;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.core.Names;
import dev.diffvision.ops.losses.Reduction;
import dev.diffvision.ops.losses.SsimLoss;

import java.util.Locale;

/**
 * The photometric loss between the warped source and the target, per pixel, averaged over the valid pixels of
 * each pair. {@code r} is the residual {@code warped - target} of images in [0, 1].
 */
public enum RegistrationLoss {
    /** {@code |r|}. */
    L1,
    /** {@code r^2}. */
    L2,
    /** Kornia's {@code charbonnier_loss}, {@code sqrt(r^2 + 1) - 1}. */
    CHARBONNIER,
    /** Kornia's {@code ssim_loss} map ({@code (1 - SSIM) / 2}, 11x11 Gaussian window, max value 1); first-order
     * optimisers only. */
    SSIM;

    /** The smallest |r| the L1 weight {@code 1 / |r|} divides by. */
    static final double L1_FLOOR = 1e-3;

    /**
     * Parses a loss name, case-insensitively.
     *
     * @param name {@code l1}, {@code l2}, {@code charbonnier} or {@code ssim}
     * @return the loss
     * @throws IllegalArgumentException for any other name
     */
    public static RegistrationLoss parse(String name) {
        return Names.parse(values(), name, "image_registrator", "loss");
    }

    /** @return the lower-case name used in options and job arguments */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether Levenberg-Marquardt can minimise it (a sum of per-pixel functions of the residual) */
    public boolean perPixel() {
        return this != SSIM;
    }

    /**
     * @param warped {@code (B, C, H, W)}
     * @param target {@code (B, C, H, W)}
     * @return the per-pixel loss {@code (B, C, H, W)}, differentiable in {@code warped}
     */
    NDArray map(NDArray warped, NDArray target) {
        return this == SSIM ? SsimLoss.ssimLoss(warped, target, 11, 1.0, 1e-12, Reduction.NONE, "same")
                : rho(warped.sub(target));
    }

    /**
     * The per-pixel loss of a residual, for per-pixel losses.
     *
     * @param r residuals
     * @return {@code rho(r)}
     */
    NDArray rho(NDArray r) {
        return switch (this) {
            case L1 -> r.abs();
            case L2 -> r.square();
            case CHARBONNIER -> r.square().add(1).sqrt().sub(1);
            case SSIM -> throw new IllegalStateException("ssim is not a per-pixel function of the residual");
        };
    }

    /**
     * The loss's code for the fused normal-equations kernel ({@code Aten.registrationNormal}), which applies
     * {@code rho} and the iteratively-reweighted-least-squares weight {@code w = rho'(r) / r} (with it the
     * Gauss-Newton system {@code J^T diag(w) J dp = -J^T diag(w) r} follows the gradient of {@code sum rho(r)}):
     * L1 {@code w = 1 / max(|r|, }{@value #L1_FLOOR}{@code )}, L2 {@code w = 2}, Charbonnier
     * {@code w = 1 / sqrt(r^2 + 1)}.
     *
     * @return 0 for L1, 1 for L2, 2 for Charbonnier
     * @throws IllegalStateException for SSIM, which is not a per-pixel function of the residual
     */
    int normalCode() {
        return switch (this) {
            case L1 -> 0;
            case L2 -> 1;
            case CHARBONNIER -> 2;
            case SSIM -> throw new IllegalStateException("ssim is not a per-pixel function of the residual");
        };
    }
}
