package dev.diffvision.ops.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Argument checks shared by every operator, called first thing in each op (Kornia's {@code KORNIA_CHECK_SHAPE},
 * BoofCV's {@code InputSanityCheck}).
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message names the operator, the argument, what
 * was expected and what was given, for example {@code sobel: expected input of shape (B, C, H, W) or (C, H, W),
 * got (3, 4)}.
 */
public final class Checks {

    /** The most values {@link #finite} reads on the host without reducing them on their device first. */
    private static final int HOST_CHECK_LIMIT = 4096;

    private Checks() {}

    /**
     * Checks that {@code x} is a floating-point image of shape {@code (B, C, H, W)} or {@code (C, H, W)}.
     *
     * @param x the tensor to check
     * @param op the operator's Kornia name, used in the message
     * @param argument the argument's name, used in the message
     * @throws IllegalArgumentException if {@code x} is null, of another rank, empty, or not float32/float64
     */
    public static void image(NDArray x, String op, String argument) {
        notNull(x, op, argument);
        Shape shape = x.getShape();
        if (shape.dimension() != 3 && shape.dimension() != 4) {
            throw new IllegalArgumentException(op + ": expected " + argument
                    + " of shape (B, C, H, W) or (C, H, W), got " + describe(shape));
        }
        nonEmpty(x, op, argument);
        floating(x, op, argument);
    }

    /**
     * Checks that {@code x} is an image (see {@link #image}) with exactly {@code channels} channels.
     *
     * @param x the tensor to check
     * @param channels the required channel count {@code C}
     * @param op the operator's Kornia name
     * @param argument the argument's name
     * @throws IllegalArgumentException if the shape, dtype or channel count is wrong
     */
    public static void imageWithChannels(NDArray x, int channels, String op, String argument) {
        image(x, op, argument);
        Shape shape = x.getShape();
        long actual = shape.get(shape.dimension() - 3);
        if (actual != channels) {
            throw new IllegalArgumentException(op + ": expected " + argument + " with " + channels
                    + " channels (dimension -3), got shape " + describe(shape));
        }
    }

    /**
     * Checks that {@code x} has the given rank.
     *
     * @param x the tensor to check
     * @param op the operator's Kornia name
     * @param argument the argument's name
     * @param dims names of the expected dimensions, e.g. {@code "B", "N", "2"}; a numeric name is also checked
     *     as a size
     * @throws IllegalArgumentException if the rank or a fixed size differs
     */
    public static void shape(NDArray x, String op, String argument, String... dims) {
        notNull(x, op, argument);
        Shape shape = x.getShape();
        boolean ok = shape.dimension() == dims.length;
        for (int i = 0; ok && i < dims.length; i++) {
            if (dims[i].chars().allMatch(Character::isDigit)) {
                ok = shape.get(i) == Long.parseLong(dims[i]);
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": expected " + argument + " of shape ("
                    + String.join(", ", dims) + "), got " + describe(shape));
        }
    }

    /**
     * Checks that every value of a floating-point {@code x} is finite: for the matrices and point sets that an op
     * cannot compute with when they hold NaN or infinity (a warp's matrices, a solver's points), not for images.
     * Up to 4,096 values are copied to the host and read there (10-20 us for a batch of 64 matrices); larger
     * tensors are summed on their device first (one pass, no temporary: NaN or infinity anywhere makes the sum
     * non-finite, so a finite sum proves every value finite; 1.6 ms for a 64 x 256 x 256 x 2 float32 grid on one
     * CPU thread; the earlier {@code sum(x * 0)} took 50-60 ms alone and made a border-padded grid_sample of that
     * grid 39-41 instead of 35-38 ms) and copied only when the sum is not finite, to name the first bad value (a
     * sum that merely overflowed passes there). Either way a GPU tensor costs one device sync. Tensors of dtypes
     * other than float32 and float64 pass unchecked (the ops that call this accept only those two).
     *
     * @param x the tensor to check
     * @param op the operator's Kornia name
     * @param argument the argument's name
     * @throws IllegalArgumentException if a value is NaN or infinite, e.g. {@code find_homography_dlt: expected
     *     finite values in points1, got NaN in (1, 8, 2)}
     */
    public static void finite(NDArray x, String op, String argument) {
        DataType type = x.getDataType();
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            return;
        }
        if (x.size() > HOST_CHECK_LIMIT && finiteSum(x)) {
            return;
        }
        // the values in their own type: one copy to the host, no cast on the device, no boxing
        if (type == DataType.FLOAT64) {
            for (double value : x.toDoubleArray()) {
                requireFinite(value, x, op, argument);
            }
        } else {
            for (float value : x.toFloatArray()) {
                requireFinite(value, x, op, argument);
            }
        }
    }

    private static void requireFinite(double value, NDArray x, String op, String argument) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(op + ": expected finite values in " + argument + ", got " + value
                    + " in " + describe(x.getShape()));
        }
    }

    /**
     * Checks that scalar parameters are finite: for the gains, thresholds and weights that would make a whole
     * image or loss NaN.
     *
     * @param op the operator's Kornia name
     * @param argument the parameter's name
     * @param values the parameter's values (one for a scalar parameter)
     * @throws IllegalArgumentException if a value is NaN or infinite, e.g. {@code adjust_log: expected finite
     *     values in gain, got NaN}
     */
    public static void finite(String op, String argument, double... values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(op + ": expected finite values in " + argument + ", got " + value);
            }
        }
    }

    private static boolean finiteSum(NDArray x) {
        try (NDArray sum = Scoped.run(() -> x.stopGradient().sum(), x)) {
            return Double.isFinite(sum.toArray()[0].doubleValue());
        }
    }

    /**
     * Checks that {@code x} is float32 or float64, the dtypes every differentiable op accepts.
     *
     * @param x the tensor to check
     * @param op the operator's Kornia name
     * @param argument the argument's name
     * @throws IllegalArgumentException for any other dtype
     */
    public static void floating(NDArray x, String op, String argument) {
        notNull(x, op, argument);
        DataType type = x.getDataType();
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            throw new IllegalArgumentException(op + ": expected " + argument
                    + " of dtype float32 or float64, got " + type.name().toLowerCase());
        }
    }

    /**
     * Checks that a second tensor argument lives on the first one's device (ops never move tensors).
     *
     * @param first the op's first tensor, whose device the op runs on
     * @param other the other tensor
     * @param op the operator's Kornia name
     * @param argument the other tensor's name
     * @throws IllegalArgumentException if the devices differ
     */
    public static void sameDevice(NDArray first, NDArray other, String op, String argument) {
        if (!first.getDevice().equals(other.getDevice())) {
            throw new IllegalArgumentException(op + ": expected " + argument + " on the input's device "
                    + first.getDevice() + ", got " + other.getDevice());
        }
    }

    /**
     * Checks a scalar argument against an inclusive lower bound.
     *
     * @param value the given value
     * @param min the smallest accepted value
     * @param op the operator's Kornia name
     * @param argument the argument's name
     * @throws IllegalArgumentException if {@code value < min} or is NaN
     */
    public static void atLeast(double value, double min, String op, String argument) {
        if (!(value >= min)) {
            throw new IllegalArgumentException(op + ": expected " + argument + " >= " + min + ", got " + value);
        }
    }

    /**
     * Checks that a value is one of a fixed set.
     *
     * @param value the given value
     * @param op the operator's Kornia name
     * @param argument the argument's name
     * @param allowed the accepted values
     * @return {@code value}, for chaining
     * @throws IllegalArgumentException if {@code value} is not in {@code allowed}
     */
    public static int oneOf(int value, String op, String argument, int... allowed) {
        for (int a : allowed) {
            if (a == value) {
                return value;
            }
        }
        throw new IllegalArgumentException(op + ": expected " + argument + " in "
                + java.util.Arrays.toString(allowed) + ", got " + value);
    }

    /**
     * Formats a shape the way messages show it: {@code (3, 4)}, {@code ()} for a scalar.
     *
     * @param shape the shape
     * @return the text
     */
    public static String describe(Shape shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.dimension(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape.get(i));
        }
        return sb.append(')').toString();
    }

    /**
     * Checks that a tensor argument is given.
     *
     * @param x the tensor to check
     * @param op the operator's Kornia name
     * @param argument the argument's name
     * @throws IllegalArgumentException if {@code x} is null
     */
    public static void notNull(NDArray x, String op, String argument) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": expected " + argument + " to be a tensor, got null");
        }
    }

    private static void nonEmpty(NDArray x, String op, String argument) {
        if (x.getShape().size() == 0) {
            throw new IllegalArgumentException(op + ": expected " + argument
                    + " with no zero-sized dimension, got " + describe(x.getShape()));
        }
    }
}
