package dev.diffvision.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code diffvision} command line ({@code scripts/diffvision}):
 * <ul>
 *   <li>{@code run [OPTIONS]}: the pipeline job, {@link PipelineJob}, with the same options;</li>
 *   <li>{@code conformance DIR [--dump DIR]}: runs the conformance cases in DIR and prints one line per case
 *       and a summary; exits 1 if any case failed;</li>
 *   <li>{@code apply --pipeline SPEC --input FILE --output FILE [--layout chw|hwc]}: runs a pipeline on one
 *       PNG/JPEG/.npy file and writes .png, .jpg or .npy.</li>
 * </ul>
 * Every command exits 0 when done, 1 on failure and 2 for bad options or configuration.
 *
 * <pre>
 * scripts/diffvision apply --pipeline 'rgb_to_grayscale | sobel' --input cat.jpg --output edges.png
 * </pre>
 */
@Command(name = "diffvision", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "DiffVision: Kornia-style differentiable computer vision on the JVM and Spark.",
        footer = {"", "Run 'diffvision COMMAND --help' for a command's options.",
                "Exit codes: 0 done, 1 failed, 2 bad options or configuration."})
public final class DiffVisionCli implements Callable<Integer> {

    private final PrintStream err;
    private CommandLine self;

    private DiffVisionCli(PrintStream err) {
        this.err = err;
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args a command and its options; {@code --help} lists the commands
     */
    public static void main(String... args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line with {@code System.out} and {@code System.err}.
     *
     * @param args a command and its options
     * @return {@link ExitCodes#OK}, {@link ExitCodes#FAILURE} or {@link ExitCodes#USAGE}
     */
    public static int run(String... args) {
        return run(System.out, System.err, args);
    }

    /**
     * Runs the command line with the given streams.
     *
     * @param out results, progress, help
     * @param err problems
     * @param args a command and its options
     * @return the exit code
     */
    static int run(PrintStream out, PrintStream err, String... args) {
        DiffVisionCli root = new DiffVisionCli(err);
        CommandLine cl = new CommandLine(root)
                .addSubcommand(new RunCommand(out, err))
                .addSubcommand(new RegisterCommand(out, err))
                .addSubcommand(new ConformanceCommand(out))
                .addSubcommand(new ApplyCommand(out))
                .addSubcommand(new OpsCommand(out))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    String name = command.getCommandSpec().qualifiedName();
                    if (e instanceof UsageException) {
                        err.println(name + ": " + e.getMessage());
                        return ExitCodes.USAGE;
                    }
                    err.println(name + " failed: " + PipelineJob.rootMessage(e));
                    e.printStackTrace(err);
                    return ExitCodes.FAILURE;
                });
        // Everything after `run` goes to PipelineJob untouched, --help and --config included.
        cl.getSubcommands().get("run").setStopAtUnmatched(true);
        root.self = cl;
        return cl.execute(args);
    }

    /** Without a command: usage on the error stream, exit code 2. */
    @Override
    public Integer call() {
        err.println("diffvision: expected a command");
        self.usage(err);
        return ExitCodes.USAGE;
    }
}
