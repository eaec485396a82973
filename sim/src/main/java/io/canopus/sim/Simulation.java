package io.canopus.sim;

import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.check.AgreementChecker;
import io.canopus.sim.check.CheckResult;
import io.canopus.sim.check.ExactlyOnceChecker;
import io.canopus.sim.check.KvOperation;
import io.canopus.sim.check.LinearizabilityChecker;
import io.canopus.sim.check.LivenessChecker;
import io.canopus.sim.check.Verdict;
import io.canopus.sim.check.WriteId;
import io.canopus.sim.fault.FaultEvent;
import io.canopus.sim.fault.FaultGenerator;
import io.canopus.sim.fault.FaultMode;
import io.canopus.sim.fault.SimFaultTarget;
import io.canopus.sim.host.AppliedRecord;
import io.canopus.sim.host.SimCluster;
import io.canopus.sim.kernel.EventLoop;
import io.canopus.sim.kernel.Seeds;
import io.canopus.sim.graph.GraphNetwork;
import io.canopus.sim.net.HostCpuModel;
import io.canopus.sim.net.NetworkModel;
import io.canopus.sim.net.PathModel;
import io.canopus.sim.stats.SimStats;
import io.canopus.sim.stats.StatsCollector;
import io.canopus.sim.workload.KvWorkload;
import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One deterministic simulation run: the protocol's real nodes on simulated hosts, a simulated
 * network, key-value clients and (optionally) random faults, all driven by one virtual-time event
 * loop; then the checkers' verdicts over what happened.
 * <p>
 * Determinism: the only inputs are the {@link SimConfig} and the protocol code. Every random draw
 * comes from a stream derived from the config's seed by component name ({@link Seeds}); events of
 * equal time fire in scheduling order; the simulator reads no clock and iterates no hash order while
 * simulating. Wall-clock time is read only to report how fast the simulator ran.
 * <p>
 * Build with {@code new Simulation(config)} to reach the parts (for traces or tests) before
 * {@link #run()}, or call {@link #run(SimConfig)}.
 */
public final class Simulation
{
    private final SimConfig config;
    private final ClusterTopology topology;
    private final EventLoop loop = new EventLoop();
    private final Seeds seeds;
    private final NetworkModel network;
    private final KvWorkload workload;
    private final SimCluster cluster;
    private final FaultGenerator faults;
    private final StatsCollector stats;
    private boolean ran;

    public Simulation(final SimConfig config)
    {
        this.config = config;
        this.topology = config.topology();
        this.seeds = new Seeds(config.seed());
        this.network = new NetworkModel(topology, KvWorkload.clientRacks(topology, config.workload()), config.network(),
            seeds.random("network", 0), loop);
        this.workload = new KvWorkload(topology, config.workload(), network, loop, seeds);
        this.cluster = new SimCluster(topology, network, loop, config.nodeFactory().apply(topology), config.stateMachine(),
            seeds, workload::clientEndpointOf);
        final int nodeCount = topology.nodeCount();
        network.deliveryHandler((to, from, buffer, offset, length) ->
        {
            if (to < nodeCount)
            {
                cluster.deliver(to, buffer, offset, length);
            }
            else
            {
                workload.onDelivery(to, buffer, offset, length);
            }
        });
        // Statistics are always on: the collector's hooks are O(1) and allocation-free.
        this.stats = new StatsCollector(config.protocolName(), !Canopus.PROTOCOL_NAME.equals(config.protocolName()),
            topology.nodeCount(), network.endpointCount(), topology.height(), config.durationNs(),
            StatsCollector.availabilityWindowNs(config.workload().thinkTimeMaxNs(), config.workload().openLoopRatePerSec()));
        network.observer(stats);
        cluster.observer(stats);
        this.faults = config.faultMode() == FaultMode.RANDOM ?
            new FaultGenerator(config.faultSettings(), new SimFaultTarget(cluster, network), loop, seeds.random("faults", 0),
                config.faultsEndNs()) :
            null;
        for (final SimExtension extension : config.extensions())
        {
            extension.install(this);
        }
    }

    /** Runs {@code config} and returns its result. */
    public static SimResult run(final SimConfig config)
    {
        return new Simulation(config).run();
    }

    public SimConfig config()
    {
        return config;
    }

    /** @return the run's seeds, for extensions that need their own random streams. */
    public Seeds seeds()
    {
        return seeds;
    }

    public EventLoop loop()
    {
        return loop;
    }

    public NetworkModel network()
    {
        return network;
    }

    public SimCluster cluster()
    {
        return cluster;
    }

    public KvWorkload workload()
    {
        return workload;
    }

    /** @return the run's statistics collector; chain a trace behind it with {@link StatsCollector#forwardTo}. */
    public StatsCollector stats()
    {
        return stats;
    }

    /** @return the fault generator, or null without faults. */
    public FaultGenerator faults()
    {
        return faults;
    }

    /** Runs the simulation to its end and checks it. A simulation runs once. */
    public SimResult run()
    {
        if (ran)
        {
            throw new IllegalStateException("a simulation runs once; build a new one");
        }
        ran = true;
        final long wallStart = System.nanoTime();
        cluster.bootAll();
        workload.start();
        if (faults != null)
        {
            faults.start();
        }
        final long loopStart = System.nanoTime();
        final long events = loop.runUntil(config.durationNs());
        final long loopNs = Math.max(1, System.nanoTime() - loopStart);

        final int n = topology.nodeCount();
        final Map<Integer, long[]> fingerprints = new TreeMap<>();
        final Map<Integer, List<WriteId>> applied = new TreeMap<>();
        final List<NodeCounters> counters = new ArrayList<>(n);
        long replayMismatches = 0;
        long dueIdleWakes = 0;
        String firstMismatch = null;
        int longest = 0;
        for (int node = 0; node < n; node++)
        {
            final AppliedRecord record = cluster.host(node).record();
            final int count = record.appliedCount();
            final long[] prints = new long[count];
            final List<WriteId> writes = new ArrayList<>(count);
            for (int i = 0; i < count; i++)
            {
                final boolean duplicate = record.duplicate(i);
                // The duplicate flag is part of the fingerprint: replicas must agree on it too,
                // since it is decided by the replicated session table.
                prints[i] = AgreementChecker.fingerprint(record.sessionId(i), record.sequence(i), duplicate ? 1 : 0);
                if (!duplicate)
                {
                    writes.add(new WriteId(record.sessionId(i), record.sequence(i)));
                }
            }
            fingerprints.put(node, prints);
            applied.put(node, writes);
            if (count > fingerprints.get(longest).length)
            {
                longest = node;
            }
            replayMismatches += record.replayMismatches();
            if (firstMismatch == null && record.firstMismatch() != null)
            {
                firstMismatch = "node " + node + ": " + record.firstMismatch();
            }
            counters.add(cluster.host(node).countersTotal());
            dueIdleWakes += cluster.host(node).dueIdleWakes();
        }

        CheckResult agreement = AgreementChecker.check(fingerprints);
        if (replayMismatches > 0)
        {
            final String replay = replayMismatches + " write(s) replayed after a restart differently from before the crash, " +
                "or applied out of position order; first: " + firstMismatch;
            agreement = CheckResult.violated(agreement.isOk() ? replay : agreement.detail() + "; " + replay);
        }
        final String digest = AgreementChecker.digestHex(fingerprints);

        final List<KvOperation> history = workload.history();
        final CheckResult linearizable = new LinearizabilityChecker(config.maxLinearizabilityStatesPerKey()).check(history);
        final CheckResult exactlyOnce = combine(ExactlyOnceChecker.check(applied),
            ExactlyOnceChecker.checkAcknowledged(workload.acknowledgedWrites(), applied));
        final long randomHealNs = faults == null || faults.lastHealNs() == FaultGenerator.NO_FAULTS ?
            LivenessChecker.NO_FAULTS : faults.lastHealNs();
        final long healNs = Math.max(randomHealNs, config.scheduledHealNs()); // NO_FAULTS is -1
        final CheckResult liveness = config.livenessClaim() == LivenessClaim.READY ?
            LivenessChecker.checkReady(commitTimes(false), config.durationNs(), config.livenessBoundNs()) :
            LivenessChecker.check(commitTimes(true), healNs, config.durationNs(), config.livenessBoundNs());

        final Set<WriteId> distinct = new HashSet<>(applied.get(longest));
        final long committedWrites = distinct.size();
        final double seconds = config.durationNs() / 1e9;
        final Histogram h = workload.latencyUs();
        final SimResult.Latency latency = new SimResult.Latency(h.getTotalCount(), h.getValueAtPercentile(50.0),
            h.getValueAtPercentile(99.0), h.getValueAtPercentile(99.9), h.getMaxValue());
        final List<FaultEvent> faultEvents = faults == null ? List.of() : List.copyOf(faults.events());
        final List<NodeCounters> nodeCounters = List.copyOf(counters);
        final SimStats simStats = stats.snapshot(network.counters().snapshot(), workload.counters(), h, nodeCounters,
            committedWrites, graphLinks(network.pathModel()));
        final long wallMs = (System.nanoTime() - wallStart) / 1_000_000;

        return new SimResult(config.seed(), config.protocolName(), n, topology.rackCount(), config.durationNs(), digest,
            committedWrites, committedWrites / seconds, latency, agreement, linearizable, exactlyOnce, liveness,
            network.counters().snapshot(), workload.counters(), history.size(), nodeCounters, faultEvents,
            faults == null ? -1 : faults.lastHealNs(), dueIdleWakes, events, wallMs, events / (loopNs / 1e9), simStats);
    }

    /**
     * @return the times at which the cluster first committed each position (only those that carried
     * writes when {@code writesOnly}), ascending: the moments the replicated log grew (with client
     * work), whichever node got there first.
     */
    private long[] commitTimes(final boolean writesOnly)
    {
        final Long2LongHashMap first = new Long2LongHashMap(Long.MIN_VALUE);
        for (int node = 0; node < topology.nodeCount(); node++)
        {
            final AppliedRecord record = cluster.host(node).record();
            for (int i = 0; i < record.commitCount(); i++)
            {
                if (!writesOnly || record.commitWrites(i) > 0)
                {
                    final long position = record.commitPosition(i);
                    final long time = record.commitTimeNs(i);
                    final long known = first.get(position);
                    if (known == Long.MIN_VALUE || time < known)
                    {
                        first.put(position, time);
                    }
                }
            }
        }
        final long[] times = new long[first.size()];
        final Long2LongHashMap.ValueIterator it = first.values().iterator();
        for (int i = 0; i < times.length; i++)
        {
            times[i] = it.nextValue();
        }
        Arrays.sort(times);
        return times;
    }

    /** @return the physical links' traffic when the network is a graph (possibly under processing queues). */
    private static List<GraphNetwork.LinkStats> graphLinks(final PathModel model)
    {
        final PathModel inner = model instanceof HostCpuModel ? ((HostCpuModel)model).inner() : model;
        return inner instanceof GraphNetwork ? ((GraphNetwork)inner).linkStats() : List.of();
    }

    private static CheckResult combine(final CheckResult a, final CheckResult b)
    {
        if (a.verdict() == Verdict.VIOLATED || b.verdict() == Verdict.VIOLATED)
        {
            final StringBuilder detail = new StringBuilder();
            for (final CheckResult r : new CheckResult[]{a, b})
            {
                if (r.verdict() == Verdict.VIOLATED)
                {
                    detail.append(detail.length() == 0 ? "" : "; ").append(r.detail());
                }
            }
            return CheckResult.violated(detail.toString());
        }
        if (a.verdict() == Verdict.UNKNOWN)
        {
            return a;
        }
        return b;
    }
}
