package io.canopus.engine.runtime;

import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.client.CanopusClient;
import io.canopus.engine.client.ResponseListener;
import io.canopus.engine.config.ClusterConfig;
import io.canopus.engine.config.JournalConfig;
import io.canopus.engine.config.MulticastConfig;
import io.canopus.engine.protocol.ConsensusNode;
import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.protocol.RandomSource;
import io.canopus.engine.statemachine.KeyValueStateMachine;
import io.canopus.engine.statemachine.StateMachine;
import io.canopus.journal.ChronicleJournal;
import io.canopus.journal.JournalContext;
import io.canopus.journal.JournalPretoucher;
import io.canopus.transport.AeronHost;
import io.canopus.transport.ClientTransport;
import io.canopus.transport.MediaDriverMode;
import io.canopus.transport.MulticastGroup;
import io.canopus.transport.NodeTransport;
import io.canopus.transport.StreamIds;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The embedding entry point: runs one node, several, or a whole cluster of a {@link ClusterConfig}
 * in this process, over real Aeron channels and Chronicle journals, until {@link #close()}.
 * <p>
 * One media driver and one Aeron client serve every node of the process. All nodes run on one
 * thread as a {@link CompositeAgent} (with the driver when it is embedded in INVOKER mode, which is
 * the default: nothing else spins), or on a thread each. A {@link JournalPretoucher} on a thread of
 * its own (sleeping 1 ms when idle) faults in the journals' next pages, so the duty cycle does not
 * take the page faults of its growing journal files ({@code journal.pretouchAheadKiB}, {@link
 * Context#journalPretouchAheadBytes}).
 * Metrics go to {@code .hlog} interval logs and counters to Aeron counters (see {@link
 * NodeCountersPublisher}).
 * <pre>{@code
 * try (CanopusRuntime runtime = CanopusRuntime.launch(new CanopusRuntime.Context()
 *         .clusterConfig(ClusterConfig.load(Path.of("cluster.json"))).nodeIds(2)))
 * {
 *     ...
 * }
 * }</pre>
 */
public final class CanopusRuntime implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(CanopusRuntime.class);
    /** Fragments one node polls per duty cycle at most: bounds the time a burst can take. */
    public static final int FRAGMENT_LIMIT = 256;

    private final Context ctx;
    private final AeronHost host;
    private final Map<Integer, NodeParts> nodes = new HashMap<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private final MetricsLogger metrics;
    private volatile boolean closed;

    /** What one node of this process is made of, closed in reverse order. */
    private static final class NodeParts
    {
        ChronicleJournal journal;
        NodeTransport transport;
        NodeCountersPublisher counters;
        NodeMetrics metrics;
        NodeAgent agent;
    }

    private CanopusRuntime(final Context ctx)
    {
        this.ctx = ctx;
        final ClusterConfig config = ctx.clusterConfig;
        AeronHost startedHost = null;
        MetricsLogger startedMetrics = null;
        try
        {
            startedHost = AeronHost.launch(hostContext(ctx));
            final NodeFactory factory = Canopus.nodeFactory(config.topology(), config.protocolConfig());
            final List<Agent> agents = new ArrayList<>();
            if (startedHost.mode() == MediaDriverMode.EMBEDDED_INVOKER)
            {
                agents.add(new HostAgent(startedHost));
            }
            final File metricsDir = ctx.metricsDirectory != null ? ctx.metricsDirectory :
                config.metricsDirectory() != null ? config.metricsDirectory().toFile() : null;
            startedMetrics = metricsDir != null ? new MetricsLogger(metricsDir, config.metricsIntervalMs()) : null;
            for (final int id : ctx.nodeIds)
            {
                final NodeParts parts = new NodeParts();
                nodes.put(id, parts);
                parts.journal = ChronicleJournal.open(new JournalContext()
                    .directory(config.journalDirectory(id).toFile())
                    .syncPolicy(config.syncPolicy()));
                LOG.info("node {} journal {}: {}", id, config.journalDirectory(id), parts.journal.recovery());
                parts.transport = NodeTransport.open(startedHost, transportContext(config, id, ctx.nodeIds));
                parts.metrics = new NodeMetrics(id);
                parts.counters = new NodeCountersPublisher(startedHost.aeron(), id);
                final TransportOutputSink sink = new TransportOutputSink(parts.transport, parts.metrics);
                final SplittableRandom seeded = new SplittableRandom(new SecureRandom().nextLong());
                final RandomSource random = seeded::nextLong;
                final ConsensusNode node = factory.create(id, sink, new JournalDurableLog(parts.journal), random,
                    ctx.stateMachines.get());
                parts.agent = new NodeAgent(node, parts.transport, parts.journal, parts.metrics, parts.counters,
                    new SystemNanoClock(), FRAGMENT_LIMIT);
                agents.add(parts.agent);
                if (startedMetrics != null)
                {
                    startedMetrics.add("node-" + id + "-duty-cycle", parts.metrics.dutyCycleNs());
                    startedMetrics.add("node-" + id + "-cycle-latency", parts.metrics.cycleLatencyNs());
                }
            }
            metrics = startedMetrics;
            host = startedHost;
            if (ctx.threadPerNode)
            {
                for (final Agent agent : agents)
                {
                    runners.add(new AgentRunner(idleStrategy(config), this::onError, null, agent));
                }
            }
            else
            {
                runners.add(new AgentRunner(idleStrategy(config), this::onError, null,
                    agents.size() == 1 ? agents.get(0) : new CompositeAgent(agents)));
            }
            if (ctx.journalPretouchAheadBytes > 0)
            {
                runners.add(new AgentRunner(new SleepingMillisIdleStrategy(1), this::onError, null, new JournalPretoucher(
                    nodes.values().stream().map(parts -> parts.journal).toList(),
                    new JournalPretoucher.Context().aheadBytes(ctx.journalPretouchAheadBytes))));
            }
            for (final AgentRunner runner : runners)
            {
                AgentRunner.startOnThread(runner);
            }
            if (metrics != null)
            {
                metrics.start();
            }
        }
        catch (final RuntimeException ex)
        {
            for (final NodeParts parts : nodes.values())
            {
                closeParts(parts);
            }
            CloseHelper.quietClose(startedMetrics);
            CloseHelper.quietClose(startedHost);
            throw ex;
        }
    }

    /**
     * Starts the nodes of {@code ctx} and returns once their threads run (each node replays its
     * journal on its own thread first).
     *
     * @throws io.canopus.engine.config.ConfigException or {@link IllegalArgumentException} for bad settings,
     *         {@link io.canopus.journal.JournalCorruptedException} for a corrupt journal.
     */
    public static CanopusRuntime launch(final Context ctx)
    {
        return new CanopusRuntime(ctx.conclude());
    }

    private static AeronHost.Context hostContext(final Context ctx)
    {
        final ClusterConfig config = ctx.clusterConfig;
        final MediaDriverMode mode = config.driverMode();
        final String dir = ctx.aeronDirectoryName != null ? ctx.aeronDirectoryName :
            mode == MediaDriverMode.EXTERNAL ? config.aeronDir() : defaultAeronDir(ctx.nodeIds);
        final AeronHost.Context host = new AeronHost.Context()
            .aeronDirectoryName(dir)
            .mode(mode)
            .termLength(config.termLengthBytes());
        if (mode != MediaDriverMode.EXTERNAL)
        {
            host.dirDeleteOnStart(true).dirDeleteOnShutdown(true);
        }
        return host;
    }

    /** A directory per process, so two processes on one machine never share an embedded driver. */
    private static String defaultAeronDir(final int[] nodeIds)
    {
        final File shm = new File("/dev/shm");
        final File base = shm.isDirectory() ? shm : new File(System.getProperty("java.io.tmpdir"));
        return new File(base, "canopus-" + ProcessHandle.current().pid() + "-node-" + nodeIds[0]).getAbsolutePath();
    }

    private static NodeTransport.Context transportContext(final ClusterConfig config, final int id, final int[] localNodes)
    {
        final MulticastConfig multicast = config.multicastOf(id);
        final int rack = config.rackOf(id).id();
        final NodeTransport.Context transport = new NodeTransport.Context()
            .nodeId(id)
            .rackGroup(MulticastGroup.of(multicast.group(), multicast.port(), multicast.interfaceAddress(),
                "racks[" + rack + "].multicast"))
            .rackSize(config.rackOf(id).nodes().size())
            .unicastEndpoint(config.endpoint(id).toString())
            .clientEndpoint(config.clientEndpoint(id).toString())
            .clientIpcStreamId(StreamIds.clientIpcIngress(id))
            .termLength(config.termLengthBytes());
        // With a driver of its own, a node's rack is reachable only while a majority of the rack
        // receives its multicast (its own driver counts as one receiver), so it stops taking writes
        // it could not make stable. Nodes of one rack sharing a driver count as one receiver: no check.
        final int[] rackNodes = config.rackOf(id).nodeIds();
        if (Arrays.stream(rackNodes).filter(n -> Arrays.stream(localNodes).anyMatch(l -> l == n)).count() == 1 && rackNodes.length > 1)
        {
            transport.rackMinReceivers(rackNodes.length / 2 + 1);
        }
        for (int peer = 0; peer < config.nodeCount(); peer++)
        {
            if (peer != id)
            {
                transport.peer(peer, config.endpoint(peer).toString());
            }
        }
        return transport;
    }

    private static IdleStrategy idleStrategy(final ClusterConfig config)
    {
        switch (config.idleStrategy())
        {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELD:
                return new YieldingIdleStrategy();
            case SLEEPING:
                return new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(100));
            case BACKOFF:
            default:
                return new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        }
    }

    private void onError(final Throwable ex)
    {
        LOG.error("agent error", ex);
    }

    /** @return the ids of the nodes this process runs. */
    public int[] nodeIds()
    {
        return ctx.nodeIds.clone();
    }

    /** @return the cluster this runtime belongs to. */
    public ClusterConfig clusterConfig()
    {
        return ctx.clusterConfig;
    }

    /**
     * @return the last published value of a node's counter (see {@link NodeCountersPublisher#names()}),
     * safe to call from any thread while the node runs.
     */
    public long counter(final int nodeId, final String name)
    {
        return parts(nodeId).counters.value(name);
    }

    /** @return the error that halted the node, or null while it runs. */
    public Throwable failure(final int nodeId)
    {
        return parts(nodeId).agent.failure();
    }

    /** @return the Aeron host of this process, for in-process clients. */
    public AeronHost host()
    {
        return host;
    }

    /** @return where the {@code .hlog} files go, or null when metrics are off. */
    public File metricsDirectory()
    {
        return metrics == null ? null : metrics.directory();
    }

    /** @return the metrics logger, or null when metrics are off. */
    public MetricsLogger metrics()
    {
        return metrics;
    }

    /**
     * A client of this process's nodes over IPC, for use from one other thread (a load generator, the
     * application). It gets its own Aeron client on this process's driver, so it never drives the
     * nodes' INVOKER-mode driver from a second thread. Close it when done.
     *
     * @param firstNode the node it talks to first; it fails over to the others of this process.
     * @param listener  receives its outcomes.
     * @param settings  adjusts its context (in-flight limits, time-outs); may do nothing.
     */
    public CanopusClient newIpcClient(
        final int firstNode, final ResponseListener listener, final Consumer<CanopusClient.Context> settings)
    {
        parts(firstNode);
        final AeronHost clientHost = AeronHost.launch(new AeronHost.Context()
            .mode(MediaDriverMode.EXTERNAL)
            .aeronDirectoryName(host.aeronDirectoryName()));
        try
        {
            final ClientTransport transport = ClientTransport.open(clientHost,
                new ClientTransport.Context().ingressIpcStreamId(StreamIds.clientIpcIngress(firstNode)));
            final CanopusClient.Context context = new CanopusClient.Context()
                .transport(transport)
                .ownedHost(clientHost)
                .nodeCount(ctx.clusterConfig.nodeCount())
                .firstNode(firstNode)
                .maxPayloadBytes(ctx.clusterConfig.protocolConfig().maxPayloadBytes());
            settings.accept(context);
            return new CanopusClient(context, listener);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(clientHost);
            throw ex;
        }
    }

    private NodeParts parts(final int nodeId)
    {
        final NodeParts parts = nodes.get(nodeId);
        if (parts == null)
        {
            throw new IllegalArgumentException("node " + nodeId + " does not run here; this process runs " +
                Arrays.toString(ctx.nodeIds));
        }
        return parts;
    }

    /** Stops every node after its current duty cycle, then closes channels, journals and the driver. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.closeAll(runners);
        for (final NodeParts parts : nodes.values())
        {
            closeParts(parts);
        }
        CloseHelper.quietClose(metrics);
        CloseHelper.quietClose(host);
    }

    private static void closeParts(final NodeParts parts)
    {
        CloseHelper.quietClose(parts.counters);
        CloseHelper.quietClose(parts.transport);
        CloseHelper.quietClose(parts.journal);
    }

    /**
     * Drives an embedded INVOKER-mode driver from the nodes' duty cycle. A pass of the driver's
     * receiver reads at most one datagram from each socket, so with many nodes on the thread one
     * pass per duty cycle lets the sockets' receive queues fill while the nodes work, and a burst
     * (a big proposal or vnode state is tens of datagrams) is lost and sent again. The driver gets
     * up to {@link #MAX_PASSES} passes a duty cycle, as long as it has work.
     */
    private static final class HostAgent implements Agent
    {
        static final int MAX_PASSES = 8;
        private final AeronHost host;

        HostAgent(final AeronHost host)
        {
            this.host = host;
        }

        @Override
        public int doWork()
        {
            int total = 0;
            for (int i = 0; i < MAX_PASSES; i++)
            {
                final int work = host.doWork();
                total += work;
                if (work == 0)
                {
                    break;
                }
            }
            return total;
        }

        @Override
        public String roleName()
        {
            return "canopus-media-driver";
        }
    }

    /** Settings of a {@link CanopusRuntime}, fluent as Aeron's contexts. */
    public static final class Context
    {
        private ClusterConfig clusterConfig;
        private int[] nodeIds;
        private Supplier<StateMachine> stateMachines = KeyValueStateMachine::new;
        private String aeronDirectoryName;
        private File metricsDirectory;
        private boolean threadPerNode;
        /** Null: the config's {@code journal.pretouchAheadKiB}. */
        private Long journalPretouchAheadBytes;

        /** The cluster (required). */
        public Context clusterConfig(final ClusterConfig clusterConfig)
        {
            this.clusterConfig = clusterConfig;
            return this;
        }

        /** The nodes this process runs; all of the cluster when not set. */
        public Context nodeIds(final int... nodeIds)
        {
            this.nodeIds = nodeIds.clone();
            return this;
        }

        /** A fresh state machine per node; the key-value machine by default. */
        public Context stateMachines(final Supplier<StateMachine> stateMachines)
        {
            this.stateMachines = stateMachines;
            return this;
        }

        /** Overrides the Aeron directory (default: the config's for an external driver, else one per process in /dev/shm). */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /** Overrides the config's metrics directory. */
        public Context metricsDirectory(final File metricsDirectory)
        {
            this.metricsDirectory = metricsDirectory;
            return this;
        }

        /**
         * One thread per node instead of one for all: for hosts with cores to spare. Needs a driver
         * with threads of its own (not embedded-invoker), since an INVOKER driver must be driven
         * from one thread.
         */
        public Context threadPerNode(final boolean threadPerNode)
        {
            this.threadPerNode = threadPerNode;
            return this;
        }

        /**
         * How far ahead of each journal's appender a {@link JournalPretoucher} faults in pages, on a
         * thread of its own that sleeps 1 ms when it has nothing to do; 0 for no such thread (the
         * duty cycle then takes the page faults of its journal). Overrides the config's {@code
         * journal.pretouchAheadKiB} (default {@value JournalConfig#DEFAULT_PRETOUCH_AHEAD_KIB} KiB); at most
         * {@value JournalPretoucher.Context#MAX_AHEAD_BYTES} bytes.
         * <p>
         * The thread costs CPU of its own: on the 2-core benchmark VM, at 100 MB/s of journal
         * appends over three journals, it took 18-52% of a core in page faults while the node
         * thread's kernel time fell by 6-9 points of a core, and throughput did not change. Turn it
         * off where no core is spare for it.
         */
        public Context journalPretouchAheadBytes(final long journalPretouchAheadBytes)
        {
            this.journalPretouchAheadBytes = journalPretouchAheadBytes;
            return this;
        }

        Context conclude()
        {
            Objects.requireNonNull(clusterConfig, "clusterConfig");
            if (journalPretouchAheadBytes == null)
            {
                journalPretouchAheadBytes = 1024L * clusterConfig.journal().pretouchAheadKiB();
            }
            if (journalPretouchAheadBytes != 0)
            {
                new JournalPretoucher.Context().aheadBytes(journalPretouchAheadBytes).validate();
            }
            Objects.requireNonNull(stateMachines, "stateMachines");
            if (nodeIds == null)
            {
                nodeIds = new int[clusterConfig.nodeCount()];
                Arrays.setAll(nodeIds, i -> i);
            }
            if (nodeIds.length == 0)
            {
                throw new IllegalArgumentException("no node to run");
            }
            for (final int id : nodeIds)
            {
                if (id < 0 || id >= clusterConfig.nodeCount())
                {
                    throw new IllegalArgumentException("node " + id + " is not in the cluster of " + clusterConfig.source() +
                        " (ids 0.." + (clusterConfig.nodeCount() - 1) + ")");
                }
            }
            if (threadPerNode && clusterConfig.driverMode() == MediaDriverMode.EMBEDDED_INVOKER)
            {
                // An INVOKER driver runs inside every Aeron call of its client: nodes on several
                // threads would drive it concurrently.
                throw new IllegalArgumentException("threadPerNode needs a driver with threads of its own: set runtime.driverMode " +
                    "to embedded-shared, embedded-dedicated or external in " + clusterConfig.source());
            }
            if (Arrays.stream(nodeIds).distinct().count() != nodeIds.length)
            {
                throw new IllegalArgumentException("node ids repeat: " + Arrays.toString(nodeIds));
            }
            return this;
        }
    }
}
