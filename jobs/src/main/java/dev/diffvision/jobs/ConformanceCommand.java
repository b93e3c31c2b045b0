package dev.diffvision.jobs;

import dev.diffvision.ops.conformance.ConformanceRunner;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.registry.OpRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code diffvision conformance DIR [--dump DIR]}: runs every {@code *.json} case in a folder through the op
 * registry ({@link ConformanceRunner}), one line per case and a summary; exit code 1 if any case failed.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Runs the conformance cases (*.json in Kornia's reference-vector format) in DIR: one"
                + " PASS/FAIL/UNSUPPORTED line per case, then a summary. Exits 1 if any case failed.")
final class ConformanceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of *.json cases (not recursive).")
    private Path cases;

    @Option(names = "--dump", paramLabel = "DIR", description = "Also write each case's output as DIR/<case>.npy.")
    private Path dump;

    private final PrintStream out;

    /** @param out case lines and summary */
    ConformanceCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(cases)) {
            throw new UsageException("expected a folder of *.json cases, got " + cases.toAbsolutePath());
        }
        if (dump != null && Files.exists(dump) && !Files.isDirectory(dump)) {
            throw new UsageException("--dump " + dump.toAbsolutePath() + " exists and is not a folder");
        }
        try (var s = Files.list(cases)) {
            if (s.noneMatch(p -> p.getFileName().toString().endsWith(".json"))) {
                throw new UsageException("no *.json cases in " + cases.toAbsolutePath());
            }
        }
        out.println("# engine: " + DiffVisionEngine.start().describe());
        ConformanceRunner.Summary summary = new ConformanceRunner(OpRegistry.defaults(), dump).runFolder(cases, out);
        if (dump != null) {
            out.println("# outputs written to " + dump.toAbsolutePath());
        }
        return summary.failed() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}
