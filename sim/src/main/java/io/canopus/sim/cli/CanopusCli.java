package io.canopus.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code canopus} command line (run through {@code scripts/canopus}). Exit status: 0 when every
 * verdict is fine, 1 when a verdict is violated, 2 for bad arguments.
 */
@Command(
    name = "canopus",
    mixinStandardHelpOptions = true,
    version = "canopus 0.1.0",
    description = "Canopus consensus engine and its deterministic simulator.",
    subcommands = {DemoCommand.class, LoadCommand.class, SimCommand.class, NodeCommand.class},
    exitCodeOnInvalidInput = CanopusCli.EXIT_USAGE)
public final class CanopusCli implements Runnable
{
    public static final int EXIT_OK = 0;
    public static final int EXIT_VIOLATION = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required, e.g. 'canopus sim --help'");
    }

    /** @return the exit status of running {@code args}. */
    public static int execute(final String... args)
    {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** @return the exit status of running {@code args}, printing to the given writers. */
    public static int execute(final java.io.PrintWriter out, final java.io.PrintWriter err, final String... args)
    {
        return new CommandLine(new CanopusCli())
            .setOut(out)
            .setErr(err)
            .setExitCodeExceptionMapper(ex -> EXIT_USAGE)
            .execute(args);
    }

    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }
}
