package dev.diffvision.spark.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Linear least squares as a {@link PartitionObjective}: rows {@code {x1, x2, y}}, parameters {@code (w1, w2, b)},
 * loss {@code mean((w1 x1 + w2 x2 + b - y)^2)}; plus seeded data and the closed-form minimiser (normal
 * equations solved in float64) to check against.
 */
public class LeastSquares implements PartitionObjective<double[]> {

    private static final long serialVersionUID = 1L;

    /** The true parameters the data is generated from. */
    public static final double[] TRUTH = {1.5, -2.0, 0.5};

    /**
     * @param n number of rows
     * @param seed the seed
     * @return rows {x1, x2, y} with x ~ N(0, 1), y = truth . (x1, x2, 1) + N(0, 0.1^2)
     */
    public static List<double[]> rows(int n, long seed) {
        Random r = new Random(seed);
        List<double[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double x1 = r.nextGaussian();
            double x2 = r.nextGaussian();
            rows.add(new double[] {x1, x2, TRUTH[0] * x1 + TRUTH[1] * x2 + TRUTH[2] + 0.1 * r.nextGaussian()});
        }
        return rows;
    }

    /**
     * @param rows the rows
     * @return argmin of the mean squared error, from the 3x3 normal equations by Gaussian elimination
     */
    public static double[] closedForm(List<double[]> rows) {
        double[][] a = new double[3][4];
        for (double[] row : rows) {
            double[] x = {row[0], row[1], 1};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    a[i][j] += x[i] * x[j];
                }
                a[i][3] += x[i] * row[2];
            }
        }
        return Gauss.solve(a);
    }

    @Override
    public NDList prepare(List<double[]> rows, NDManager manager) {
        NDArray all = manager.create(rows.toArray(new double[0][])).toType(DataType.FLOAT32, false);
        NDArray x = all.get(":, :2").concat(manager.ones(new ai.djl.ndarray.types.Shape(rows.size(), 1)), 1);
        return new NDList(x, all.get(":, 2"));
    }

    @Override
    public NDArray loss(NDArray parameters, NDList data) {
        return data.get(0).matMul(parameters).sub(data.get(1)).square().mean();
    }

    /** Gaussian elimination with partial pivoting for small augmented systems. */
    static final class Gauss {
        private Gauss() {}

        static double[] solve(double[][] augmented) {
            int n = augmented.length;
            for (int c = 0; c < n; c++) {
                int pivot = c;
                for (int r = c + 1; r < n; r++) {
                    if (Math.abs(augmented[r][c]) > Math.abs(augmented[pivot][c])) {
                        pivot = r;
                    }
                }
                double[] t = augmented[c];
                augmented[c] = augmented[pivot];
                augmented[pivot] = t;
                for (int r = 0; r < n; r++) {
                    if (r != c) {
                        double f = augmented[r][c] / augmented[c][c];
                        for (int k = c; k <= n; k++) {
                            augmented[r][k] -= f * augmented[c][k];
                        }
                    }
                }
            }
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = augmented[i][n] / augmented[i][i];
            }
            return x;
        }
    }
}
