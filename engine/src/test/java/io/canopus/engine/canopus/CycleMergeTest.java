package io.canopus.engine.canopus;

import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.ProposalDecoder;
import io.canopus.codecs.ProposalEncoder;
import io.canopus.codecs.StateHeaderDecoder;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.engine.protocol.OutputSink;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The commit step's order, (random, nodeId) over every rack's listed members, and the record it merges. */
class CycleMergeTest
{
    private static final OutputSink NO_SINK = new OutputSink()
    {
        public boolean sendToNode(final int nodeId, final DirectBuffer buffer, final int offset, final int length)
        {
            return true;
        }

        public boolean sendToRack(final DirectBuffer buffer, final int offset, final int length)
        {
            return true;
        }

        public boolean sendToClient(final long clientId, final DirectBuffer buffer, final int offset, final int length)
        {
            return true;
        }
    };

    @Test
    void ordersByRandomThenNodeAcrossRacksAndMergesTheFramesInThatOrder()
    {
        // 2 racks of 3; node 4 (rack 1) is not listed and must not be merged though its copy is present.
        final CycleSlot slot = new CycleSlot(6, 2, RackTable.MAX_ENTRIES, 1);
        slot.reset(9, 0);
        final long[] random = {50, 10, 50, 10, 1, 30};
        for (int node = 0; node < 6; node++)
        {
            put(slot.proposals[node], 9, node, node + 100, random[node]);
        }
        assertThat(slot.setRackMembers(0, 3, new int[] {2, 0, 1}, new int[] {102, 100, 101})).isTrue();
        assertThat(slot.setRackMembers(1, 2, new int[] {5, 3}, new int[] {105, 103})).isTrue();

        final CycleMerge merge = new CycleMerge(6);
        final int n = merge.order(slot);

        assertThat(n).isEqualTo(5);
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            order.add(merge.node(i));
        }
        assertThat(order).containsExactly(1, 3, 5, 0, 2); // 10,10 (1<3), 30, 50,50 (0<2)

        final ExpandableArrayBuffer record = new ExpandableArrayBuffer(64);
        final int length = merge.merge(new Wire(7, NO_SINK, new NodeCounters(), 4096), slot, 2, record);

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        int position = 0;
        final int rootLength = CommitRecord.frameLength(record, position, length);
        header.wrap(record, position + CommitRecord.LENGTH_PREFIX);
        assertThat(header.templateId()).isEqualTo(StateHeaderDecoder.TEMPLATE_ID);
        final StateHeaderDecoder root = new StateHeaderDecoder()
            .wrap(record, position + CommitRecord.LENGTH_PREFIX + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertThat(root.cycle()).isEqualTo(9);
        assertThat(root.height()).isEqualTo(2);
        final List<Integer> listed = new ArrayList<>();
        for (final StateHeaderDecoder.MembersDecoder m : root.members())
        {
            listed.add(m.nodeId());
            assertThat(m.incarnation()).isEqualTo(m.nodeId() + 100);
        }
        assertThat(listed).isEqualTo(order);
        position += CommitRecord.LENGTH_PREFIX + rootLength;

        final List<Integer> merged = new ArrayList<>();
        final ProposalDecoder proposal = new ProposalDecoder();
        while (position < length)
        {
            final int frameLength = CommitRecord.frameLength(record, position, length);
            assertThat(frameLength).isPositive();
            header.wrap(record, position + CommitRecord.LENGTH_PREFIX);
            proposal.wrap(record, position + CommitRecord.LENGTH_PREFIX + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            merged.add(proposal.nodeId());
            assertThat(frameLength).isEqualTo(slot.proposals[proposal.nodeId()].length);
            position += CommitRecord.LENGTH_PREFIX + frameLength;
        }
        assertThat(position).isEqualTo(length);
        assertThat(merged).isEqualTo(order);
    }

    @Test
    void aCycleWithNoKnownMembersMergesToJustTheRootHeader()
    {
        final CycleSlot slot = new CycleSlot(3, 1, RackTable.MAX_ENTRIES, 0);
        slot.reset(1, 0);
        final CycleMerge merge = new CycleMerge(3);
        assertThat(merge.order(slot)).isZero();
        final ExpandableArrayBuffer record = new ExpandableArrayBuffer(64);
        final int length = merge.merge(new Wire(0, NO_SINK, new NodeCounters(), 4096), slot, 1, record);
        assertThat(length).isEqualTo(CommitRecord.LENGTH_PREFIX + CommitRecord.frameLength(record, 0, length));
    }

    private static void put(final ProposalCopy copy, final long cycle, final int node, final int incarnation, final long random)
    {
        final ProposalEncoder e = new ProposalEncoder().wrapAndApplyHeader(copy.frame, 0, new MessageHeaderEncoder())
            .cycle(cycle).nodeId(node).incarnation(incarnation).epoch(1).random(random).relayed((short)0).senderId(node);
        e.writesCount(1).next().sessionId(node).sequence(1).putPayload(new byte[node + 1], 0, node + 1);
        copy.length = MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
        copy.present = true;
        copy.incarnation = incarnation;
        copy.random = random;
    }
}
