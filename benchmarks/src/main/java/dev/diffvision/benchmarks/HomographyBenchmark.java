package dev.diffvision.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import boofcv.abst.geo.Estimate1ofEpipolar;
import boofcv.factory.geo.FactoryMultiView;
import boofcv.struct.geo.AssociatedPair;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.geometry.homography.Homography;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code find_homography_dlt} (geometry/homography.py): {@value #PROBLEMS_DEFAULT} independent problems of
 * {@value #POINTS} float32 correspondences each ({@link DltProblems}). Scores are ms per call of
 * all problems; {@link ResultsTable} divides by {@code problems}.
 *
 * <p>OpenCV: {@code Calib3d.findHomography(src, dst, 0)} (method 0: least squares over all points, which
 * OpenCV follows with a Levenberg-Marquardt refinement) looped over the problems; BoofCV:
 * {@code FactoryMultiView.homographyDLT(true)} (normalised DLT by SVD, no refinement) looped, into a reused
 * matrix; DiffVision: one batched call {@link Homography#findHomographyDlt} on {@code (problems, 100, 2)} with
 * Kornia's default LU solver, and the variant {@code svd} (the null vector of the 9x9 system), results closed.
 * JMH settings of {@link TimedBenchmark}.
 */
public class HomographyBenchmark extends TimedBenchmark {

    /** Correspondences per problem. */
    static final int POINTS = DltProblems.POINTS;
    /** The default number of problems. */
    static final int PROBLEMS_DEFAULT = 1000;

    /** Problems solved per call. */
    @Param({"1000"})
    public int problems;

    private MatOfPoint2f[] cvSrc;
    private MatOfPoint2f[] cvDst;
    private List<List<AssociatedPair>> boofPairs;
    private Estimate1ofEpipolar boofDlt;
    private DMatrixRMaj boofH;
    private NDManager manager;
    private NDArray points1;
    private NDArray points2;

    /** @return {@code "find_homography_dlt (100 points)"} */
    @Override
    public String op() {
        return "find_homography_dlt (100 points)";
    }

    /**
     * Gives every library DiffVision's thread count ({@link EqualThreads}), draws the problems and builds each
     * library's input.
     */
    @Setup(Level.Trial)
    public void setUp() {
        EqualThreads.apply();
        DltProblems drawn = DltProblems.draw(problems);
        float[] p1 = drawn.source();
        float[] p2 = drawn.target();
        cvSrc = new MatOfPoint2f[problems];
        cvDst = new MatOfPoint2f[problems];
        boofPairs = new ArrayList<>(problems);
        for (int b = 0; b < problems; b++) {
            Point[] src = new Point[POINTS];
            Point[] dst = new Point[POINTS];
            List<AssociatedPair> pairs = new ArrayList<>(POINTS);
            for (int n = 0; n < POINTS; n++) {
                int k = (b * POINTS + n) * 2;
                src[n] = new Point(p1[k], p1[k + 1]);
                dst[n] = new Point(p2[k], p2[k + 1]);
                pairs.add(new AssociatedPair(p1[k], p1[k + 1], p2[k], p2[k + 1]));
            }
            cvSrc[b] = new MatOfPoint2f(src);
            cvDst[b] = new MatOfPoint2f(dst);
            boofPairs.add(pairs);
        }
        boofDlt = FactoryMultiView.homographyDLT(true);
        boofH = new DMatrixRMaj(3, 3);
        manager = DiffVisionEngine.newManager();
        points1 = manager.create(p1, new Shape(problems, POINTS, 2));
        points2 = manager.create(p2, new Shape(problems, POINTS, 2));
    }

    /** Frees the tensors and the OpenCV point matrices. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
        for (int b = 0; b < problems; b++) {
            cvSrc[b].release();
            cvDst[b].release();
        }
    }

    /** OpenCV, problem by problem. */
    @Benchmark
    public void opencv() {
        for (int b = 0; b < problems; b++) {
            Calib3d.findHomography(cvSrc[b], cvDst[b], 0, 3).release();
        }
    }

    /** BoofCV, problem by problem. */
    @Benchmark
    public void boofcv() {
        for (int b = 0; b < problems; b++) {
            boofDlt.process(boofPairs.get(b), boofH);
        }
    }

    /** DiffVision, all problems in one call, LU (Kornia's default). */
    @Benchmark
    public void diffvision() {
        Homography.findHomographyDlt(points1, points2, null, Homography.Solver.LU).close();
    }

    /** DiffVision, all problems in one call, SVD solver. */
    @Benchmark
    public void diffvisionSvd() {
        Homography.findHomographyDlt(points1, points2, null, Homography.Solver.SVD).close();
    }
}
