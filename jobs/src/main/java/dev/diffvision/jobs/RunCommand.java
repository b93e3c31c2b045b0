package dev.diffvision.jobs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code diffvision run}: hands every argument to {@link PipelineJob}, so both take exactly the same options. */
@Command(name = "run", description = "Runs the pipeline job (PipelineJob) with Spark; 'diffvision run --help'"
        + " lists its options.")
final class RunCommand implements Callable<Integer> {

    @Unmatched
    private List<String> args = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param out progress and report
     * @param err problems
     */
    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return PipelineJob.run(out, err, "diffvision run", args.toArray(String[]::new));
    }
}
