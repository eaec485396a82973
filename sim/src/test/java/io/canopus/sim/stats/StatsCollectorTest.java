package io.canopus.sim.stats;

import io.canopus.codecs.ClientRequestEncoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.ProposalEncoder;
import io.canopus.engine.protocol.ElectionEvent;
import io.canopus.engine.protocol.ElectionReason;
import io.canopus.engine.protocol.Role;
import io.canopus.sim.net.DropReason;
import io.canopus.sim.net.NetworkCounters;
import io.canopus.sim.workload.WorkloadCounters;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatsCollectorTest
{
    private static final long MS = 1_000_000L;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    private int frame(final int templateId)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder().wrap(buffer, 0);
        header.blockLength(8).templateId(templateId).schemaId(MessageHeaderEncoder.SCHEMA_ID).version(1);
        return MessageHeaderEncoder.ENCODED_LENGTH + 8;
    }

    private static StatsCollector collector(final boolean leaderBased)
    {
        // 3 servers, 1 client, 100 ms run, 10 ms availability windows.
        return new StatsCollector(leaderBased ? "raft" : "canopus", leaderBased, 3, 4, 1, 100 * MS, 10 * MS);
    }

    private static SimStats snapshot(final StatsCollector c, final long distinct)
    {
        final NetworkCounters.Snapshot net = new NetworkCounters().snapshot();
        final WorkloadCounters workload = new WorkloadCounters(10, 7, 1, 0, 0, 0, 0, 0, 0, 0);
        return c.snapshot(net, workload, new Histogram(3), List.of(), distinct, List.of());
    }

    @Test
    void countsMessagesPerTypeAndPerLinkAndTellsServerTrafficFromClientTraffic()
    {
        final StatsCollector c = collector(false);
        final int proposal = frame(ProposalEncoder.TEMPLATE_ID);
        c.onSend(0, 0, 1, buffer, 0, proposal);
        c.onScheduled(0, 0, 1, proposal, 50_000);
        c.onSend(0, 0, 2, buffer, 0, proposal);
        c.onDropped(0, 0, 2, proposal, DropReason.LOSS);
        final int request = frame(ClientRequestEncoder.TEMPLATE_ID);
        c.onSend(1, 3, 0, buffer, 0, request);
        c.onScheduled(1, 3, 0, request, 150_000);
        c.onDelivered(50_000, 0, 1, buffer, 0, proposal);

        final SimStats stats = snapshot(c, 0);
        assertThat(stats.messageTypes()).containsExactly(
            new SimStats.MessageType("Proposal", 2, 2L * proposal),
            new SimStats.MessageType("ClientRequest", 1, request));
        assertThat(stats.protocol().messages()).containsOnlyKeys("Proposal").containsEntry("Proposal", 2L);
        assertThat(stats.links()).contains(new SimStats.Link("c0", "n0", 1, request), new SimStats.Link("n0", "n1", 1, proposal));
        assertThat(stats.network().inFlight()).as("scheduled 2, delivered 1").isEqualTo(1);
        assertThat(stats.network().pathLatencyUs().min()).isEqualTo(50.0);
        assertThat(stats.network().pathLatencyUs().max()).isEqualTo(150.0);
        assertThat(stats.series().copies()).extracting(SimStats.Copy::arriveNs).containsExactly(50_000L, -1L, 150_001L);
        assertThat(stats.protocol().leader()).isNull();
        assertThat(stats.protocol().cycles()).isNotNull();
    }

    @Test
    void availabilityCountsWindowsWithAFirstCommitAndTheLongestGapIncludingTheEnds()
    {
        final StatsCollector c = collector(false);
        c.onCommitted(5 * MS, 0, 1, 1, 2);
        c.onCommitted(6 * MS, 1, 1, 1, 2); // a second node committing the same position is not a new commit
        c.onCommitted(15 * MS, 0, 2, 1, 1);
        c.onCommitted(16 * MS, 0, 3, 1, 0); // no writes: not availability
        c.onCommitted(62 * MS, 2, 4, 1, 1);

        final SimStats stats = snapshot(c, 4);
        assertThat(stats.availability().windows()).isEqualTo(10);
        assertThat(stats.availability().windowsWithCommit()).isEqualTo(3);
        assertThat(stats.availability().share()).isCloseTo(0.3, within(1e-9));
        assertThat(stats.availability().longestGapMs()).isCloseTo(47.0, within(1e-9));
        assertThat(stats.availability().longestGapStartMs()).isCloseTo(15.0, within(1e-9));
        assertThat(stats.client().timeToFirstApplicationMs()).isEqualTo(5.0);
        assertThat(stats.client().applicationsPerCommand()).as("6 applications of 4 writes").isEqualTo(1.5);
        assertThat(stats.client().outstanding()).isEqualTo(2);
        final long[] writes = stats.series().writesCommitted();
        assertThat(java.util.Arrays.stream(writes).sum()).isEqualTo(4);
    }

    @Test
    void noLeaderEverMeansANullTimeToFirstLeader()
    {
        final StatsCollector c = collector(true);
        c.onRoleChange(1 * MS, 0, Role.CANDIDATE, 1, -1);
        c.onElection(1 * MS, 0, ElectionEvent.STARTED, ElectionReason.TIMEOUT, 1);
        c.onElection(3 * MS, 0, ElectionEvent.LOST, ElectionReason.ELECTION_TIMEOUT, 1);
        c.onRoleChange(3 * MS, 0, Role.CANDIDATE, 2, -1);

        final SimStats.Leader leader = snapshot(c, 0).protocol().leader();
        assertThat(leader.timeToFirstLeaderMs()).isNull();
        assertThat(leader.electionsStarted()).isEqualTo(2);
        assertThat(leader.electionsLost()).isEqualTo(1);
        assertThat(leader.lostByReason()).containsEntry("ELECTION_TIMEOUT", 1L);
        assertThat(leader.highestTerm()).isEqualTo(2);
        assertThat(snapshot(c, 0).protocol().cycles()).isNull();
    }

    @Test
    void aLeaderIsTimedFromItsFirstElection()
    {
        final StatsCollector c = collector(true);
        c.onRoleChange(2 * MS, 1, Role.PRE_CANDIDATE, 0, -1);
        c.onRoleChange(3 * MS, 1, Role.CANDIDATE, 1, -1);
        c.onRoleChange(4 * MS, 1, Role.LEADER, 1, 1);
        c.onElection(4 * MS, 1, ElectionEvent.WON, ElectionReason.MAJORITY, 1);
        c.onRoleChange(40 * MS, 2, Role.LEADER, 3, 2);

        final SimStats stats = snapshot(c, 0);
        assertThat(stats.protocol().leader().timeToFirstLeaderMs()).isEqualTo(4.0);
        assertThat(stats.protocol().leader().leaderChanges()).isEqualTo(2);
        assertThat(stats.protocol().leader().preVoteRounds()).isEqualTo(1);
        assertThat(stats.protocol().leader().highestTerm()).isEqualTo(3);
        assertThat(stats.series().roles()).hasSize(4);
    }

    @Test
    void availabilityWindowCoversTheWorkloadsPauses()
    {
        assertThat(StatsCollector.availabilityWindowNs(0, 0)).isEqualTo(StatsCollector.MIN_WINDOW_NS);
        assertThat(StatsCollector.availabilityWindowNs(150 * MS, 0)).isEqualTo(300 * MS);
        assertThat(StatsCollector.availabilityWindowNs(0, 100)).isEqualTo(200 * MS);
    }

    @Test
    void equalRunsGiveEqualStatistics() throws Exception
    {
        final io.canopus.engine.raft.RaftConfig raft = new io.canopus.engine.raft.RaftConfig().preVote(true);
        final java.util.function.Supplier<io.canopus.sim.SimResult> run = () -> io.canopus.sim.Simulation.run(
            io.canopus.sim.SimConfig.builder().racks(3).nodesPerRack(3).seconds(0.3).seed(5)
                .faults(io.canopus.sim.fault.FaultMode.RANDOM)
                .protocol(io.canopus.engine.raft.Raft.PROTOCOL_NAME, t -> io.canopus.engine.raft.Raft.nodeFactory(t, raft)).build());
        final com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        final io.canopus.sim.SimResult a = run.get();
        final io.canopus.sim.SimResult b = run.get();
        assertThat(mapper.writeValueAsString(b.stats())).isEqualTo(mapper.writeValueAsString(a.stats()));
        assertThat(mapper.writeValueAsString(b.stats().series())).isEqualTo(mapper.writeValueAsString(a.stats().series()));
        assertThat(a.stats().protocol().leader().electionsStarted()).isPositive();
    }
}
