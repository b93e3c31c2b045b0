package dev.diffvision.ops.conformance;

import java.util.Locale;

/**
 * The outcome of one conformance case.
 *
 * @param status pass, fail or unsupported
 * @param caseName the case file's name
 * @param maxAbsError the largest absolute difference, NaN when nothing was compared
 * @param detail why it failed or is unsupported; empty on pass
 */
public record CaseResult(Status status, String caseName, double maxAbsError, String detail) {

    /** What happened to a case. */
    public enum Status {
        /** Within tolerance. */
        PASS,
        /** Ran but differs, or the op rejected the case. */
        FAIL,
        /** The op, or what the case asks of it, is not implemented. */
        UNSUPPORTED
    }

    /** @return the runner's output line: {@code PASS|FAIL|UNSUPPORTED <file> max_abs_err=<x>[ <detail>]} */
    public String line() {
        String err = Double.isNaN(maxAbsError) ? "nan" : String.format(Locale.ROOT, "%.3g", maxAbsError);
        return status + " " + caseName + ".json max_abs_err=" + err + (detail.isEmpty() ? "" : "  # " + detail);
    }
}
