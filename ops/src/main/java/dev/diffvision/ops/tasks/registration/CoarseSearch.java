package dev.diffvision.ops.tasks.registration;

import java.util.ArrayList;
import java.util.List;

/**
 * The coarsest pyramid level with a widened basin of convergence, for the pairs that have no initial transform.
 *
 * <p>The model's {@link MotionModel#warmUpFamilies() sub-families} are fitted first: a translation from the
 * identity, then from that translation several starts per pair (the translation composed with the identity and
 * with {@link #STARTS rotations and scalings about the image centre}), all pairs' starts batched together, each
 * run through the remaining families and the model; each pair keeps the start that ends with the lowest loss.
 * The search minimises the symmetric loss (forward plus inverse direction) whatever the options say: a wrong
 * start that lines the target's content up with part of the source while pushing the rest out of the frame
 * scores well in one direction but not in both. On the benchmark's pairs (256x256, corners moved up to 12%,
 * seeds 3, 7 and 11, 192 pairs) this took the pairs within 0.5 px from 175 to 192; the finer levels keep the
 * options' loss. Pairs with an initial transform, and models without sub-families, get the plain level.
 */
final class CoarseSearch {

    /** Start perturbations of the sampling map, applied after the translation: identity, rotations, scalings. */
    private static final double[][] STARTS = {
        Matrix3.identity(),
        rotation(0.15),
        rotation(-0.15),
        scaling(1.15),
        scaling(1 / 1.15),
    };

    /** The most starts per pair {@link RegistrationOptions#coarseStarts()} may ask for. */
    static final int MAX_STARTS = STARTS.length;

    private CoarseSearch() {}

    /**
     * Runs the coarsest level; updates each pair's parameters, loss, iterations and converged flag.
     *
     * @param level the images of every pair at the coarsest level
     * @param pairs the pairs' states, in batch order, in the model's parameters
     * @param warmUp the options of the warm-up stages (model ignored)
     * @param last the options of the final stage (the model's)
     * @param initial the initial transforms as given to the registrator (rows may be null), or null
     */
    static void run(Level level, PairState[] pairs, RegistrationOptions warmUp, RegistrationOptions last,
                    double[][] initial) {
        List<MotionModel> families = last.model().warmUpFamilies();
        if (!last.warmUp() || families.isEmpty()) {
            Stages.optimize(level, pairs, last);
            return;
        }
        List<Integer> free = new ArrayList<>();
        List<Integer> given = new ArrayList<>();
        for (int i = 0; i < pairs.length; i++) {
            (initial != null && initial[i] != null ? given : free).add(i);
        }
        if (!given.isEmpty()) {
            Stages.optimizeSubset(level, given.stream().map(i -> pairs[i]).toArray(PairState[]::new),
                    indices(given), last);
        }
        if (!free.isEmpty()) {
            search(level, pairs, free, families, warmUp.withSymmetric(true), last.withSymmetric(true));
        }
    }

    private static void search(Level level, PairState[] pairs, List<Integer> free, List<MotionModel> families,
                               RegistrationOptions warmUp, RegistrationOptions last) {
        MotionModel translation = families.get(0);
        PairState[] moved = new PairState[free.size()];
        for (int k = 0; k < moved.length; k++) {
            moved[k] = new PairState(new double[translation.parameterCount()]);
        }
        Stages.optimizeSubset(level, moved, indices(free), warmUp.withModel(translation));
        int starts = last.coarseStarts();
        int[] replicas = new int[moved.length * starts];
        PairState[] runs = new PairState[replicas.length];
        MotionModel first = families.size() > 1 ? families.get(1) : last.model();
        for (int k = 0; k < moved.length; k++) {
            double[] t = translation.matrix(moved[k].parameters);
            for (int s = 0; s < starts; s++) {
                replicas[k * starts + s] = free.get(k);
                PairState run = new PairState(first.fromMatrix(Matrix3.mul(t, STARTS[s])));
                run.iterations = moved[k].iterations;
                runs[k * starts + s] = run;
            }
        }
        Level replicated = level.select(replicas);
        try {
            MotionModel current = first;
            for (MotionModel family : families.subList(1, families.size())) {
                Stages.convert(runs, current, family);
                Stages.optimize(replicated, runs, warmUp.withModel(family));
                current = family;
            }
            Stages.convert(runs, current, last.model());
            Stages.optimize(replicated, runs, last);
        } finally {
            replicated.source().close();
            replicated.target().close();
        }
        for (int k = 0; k < moved.length; k++) {
            PairState best = runs[k * starts];
            for (int s = 1; s < starts; s++) {
                PairState r = runs[k * starts + s];
                if (r.loss < best.loss || Double.isNaN(best.loss) && !Double.isNaN(r.loss)) {   // NaN: no overlap
                    best = r;
                }
            }
            pairs[free.get(k)].copyFrom(best);
        }
    }

    private static int[] indices(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] rotation(double angle) {
        return new double[] {Math.cos(angle), -Math.sin(angle), 0, Math.sin(angle), Math.cos(angle), 0, 0, 0, 1};
    }

    private static double[] scaling(double s) {
        return new double[] {s, 0, 0, 0, s, 0, 0, 0, 1};
    }
}
