package io.canopus.sim.host;

import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestEncoder;
import io.canopus.codecs.KvCommandEncoder;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.engine.protocol.ConsensusNode;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.protocol.OutputSink;
import io.canopus.engine.statemachine.KeyValueStateMachine;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.kernel.EventLoop;
import io.canopus.sim.kernel.Seeds;
import io.canopus.sim.net.NetworkModel;
import io.canopus.sim.net.NetworkSettings;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimHostTest
{
    private static final ClusterTopology TOPOLOGY = ClusterTopology.uniform(1, 3, 2);

    private final EventLoop loop = new EventLoop();
    private final NetworkModel network =
        new NetworkModel(TOPOLOGY, new int[0], NetworkSettings.DEFAULT.withJitter(0), new Seeds(1).random("network", 0), loop);

    private SimCluster cluster(final NodeFactory factory)
    {
        final SimCluster cluster = new SimCluster(TOPOLOGY, network, loop, factory, KeyValueStateMachine::new, new Seeds(1), id -> -1);
        network.deliveryHandler((to, from, buffer, offset, length) -> cluster.deliver(to, buffer, offset, length));
        return cluster;
    }

    /** Records what the host does to it: a fixture node that wants to run every {@code period}. */
    static final class RecordingNode implements ConsensusNode
    {
        final int id;
        final OutputSink sink;
        final long random;
        final List<String> calls = new ArrayList<>();
        final NodeCounters counters = new NodeCounters();
        long period = 1_000_000;
        long next;
        boolean stuck; // keeps its deadline at 0, as a timer the node never advances
        int workResult;

        RecordingNode(final int id, final OutputSink sink, final long random)
        {
            this.id = id;
            this.sink = sink;
            this.random = random;
        }

        @Override
        public int nodeId()
        {
            return id;
        }

        @Override
        public void start(final long nowNs)
        {
            calls.add("start@" + nowNs);
            next = stuck ? 0 : nowNs + period;
        }

        @Override
        public void onMessage(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
        {
            counters.messagesReceived++;
            calls.add("msg@" + nowNs);
        }

        @Override
        public int doWork(final long nowNs)
        {
            calls.add("work@" + nowNs);
            if (nowNs >= next && !stuck)
            {
                next = nowNs + period;
            }
            return workResult;
        }

        @Override
        public long nextDeadlineNs()
        {
            return next;
        }

        @Override
        public boolean isActiveMember()
        {
            return true;
        }

        @Override
        public long committedPosition()
        {
            return 0;
        }

        @Override
        public NodeCounters counters()
        {
            return counters;
        }
    }

    @Test
    void messagesOfOneInstantAreFollowedByOneDoWorkAndDeadlinesAreKept()
    {
        final List<RecordingNode> nodes = new ArrayList<>();
        final SimCluster cluster = cluster((id, sink, log, random, sm) ->
        {
            final RecordingNode node = new RecordingNode(id, sink, random.nextLong());
            nodes.add(node);
            return node;
        });
        cluster.bootAll();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[16]);
        for (int i = 0; i < 5; i++)
        {
            cluster.host(0).sendToNode(1, frame, 0, 16); // all arrive at 50 us (no jitter)
        }
        loop.runUntil(2_000_000);

        assertThat(nodes.get(1).calls).containsExactly(
            "start@0", "work@0",
            "msg@50000", "msg@50000", "msg@50000", "msg@50000", "msg@50000", "work@50000",
            "work@1000000", "work@2000000");
        assertThat(nodes.get(2).calls).containsExactly("start@0", "work@0", "work@1000000", "work@2000000");
    }

    @Test
    void aNodeThatKeepsADueDeadlineIsWokenEveryMicrosecondWhileBusyAndBacksOffWhenIdle()
    {
        final List<RecordingNode> nodes = new ArrayList<>();
        final SimCluster cluster = cluster((id, sink, log, random, sm) ->
        {
            final RecordingNode node = new RecordingNode(id, sink, random.nextLong());
            node.stuck = true;
            node.workResult = id == 0 ? 1 : 0; // node 0 reports work each time, the others none
            nodes.add(node);
            return node;
        });
        cluster.bootAll();
        loop.runUntil(1_000_000);

        assertThat(nodes.get(0).calls).hasSize(1 + 1001); // start, then a duty cycle every microsecond
        assertThat(cluster.host(0).dueIdleWakes()).isZero();
        // Idle: gaps of 1, 2, 4 ... 64 us, then 100 us: 0, 1, 3, 7, 15, 31, 63, 127, 227 ... 927 us.
        assertThat(nodes.get(1).calls).hasSize(1 + 8 + 8);
        assertThat(nodes.get(1).calls.get(9)).isEqualTo("work@227000");
        assertThat(cluster.host(1).dueIdleWakes()).isEqualTo(16);

        // A message still gets its doWork at once, and resets the back-off.
        cluster.host(2).sendToNode(1, new UnsafeBuffer(new byte[8]), 0, 8);
        loop.runUntil(1_060_000);
        assertThat(nodes.get(1).calls).contains("msg@1050000", "work@1050000", "work@1051000", "work@1053000");
    }

    @Test
    void aCrashDropsTheNodeItsTimersAndItsIncomingMessagesAndARestartBuildsANewOne()
    {
        final List<RecordingNode> nodes = new ArrayList<>();
        final SimCluster cluster = cluster((id, sink, log, random, sm) ->
        {
            final RecordingNode node = new RecordingNode(id, sink, random.nextLong());
            node.counters.messagesReceived = 0;
            nodes.add(node);
            return node;
        });
        cluster.bootAll();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[16]);
        cluster.host(0).sendToNode(1, frame, 0, 16);
        loop.runUntil(10_000);
        cluster.crash(1);
        final RecordingNode first = nodes.get(1);
        assertThat(cluster.host(1).isUp()).isFalse();
        assertThat(cluster.host(1).isUpAndActive()).isFalse();
        loop.runUntil(3_000_000);
        assertThat(first.calls).containsExactly("start@0", "work@0"); // nothing after the crash
        assertThat(network.counters().droppedNodeDown()).isEqualTo(1);

        cluster.restart(1);
        final RecordingNode second = nodes.get(3);
        assertThat(second).isNotSameAs(first);
        assertThat(second.random).isNotEqualTo(first.random); // a fresh random stream per incarnation
        assertThat(cluster.host(1).incarnation()).isEqualTo(1);
        assertThat(cluster.host(1).crashes()).isEqualTo(1);
        loop.runUntil(4_000_000);
        assertThat(second.calls).containsExactly("start@3000000", "work@3000000", "work@4000000");
    }

    @Test
    void theDurableLogSurvivesACrashAndTheReplayMatchesTheRecord()
    {
        final SimCluster cluster = cluster(ToySequencerNode.factory(3));
        cluster.bootAll();
        final SimHost sequencer = cluster.host(ToySequencerNode.SEQUENCER);
        final UnsafeBuffer request = new UnsafeBuffer(new byte[256]);
        for (int seq = 1; seq <= 10; seq++)
        {
            sequencer.onMessage(request, 0, writeRequest(request, 77, seq, seq % 4));
        }
        sequencer.onMessage(request, 0, writeRequest(request, 77, 10, 2)); // a retry: duplicate
        loop.runUntil(20_000_000);
        for (int node = 0; node < 3; node++)
        {
            assertThat(cluster.host(node).log().lastPosition()).isEqualTo(11);
            assertThat(cluster.host(node).record().appliedCount()).isEqualTo(11);
        }
        final InMemoryDurableLog log = sequencer.log();
        cluster.crash(0);
        cluster.restart(0);
        assertThat(sequencer.log()).isSameAs(log);
        assertThat(sequencer.node().committedPosition()).isEqualTo(11);
        assertThat(sequencer.record().replayed()).isEqualTo(11);
        assertThat(sequencer.record().replayMismatches()).isZero();
        assertThat(sequencer.record().appliedCount()).isEqualTo(11);
        assertThat(sequencer.record().duplicate(10)).isTrue();
        assertThat(sequencer.countersTotal().writesCommitted).isEqualTo(20); // 10 before, 10 replayed
    }

    private static int writeRequest(final UnsafeBuffer buffer, final long session, final long sequence, final long key)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final UnsafeBuffer command = new UnsafeBuffer(new byte[64]);
        final KvCommandEncoder kv = new KvCommandEncoder().wrapAndApplyHeader(command, 0, header).op(KvOp.PUT).key(key);
        kv.putExpected(new byte[0], 0, 0).putValue(new byte[8], 0, 8);
        final int commandLength = MessageHeaderEncoder.ENCODED_LENGTH + kv.encodedLength();
        final ClientRequestEncoder request = new ClientRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .clientId(1).sessionId(session).sequence(sequence).op(ClientOp.WRITE).putPayload(command, 0, commandLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + request.encodedLength();
    }
}
