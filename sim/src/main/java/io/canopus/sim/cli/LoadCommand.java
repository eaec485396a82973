package io.canopus.sim.cli;

import io.canopus.engine.client.CanopusClient;
import io.canopus.engine.client.ResponseListener;
import io.canopus.engine.config.ClusterConfig;
import io.canopus.engine.config.ConfigException;
import io.canopus.sim.load.LatencyLog;
import io.canopus.sim.load.LoadClient;
import io.canopus.sim.load.LoadException;
import io.canopus.sim.load.LoadResult;
import io.canopus.sim.load.LoadSettings;
import io.canopus.sim.load.OpenLoopLoad;
import io.canopus.transport.AeronHost;
import io.canopus.transport.ClientTransport;
import io.canopus.transport.MediaDriverMode;
import org.agrona.CloseHelper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code canopus load --config FILE}: an open-loop key-value load over UDP against a cluster whose
 * nodes run elsewhere ({@code canopus node}), with a progress line each second, a final table and
 * an {@code .hlog} of the client latencies.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Sends an open-loop key-value load at a fixed rate over UDP to a running cluster (nodes started with "
            + "'canopus node').",
        "",
        "One client thread with its own embedded media driver (INVOKER mode, driven by that thread) keeps up to "
            + "1024 writes and 1024 reads in flight: PUTs of --size bytes and linearizable GETs, on keys drawn "
            + "uniformly from 0..K-1. Operation i is intended at start + i/rate and its latency runs from that "
            + "intended time to the answer (no coordinated omission).",
        "",
        "Prints a progress line each second, then a table of throughput and latency, and writes the measured "
            + "latencies (the warm-up left out) as an HdrHistogram interval log (.hlog, ns). Warns when the achieved "
            + "rate is below 99%% of --rate or answers are missing after a 2 s drain.",
        ""},
    footer = {"", "Exit status: 0 when the load ran and operations completed, 1 when no measured operation completed "
        + "(e.g. the cluster is not reachable), 2 for a bad option or config."})
public final class LoadCommand implements Callable<Integer>
{
    /** Writes (and reads) one client keeps in flight: one exactly-once session slot each. */
    static final int IN_FLIGHT = 1024;
    /** How long a load client waits for an answer before it sends the request again, to the next node. */
    static final int RESPONSE_TIMEOUT_MS = 1000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The cluster config file (JSON) the nodes run with.")
    Path config;

