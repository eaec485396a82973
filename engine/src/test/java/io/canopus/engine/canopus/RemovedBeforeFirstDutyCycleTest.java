package io.canopus.engine.canopus;

import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.ViewDecidedEncoder;
import io.canopus.engine.protocol.DurableLog;
import io.canopus.engine.protocol.OutputSink;
import io.canopus.engine.statemachine.KeyValueStateMachine;
import io.canopus.engine.topology.ClusterTopology;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that boots late can learn, in its very first duty cycle, that its rack already removed it.
 * It must come back as a new incarnation; if it kept the removed one, its joins would match its
 * own removed entry forever (found by the multi-process tests: a node left out for a whole run).
 */
final class RemovedBeforeFirstDutyCycleTest
{
    @Test
    void aNodeRemovedBeforeItEverRanTakesANewIncarnation()
    {
        final CanopusNode node = (CanopusNode)Canopus.nodeFactory(ClusterTopology.uniform(1, 3, 3), new CanopusConfig())
            .create(2, new NullSink(), new MemoryLog(), new SplittableRandom(1)::nextLong, new KeyValueStateMachine());
        node.start(0);
        assertThat(node.incarnation()).isEqualTo(1);

        // Epoch 1: node 2 (incarnation 1) removed after cycle 5, before it ran a single duty cycle.
        final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(256);
        final ViewDecidedEncoder decided = new ViewDecidedEncoder().wrapAndApplyHeader(frame, 0, new MessageHeaderEncoder())
            .rack(0).epoch(1);
        final ViewDecidedEncoder.EntriesEncoder entries = decided.entriesCount(3);
        entries.next().nodeId(0).incarnation(1).fromCycle(1).toCycle(RackTable.ACTIVE).horizon(5);
        entries.next().nodeId(1).incarnation(1).fromCycle(1).toCycle(RackTable.ACTIVE).horizon(5);
        entries.next().nodeId(2).incarnation(1).fromCycle(1).toCycle(5).horizon(5);
        node.onMessage(1_000, frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + decided.encodedLength());
        node.doWork(1_000);

        assertThat(node.epoch()).isEqualTo(1);
        assertThat(node.isActiveMember()).isFalse();
        assertThat(node.incarnation()).as("comes back as a new incarnation, which can be added again").isEqualTo(2);
    }

    private static final class NullSink implements OutputSink
    {
        @Override
        public boolean sendToNode(final int nodeId, final DirectBuffer buffer, final int offset, final int length)
        {
            return true;
        }

        @Override
        public boolean sendToRack(final DirectBuffer buffer, final int offset, final int length)
        {
            return true;
        }

        @Override
        public boolean sendToClient(final long clientId, final DirectBuffer buffer, final int offset, final int length)
        {
            return true;
        }
    }

    private static final class MemoryLog implements DurableLog
    {
        private final Map<Integer, Long> meta = new HashMap<>();

        @Override
        public long lastPosition()
        {
            return 0;
        }

        @Override
        public void append(final long position, final DirectBuffer buffer, final int offset, final int length)
        {
            throw new AssertionError("nothing commits in this test");
        }

        @Override
        public int read(final long position, final MutableDirectBuffer dst, final int dstOffset)
        {
            return -1;
        }

        @Override
        public long readMetadata(final int key, final long defaultValue)
        {
            return meta.getOrDefault(key, defaultValue);
        }

        @Override
        public void writeMetadata(final int key, final long value)
        {
            meta.put(key, value);
        }
    }
}
