package io.canopus.sim.cli;

import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.config.ClusterConfig;
import io.canopus.engine.config.JournalConfig;
import io.canopus.engine.config.ProtocolSettings;
import io.canopus.journal.SyncPolicy;
import io.canopus.engine.runtime.CanopusRuntime;
import io.canopus.sim.load.LatencyLog;
import io.canopus.sim.load.LoadClient;
import io.canopus.sim.load.LoadException;
import io.canopus.sim.load.LoadObserver;
import io.canopus.sim.load.LoadResult;
import io.canopus.sim.load.LoadSettings;
import io.canopus.sim.load.OpenLoopLoad;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code canopus demo}: a whole cluster on this machine, in this process, under an open-loop
 * key-value load, with a progress line each second and a final table. The README's first command,
 * so it needs nothing but Java: free loopback ports are found, journals go to a temporary directory
 * deleted at exit, and metrics to {@code ./canopus-demo/<yyyyMMdd-HHmmss>/}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Runs a whole Canopus cluster in this process and measures it under an open-loop key-value load.",
        "",
        "The nodes use real Aeron UDP on loopback (multicast inside each rack, unicast between racks) and Chronicle "
            + "journals in a temporary directory deleted at exit. All nodes and the INVOKER-mode media driver run on one "
            + "thread with a backoff idle strategy; the protocol's time-outs are raised for that (retransmit 20 ms, "
            + "fetch 100 ms, suspicion 1 s: no faults are injected, so they only matter when a thread is late), "
            + "and Aeron's receiver window is 32 KiB instead of 128 KiB, so that bursts from many peers fit the "
            + "sockets' receive buffers.",
        "",
        "One client thread sends to node 0 over IPC, with up to 1024 writes and 1024 reads in flight: PUTs of --size "
            + "bytes and linearizable GETs, on keys drawn uniformly from 0..K-1. Operation i is intended at "
            + "start + i/rate and its latency runs from that intended time to the answer (no coordinated omission).",
        "",
        "Prints a progress line each second, then the target and achieved throughput, client latency percentiles, "
            + "committed cycles per second and writes per cycle, and where the .hlog files went: the client latencies "
            + "and each node's duty-cycle time and cycle latency (HdrHistogram interval logs, ns). Warns when the "
            + "achieved rate is below 99%% of --rate or answers are missing after a 2 s drain.",
        ""},
    footer = {"", "Exit status: 0 when the load ran and operations completed, 1 when no measured operation completed "
        + "or a node halted, 2 for a bad option."})
public final class DemoCommand implements Callable<Integer>
{
    /**
     * Default --rate: what a busy 2-core machine sustains with 9 nodes on one thread with room to
     * spare. Measured there: 5k ops/s held with p99 0.06-0.24 s (scheduling noise of a shared box);
     * 10k held with p99 0.16-1.3 s; 20k saturated (p50 0.2-1.2 s).
     */
    static final String DEFAULT_RATE = "5000";
    static final int MAX_RACKS = 16;
    static final int MAX_NODES_PER_RACK = 16;
    private static final int LAUNCH_ATTEMPTS = 3;
    /**
     * Aeron's initial receiver window for the demo's driver, instead of its 128 KiB. A node's unicast
     * socket takes datagrams from every other node, and the one thread reads at most one datagram per
     * socket per pass of the driver; with 128 KiB windows a burst of big proposals from 8 peers is
     * more than the socket's receive buffer (256 KiB unless the OS allows more), datagrams are
     * dropped, and the NAKs and retransmissions that follow (tens of thousands a second, measured)
     * keep the thread so busy that the cluster stops committing. With 32 KiB windows the peers wait
     * for the receiver instead, and nothing is lost.
     */
    static final int RECEIVER_WINDOW_BYTES = 32 * 1024;
    private static final String RECEIVER_WINDOW_PROPERTY = "aeron.rcv.initial.window.length";
    static final int CONNECT_TIMEOUT_S = 30;
    static final int RETRANSMIT_TIMEOUT_MS = 20;
    static final int FETCH_TIMEOUT_MS = 100;
    static final int SUSPICION_TIMEOUT_MS = 1000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--racks", defaultValue = "3", paramLabel = "R", description = "Racks (super-leaves), 1..16. Default: ${DEFAULT-VALUE}.")
    int racks;

