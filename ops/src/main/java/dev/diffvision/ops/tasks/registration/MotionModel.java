package dev.diffvision.ops.tasks.registration;

import dev.diffvision.ops.core.Names;

import java.util.List;
import java.util.Locale;

/**
 * The transformation families {@link ImageRegistrator} can estimate, each a parameterisation of the sampling map
 * {@code W} (target frame point -> source frame point, in the {@link Frame normalised frame}) as a 3x3 matrix
 * with {@code W[2][2] = 1}.
 *
 * <table>
 *   <caption>parameters p and the map W</caption>
 *   <tr><th>model</th><th>p</th><th>W</th></tr>
 *   <tr><td>homography</td><td>8</td><td>{@code [[1+p0, p1, p2], [p3, 1+p4, p5], [p6, p7, 1]]}</td></tr>
 *   <tr><td>affine</td><td>6</td><td>{@code [[1+p0, p1, p2], [p3, 1+p4, p5], [0, 0, 1]]}</td></tr>
 *   <tr><td>similarity</td><td>4: a, b, tx, ty</td><td>{@code [[1+a, -b, tx], [b, 1+a, ty], [0, 0, 1]]}</td></tr>
 *   <tr><td>rotation</td><td>1: angle (rad)</td><td>{@code [[cos, -sin, 0], [sin, cos, 0], [0, 0, 1]]}</td></tr>
 *   <tr><td>scale</td><td>1: s</td><td>{@code [[1+s, 0, 0], [0, 1+s, 0], [0, 0, 1]]}</td></tr>
 *   <tr><td>translation</td><td>2: tx, ty</td><td>{@code [[1, 0, tx], [0, 1, ty], [0, 0, 1]]}</td></tr>
 * </table>
 *
 * <p>Rotation and scale are about the image centre (the frame's origin); every family is closed under inversion,
 * so estimating the sampling map estimates the source -> target transform of the same family.
 */
public enum MotionModel {
    /** Full projective map, 8 parameters. */
    HOMOGRAPHY(8),
    /** Affine map, 6 parameters. */
    AFFINE(6),
    /** Rotation, isotropic scale and translation, 4 parameters. */
    SIMILARITY(4),
    /** Rotation about the image centre, 1 parameter. */
    ROTATION(1),
    /** Isotropic scale about the image centre, 1 parameter. */
    SCALE(1),
    /** Translation, 2 parameters. */
    TRANSLATION(2);

    private final int parameters;

    MotionModel(int parameters) {
        this.parameters = parameters;
    }

    /** @return how many parameters the family has */
    public int parameterCount() {
        return parameters;
    }

    /**
     * Parses a model name, case-insensitively.
     *
     * @param name {@code homography}, {@code affine}, {@code similarity}, {@code rotation}, {@code scale} or
     *     {@code translation}
     * @return the model
     * @throws IllegalArgumentException for any other name
     */
    public static MotionModel parse(String name) {
        return Names.parse(values(), name, "image_registrator", "model");
    }

    /** @return the lower-case name used in options and job arguments */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The simpler families fitted first at the coarsest level when warming up, simplest first; each contains the
     * previous one and is contained in this family.
     *
     * @return translation then affine for a homography, translation for affine and similarity, else none
     */
    List<MotionModel> warmUpFamilies() {
        return switch (this) {
            case HOMOGRAPHY -> List.of(TRANSLATION, AFFINE);
            case AFFINE, SIMILARITY -> List.of(TRANSLATION);
            case ROTATION, SCALE, TRANSLATION -> List.of();
        };
    }

    /**
     * @param p the parameters ({@link #parameterCount()} values)
     * @return the sampling map W, row-major, {@code W[8] = 1}
     */
    double[] matrix(double[] p) {
        double[] w = Matrix3.identity();
        switch (this) {
            case HOMOGRAPHY, AFFINE -> {
                for (int k = 0; k < parameters; k++) {
                    w[k] += p[k];
                }
            }
            case SIMILARITY -> {
                w[0] += p[0];
                w[4] += p[0];
                w[1] = -p[1];
                w[3] = p[1];
                w[2] = p[2];
                w[5] = p[3];
            }
            case ROTATION -> {
                w[0] = Math.cos(p[0]);
                w[1] = -Math.sin(p[0]);
                w[3] = Math.sin(p[0]);
                w[4] = Math.cos(p[0]);
            }
            case SCALE -> {
                w[0] += p[0];
                w[4] += p[0];
            }
            case TRANSLATION -> {
                w[2] = p[0];
                w[5] = p[1];
            }
        }
        return w;
    }

    /**
     * The derivative of W's first eight entries with respect to the parameters.
     *
     * @param p the parameters
     * @return {@code d[k][j] = dW[k] / dp[j]}, 8 x {@link #parameterCount()}
     */
    double[][] jacobian(double[] p) {
        double[][] d = new double[8][parameters];
        switch (this) {
            case HOMOGRAPHY, AFFINE -> {
                for (int k = 0; k < parameters; k++) {
                    d[k][k] = 1;
                }
            }
            case SIMILARITY -> {
                d[0][0] = 1;
                d[4][0] = 1;
                d[1][1] = -1;
                d[3][1] = 1;
                d[2][2] = 1;
                d[5][3] = 1;
            }
            case ROTATION -> {
                d[0][0] = -Math.sin(p[0]);
                d[1][0] = -Math.cos(p[0]);
                d[3][0] = Math.cos(p[0]);
                d[4][0] = -Math.sin(p[0]);
            }
            case SCALE -> {
                d[0][0] = 1;
                d[4][0] = 1;
            }
            case TRANSLATION -> {
                d[2][0] = 1;
                d[5][1] = 1;
            }
        }
        return d;
    }

    /**
     * The parameters of this family closest to a given sampling map: exact for a map of the family, otherwise
     * a projection (the family's entries read off W, rotation and scale from its upper-left 2x2 block).
     *
     * @param w a sampling map, row-major, {@code W[8] != 0}
     * @return the parameters
     */
    double[] fromMatrix(double[] w) {
        double[] n = Matrix3.normalized(w);
        double[] p = new double[parameters];
        switch (this) {
            case HOMOGRAPHY, AFFINE -> {
                for (int k = 0; k < parameters; k++) {
                    p[k] = n[k] - (k == 0 || k == 4 ? 1 : 0);
                }
            }
            case SIMILARITY -> {
                p[0] = (n[0] + n[4]) / 2 - 1;
                p[1] = (n[3] - n[1]) / 2;
                p[2] = n[2];
                p[3] = n[5];
            }
            case ROTATION -> p[0] = Math.atan2(n[3] - n[1], n[0] + n[4]);
            case SCALE -> p[0] = Math.sqrt(Math.abs(n[0] * n[4] - n[1] * n[3])) - 1;
            case TRANSLATION -> {
                p[0] = n[2];
                p[1] = n[5];
            }
        }
        return p;
    }
}
