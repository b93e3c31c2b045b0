package dev.diffvision.ops.geometry.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.BorderType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Constants;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.filters.Gaussian;

import java.util.ArrayList;
import java.util.List;

/**
 * Kornia's {@code kornia.geometry.transform.ScalePyramid}: the scale space of local-feature detectors (SIFT-like),
 * octaves of progressively blurred images, each octave half the size of the one before.
 *
 * <p>Algorithm (Kornia's): the input is assumed blurred by sigma 0.5 (1.0 after {@code doubleImage}'s
 * {@link Pyramid#upscaleDouble}, which also halves the pixel distance). If {@code initSigma} is larger, the first
 * level is the input blurred by {@code max(sqrt(initSigma^2 - 0.5^2), 0.01)}, else the input itself. Each octave
 * has {@code nLevels + 3} levels; level {@code l > 0} is level {@code l - 1} blurred by
 * {@code s * sqrt(step^2 - 1)}, where {@code s} is level {@code l - 1}'s sigma and {@code step = 2^(1 / nLevels)},
 * so level {@code l} has sigma {@code s_0 step^l}. Blurs are {@code gaussian_blur2d} (border reflect) with kernel
 * size {@code int(8 sigma + 1)} made odd (for levels {@code l > 0} first capped at the octave's smaller side).
 * The next octave starts from level {@code nLevels} of this one subsampled {@code [::2, ::2]} (so with sigma
 * {@code initSigma} in its own pixels), and is dropped, ending the pyramid, when its smaller side is
 * {@code <= minSize}. The first octave is always kept.
 *
 * <p>Images {@code (B, C, H, W)} float32/float64 (4-D only, as Kornia); outputs in the input's dtype, on its
 * device, owned by its manager; differentiable in the input; the input is not modified. Immutable.
 *
 * <pre>{@code
 * ScalePyramid.Result r = ScalePyramid.defaults().forward(image);            // n_levels 3, sigma 1.6, min 15
 * NDArray firstOctave = r.pyramids().get(0);                                 // (B, C, 6, H, W)
 * NDArray sigmas = r.sigmas().get(0);                                        // (B, 6): 1.6 * 2^(l / 3)
 * }</pre>
 */
public final class ScalePyramid {

    private static final String OP = "ScalePyramid";
    /** Kornia's {@code extra_levels}: levels beyond {@code n_levels} per octave. */
    private static final int EXTRA_LEVELS = 3;

    private final int nLevels;
    private final double initSigma;
    private final int minSize;
    private final boolean doubleImage;

    /**
     * The outputs of {@link #forward}, one entry per octave, finest first.
     *
     * @param pyramids {@code (B, C, NL, H_o, W_o)} per octave, {@code NL = nLevels + 3}
     * @param sigmas {@code (B, NL)} per octave: each level's blur in the octave's pixels
     * @param pixelDists {@code (B, NL)} per octave: the octave's pixel size in input pixels (1, 2, 4, ... or
     *     0.5, 1, 2, ... with {@code doubleImage})
     */
    public record Result(List<NDArray> pyramids, List<NDArray> sigmas, List<NDArray> pixelDists) {
        /** Keeps unmodifiable copies of the lists. */
        public Result {
            pyramids = List.copyOf(pyramids);
            sigmas = List.copyOf(sigmas);
            pixelDists = List.copyOf(pixelDists);
        }
    }

    /**
     * @param nLevels levels per octave, >= 1 (Kornia's {@code n_levels}, default 3)
     * @param initSigma the blur of each octave's first level, >= 0 (default 1.6)
     * @param minSize an octave whose smaller side would be {@code <= minSize} is not built, >= 1 (default 15)
     * @param doubleImage start from the input upscaled twice (OpenCV's SIFT does; default false)
     * @throws IllegalArgumentException for values out of range
     */
    public ScalePyramid(int nLevels, double initSigma, int minSize, boolean doubleImage) {
        Checks.atLeast(nLevels, 1, OP, "n_levels");
        if (!(initSigma >= 0) || Double.isInfinite(initSigma)) {
            throw new IllegalArgumentException(OP + ": expected a finite init_sigma >= 0, got " + initSigma);
        }
        Checks.atLeast(minSize, 1, OP, "min_size");
        this.nLevels = nLevels;
        this.initSigma = initSigma;
        this.minSize = minSize;
        this.doubleImage = doubleImage;
    }