    @Option(names = "--nodes-per-rack", defaultValue = "3", paramLabel = "N", description = "Nodes in each rack, 1..16. Default: ${DEFAULT-VALUE}.")
    int nodesPerRack;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S", description = "Measured seconds, after the warm-up; > 0 and <= 3600. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--rate", defaultValue = DEFAULT_RATE, paramLabel = "N", description = "Operations per second to send, 1..10000000. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--size", defaultValue = "32", paramLabel = "BYTES", description = "Bytes of each PUT's value, 1..1536. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--read-ratio", defaultValue = "0.1", paramLabel = "R", description = "Fraction of operations that are GETs, 0..1. Default: ${DEFAULT-VALUE}.")
    double readRatio;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "S", description = "Seconds sent at the rate before measuring, 0..3600. Default: ${DEFAULT-VALUE}.")
    double warmup;

    @Option(names = "--keys", defaultValue = "10000", paramLabel = "K", description = "Keys drawn from, 0..K-1. Default: ${DEFAULT-VALUE}.")
    long keys;

    @Option(names = "--out", defaultValue = "canopus-demo", paramLabel = "DIR", description = "Where the run's metrics directory <yyyyMMdd-HHmmss> is made. Default: ${DEFAULT-VALUE}.")
    Path outDir;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        LoadOptions.require(spec.commandLine(), racks >= 1 && racks <= MAX_RACKS, "--racks must be 1.." + MAX_RACKS + ", was " + racks);
        LoadOptions.require(spec.commandLine(), nodesPerRack >= 1 && nodesPerRack <= MAX_NODES_PER_RACK,
            "--nodes-per-rack must be 1.." + MAX_NODES_PER_RACK + ", was " + nodesPerRack);
        // A fresh cluster on a busy machine may take a while to commit its first cycle (JIT, journals).
        final LoadSettings settings = LoadOptions.settings(spec.commandLine(), rate, seconds, size, readRatio, warmup, keys)
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(CONNECT_TIMEOUT_S));
        final Path metricsDir;
        try
        {
            metricsDir = RunDirectory.create(outDir);
        }
        catch (final IOException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + outDir + ": cannot create a directory in it (" + ex + ")");
        }
        quietRuntimeLog();
        final Path journalDir = Files.createTempDirectory("canopus-demo-journal-");
        final Session session = new Session(journalDir);
        final CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C: stop the load, let this thread print what was measured and close, then make sure
        // the nodes are closed and the journals deleted.
        final Thread hook = new Thread(() ->
        {
            session.stopLoad();
            LoadCommand.awaitQuietly(finished);
            session.close();
        }, "canopus-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            return run(out, err, settings, metricsDir, session);
        }
        finally
        {
            session.close();
            finished.countDown();
            LoadCommand.removeHook(hook);
        }
    }

    private int run(final PrintWriter out, final PrintWriter err, final LoadSettings settings, final Path metricsDir,
        final Session session) throws InterruptedException
    {
        final int nodes = racks * nodesPerRack;
        ClusterConfig cluster = null;
        CanopusRuntime runtime = null;
        RuntimeException launchError = null;
        final String windowBefore = System.getProperty(RECEIVER_WINDOW_PROPERTY);
        if (windowBefore == null)
        {
            // Read when the runtime's media driver is made, and only there: see RECEIVER_WINDOW_BYTES.
            System.setProperty(RECEIVER_WINDOW_PROPERTY, Integer.toString(RECEIVER_WINDOW_BYTES));
        }
        for (int attempt = 0; attempt < LAUNCH_ATTEMPTS && runtime == null; attempt++)
        {
            // Another process may take a port between the check and the bind: try other ports then.
            try
            {
                final int basePort = LoopbackPorts.freeRun(ClusterConfig.localClusterPortCount(racks, nodesPerRack));
                cluster = ClusterConfig.localCluster(racks, nodesPerRack, basePort)
                    .withProtocol(oneThreadProtocol())
                    .withJournal(new JournalConfig(session.journalDir.resolve("attempt-" + attempt).toString(), SyncPolicy.NONE));
                runtime = CanopusRuntime.launch(new CanopusRuntime.Context()
                    .clusterConfig(cluster)
                    .metricsDirectory(metricsDir.toFile()));
            }
            catch (final RuntimeException ex)
            {
                launchError = ex;
            }
        }
        if (windowBefore == null)
        {
            System.clearProperty(RECEIVER_WINDOW_PROPERTY);
        }
        if (runtime == null)
        {
            err.println("canopus demo: the cluster did not start: " + launchError);
            err.flush();
            return CanopusCli.EXIT_VIOLATION;
        }
        session.runtime(runtime);
        final int basePort = cluster.endpoint(0).port();
        out.printf(Locale.ROOT, "canopus demo: %d racks x %d nodes on loopback UDP (ports %d..%d, multicast groups 239.255.x.y),%n" +
                "  all nodes and the INVOKER media driver on one thread, backoff idle; journals in %s (deleted at exit)%n" +
                "  load: %d ops/s of %d B PUTs, %.0f%% GETs, over %d keys, 1 client thread over IPC to node 0, " +
                "%d writes + %d reads in flight; %s s warm-up + %s s measured%n",
            racks, nodesPerRack, basePort, basePort + 2 * nodes + racks - 1, session.journalDir,
            rate, size, readRatio * 100, keys, LoadCommand.IN_FLIGHT, LoadCommand.IN_FLIGHT,
            LoadCommand.format(warmup), LoadCommand.format(seconds));
        out.flush();

        final CanopusRuntime nodesRuntime = runtime;
        final Path clientLog = metricsDir.resolve("client-latency.hlog");
        final CycleCounts cycles = new CycleCounts(nodesRuntime);
        final OpenLoopLoad load = new OpenLoopLoad(settings, 1, (index, listener) -> LoadClient.of(
            nodesRuntime.newIpcClient(0, listener, LoadCommand::clientSettings)));
        session.load(load);
        final LoadResult result;
        try (LatencyLog latencyLog = new LatencyLog(clientLog))
        {
            result = load.run(new ProgressPrinter(out, "committed/s", cycles::progress), latencyLog, cycles);
        }
        catch (final LoadException ex)
        {
            err.println("canopus demo: " + ex.getMessage());
            err.println("  (the nodes run over UDP multicast on the loopback interface: check that 127.0.0.1 can send to 239.255.0.0/16)");
            err.flush();
            return CanopusCli.EXIT_VIOLATION;
        }
        final String halted = haltedNodes(nodesRuntime);
        session.closeRuntime(); // writes the nodes' last metrics intervals
        final ResultTable table = new ResultTable();
        table.row("threading", "%d nodes and the INVOKER media driver on 1 thread, backoff idle; 1 client thread (IPC)", nodes);
        LoadSummary.addRows(table, result);
        table.row("committed cycles/s", "%.0f", cycles.cyclesPerSec())
            .row("mean writes per cycle", "%.1f", cycles.writesPerCycle())
            .row("metrics directory", metricsDir.toString())
            .row("client latency log", clientLog.toString())
            .row("node logs", "node-<id>-duty-cycle.hlog, node-<id>-cycle-latency.hlog for ids 0..%d", nodes - 1);
        out.println();
        table.print(out);
        LoadSummary.printWarnings(err, result);
        if (!halted.isEmpty())
        {
            err.println("canopus demo: " + halted);
            err.flush();
            return CanopusCli.EXIT_VIOLATION;
        }
        return result.measuredCompleted() > 0 ? CanopusCli.EXIT_OK : CanopusCli.EXIT_VIOLATION;
    }

    /**
     * The runtime logs a line per node as it opens its journal: for the demo's temporary journals that
     * is noise, so unless the user chose a level for it, it logs warnings only (slf4j-simple reads this
     * when the logger is first made, which in a launcher process is the demo's runtime).
     */
    private static void quietRuntimeLog()
    {
        final String property = "org.slf4j.simpleLogger.log." + CanopusRuntime.class.getName();
        if (System.getProperty(property) == null)
        {
            System.setProperty(property, "warn");
        }
    }

    /**
     * The default protocol settings with the time-outs that wait for a peer raised. The defaults
     * (retransmit 1 ms, fetch 3 ms, suspicion 40 ms) suit a thread per node; with every node and the
     * media driver on one thread, a round trip takes a pass over all of them, and on a busy 2-core
     * machine that thread is often off the CPU for several milliseconds. Then a fetch or a proposal
     * that is only late is asked for again, from another node, which adds work to the same thread
     * and makes the next one later still, until hardly a cycle commits. Nothing fails in the demo,
     * so long time-outs cost nothing.
     */
    static ProtocolSettings oneThreadProtocol()
    {
        return ProtocolSettings.fromCanopusConfig(new CanopusConfig()
            .retransmitTimeoutNs(TimeUnit.MILLISECONDS.toNanos(RETRANSMIT_TIMEOUT_MS))
            .fetchTimeoutNs(TimeUnit.MILLISECONDS.toNanos(FETCH_TIMEOUT_MS))
            .suspicionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(SUSPICION_TIMEOUT_MS)));
    }

    private static String haltedNodes(final CanopusRuntime runtime)
    {
        final StringBuilder sb = new StringBuilder();
        for (final int id : runtime.nodeIds())
        {
            final Throwable failure = runtime.failure(id);
            if (failure != null)
            {
                sb.append(sb.length() == 0 ? "" : "; ").append("node ").append(id).append(" halted: ").append(failure);
            }
        }
        return sb.toString();
    }

    /** Committed cycles and writes, from node 0's counters (every node commits every cycle). */
    private static final class CycleCounts implements LoadObserver
    {
        private final CanopusRuntime runtime;
        private long lastCycles;
        private long measureStartNs;
        private long measureStartCycles;
        private long measureStartWrites;
        private long sendEndNs;
        private long sendEndCycles;
        private long sendEndWrites;

        CycleCounts(final CanopusRuntime runtime)
        {
            this.runtime = runtime;
        }

        @Override
        public void onStart(final long startNs, final long startEpochMs)
        {
            lastCycles = runtime.counter(0, "cyclesCommitted");
        }

        @Override
        public void onMeasureStart(final long nowNs)
        {
            measureStartNs = nowNs;
            measureStartCycles = runtime.counter(0, "cyclesCommitted");
            measureStartWrites = runtime.counter(0, "writesCommitted");
        }

        @Override
        public void onSendEnd(final long nowNs)
        {
            sendEndNs = nowNs;
            sendEndCycles = runtime.counter(0, "cyclesCommitted");
            sendEndWrites = runtime.counter(0, "writesCommitted");
        }

        String progress(final double lengthSeconds)
        {
            final long cycles = runtime.counter(0, "cyclesCommitted");
            final long delta = cycles - lastCycles;
            lastCycles = cycles;
            return lengthSeconds > 0 ? "cycles/s=" + Math.round(delta / lengthSeconds) : "";
        }

        double cyclesPerSec()
        {
            final double seconds = (sendEndNs - measureStartNs) / 1e9;
            return seconds > 0 ? (sendEndCycles - measureStartCycles) / seconds : 0;
        }

        double writesPerCycle()
        {
            final long cycles = sendEndCycles - measureStartCycles;
            return cycles > 0 ? (double)(sendEndWrites - measureStartWrites) / cycles : 0;
        }
    }

    /** What a demo run holds, closed once: by the command at its end, or by the shutdown hook on Ctrl-C. */
    private static final class Session
    {
        final Path journalDir;
        private OpenLoopLoad load;
        private CanopusRuntime runtime;
        private boolean closed;

        Session(final Path journalDir)
        {
            this.journalDir = journalDir;
        }

        synchronized void runtime(final CanopusRuntime runtime)
        {
            this.runtime = runtime;
        }

        synchronized void load(final OpenLoopLoad load)
        {
            this.load = load;
        }

        synchronized void stopLoad()
        {
            if (load != null)
            {
                load.stop();
            }
        }

        /** Closes the nodes (idempotent); their metrics logs get their last interval. */
        synchronized void closeRuntime()
        {
            if (runtime != null)
            {
                runtime.close();
            }
        }

        synchronized void close()
        {
            if (closed)
            {
                return;
            }
            closed = true;
            if (load != null)
            {
                try
                {
                    load.close(); // the client closes before the nodes' media driver goes
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            closeRuntime();
            deleteTree(journalDir);
        }

        private static void deleteTree(final Path dir)
        {
            if (!Files.exists(dir))
            {
                return;
            }
            try (Stream<Path> paths = Files.walk(dir))
            {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            catch (final IOException ex)
            {
                System.err.println("canopus demo: could not delete " + dir + ": " + ex);
            }
        }
    }
}
