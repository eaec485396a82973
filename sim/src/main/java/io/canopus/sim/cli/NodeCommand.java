package io.canopus.sim.cli;

import io.canopus.engine.config.ClusterConfig;
import io.canopus.engine.config.ConfigException;
import io.canopus.engine.runtime.CanopusRuntime;
import io.canopus.journal.JournalCorruptedException;
import io.canopus.transport.TransportConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code canopus node --config FILE --id N}: runs one node of a cluster as this process until
 * SIGTERM or SIGINT, which stop it cleanly (the current duty cycle ends, channels and the journal
 * are closed) from a shutdown hook, so the exit status is the signal's (143 for SIGTERM). Prints {@code node N running} once it runs, so scripts and tests can wait for it.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
        "Runs one node of the cluster described by a JSON config file, in this process, until SIGTERM or SIGINT.",
        "SIGTERM or SIGINT stop it cleanly (the JVM then exits with the signal's status, 143 or 130).",
        "Exit status otherwise: 1 when the node cannot start (a corrupt journal, an address in use) or halted",
        "on an error; 2 for a bad config or argument."
    })
public final class NodeCommand implements java.util.concurrent.Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The cluster config file (JSON).")
    Path config;

    @Option(names = "--id", required = true, paramLabel = "N", description = "This node's id in the config.")
    int id;

    @Override
    public Integer call() throws InterruptedException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ClusterConfig cluster;
        try
        {
            cluster = ClusterConfig.load(config);
        }
        catch (final ConfigException ex)
        {
            err.println(ex.getMessage());
            return CanopusCli.EXIT_USAGE;
        }
        if (id < 0 || id >= cluster.nodeCount())
        {
            err.println("--id " + id + ": not a node of " + config + " (ids 0.." + (cluster.nodeCount() - 1) + ")");
            return CanopusCli.EXIT_USAGE;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        final CanopusRuntime runtime;
        try
        {
            runtime = CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(cluster).nodeIds(id));
        }
        catch (final JournalCorruptedException | TransportConfigException ex)
        {
            // A damaged journal or an address the driver refused: the message names the file and
            // index, or the channel and why; a stack trace would only bury it.
            err.println("node " + id + " cannot start: " + ex.getMessage());
            return CanopusCli.EXIT_VIOLATION;
        }
        final Thread hook = new Thread(() ->
        {
            runtime.close();
            stopped.countDown();
        }, "canopus-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("node " + id + " running (" + cluster.endpoint(id) + ", journal " + cluster.journalDirectory(id) + ")");
        out.flush();
        while (!stopped.await(100, java.util.concurrent.TimeUnit.MILLISECONDS))
        {
            final Throwable failure = runtime.failure(id);
            if (failure != null)
            {
                err.println("node " + id + " halted: " + failure);
                Runtime.getRuntime().removeShutdownHook(hook);
                runtime.close();
                return CanopusCli.EXIT_VIOLATION;
            }
        }
        return CanopusCli.EXIT_OK;
    }
}
