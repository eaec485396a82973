package io.canopus.perf.bench;

import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.config.ClusterConfig;
import io.canopus.engine.config.IdleStrategyType;
import io.canopus.engine.config.JournalConfig;
import io.canopus.engine.config.ProtocolSettings;
import io.canopus.engine.config.RuntimeConfig;
import io.canopus.engine.runtime.CanopusRuntime;
import io.canopus.journal.SyncPolicy;
import io.canopus.sim.cli.LoopbackPorts;
import io.canopus.sim.load.LoadClient;
import io.canopus.sim.load.LoadClientFactory;
import io.canopus.transport.MediaDriverMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A whole Canopus cluster in this process on real Aeron UDP over loopback (multicast inside each
 * rack, unicast between racks), journals with sync policy {@code none} in a temporary directory.
 * Every node and the INVOKER-mode media driver run on one thread: on a 2-core machine the other
 * core belongs to the load client, so the cluster never has more busy threads than cores. The
 * runtime's journal pretoucher (a sleeping thread) faults in journal pages on the client's core. The
 * client talks to node 0 over IPC with up to {@value #IN_FLIGHT} writes in flight.
 */
public final class CanopusSystem implements BenchSystem
{
    /** Writes a client keeps in flight: enough for the rates a 2-core machine reaches at 1 ms. */
    static final int IN_FLIGHT = 1024;
    /**
     * Aeron's initial receiver window, as in {@code canopus demo}: with every node's socket read by
     * one thread, 128 KiB windows from several peers overflow the sockets' receive buffers, and the
     * NAKs and retransmissions that follow cost more than the smaller window.
     */
    static final int RECEIVER_WINDOW_BYTES = 32 * 1024;
    private static final String RECEIVER_WINDOW_PROPERTY = "aeron.rcv.initial.window.length";
    private static final int LAUNCH_ATTEMPTS = 3;

    private final String name;
    private final String threading;
    private final CanopusRuntime runtime;
    private final Path journalDir;

    private CanopusSystem(final String name, final String threading, final CanopusRuntime runtime, final Path journalDir)
    {
        this.name = name;
        this.threading = threading;
        this.runtime = runtime;
        this.journalDir = journalDir;
    }

    /**
     * Starts {@code racks x nodesPerRack} nodes.
     *
     * @param idle the nodes' idle strategy ({@code yield} to compare with Aeron Cluster's yield agents).
     */
    public static CanopusSystem launch(final int racks, final int nodesPerRack, final IdleStrategyType idle)
    {
        final Path journalDir = ScratchDirs.create("canopus-bench-journal-");
        final String windowBefore = System.getProperty(RECEIVER_WINDOW_PROPERTY);
        System.setProperty(RECEIVER_WINDOW_PROPERTY, Integer.toString(RECEIVER_WINDOW_BYTES));
        RuntimeException launchError = null;
        try
        {
            for (int attempt = 0; attempt < LAUNCH_ATTEMPTS; attempt++)
            {
                // Another process may take a port between the check and the bind: then try others.
                try
                {
                    final int basePort = LoopbackPorts.freeRun(ClusterConfig.localClusterPortCount(racks, nodesPerRack));
                    final ClusterConfig cluster = ClusterConfig.localCluster(racks, nodesPerRack, basePort)
                        .withProtocol(oneThreadProtocol())
                        .withJournal(new JournalConfig(journalDir.resolve("attempt-" + attempt).toString(), SyncPolicy.NONE))
                        .withRuntime(new RuntimeConfig(idle, MediaDriverMode.EMBEDDED_INVOKER, null,
                            RuntimeConfig.DEFAULT_TERM_LENGTH_KIB, null, RuntimeConfig.DEFAULT_METRICS_INTERVAL_MS));
                    final CanopusRuntime runtime = CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(cluster));
                    final String threading = String.format(Locale.ROOT,
                        "%d nodes and their INVOKER media driver on 1 thread (%s idle), a journal pretoucher thread " +
                        "(sleeping 1 ms idle), 1 client thread (IPC to node 0, " +
                        "%d writes in flight); UDP loopback, multicast in racks; journal sync none, %s; 1 MiB terms; " +
                        "pipeline depth %d", racks * nodesPerRack, idle.configName(), IN_FLIGHT,
                        ScratchDirs.describe("journals"), new CanopusConfig().pipelineDepth());
                    return new CanopusSystem("canopus-" + racks + "x" + nodesPerRack, threading, runtime, journalDir);
                }
                catch (final RuntimeException ex)
                {
                    launchError = ex;
                }
            }
        }
        finally
        {
            if (windowBefore == null)
            {
                System.clearProperty(RECEIVER_WINDOW_PROPERTY);
            }
            else
            {
                System.setProperty(RECEIVER_WINDOW_PROPERTY, windowBefore);
            }
        }
        deleteQuietly(journalDir);
        throw new IllegalStateException("the Canopus cluster did not start after " + LAUNCH_ATTEMPTS + " attempts", launchError);
    }

    /**
     * The time-outs that wait for a peer, raised as in {@code canopus demo}: with every node on one
     * thread a round trip takes a pass over all of them, and a thread that is off the CPU for a few
     * ms would otherwise trigger retransmissions and fetches that only add work. Nothing fails in a
     * benchmark, so long time-outs cost nothing.
     */
    static ProtocolSettings oneThreadProtocol()
    {
        return ProtocolSettings.fromCanopusConfig(new CanopusConfig()
            .retransmitTimeoutNs(TimeUnit.MILLISECONDS.toNanos(20))
            .fetchTimeoutNs(TimeUnit.MILLISECONDS.toNanos(100))
            .suspicionTimeoutNs(TimeUnit.SECONDS.toNanos(1)));
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public String threading()
    {
        return threading;
    }

    @Override
    public LoadClientFactory clients()
    {
        return (index, listener) -> LoadClient.of(runtime.newIpcClient(0, listener, context -> context
            .maxInFlightWrites(IN_FLIGHT)
            .maxInFlightReads(IN_FLIGHT)
            .responseTimeoutNs(TimeUnit.SECONDS.toNanos(1))));
    }

    @Override
    public long committedWrites()
    {
        return runtime.counter(0, "writesCommitted");
    }

    /** @return the failure of a node that halted, or null. */
    public Throwable failure()
    {
        for (final int id : runtime.nodeIds())
        {
            if (runtime.failure(id) != null)
            {
                return runtime.failure(id);
            }
        }
        return null;
    }

    @Override
    public void close()
    {
        runtime.close();
        deleteQuietly(journalDir);
    }

    static void deleteQuietly(final Path dir)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException | UncheckedIOException ignored)
        {
            // best effort: a temporary directory
        }
    }
}
