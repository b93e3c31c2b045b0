package dev.diffvision.jobs;

import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code diffvision ops [NAME...]}: lists the registered ops by Kornia name with their one-line summaries, or,
 * for the named ops, every keyword parameter with its type and default — what a pipeline spec can use.
 */
@Command(name = "ops", mixinStandardHelpOptions = true,
        description = "Lists the ops a pipeline spec can use (Kornia names); with NAMEs, their parameters.")
final class OpsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Ops to describe in full.")
    private List<String> names = List.of();

    private final PrintStream out;

    /** @param out where the listing goes */
    OpsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws UsageException {
        OpRegistry registry = OpRegistry.defaults();
        if (names.isEmpty()) {
            for (String name : registry.names()) {
                out.printf("%-40s %s%n", name, registry.get(name).summary());
            }
            out.println(registry.names().size() + " ops");
            return ExitCodes.OK;
        }
        for (String name : names) {
            OpDefinition definition;
            try {
                definition = registry.get(name);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            out.println(name + ": " + definition.summary());
            for (ParamSpec p : definition.params()) {
                out.println("  " + p.signature() + (p.doc().isEmpty() ? "" : "  -- " + p.doc()));
            }
        }
        return ExitCodes.OK;
    }
}
