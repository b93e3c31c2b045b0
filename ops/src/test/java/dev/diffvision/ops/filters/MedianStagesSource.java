package dev.diffvision.ops.filters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code core/internal/Median5x5Stages.java}: the 5x5 median's min/max program
 * ({@link WindowSelection#select}{@code (5, 5, 12)}) as straight-line Java, one method per stage, so that a stage's
 * intermediate values live in registers instead of being written to and read back from memory by one pass per
 * instruction. A stage is the run of instructions that read their operands unshifted: an instruction reading a
 * value shifted by some columns starts a later stage than the value's, so each stage runs as one loop over
 * positions; the values a later stage reads are stored in arrays ({@code saved}). {@code MedianStagesSourceTest}
 * checks that the committed file is what this writes.
 *
 * <pre>{@code
 * mvn -q -pl ops test-compile && java -cp "ops/target/test-classes:ops/target/classes" \
 *     dev.diffvision.ops.filters.MedianStagesSource ops/src/main/java/dev/diffvision/ops/core/internal
 * }</pre>
 */
public final class MedianStagesSource {

    /** The generated class's simple name. */
    static final String CLASS = "Median5x5Stages";
    private static final int ROWS = 5;

    /** An SSA value: input row {@code input}, or an instruction's result ({@code input < 0}). */
    private record Value(int id, int input) {
        boolean isInput() {
            return input >= 0;
        }
    }

    /** An instruction on SSA values: {@code min} or {@code max} of {@code a >> shiftA} and {@code b >> shiftB}. */
    private record Op(boolean min, Value a, int shiftA, Value b, int shiftB, Value result) {}

    private MedianStagesSource() {}

    /**
     * @param args the directory to write {@value #CLASS}{@code .java} into
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0], CLASS + ".java");
        Files.writeString(file, source(), StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
    }

    /** @return the generated source */
    static String source() {
        WindowSelection program = WindowSelection.select(ROWS, ROWS, ROWS * ROWS / 2);
        int[] code = program.instructions();
        Map<Integer, Value> slot = new HashMap<>();
        List<Value> values = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            Value v = new Value(values.size(), r);
            values.add(v);
            slot.put(r, v);
        }
        List<Op> ops = new ArrayList<>();
        for (int k = 0; k < code.length; k += 6) {
            Value result = new Value(values.size(), -1);
            values.add(result);
            ops.add(new Op(code[k] == 0, slot.get(code[k + 2]), code[k + 3], slot.get(code[k + 4]), code[k + 5],
                    result));
            slot.put(code[k + 1], result);
        }
        Value output = slot.get(program.outputSlot());
        if (program.outputShift() != 0) {
            throw new IllegalStateException("MedianStagesSource: expected an unshifted output, got shift "
                    + program.outputShift());
        }
        // stage of each value: inputs 0; an op one after an input or a shifted operand, else its operands' stage
        int[] stage = new int[values.size()];
        for (Op op : ops) {
            stage[op.result().id()] = Math.max(stageAfter(stage, op.a(), op.shiftA()),
                    stageAfter(stage, op.b(), op.shiftB()));
        }
        // columns each value must be computed beyond the output's width: the most any reader shifts it by
        int[] extra = new int[values.size()];
        for (int i = ops.size() - 1; i >= 0; i--) {
            Op op = ops.get(i);
            int need = extra[op.result().id()];
            extra[op.a().id()] = Math.max(extra[op.a().id()], need + op.shiftA());
            extra[op.b().id()] = Math.max(extra[op.b().id()], need + op.shiftB());
        }
        int stages = stage[output.id()];
        // values read by a later stage are saved, in order of creation
        Map<Value, Integer> saved = new LinkedHashMap<>();
        for (Op op : ops) {
            for (Value v : List.of(op.a(), op.b())) {
                if (!v.isInput() && stage[v.id()] < stage[op.result().id()] && !saved.containsKey(v)) {
                    saved.put(v, saved.size());
                }
            }
        }
        List<List<Op>> byStage = new ArrayList<>();
        StringBuilder extras = new StringBuilder("0");
        for (int st = 1; st <= stages; st++) {
            int stageNumber = st;
            List<Op> mine = ops.stream().filter(op -> stage[op.result().id()] == stageNumber).toList();
            byStage.add(mine);
            extras.append(", ").append(mine.stream().mapToInt(op -> extra[op.result().id()]).max().orElse(0));
        }
        StringBuilder s = new StringBuilder();
        header(s, ops.size(), stages, saved.size(), extras.toString());
        for (int st = 1; st <= stages; st++) {
            stageMethod(s, st, byStage.get(st - 1), stage, saved, output);
        }
        s.append("}\n");
        return s.toString();
    }

    private static int stageAfter(int[] stage, Value v, int shift) {
        return v.isInput() || shift > 0 ? stage[v.id()] + 1 : stage[v.id()];
    }

    private static void header(StringBuilder s, int ops, int stages, int saved, String extras) {
        s.append("""
                package dev.diffvision.ops.core.internal;

                import jdk.incubator.vector.FloatVector;
                import jdk.incubator.vector.VectorSpecies;

                /**
                 * GENERATED by {@code MedianStagesSource} (ops test sources) from
                 * {@code WindowSelection.select(5, 5, 12)}: do not edit; regenerate. The 5x5 median's %d min/max
                 * instructions as %d stages (run in order), each one loop over positions of a band of rows of the
                 * zero-padded plane (flattened as {@link SelectionSimd} does: a value read past a row's end is garbage
                 * that only lands in columns no valid value reads), its intermediate values in registers; the %d
                 * values a later stage reads (shifted by some columns) go through
                 * {@code saved}. Lanewise {@code min}/{@code max} are exact, so the result equals the program's.
                 *
                 * <pre>{@code
                 * Median5x5Stages.stage1(plane, rows, saved, out, n + Median5x5Stages.EXTRA[1]);   // then 2, 3
                 * }</pre>
                 */
                final class %s {

                    /** Arrays of {@code saved}. */
                    static final int SAVED = %d;
                    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

                    private %s() {}

                    /**
                     * Columns each stage computes beyond the output's width: stage {@code s} runs over
                     * {@code (rows - 1) * paddedWidth + width + EXTRA[s]} positions (index 0 unused).
                     */
                    static final int[] EXTRA = {%s};

                """.formatted(ops, stages, saved, CLASS, saved, CLASS, extras));
    }

    private static void stageMethod(StringBuilder s, int st, List<Op> ops, int[] stage, Map<Value, Integer> saved,
                                    Value output) {
        StringBuilder vectorBody = new StringBuilder();
        body(vectorBody, ops, stage, saved, output, st, true);
        StringBuilder scalarBody = new StringBuilder();
        body(scalarBody, ops, stage, saved, output, st, false);
        String code = vectorBody.toString();
        s.append("    /**\n     * Stage ").append(st).append(": ").append(ops.size())
                .append(" instructions at positions {@code [0, n)}.\n     *\n");
        s.append("     * @param plane the zero-padded plane\n");
        s.append("     * @param rows where the window's 5 rows start in {@code plane}\n");
        s.append("     * @param saved the values later stages read\n     * @param out the output band\n");
        s.append("     * @param n positions\n     */\n");
        s.append("    static void stage").append(st)
                .append("(float[] plane, int[] rows, float[][] saved, float[] out, int n) {\n");
        for (int r = 0; r < ROWS; r++) {
            if (code.contains("r" + r + " + i")) {
                s.append("        int r").append(r).append(" = rows[").append(r).append("];\n");
            }
        }
        for (int m : saved.values()) {
            if (code.contains("m" + m + ",")) {
                s.append("        float[] m").append(m).append(" = saved[").append(m).append("];\n");
            }
        }
        s.append("        int i = 0;\n");
        s.append("        for (int bound = S.loopBound(n); i < bound; i += S.length()) {\n");
        s.append(vectorBody);
        s.append("        }\n");
        s.append("        for (; i < n; i++) {\n");
        s.append(scalarBody);
        s.append("        }\n    }\n\n");
    }

    private static void body(StringBuilder s, List<Op> ops, int[] stage, Map<Value, Integer> saved, Value output,
                             int st, boolean vector) {
        String indent = "            ";
        Map<String, String> loaded = new LinkedHashMap<>();
        for (Op op : ops) {
            String a = operand(s, op.a(), op.shiftA(), stage, saved, st, vector, loaded, indent);
            String b = operand(s, op.b(), op.shiftB(), stage, saved, st, vector, loaded, indent);
            String v = "v" + op.result().id();
            s.append(indent).append(vector ? "FloatVector " : "float ").append(v).append(" = ");
            if (vector) {
                s.append(a).append('.').append(op.min() ? "min" : "max").append('(').append(b).append(");\n");
            } else {
                s.append("Math.").append(op.min() ? "min" : "max").append('(').append(a).append(", ").append(b)
                        .append(");\n");
            }
        }
        for (Op op : ops) {
            Value v = op.result();
            Integer m = saved.get(v);
            if (m != null) {
                store(s, "v" + v.id(), "m" + m, vector, indent);
            }
            if (v.equals(output)) {
                store(s, "v" + v.id(), "out", vector, indent);
            }
        }
    }

    private static String operand(StringBuilder s, Value v, int shift, int[] stage, Map<Value, Integer> saved, int st,
                                  boolean vector, Map<String, String> loaded, String indent) {
        if (!v.isInput() && stage[v.id()] == st) {
            return "v" + v.id();
        }
        String array = v.isInput() ? "plane" : "m" + saved.get(v);
        String index = (v.isInput() ? "r" + v.input() + " + i" : "i") + (shift > 0 ? " + " + shift : "");
        String key = array + "[" + index + "]";
        String name = loaded.get(key);
        if (name == null) {
            name = "l" + loaded.size();
            loaded.put(key, name);
            s.append(indent).append(vector ? "FloatVector " : "float ").append(name).append(" = ")
                    .append(vector ? "FloatVector.fromArray(S, " + array + ", " + index + ")" : key).append(";\n");
        }
        return name;
    }

    private static void store(StringBuilder s, String value, String array, boolean vector, String indent) {
        s.append(indent);
        if (vector) {
            s.append(value).append(".intoArray(").append(array).append(", i);\n");
        } else {
            s.append(array).append("[i] = ").append(value).append(";\n");
        }
    }
}
