package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.filters.Gaussian;

/**
 * Elastic deformation: Kornia's {@code kornia/geometry/transform/elastic_transform.py}
 * ({@code elastic_transform2d}).
 *
 * <p>The displacement field is the given noise smoothed by Gaussian kernels (zero border) and scaled:
 * {@code dx = alpha_x * G(sigma_y) * noise[:, 0]}, {@code dy = alpha_y * G(sigma_x) * noise[:, 1]} (Kornia pairs
 * each channel with the other axis' sigma, kept as is), in normalised units; the image is sampled at
 * {@code clamp(meshgrid + (dx, dy), -1, 1)}, the meshgrid being the align-corners normalised pixel grid, with the
 * sampler's {@code align_corners} (Kornia's default false). The noise is an argument (Kornia draws it when not
 * given; here the caller owns randomness). Images: {@code (B, C, H, W)} or {@code (C, H, W)}; noise
 * {@code (B or 1, 2, H, W)}; outputs keep dtype, device and rank, belong to the image's manager, and are
 * differentiable in the image and the noise. Inputs are not modified.
 *
 * <pre>{@code
 * NDArray warped = Elastic.elasticTransform2d(image, noise, new int[] {63, 63}, new double[] {32, 32},
 *         new double[] {1, 1}, WarpOptions.defaults().withAlignCorners(false));
 * }</pre>
 */
public final class Elastic {

    private Elastic() {}

    /**
     * Kornia's {@code elastic_transform2d}.
     *
     * @param image the images
     * @param noise {@code (B, 2, H, W)} raw displacements (Kornia draws {@code rand * 2 - 1})
     * @param kernelSize {@code (kh, kw)} odd Gaussian sizes (Kornia's default 63 x 63)
     * @param sigma {@code (sigma_x, sigma_y)} > 0 (default 32, 32)
     * @param alpha {@code (alpha_x, alpha_y)} displacement scales (default 1, 1)
     * @param options sampling (Kornia: bilinear, zeros, align_corners false; no fill)
     * @return the deformed images
     * @throws IllegalArgumentException for wrong shapes or dtypes, bad kernel sizes or sigmas, a NaN or infinite
     *     alpha or noise value, or a fill
     */
    public static NDArray elasticTransform2d(NDArray image, NDArray noise, int[] kernelSize, double[] sigma,
                                             double[] alpha, WarpOptions options) {
        String op = "elastic_transform2d";
        Checks.image(image, op, "image");
        Shape s = image.getShape();
        int d = s.dimension();
        long batch = d == 4 ? s.get(0) : 1;
        long h = s.get(d - 2);
        long w = s.get(d - 1);
        Checks.shape(noise, op, "noise", "B", "2", String.valueOf(h), String.valueOf(w));
        Checks.floating(noise, op, "noise");
        if (noise.getShape().get(0) != batch && noise.getShape().get(0) != 1) {
            throw new IllegalArgumentException(op + ": expected noise of batch " + batch + " or 1, got "
                    + Checks.describe(noise.getShape()));
        }
        if (sigma == null || sigma.length != 2 || alpha == null || alpha.length != 2) {
            throw new IllegalArgumentException(op + ": expected sigma and alpha of two numbers each");
        }
        if (options == null || options.fillValue() != null) {
            throw new IllegalArgumentException(op + ": expected options without a fill value");
        }
        // a NaN displacement field samples arbitrary pixels (ATen's border clip) or zeros, not NaN
        Checks.finite(op, "alpha", alpha);
        Checks.finite(noise, op, "noise");
        return Scoped.run(() -> {
            NDArray x = d == 4 ? image : image.expandDims(0);
            NDArray n = noise.toType(x.getDataType(), false);
            NDArray dx = Constants.scale(blur(n.get(":, 0:1"), kernelSize, sigma[1], op), alpha[0]);
            NDArray dy = Constants.scale(blur(n.get(":, 1:2"), kernelSize, sigma[0], op), alpha[1]);
            NDArray disp = dx.concat(dy, 1).transpose(0, 2, 3, 1);
            NDArray identity = Constants.array(x, new double[] {1, 0, 0, 0, 1, 0}, new Shape(1, 2, 3));
            NDArray grid = Sampling.affineGrid(identity, new Shape(1, 1, h, w), true);
            NDArray positions = grid.add(disp).clip(-1, 1);
            if (positions.getShape().get(0) != batch) {
                positions = positions.broadcast(new Shape(batch, h, w, 2));
            }
            NDArray out = Sampling.gridSample(x, positions, options.mode(), options.padding(),
                    options.alignCorners());
            return d == 4 ? out : out.squeeze(0);
        }, image, noise);
    }

    private static NDArray blur(NDArray field, int[] kernelSize, double sigma, String op) {
        try {
            return Gaussian.gaussianBlur2d(field, kernelSize, new double[][] {{sigma, sigma}}, BorderType.CONSTANT,
                    true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^gaussian_blur2d", op), e);
        }
    }
}
