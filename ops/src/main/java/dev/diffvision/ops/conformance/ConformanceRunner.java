package dev.diffvision.ops.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.Npy;
import dev.diffvision.ops.registry.ImageOp;
import dev.diffvision.ops.registry.OpRegistry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs conformance cases (Kornia's reference-vector format) through the op registry and reports each one.
 *
 * <p>Each case's op is built from the registry by name with the case's keyword parameters, run on the case's
 * input in float32 on the engine's default device, reduced according to {@code _compare}, and compared with
 * {@code expected} under the case's {@code atol}. Output, one line per case, then a summary:
 * <pre>
 * PASS spatial_gradient__diff.json max_abs_err=0.00
 * UNSUPPORTED warp_affine__rot90.json max_abs_err=nan  # op 'warp_affine' is not registered
 * 2 passed, 0 failed, 70 unsupported
 * </pre>
 */
public final class ConformanceRunner {

    private final OpRegistry registry;
    private final Path dumpDir;

    /**
     * @param registry where ops are looked up
     * @param dumpDir where each case's output is written as {@code <case>.npy}, or null for none
     */
    public ConformanceRunner(OpRegistry registry, Path dumpDir) {
        this.registry = registry;
        this.dumpDir = dumpDir;
    }

    /**
     * Totals of a run.
     *
     * @param passed cases within tolerance
     * @param failed cases that differ or were rejected
     * @param unsupported cases whose op or comparison is not implemented
     * @param results every case's result, in file-name order
     */
    public record Summary(int passed, int failed, int unsupported, List<CaseResult> results) {
        /** @return {@code N passed, N failed, N unsupported} */
        public String line() {
            return passed + " passed, " + failed + " failed, " + unsupported + " unsupported";
        }
    }

    /**
     * Runs every {@code *.json} case in {@code folder} (not recursive), in file-name order, printing one line per
     * case and the summary line to {@code out}.
     *
     * @param folder the folder of cases
     * @param out where lines go
     * @return the totals
     * @throws IOException if the folder cannot be listed or the dump folder cannot be written
     * @throws IllegalArgumentException if {@code folder} is not a directory or holds no case
     */
    public Summary runFolder(Path folder, PrintStream out) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("conformance: expected a folder of *.json cases, got " + folder);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("conformance: expected *.json cases in " + folder + ", found none");
        }
        if (dumpDir != null) {
            Files.createDirectories(dumpDir);
        }
        int passed = 0;
        int failed = 0;
        int unsupported = 0;
        List<CaseResult> results = new java.util.ArrayList<>();
        for (Path file : files) {
            CaseResult r = runFile(file);
            results.add(r);
            out.println(r.line());
            switch (r.status()) {
                case PASS -> passed++;
                case FAIL -> failed++;
                default -> unsupported++;
            }
        }
        Summary summary = new Summary(passed, failed, unsupported, results);
        out.println(summary.line());
        return summary;
    }

    /**
     * Loads and runs one case file; a malformed file is a FAIL, not an exception.
     *
     * @param file the case
     * @return its result
     */
    public CaseResult runFile(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        try {
            return run(ConformanceCase.load(file));
        } catch (IOException | RuntimeException e) {
            return new CaseResult(CaseResult.Status.FAIL, name, Double.NaN, "cannot load case: " + e.getMessage());
        }
    }

    /**
     * Runs one loaded case.
     *
     * @param c the case
     * @return its result
     */
    public CaseResult run(ConformanceCase c) {
        if (!registry.contains(c.op())) {
            return new CaseResult(CaseResult.Status.UNSUPPORTED, c.name(), Double.NaN,
                    "op '" + c.op() + "' is not registered");
        }
        if (c.input() == null) {
            return new CaseResult(CaseResult.Status.FAIL, c.name(), Double.NaN, "input is not numeric");
        }
        try (NDManager manager = DiffVisionEngine.newManager()) {
            ImageOp op = registry.create(c.op(), c.params());
            NDArray input = toChw(c.input().toNDArray(manager).toType(DataType.FLOAT32, false), c.hwc());
            NDArray output = fromChw(op.apply(input), c.hwc()).toType(DataType.FLOAT64, false);
            long[] shape = output.getShape().getShape();
            if (dumpDir != null) {
                Npy.write(HostTensor.fromNDArray(output.toType(DataType.FLOAT32, false)),
                        dumpDir.resolve(c.name() + ".npy"));
            }
            double[] selected = Comparison.select(c, output.toDoubleArray(), shape);
            double[] expected = toDoubles(c.expected());
            if ("full".equals(c.compareMode()) && !Arrays.equals(shape, c.expected().shape())) {
                return new CaseResult(CaseResult.Status.FAIL, c.name(), Double.NaN, "output shape "
                        + Arrays.toString(shape) + ", expected " + Arrays.toString(c.expected().shape()));
            }
            if (selected.length != expected.length) {
                return new CaseResult(CaseResult.Status.FAIL, c.name(), Double.NaN, "compared " + selected.length
                        + " values, expected " + expected.length);
            }
            double err = Comparison.maxAbsError(expected, selected);
            CaseResult.Status status = err <= c.atol() ? CaseResult.Status.PASS : CaseResult.Status.FAIL;
            return new CaseResult(status, c.name(), err, status == CaseResult.Status.PASS ? "" : "atol " + c.atol());
        } catch (UnsupportedOperationException e) {
            return new CaseResult(CaseResult.Status.UNSUPPORTED, c.name(), Double.NaN, e.getMessage());
        } catch (RuntimeException e) {
            return new CaseResult(CaseResult.Status.FAIL, c.name(), Double.NaN, e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    private static double[] toDoubles(HostTensor t) {
        float[] f = t.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** (H, W, C) -> (C, H, W) and (B, H, W, C) -> (B, C, H, W). */
    private static NDArray toChw(NDArray x, boolean hwc) {
        if (!hwc) {
            return x;
        }
        return x.getShape().dimension() == 3 ? x.transpose(2, 0, 1) : x.transpose(0, 3, 1, 2);
    }

    /** The inverse of {@link #toChw}. */
    private static NDArray fromChw(NDArray x, boolean hwc) {
        if (!hwc) {
            return x;
        }
        return x.getShape().dimension() == 3 ? x.transpose(1, 2, 0) : x.transpose(0, 2, 3, 1);
    }
}
