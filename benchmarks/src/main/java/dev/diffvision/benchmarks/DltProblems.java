package dev.diffvision.benchmarks;

import java.util.Random;

/**
 * The homography benchmarks' input: {@code problems} independent problems of {@value #POINTS} correspondences,
 * points uniform in a {@value SamplePhoto#SIZE}-pixel square mapped by a random near-identity homography per
 * problem plus Gaussian noise (sigma {@value #NOISE} px), seeded (7). Shared by {@link HomographyBenchmark} (which
 * also hands the points to OpenCV and BoofCV) and {@link DeviceTiming}.
 *
 * @param source {@code problems * POINTS * 2} float32 values, row-major {@code (problems, POINTS, 2)}
 * @param target the same layout: the source points mapped and perturbed
 */
record DltProblems(float[] source, float[] target) {

    /** Correspondences per problem. */
    static final int POINTS = 100;
    private static final double NOISE = 0.5;

    /**
     * @param problems how many problems, >= 1
     * @return the seeded problems
     */
    static DltProblems draw(int problems) {
        Random random = new Random(7);
        float[] p1 = new float[problems * POINTS * 2];
        float[] p2 = new float[p1.length];
        for (int b = 0; b < problems; b++) {
            double[] h = {1 + uniform(random, 0.1), uniform(random, 0.1), uniform(random, 20),
                uniform(random, 0.1), 1 + uniform(random, 0.1), uniform(random, 20),
                uniform(random, 1e-4), uniform(random, 1e-4), 1};
            for (int k = b * POINTS * 2; k < (b + 1) * POINTS * 2; k += 2) {
                p1[k] = (float) (random.nextDouble() * SamplePhoto.SIZE);
                p1[k + 1] = (float) (random.nextDouble() * SamplePhoto.SIZE);
                double z = h[6] * p1[k] + h[7] * p1[k + 1] + h[8];
                p2[k] = (float) ((h[0] * p1[k] + h[1] * p1[k + 1] + h[2]) / z + random.nextGaussian() * NOISE);
                p2[k + 1] = (float) ((h[3] * p1[k] + h[4] * p1[k + 1] + h[5]) / z + random.nextGaussian() * NOISE);
            }
        }
        return new DltProblems(p1, p2);
    }

    private static double uniform(Random random, double half) {
        return (random.nextDouble() * 2 - 1) * half;
    }
}
