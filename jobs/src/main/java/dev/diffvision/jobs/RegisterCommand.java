package dev.diffvision.jobs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code diffvision register}: hands every argument to {@link RegistrationJob} (same options). */
@Command(name = "register", description = "Registers the image pairs of a manifest (RegistrationJob) with Spark;"
        + " 'diffvision register --help' lists its options.")
final class RegisterCommand implements Callable<Integer> {

    @Unmatched
    private List<String> args = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param out progress and report
     * @param err problems
     */
    RegisterCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return RegistrationJob.run(out, err, "diffvision register", args.toArray(String[]::new));
    }
}
