package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;

/**
 * The guided filter of He, Sun and Tang [1] and its fast subsampled form [2]: Kornia's
 * {@code kornia/filters/guided.py} ({@code guided_blur}).
 *
 * <p>Algorithm (Kornia's): with box means {@code mean(.)} over the {@code (ky, kx)} window
 * ({@link Blur#boxBlur}, {@code border_type}), for a one-channel guidance I:
 * {@code a = cov(I, p) / (var(I) + eps)}, {@code b = mean(p) - a mean(I)}, {@code q = mean(a) I + mean(b)}; for a
 * guidance of {@code n > 1} channels, {@code a = (Sigma_I + eps Id)^-1 cov(I, p)} per pixel (an {@code n x n}
 * symmetric positive definite system, solved here by Cholesky on the channel maps) and
 * {@code q = mean(b) + sum_i I_i mean(a_i)}. With {@code subsample = s > 1} (fast guided filter) the statistics
 * are computed on the nearest-neighbour {@code 1 / s} images ({@code x[::s, ::s]}) with kernel
 * {@code (k - 1) / s + 1}, and {@code mean(a)}, {@code mean(b)} are upsampled bilinearly (half-pixel centres,
 * torch's {@code interpolate(scale_factor=s, mode='bilinear')}) before the last step. Without a guidance the
 * input guides itself.
 *
 * <p>Inputs are float32/float64 {@code (B, C, H, W)} or {@code (C, H, W)} (Kornia: 4-D only); the output has the
 * input's shape, dtype and device, belongs to the input's manager, and gradients flow to the input and the
 * guidance. Inputs are not modified.
 *
 * <p>[1] K. He, J. Sun, X. Tang, "Guided Image Filtering", ECCV 2010 / TPAMI 2013. [2] K. He, J. Sun, "Fast
 * Guided Filter", arXiv:1505.00996, 2015.
 *
 * <pre>{@code
 * NDArray smooth = Guided.guidedBlur(img, null, new int[] {5}, new double[] {0.01}, BorderType.REFLECT, 1);
 * }</pre>
 */
public final class Guided {

    private Guided() {}

    /**
     * Kornia's {@code guided_blur(guidance, input, kernel_size, eps, border_type, subsample)}.
     *
     * <p>input: {@code (B, C, H, W)} or {@code (C, H, W)}; guidance: null (the input guides itself),
     * {@code (B or 1, Cg, H, W)} or, with a 3-D input, {@code (Cg, H, W)}; eps: one value or one per image;
     * output: same shape as the input. A constant input is returned unchanged.
     *
     * @param input the image to filter
     * @param guidance the guidance image, or null
     * @param kernelSize the box window {@code (ky, kx)} or one size for both, each >= 1
     * @param eps the regularisation, > 0 (smaller keeps more edges)
     * @param border how images are extended for the box means (Kornia's default reflect)
     * @param subsample the fast guided filter's factor, >= 1, dividing H and W (Kornia's default 1)
     * @return the filtered image
     * @throws IllegalArgumentException for a wrong rank or dtype, bad sizes, eps <= 0, a guidance of another batch
     *     or size, an eps batch other than 1 or B, or H, W not divisible by subsample
     */
    public static NDArray guidedBlur(NDArray input, NDArray guidance, int[] kernelSize, double[] eps,
                                     BorderType border, int subsample) {
        String op = "guided_blur";
        Checks.image(input, op, "input");
        if (guidance != null) {
            Checks.image(guidance, op, "guidance");
        }
        int[] k = FilterKernels.unpack2d(op, kernelSize);
        FilterKernels.checkSize(op, k[0], 0, true);
        FilterKernels.checkSize(op, k[1], 0, true);
        Checks.atLeast(subsample, 1, op, "subsample");
        if (eps.length == 0) {
            throw new IllegalArgumentException(op + ": expected eps a number or one per image, got none");
        }
        for (double e : eps) {
            if (!(e > 0)) {
                throw new IllegalArgumentException(op + ": expected eps > 0, got " + e);
            }
        }
        Shape s = input.getShape();
        int n = s.dimension();
        if (s.get(n - 2) % subsample != 0 || s.get(n - 1) % subsample != 0) {
            throw new IllegalArgumentException(op + ": expected H and W divisible by subsample " + subsample
                    + ", got input " + Checks.describe(s));
        }
        int[] ks = {(k[0] - 1) / subsample + 1, (k[1] - 1) / subsample + 1};
        NDArray[] inputs = guidance == null ? new NDArray[] {input} : new NDArray[] {input, guidance};
        return Scoped.run(() -> {
            boolean unbatched = n == 3;
            NDArray p = unbatched ? input.expandDims(0) : input;
            long b = p.getShape().get(0);
            if (eps.length != 1 && eps.length != b) {
                throw new IllegalArgumentException(op + ": expected eps for 1 or " + b + " images, got " + eps.length);
            }
            NDArray guide = guidance == null ? p : Guidance.batched(op, guidance, p);
            NDArray guideSub = subsample(guide, subsample);
            NDArray pSub = guidance == null ? guideSub : subsample(p, subsample);
            NDArray epsMap = OpParams.tensor(p, eps, eps.length, 1, 1, 1);
            NDArray[] ab = guide.getShape().get(1) == 1
                    ? grayCoefficients(guideSub, guidance == null ? null : pSub, ks, epsMap, border)
                    : colorCoefficients(guideSub, guidance == null ? null : pSub, ks, epsMap, border);
            long na = ab[0].getShape().get(1);
            NDArray means = upsample(box(ab[0].concat(ab[1], 1), ks, border), subsample);
            NDArray meanA = means.get(":, :" + na);
            NDArray meanB = means.get(":, " + na + ":");
            NDArray out = guide.getShape().get(1) == 1 ? meanA.mul(guide).add(meanB) : combine(guide, meanA, meanB);
            return unbatched ? out.squeeze(0) : out;
        }, inputs);
    }

