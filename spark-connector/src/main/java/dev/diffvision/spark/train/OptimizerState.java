package dev.diffvision.spark.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Everything a {@link DistributedOptimizer} run needs to continue after {@code step} updates: the parameters,
 * the update rule's state arrays and the loss before each update. Immutable; {@link #toBytes()} is the
 * checkpoint format.
 *
 * @param step how many updates were applied, >= 0
 * @param parameters the current parameters
 * @param slots the update rule's state arrays (momentum, moments), each as long as the parameters
 * @param losses the mean loss over all rows before each update, {@code step} of them
 */
public record OptimizerState(int step, double[] parameters, double[][] slots, double[] losses) {

    /**
     * @param initial the starting parameters
     * @param rule the update rule, for its number of state arrays
     * @return the state before any update
     */
    public static OptimizerState start(double[] initial, UpdateRule rule) {
        return new OptimizerState(0, initial.clone(), new double[rule.slots()][initial.length], new double[0]);
    }

    /**
     * @param rule the update rule
     * @param total the evaluation of every row at {@link #parameters()}
     * @return the state after one more update
     */
    public OptimizerState next(UpdateRule rule, Evaluation total) {
        double[] p = parameters.clone();
        double[][] s = new double[slots.length][];
        for (int i = 0; i < s.length; i++) {
            s[i] = slots[i].clone();
        }
        rule.update(step + 1, p, s, total.meanGradient());
        double[] history = Arrays.copyOf(losses, step + 1);
        history[step] = total.meanLoss();
        return new OptimizerState(step + 1, p, s, history);
    }

    /** @return the state as bytes: step, parameter count, slot count, parameters, slots, losses */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(step);
            out.writeInt(parameters.length);
            out.writeInt(slots.length);
            writeAll(out, parameters);
            for (double[] slot : slots) {
                writeAll(out, slot);
            }
            writeAll(out, losses);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param bytes what {@link #toBytes()} wrote
     * @return the state
     */
    public static OptimizerState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int step = in.readInt();
            int n = in.readInt();
            double[][] slots = new double[in.readInt()][];
            double[] parameters = readAll(in, n);
            for (int i = 0; i < slots.length; i++) {
                slots[i] = readAll(in, n);
            }
            return new OptimizerState(step, parameters, slots, readAll(in, step));
        } catch (IOException e) {
            throw new UncheckedIOException("DistributedOptimizer: unreadable optimizer state", e);
        }
    }

    private static void writeAll(DataOutputStream out, double[] values) throws IOException {
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] readAll(DataInputStream in, int n) throws IOException {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