    /** @return Kornia's defaults: {@code n_levels 3, init_sigma 1.6, min_size 15, double_image false} */
    public static ScalePyramid defaults() {
        return new ScalePyramid(3, 1.6, 15, false);
    }

    /**
     * Builds the pyramid.
     *
     * @param x {@code (B, C, H, W)} images
     * @return the octaves, their sigmas and pixel distances
     * @throws IllegalArgumentException for a wrong rank or dtype, or an image smaller than the first blur's reach
     */
    public Result forward(NDArray x) {
        Checks.shape(x, OP, "x", "B", "C", "H", "W");
        Checks.floating(x, OP, "x");
        int levels = nLevels + EXTRA_LEVELS;
        long batch = x.getShape().get(0);
        List<double[]> octaveSigmas = new ArrayList<>();
        List<Double> octaveDistances = new ArrayList<>();
        NDList pyramids = Scoped.runList(() -> {
            NDList out = new NDList();
            double pixelDistance = doubleImage ? 0.5 : 1.0;
            double curSigma = doubleImage ? 1.0 : 0.5;
            NDArray level = doubleImage ? Pyramid.upscaleDouble(x) : x;
            if (initSigma > curSigma) {
                double sigma = Math.max(Math.sqrt(initSigma * initSigma - curSigma * curSigma), 0.01);
                level = blur(level, sigma, kernelSize(sigma));
                curSigma = initSigma;
            }
            double step = Math.pow(2, 1.0 / nLevels);
            while (true) {
                NDList octave = new NDList(level);
                double[] sigmas = new double[levels];
                sigmas[0] = curSigma;
                for (int l = 1; l < levels; l++) {
                    double sigma = curSigma * Math.sqrt(step * step - 1);
                    Shape s = level.getShape();
                    int k = (int) Math.min(kernelSize(sigma), Math.min(s.get(2), s.get(3)));
                    level = blur(level, sigma, k % 2 == 0 ? k + 1 : k);
                    curSigma *= step;
                    sigmas[l] = curSigma;
                    octave.add(level);
                }
                out.add(NDArrays.stack(octave, 2));
                octaveSigmas.add(sigmas);
                octaveDistances.add(pixelDistance);
                level = octave.get(nLevels).get(":, :, ::2, ::2");
                pixelDistance *= 2;
                curSigma = initSigma;
                if (Math.min(level.getShape().get(2), level.getShape().get(3)) <= minSize) {
                    return out;
                }
            }
        }, x);
        List<NDArray> sigmas = new ArrayList<>();
        List<NDArray> distances = new ArrayList<>();
        for (int o = 0; o < octaveSigmas.size(); o++) {
            sigmas.add(perImage(x, octaveSigmas.get(o), batch));
            double[] d = new double[levels];
            java.util.Arrays.fill(d, octaveDistances.get(o));
            distances.add(perImage(x, d, batch));
        }
        return new Result(pyramids, sigmas, distances);
    }

    /** @return Kornia's {@code get_kernel_size}: {@code int(8 sigma + 1)}, made odd */
    private static int kernelSize(double sigma) {
        int k = (int) (2.0 * 4.0 * sigma + 1.0);
        return k % 2 == 0 ? k + 1 : k;
    }

    private static NDArray blur(NDArray x, double sigma, int k) {
        Shape s = x.getShape();
        if (k / 2 >= Math.min(s.get(2), s.get(3))) {
            throw new IllegalArgumentException(OP + ": expected images of more than " + k / 2 + " pixels per side"
                    + " (a blur of kernel size " + k + ", reflect border), got " + Checks.describe(s));
        }
        try {
            return Gaussian.gaussianBlur2d(x, new int[] {k, k}, new double[][] {{sigma, sigma}}, BorderType.REFLECT,
                    true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^gaussian_blur2d", OP), e);
        }
    }

    /** {@code values} repeated for every image, {@code (B, NL)}, in {@code like}'s dtype, device and manager. */
    private static NDArray perImage(NDArray like, double[] values, long batch) {
        return Scoped.run(() -> Constants.array(like, values, new Shape(1, values.length)).repeat(0, batch), like);
    }

    @Override
    public String toString() {
        return "ScalePyramid(n_levels=" + nLevels + ", init_sigma=" + initSigma + ", min_size=" + minSize
                + ", extra_levels=" + EXTRA_LEVELS + ", double_image=" + doubleImage + ")";
    }
}
