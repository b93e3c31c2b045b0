package dev.diffvision.ops.geometry.homography;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.geometry.epipolar.Fundamental;
import dev.diffvision.ops.geometry.epipolar.Metrics;

import java.util.Random;

/**
 * Robust model fitting by batched RANSAC with local optimisation: Kornia's {@code kornia.geometry.ransac.RANSAC}.
 *
 * <p>Each iteration draws {@code batchSize} minimal samples at once (4 correspondences for a homography, 8 for a
 * fundamental matrix) from a {@link Random} seeded by {@code seed}, estimates all models in one batched solve
 * ({@link Homography#findHomographyDlt} with the SVD solver, after dropping samples that fold the quadrilateral
 * ({@link Homography#sampleIsValidForHomography}); or {@link Fundamental#findFundamental}), drops non-finite models
 * and homographies with a near-zero diagonal entry, and scores each by its number of inliers: correspondences
 * whose error is at most {@code inlTh} — the squared one-way transfer error {@code ||H p1 - p2||^2} for homographies, the squared
 * symmetrical epipolar distance for fundamental matrices (so {@code inlTh} is in squared pixels, as Kornia's). A
 * better model is polished on its inliers (iterated DLT for homographies, weighted 8-point for fundamental
 * matrices) while that raises the score, up to {@code maxLoIters} times, and the loop stops early once the
 * standard confidence bound {@code log(1 - confidence) / log(1 - w^s)} on the number of samples is met. The
 * result is deterministic for a given seed (the RNG is created per {@link #estimate} call).
 *
 * <p>Kornia differences: samples are drawn by a seeded Java RNG instead of {@code torch.rand}, and the fundamental
 * model uses the 8-point solver on 8-point samples (Kornia: 7-point). Not differentiable (the selection is
 * discrete); inputs are not modified.
 *
 * <pre>{@code
 * Ransac.Result r = new Ransac(Ransac.Model.HOMOGRAPHY, 2.0, 2048, 10, 0.99, 5, 42).estimate(kp1, kp2);
 * NDArray h = r.model();          // (3, 3)
 * NDArray inliers = r.inliers();  // (N) boolean
 * }</pre>
 */
public final class Ransac {

    /** The model a {@link Ransac} fits, Kornia's {@code model_type}. */
    public enum Model {
        /** {@code p2 ~ H p1}; minimal sample 4. */
        HOMOGRAPHY(4),
        /** {@code x2^T F x1 = 0}; minimal sample 8. */
        FUNDAMENTAL(8);

        private final int sampleSize;

        Model(int sampleSize) {
            this.sampleSize = sampleSize;
        }

        /** @return the number of correspondences in a minimal sample */
        public int sampleSize() {
            return sampleSize;
        }
    }

    /**
     * The best model and its inliers.
     *
     * @param model {@code (3, 3)} in the keypoints' dtype, {@code [2, 2] = 1}; all zeros if no model scored more
     *     inliers than the minimal sample size
     * @param inliers {@code (N)} boolean
     */
    public record Result(NDArray model, NDArray inliers) {}

    private static final double EPS = 1e-9;

    private final Model model;
    private final double inlTh;
    private final int batchSize;
    private final int maxIter;
    private final double confidence;
    private final int maxLoIters;
    private final long seed;

    /**
     * Configures a RANSAC (Kornia's defaults: inl_th 2.0, batch_size 2048, max_iter 10, confidence 0.99,
     * max_lo_iters 5).
     *
     * @param model what to fit
     * @param inlTh inlier threshold on the (squared) error, > 0
     * @param batchSize minimal samples per iteration, >= 1
     * @param maxIter iterations, >= 1
     * @param confidence for the early stop, in (0, 1)
     * @param maxLoIters local optimisation steps per improvement, >= 0
     * @param seed seeds the sampling
     * @throws IllegalArgumentException for an out-of-range argument
     */
    public Ransac(Model model, double inlTh, int batchSize, int maxIter, double confidence, int maxLoIters,
            long seed) {
        String op = "RANSAC";
        if (model == null) {
            throw new IllegalArgumentException(op + ": expected a model type, got null");
        }
        if (!(inlTh > 0) || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException(op + ": expected inl_th > 0 and confidence in (0, 1), got " + inlTh
                    + " and " + confidence);
        }
        Checks.atLeast(batchSize, 1, op, "batch_size");
        Checks.atLeast(maxIter, 1, op, "max_iter");
        Checks.atLeast(maxLoIters, 0, op, "max_lo_iters");
        this.model = model;
        this.inlTh = inlTh;
        this.batchSize = batchSize;
        this.maxIter = maxIter;
        this.confidence = confidence;
        this.maxLoIters = maxLoIters;
        this.seed = seed;
    }

    /**
     * Fits the model to correspondences.
     *
     * <p>kp1, kp2: {@code (N, 2)} pixel {@code (x, y)}, float32/float64, {@code N >=} the minimal sample size.
     * Outputs belong to kp1's manager.
     *
     * @param kp1 points of the first image
     * @param kp2 corresponding points of the second image
     * @return the best model and its inlier mask
     * @throws IllegalArgumentException for wrong shapes or dtypes, too few correspondences, or a NaN or infinite
     *     coordinate (one would poison every model fitted to a sample holding it)
     */
    public Result estimate(NDArray kp1, NDArray kp2) {
        String op = "RANSAC";
        Checks.shape(kp1, op, "kp1", "N", "2");
        Checks.shape(kp2, op, "kp2", "N", "2");
        Fundamental.checkPair(op, kp1.expandDims(0), kp2.expandDims(0), null, model.sampleSize());
        Checks.finite(kp1, op, "kp1");
        Checks.finite(kp2, op, "kp2");
        NDList out = Scoped.runList(() -> {
            NDArray p1 = kp1.toType(DataType.FLOAT64, false).expandDims(0);
            NDArray p2 = kp2.toType(DataType.FLOAT64, false).expandDims(0);
            return search(p1, p2, kp1.getDataType());
        }, kp1, kp2);
        return new Result(out.get(0), out.get(1));
    }

