package io.canopus.sim.coracle;

import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.LivenessClaim;
import io.canopus.sim.SimConfig;
import io.canopus.sim.coracle.CoracleScenario.Consensus;
import io.canopus.sim.coracle.CoracleScenario.NodeKind;
import io.canopus.sim.coracle.CoracleScenario.StateChange;
import io.canopus.sim.coracle.CoracleScenario.Workload;
import io.canopus.sim.net.NetworkSettings;
import io.canopus.sim.workload.WorkloadSettings;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Turns a Coracle configuration into a simulation run, as Coracle would run it: its termination as
 * the run length, its seed (unless overridden), its network as the path model and schedule
 * ({@link CoracleSchedule}), one closed-loop client per Coracle client node, issuing writes as Coracle's clients do, waiting
 * {@code workload_min..workload_max} ms between requests and {@code client_timeout} ms for an
 * answer, and the protocol its {@code consensus.protocol} names (or the override) with the file's
 * timers.
 * <p>
 * Canopus has no election timer, so its timers are derived: the heartbeat is the file's
 * {@code heartbeat_interval}; retransmit, fetch, view change and join timers scale with the longest
 * server-to-server path latency {@code L} the scenario ever has (Coracle's links are 5 to 20 ms,
 * hundreds of times a rack's); suspicion, Canopus's failure detector, is the file's
 * {@code election_timeout_min}, Raft's equivalent, but at least three retransmit timeouts.
 * <p>
 * Verdicts: a file with clients makes the usual liveness claim (writes keep committing, or commit
 * again after the scenario's last change); a file without clients makes the weaker
 * {@link LivenessClaim#READY} claim. The liveness bound is twice the longest election timeout plus
 * two heartbeats and one client timeout: time enough for a split vote and a retry.
 */
public final class CoracleRun
{
    /** Think time of clients when a file has client nodes but no {@code workload_min}/{@code workload_max}. */
    public static final Workload DEFAULT_WORKLOAD = new Workload(100, 150);
    /** Client timeout when a file has client nodes but no {@code client_timeout}, in ms. */
    public static final int DEFAULT_CLIENT_TIMEOUT_MS = 50;
    /** Fan-out of the Leaf-Only Tree over a scenario's racks. */
    public static final int FANOUT = 3;

    private static final long NS_PER_MS = TimeUnit.MILLISECONDS.toNanos(1);

    private CoracleRun()
    {
    }

    /** @return the protocol a run of {@code scenario} uses: {@code override} when given, else the file's, lower case. */
    public static String protocolOf(final CoracleScenario scenario, final String override)
    {
        final String name = (override != null ? override : scenario.consensus().protocol()).toLowerCase(Locale.ROOT);
        if (!CoracleProtocols.supported().contains(name))
        {
            throw new IllegalArgumentException((override != null ? "--protocol" : scenario.source() + ": consensus.protocol") +
                " '" + name + "' is not one of " + CoracleProtocols.supported());
        }
        return name;
    }

    /**
     * @param scenario  a Coracle configuration.
     * @param protocol  {@code raft} or {@code canopus}, or null for the file's {@code consensus.protocol}.
     * @param seed      overrides the file's seed when present; a file without one runs with seed 1.
     * @return the run's config, ready to {@link SimConfig.Builder#build() build} (or to add extensions to).
     */
    public static SimConfig.Builder configure(final CoracleScenario scenario, final String protocol, final OptionalLong seed)
    {
        return configure(scenario, protocol, seed, false);
    }

    /**
     * As {@link #configure(CoracleScenario, String, OptionalLong)}, with Raft's pre-vote on or off (Coracle's files
     * have no such field; it is our addition, to show what pre-vote changes on Coracle's networks).
     *
     * @throws IllegalArgumentException for pre-vote with a protocol other than Raft.
     */
    public static SimConfig.Builder configure(
        final CoracleScenario scenario, final String protocol, final OptionalLong seed, final boolean preVote)
    {
        final String name = protocolOf(scenario, protocol);
        if (scenario.terminationMs() < 1)
        {
            throw new CoracleFormatException(scenario.source(), "$.termination", "must be at least 1 ms to run");
        }
        final CoracleEndpoints endpoints = CoracleEndpoints.of(scenario);
        final ClusterTopology topology = endpoints.topology(FANOUT);
        final Consensus consensus = scenario.consensus();
        final int clients = endpoints.clientCount();
        final Workload think = scenario.workload().orElse(DEFAULT_WORKLOAD);
        final long clientTimeoutMs = consensus.clientTimeoutMs().orElse(DEFAULT_CLIENT_TIMEOUT_MS);
        // Coracle's client commands all go through the log, so ours are writes too (90% put, 10% compare-and-set):
        // a run's liveness is then judged on what its clients actually asked for.
        final WorkloadSettings workload = WorkloadSettings.DEFAULT
            .withClientCount(clients)
            .withMix(0, 90, 10)
            .withThinkTimeNs(think.minMs() * NS_PER_MS, think.maxMs() * NS_PER_MS)
            .withTimeoutNs(Math.max(1, clientTimeoutMs) * NS_PER_MS)
            .withBackoffNs(minLinkMs() * NS_PER_MS)
            .withStartSpreadNs(Math.max(1, think.minMs()) * NS_PER_MS);
        final long boundNs = (2L * consensus.electionTimeoutMaxMs() + 2L * consensus.heartbeatIntervalMs() + clientTimeoutMs) *
            NS_PER_MS;
        return SimConfig.builder()
            .topology(topology)
            .durationNs(scenario.terminationMs() * NS_PER_MS)
            .seed(seed.isPresent() ? seed.getAsLong() : scenario.seed().orElse(1))
            .network(NetworkSettings.DEFAULT) // no background loss: a Coracle network loses only what finds no path
            .workload(workload)
            .protocol(name, CoracleProtocols.factory(name, consensus, longestServerPathMs(scenario, endpoints), preVote))
            .livenessBoundNs(Math.max(1, boundNs))
            .livenessClaim(clients > 0 ? LivenessClaim.PROGRESS : LivenessClaim.READY)
            .scheduledHealNs(CoracleSchedule.lastChangeNs(scenario))
            .extension(new CoracleSchedule(scenario, endpoints, CoracleRoutes::new));
    }

    private static int minLinkMs()
    {
        return CoracleScenario.LinkClass.S.latencyMs();
    }

    /**
     * @return the longest shortest-path latency between two servers in any state the scenario passes
     * through (pairs without a path ignored), or one short link when no pair ever has a path.
     */
    static int longestServerPathMs(final CoracleScenario scenario, final CoracleEndpoints endpoints)
    {
        final CoracleNetwork network = new CoracleNetwork(scenario);
        int longest = -1;
        long time = 0;
        final List<StateChange> changes = scenario.changes();
        int next = 0;
        while (true)
        {
            network.advanceTo(time);
            for (int a = 0; a < endpoints.serverCount(); a++)
            {
                for (int b = 0; b < endpoints.serverCount(); b++)
                {
                    if (a != b)
                    {
                        longest = Math.max(longest, network.pathLatencyMs(endpoints.coracleId(a), endpoints.coracleId(b)));
                    }
                }
            }
            while (next < changes.size() && changes.get(next).timeMs() <= time)
            {
                next++;
            }
            if (next == changes.size())
            {
                break;
            }
            time = changes.get(next).timeMs();
        }
        return longest > 0 ? longest : minLinkMs();
    }

    /** @return true when {@code scenario} has at least one client node. */
    public static boolean hasClients(final CoracleScenario scenario)
    {
        return !scenario.nodeIds(NodeKind.CLIENT).isEmpty();
    }

    /** Canopus's timers for a scenario whose longest server path is {@code pathMs} (see the class comment). */
    static CanopusConfig canopusTimers(final Consensus consensus, final int pathMs)
    {
        return canopusTimers(Math.max(1, consensus.heartbeatIntervalMs()) * NS_PER_MS, consensus.electionTimeoutMinMs() * NS_PER_MS,
            pathMs * NS_PER_MS);
    }

    /**
     * Canopus's timers for a network whose longest server-to-server path is {@code pathNs}: retransmit, fetch, view change
     * and join timers scale with the path; suspicion is {@code suspicionMinNs} but at least three retransmit timeouts.
     */
    public static CanopusConfig canopusTimers(final long heartbeatNs, final long suspicionMinNs, final long pathNs)
    {
        final long path = pathNs;
        final long retransmit = 2 * path + path / 2;
        final long suspicion = Math.max(suspicionMinNs, 3 * retransmit);
        return new CanopusConfig()
            .fanout(FANOUT)
            .heartbeatIntervalNs(heartbeatNs)
            .tickIntervalNs(Math.max(TimeUnit.MICROSECONDS.toNanos(250), path / 10))
            .retransmitTimeoutNs(retransmit)
            .fetchTimeoutNs(6 * path)
            .suspicionTimeoutNs(suspicion)
            .viewChangeTimeoutNs(4 * path)
            .joinRetryNs(4 * path)
            .validate();
    }
}
