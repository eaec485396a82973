package io.canopus.sim.coracle;

import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.raft.Raft;
import io.canopus.engine.raft.RaftConfig;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.coracle.CoracleScenario.Consensus;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The protocols a Coracle file can run under, configured from its {@code consensus} object. */
final class CoracleProtocols
{
    private CoracleProtocols()
    {
    }

    static List<String> supported()
    {
        return List.of(Raft.PROTOCOL_NAME, Canopus.PROTOCOL_NAME);
    }

    static Function<ClusterTopology, NodeFactory> factory(
        final String name, final Consensus consensus, final int longestPathMs, final boolean preVote)
    {
        if (Raft.PROTOCOL_NAME.equals(name))
        {
            final RaftConfig config = raftTimers(consensus, preVote);
            return topology -> Raft.nodeFactory(topology, config);
        }
        if (preVote)
        {
            throw new IllegalArgumentException("pre-vote is a Raft option; " + name + " has no elections");
        }
        if (Canopus.PROTOCOL_NAME.equals(name))
        {
            final var config = CoracleRun.canopusTimers(consensus, longestPathMs);
            return topology -> Canopus.nodeFactory(topology, config);
        }
        throw new IllegalArgumentException("no protocol '" + name + "'; one of " + supported());
    }

    /**
     * Raft as Coracle runs it: the file's election timeout range and heartbeat, in ms; {@code batch_requests} batches
     * waiting entries into one AppendEntries. ({@code lazy_update} is read but has no counterpart: this Raft always
     * tells followers the commit index with the next AppendEntries or heartbeat.)
     */
    static RaftConfig raftTimers(final Consensus consensus, final boolean preVote)
    {
        final long ms = TimeUnit.MILLISECONDS.toNanos(1);
        return new RaftConfig()
            .electionTimeoutNs(Math.max(1, consensus.electionTimeoutMinMs()) * ms,
                Math.max(Math.max(1, consensus.electionTimeoutMinMs()), consensus.electionTimeoutMaxMs()) * ms)
            .heartbeatIntervalNs(Math.max(1, consensus.heartbeatIntervalMs()) * ms)
            .batchRequests(consensus.batchRequests())
            .preVote(preVote)
            .validate();
    }
}