    private NDList search(NDArray p1, NDArray p2, DataType dtype) {
        NDManager manager = p1.getManager();
        int n = Math.toIntExact(p1.getShape().get(1));
        Random random = new Random(seed);
        NDArray bestModel = manager.zeros(new Shape(3, 3), DataType.FLOAT64);
        NDArray bestInliers = manager.zeros(new Shape(n), DataType.BOOLEAN);
        double bestScore = model.sampleSize();
        for (int iter = 0; iter < maxIter; iter++) {
            NDArray idx = manager.create(sampleIndices(random, n), new Shape(batchSize, model.sampleSize()))
                    .toType(DataType.INT64, false);
            NDArray s1 = p1.get(0).get(idx);
            NDArray s2 = p2.get(0).get(idx);
            NDArray models = minimalModels(s1, s2);
            if (models == null) {
                continue;
            }
            NDArray inliers = inliers(p1, p2, models);
            NDArray scores = inliers.toType(DataType.INT64, false).sum(new int[] {1});
            long best = scores.argMax().getLong();
            double score = scores.getLong(best);
            if (score <= bestScore) {
                continue;
            }
            NDArray candidate = models.get(best);
            NDArray candidateInliers = inliers.get(best);
            for (int lo = 0; lo < maxLoIters; lo++) {
                NDArray polished = polish(p1, p2, candidateInliers);
                NDArray polishedInliers = inliers(p1, p2, polished).get(0);
                double polishedScore = polishedInliers.toType(DataType.INT64, false).sum().getLong();
                if (polishedScore <= score) {
                    break;
                }
                candidate = polished.get(0);
                candidateInliers = polishedInliers;
                score = polishedScore;
            }
            bestModel = candidate;
            bestInliers = candidateInliers;
            bestScore = score;
            if ((long) (iter + 1) * batchSize >= maxSamplesByConfidence(bestScore, n)) {
                break;
            }
        }
        return new NDList(bestModel.toType(dtype, false), bestInliers);
    }

    /** batchSize rows of sampleSize distinct indices in [0, n), by partial Fisher-Yates shuffles. */
    private int[] sampleIndices(Random random, int n) {
        int k = model.sampleSize();
        int[] out = new int[batchSize * k];
        int[] pool = new int[n];
        for (int b = 0; b < batchSize; b++) {
            for (int i = 0; i < n; i++) {
                pool[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(n - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
                out[b * k + i] = pool[i];
            }
        }
        return out;
    }

    /**
     * Finite models of the (valid) minimal samples, homographies also without a near-zero diagonal entry (Kornia's
     * {@code remove_bad_models}; a fundamental matrix in pixels has tiny entries legitimately), or null when none
     * is left.
     */
    private NDArray minimalModels(NDArray s1, NDArray s2) {
        NDArray a = s1;
        NDArray b = s2;
        if (model == Model.HOMOGRAPHY) {
            NDArray valid = Homography.sampleIsValidForHomography(a, b);
            if (!valid.any().getBoolean()) {
                return null;
            }
            a = a.get(valid);
            b = b.get(valid);
        }
        NDArray models = model == Model.HOMOGRAPHY ? Homography.findHomographyDlt(a, b, null, Homography.Solver.SVD)
                : Fundamental.findFundamental(a, b, null);
        NDArray good = models.isNaN().logicalOr(models.isInfinite()).toType(DataType.INT32, false)
                .sum(new int[] {1, 2}).eq(0);
        if (model == Model.HOMOGRAPHY) {
            NDArray diagonal = models.get(":, 0, 0").abs().minimum(models.get(":, 1, 1").abs())
                    .minimum(models.get(":, 2, 2").abs());
            good = good.logicalAnd(diagonal.gt(1e-4));
        }
        return good.any().getBoolean() ? models.get(good) : null;
    }

    /** (M, N) inlier masks of M models. */
    private NDArray inliers(NDArray p1, NDArray p2, NDArray models) {
        long m = models.getShape().get(0);
        NDArray errors;
        if (model == Model.HOMOGRAPHY) {
            errors = Homography.oneway(p1, p2, models, true, 1e-8);
        } else {
            Shape shape = new Shape(m, p1.getShape().get(1), 2);
            errors = Metrics.symmetricalEpipolarDistance(p1.broadcast(shape), p2.broadcast(shape), models, true, 1e-8);
        }
        return errors.lte(inlTh);
    }

    /** Re-fits on the inliers: (1, 3, 3). */
    private NDArray polish(NDArray p1, NDArray p2, NDArray inliers) {
        NDArray a = p1.get(0).get(inliers).expandDims(0);
        NDArray b = p2.get(0).get(inliers).expandDims(0);
        NDArray ones = a.get(":, :, 0").onesLike();
        return model == Model.HOMOGRAPHY ? Homography.findHomographyDltIterated(a, b, ones, 3.0, 5)
                : Fundamental.findFundamental(a, b, null);
    }

    /** Kornia's {@code max_samples_by_conf}. */
    private double maxSamplesByConfidence(double inliers, int n) {
        if (inliers >= n) {
            return 1;
        }
        return Math.log(1 - confidence) / Math.min(-EPS, Math.log(Math.max(EPS, 1 - Math.pow(inliers / n,
                model.sampleSize()))));
    }
}