    /** a and b for a one-channel guidance; {@code p == null} means the guidance filters itself. */
    private static NDArray[] grayCoefficients(NDArray guide, NDArray p, int[] k, NDArray eps, BorderType border) {
        long c = p == null ? 1 : p.getShape().get(1);
        // every box mean of the first pass in one filtering call: I, I^2 (and p, I p)
        NDArray stats = box(p == null ? guide.concat(guide.square(), 1)
                : NDArrays.concat(new NDList(guide, guide.square(), p, guide.mul(p)), 1), k, border);
        NDArray meanI = stats.get(":, 0:1");
        NDArray varI = stats.get(":, 1:2").sub(meanI.square());
        NDArray meanP = p == null ? meanI : stats.get(":, 2:" + (2 + c));
        NDArray covIp = p == null ? varI : stats.get(":, " + (2 + c) + ":").sub(meanI.mul(meanP));
        NDArray a = covIp.div(varI.add(eps));
        return new NDArray[] {a, meanP.sub(a.mul(meanI))};
    }

    /**
     * a {@code (B, n C, H, W)} (row {@code i C + c} = coefficient of guidance channel i for input channel c) and
     * b {@code (B, C, H, W)} for an n-channel guidance.
     */
    private static NDArray[] colorCoefficients(NDArray guide, NDArray p, int[] k, NDArray eps, BorderType border) {
        NDArray target = p == null ? guide : p;
        int n = (int) guide.getShape().get(1);
        int c = (int) target.getShape().get(1);
        // every box mean of the first pass in one filtering call: I, I_i I_j (j <= i), then p and p I_i
        NDList parts = new NDList(guide);
        for (int i = 0; i < n; i++) {
            parts.add(guide.get(":, :" + (i + 1)).mul(channel(guide, i)));
        }
        if (p != null) {
            parts.add(p);
            for (int i = 0; i < n; i++) {
                parts.add(p.mul(channel(guide, i)));
            }
        }
        NDArray stats = box(NDArrays.concat(parts, 1), k, border);
        NDArray meanI = stats.get(":, :" + n);
        int at = n;
        NDArray[][] sigma = new NDArray[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                sigma[i][j] = channel(stats, at++).sub(channel(meanI, i).mul(channel(meanI, j)));
                sigma[j][i] = sigma[i][j];
            }
        }
        NDArray meanP = p == null ? meanI : stats.get(":, " + at + ":" + (at + c));
        NDArray[] cov = new NDArray[n];
        for (int i = 0; i < n; i++) {
            cov[i] = p == null ? cat(sigma[i]) : stats.get(":, " + (at + c * (i + 1)) + ":" + (at + c * (i + 2)))
                    .sub(meanP.mul(channel(meanI, i)));
            sigma[i][i] = sigma[i][i].add(eps);
        }
        NDArray[] a = choleskySolve(sigma, cov);
        NDArray b = meanP;
        for (int i = 0; i < n; i++) {
            b = b.sub(a[i].mul(channel(meanI, i)));
        }
        return new NDArray[] {NDArrays.concat(new NDList(a), 1), b};
    }

    private static NDArray cat(NDArray[] maps) {
        return NDArrays.concat(new NDList(maps), 1);
    }

    /** {@code mean(b) + sum_i I_i mean(a_i)} with mean(a) laid out as {@link #colorCoefficients} lays out a. */
    private static NDArray combine(NDArray guide, NDArray meanA, NDArray meanB) {
        long n = guide.getShape().get(1);
        long c = meanB.getShape().get(1);
        NDArray out = meanB;
        for (int i = 0; i < n; i++) {
            out = out.add(meanA.get(":, " + (i * c) + ":" + ((i + 1) * c)).mul(channel(guide, i)));
        }
        return out;
    }

    /**
     * Solves {@code A x = r} per pixel for a symmetric positive definite {@code A} given as channel maps.
     *
     * @param a {@code n x n} maps {@code (B, 1, H, W)}
     * @param r {@code n} right-hand sides {@code (B, C, H, W)}
     * @return {@code n} solutions {@code (B, C, H, W)}
     */
    private static NDArray[] choleskySolve(NDArray[][] a, NDArray[] r) {
        int n = r.length;
        NDArray[][] l = new NDArray[n][n];
        for (int j = 0; j < n; j++) {
            NDArray d = a[j][j];
            for (int m = 0; m < j; m++) {
                d = d.sub(l[j][m].square());
            }
            l[j][j] = d.sqrt();
            for (int i = j + 1; i < n; i++) {
                NDArray v = a[i][j];
                for (int m = 0; m < j; m++) {
                    v = v.sub(l[i][m].mul(l[j][m]));
                }
                l[i][j] = v.div(l[j][j]);
            }
        }
        NDArray[] y = new NDArray[n];
        for (int i = 0; i < n; i++) {
            NDArray v = r[i];
            for (int m = 0; m < i; m++) {
                v = v.sub(l[i][m].mul(y[m]));
            }
            y[i] = v.div(l[i][i]);
        }
        NDArray[] x = new NDArray[n];
        for (int i = n - 1; i >= 0; i--) {
            NDArray v = y[i];
            for (int m = i + 1; m < n; m++) {
                v = v.sub(l[m][i].mul(x[m]));
            }
            x[i] = v.div(l[i][i]);
        }
        return x;
    }

    private static NDArray channel(NDArray x, int i) {
        return x.get(":, " + i + ":" + (i + 1));
    }

    private static NDArray box(NDArray x, int[] k, BorderType border) {
        return Blur.boxBlur(x, k, border, true);
    }

    /** torch's {@code interpolate(scale_factor=1 / s, mode='nearest')} for s dividing H and W: every s-th pixel. */
    private static NDArray subsample(NDArray x, int s) {
        return s == 1 ? x : x.get(":, :, ::" + s + ", ::" + s);
    }

    /** torch's {@code interpolate(scale_factor=s, mode='bilinear', align_corners=False)} of {@code (B, C, h, w)}. */
    private static NDArray upsample(NDArray x, int s) {
        if (s == 1) {
            return x;
        }
        return upsampleAxis(upsampleAxis(x, s, 2), s, 3);
    }

    private static NDArray upsampleAxis(NDArray x, int s, int axis) {
        long in = x.getShape().get(axis);
        int out = (int) (in * s);
        long[] lo = new long[out];
        long[] hi = new long[out];
        double[] frac = new double[out];
        for (int i = 0; i < out; i++) {
            double src = Math.max((i + 0.5) / s - 0.5, 0);
            lo[i] = (long) src;
            hi[i] = Math.min(lo[i] + 1, in - 1);
            frac[i] = src - lo[i];
        }
        String at = axis == 2 ? ":, :, {}, :" : ":, :, :, {}";
        NDArray a = x.get(new NDIndex(at, Constants.indices(x, lo)));   // indexing saves its indices
        NDArray b = x.get(new NDIndex(at, Constants.indices(x, hi)));
        NDArray w = OpParams.tensor(x, frac, axis == 2 ? new long[] {1, 1, out, 1} : new long[] {1, 1, 1, out});
        return a.add(b.sub(a).mul(w));
    }
}