    @Option(names = "--rate", defaultValue = "10000", paramLabel = "N", description = "Operations per second to send, 1..10000000. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S", description = "Measured seconds, after the warm-up; > 0 and <= 3600. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--size", defaultValue = "32", paramLabel = "BYTES", description = "Bytes of each PUT's value, 1..1536. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--read-ratio", defaultValue = "0.0", paramLabel = "R", description = "Fraction of operations that are GETs, 0..1. Default: ${DEFAULT-VALUE}.")
    double readRatio;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "S", description = "Seconds sent at the rate before measuring, 0..3600. Default: ${DEFAULT-VALUE}.")
    double warmup;

    @Option(names = "--hlog", paramLabel = "FILE", description = "Where the client latency log goes. Default: canopus-load/<yyyyMMdd-HHmmss>/client-latency.hlog.")
    Path hlog;

    @Option(names = "--keys", defaultValue = "10000", paramLabel = "K", description = "Keys drawn from, 0..K-1. Default: ${DEFAULT-VALUE}.")
    long keys;

    @Option(names = "--node", defaultValue = "0", paramLabel = "ID", description = "The node the client talks to first (it fails over to the others). Default: ${DEFAULT-VALUE}.")
    int node;

    @Option(names = "--response-host", paramLabel = "ADDR", description = "This host's IPv4 address the nodes send answers to. Default: the local address that routes to the first node.")
    String responseHost;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final LoadSettings settings = LoadOptions.settings(spec.commandLine(), rate, seconds, size, readRatio, warmup, keys);
        final ClusterConfig cluster;
        try
        {
            cluster = ClusterConfig.load(config);
        }
        catch (final ConfigException ex)
        {
            err.println("--config: " + ex.getMessage());
            err.flush();
            return CanopusCli.EXIT_USAGE;
        }
        LoadOptions.require(spec.commandLine(), node >= 0 && node < cluster.nodeCount(),
            "--node " + node + ": not a node of " + config + " (ids 0.." + (cluster.nodeCount() - 1) + ")");
        final String answerHost = responseHost != null ? responseHost : routeTo(cluster.clientEndpoint(node).host());
        final Path hlogFile = hlog != null ? hlog : RunDirectory.create(Path.of("canopus-load")).resolve("client-latency.hlog");
        final LatencyLog latencyLog;
        try
        {
            latencyLog = new LatencyLog(hlogFile);
        }
        catch (final UncheckedIOException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--hlog: " + ex.getMessage());
        }

        out.printf(Locale.ROOT, "canopus load: %d ops/s of %d B PUTs, %.0f%% GETs, over %d keys, to %s (node %d first, answers to %s),%n" +
                "  %s s warm-up + %s s measured; 1 client thread, INVOKER media driver, %d writes + %d reads in flight%n",
            rate, size, readRatio * 100, keys, config, node, answerHost, format(warmup), format(seconds), IN_FLIGHT, IN_FLIGHT);
        out.flush();
        final OpenLoopLoad load = new OpenLoopLoad(settings, 1,
            (index, listener) -> LoadClient.of(udpClient(cluster, node, answerHost, listener)));
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            load.stop();
            awaitQuietly(finished);
        }, "canopus-load-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final LoadResult result;
        try
        {
            result = load.run(new ProgressPrinter(out, "completed/s", lengthSeconds -> ""), latencyLog);
        }
        catch (final LoadException ex)
        {
            err.println("canopus load: " + ex.getMessage());
            err.println("  (the nodes' client endpoints in " + config + ": " + clientEndpoints(cluster) + ")");
            err.flush();
            return CanopusCli.EXIT_VIOLATION;
        }
        finally
        {
            latencyLog.close();
            finished.countDown();
            removeHook(hook);
        }

        final ResultTable table = new ResultTable();
        LoadSummary.addRows(table, result);
        table.row("client latency log", hlogFile.toString());
        out.println();
        table.print(out);
        LoadSummary.printWarnings(err, result);
        return result.measuredCompleted() > 0 ? CanopusCli.EXIT_OK : CanopusCli.EXIT_VIOLATION;
    }

    /**
     * A UDP client with its own embedded media driver in INVOKER mode, which the client's thread
     * drives from {@link CanopusClient#poll()}; its Aeron directory is unique to this client and
     * deleted when it closes.
     */
    static CanopusClient udpClient(final ClusterConfig cluster, final int firstNode, final String responseHost,
        final ResponseListener listener)
    {
        final AeronHost host = AeronHost.launch(new AeronHost.Context()
            .mode(MediaDriverMode.EMBEDDED_INVOKER)
            .aeronDirectoryName(uniqueAeronDir())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        try
        {
            final String[] ingress = new String[cluster.nodeCount()];
            for (int id = 0; id < ingress.length; id++)
            {
                ingress[id] = cluster.clientEndpoint(id).toString();
            }
            final ClientTransport transport = ClientTransport.open(host, new ClientTransport.Context()
                .ingressEndpoint(ingress[firstNode])
                .responseHost(responseHost));
            final CanopusClient.Context context = new CanopusClient.Context()
                .transport(transport)
                .invokedHost(host)
                .ownedHost(host)
                .udpIngress(ingress)
                .nodeCount(cluster.nodeCount())
                .firstNode(firstNode)
                .maxPayloadBytes(cluster.protocolConfig().maxPayloadBytes());
            clientSettings(context);
            return new CanopusClient(context, listener);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(host);
            throw ex;
        }
    }

    /**
     * What a load client changes from the client defaults: {@value #IN_FLIGHT} writes and reads in
     * flight, and a response time-out of {@value #RESPONSE_TIMEOUT_MS} ms instead of 250 ms, so that
     * a cluster that falls behind under the load is not sent every request in flight again (which
     * would add the load it cannot take) before it had a fair chance to answer.
     */
    static void clientSettings(final CanopusClient.Context context)
    {
        context.maxInFlightWrites(IN_FLIGHT)
            .maxInFlightReads(IN_FLIGHT)
            .responseTimeoutNs(TimeUnit.MILLISECONDS.toNanos(RESPONSE_TIMEOUT_MS));
    }

    private static String clientEndpoints(final ClusterConfig cluster)
    {
        final StringBuilder sb = new StringBuilder();
        for (int id = 0; id < cluster.nodeCount(); id++)
        {
            sb.append(id == 0 ? "" : ", ").append(id).append('=').append(cluster.clientEndpoint(id));
        }
        return sb.toString();
    }

    private static String uniqueAeronDir()
    {
        final File shm = new File("/dev/shm");
        final File base = shm.isDirectory() ? shm : new File(System.getProperty("java.io.tmpdir"));
        return new File(base, "canopus-load-" + ProcessHandle.current().pid() + '-' +
            Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16)).getAbsolutePath();
    }

    /** @return the address of this host that packets to {@code host} leave from (no packet is sent). */
    private String routeTo(final String host)
    {
        try (DatagramSocket socket = new DatagramSocket())
        {
            socket.connect(new InetSocketAddress(InetAddress.getByName(host), 9));
            final InetAddress local = socket.getLocalAddress();
            if (local == null || local.isAnyLocalAddress() || !(local instanceof java.net.Inet4Address))
            {
                throw new IOException("no IPv4 route");
            }
            return local.getHostAddress();
        }
        catch (final IOException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot tell which local address reaches " + host +
                " (" + ex.getMessage() + "); give it with --response-host");
        }
    }

    static String format(final double seconds)
    {
        return seconds == Math.rint(seconds) ? Long.toString((long)seconds) : Double.toString(seconds);
    }

    static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    static void removeHook(final Thread hook)
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // the JVM is shutting down: the hook runs (or ran) anyway
        }
    }
}
