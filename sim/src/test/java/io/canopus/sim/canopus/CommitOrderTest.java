package io.canopus.sim.canopus;

import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.ProposalDecoder;
import io.canopus.codecs.StateHeaderDecoder;
import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import io.canopus.sim.host.InMemoryDurableLog;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads committed cycles back from a node's journal: every cycle holds one proposal of each
 * member of every rack, in (random, nodeId) order, and cycles are numbered without a gap.
 */
class CommitOrderTest
{
    @Test
    void everyCommittedCycleIsOrderedByRandomThenNode()
    {
        final Simulation sim = new Simulation(CanopusSims.canopus(3, 3, 0.5, 21, FaultMode.NONE).build());
        final SimResult result = sim.run();
        CanopusSims.assertAllOk(result);

        final InMemoryDurableLog log = sim.cluster().host(4).log();
        final ExpandableArrayBuffer record = new ExpandableArrayBuffer();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final StateHeaderDecoder root = new StateHeaderDecoder();
        final ProposalDecoder proposal = new ProposalDecoder();
        assertThat(log.lastPosition()).isGreaterThan(100);
        for (long cycle = 1; cycle <= log.lastPosition(); cycle++)
        {
            final int length = log.read(cycle, record, 0);
            assertThat(length).isPositive();
            int position = 0;
            final int rootLength = record.getInt(position);
            header.wrap(record, position + 4);
            root.wrap(record, position + 4 + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            assertThat(root.cycle()).isEqualTo(cycle);
            assertThat(root.members().count()).as("one proposal per member of the 3 racks").isEqualTo(9);
            position += 4 + rootLength;
            long previousRandom = Long.MIN_VALUE;
            int previousNode = -1;
            int proposals = 0;
            while (position < length)
            {
                final int frameLength = record.getInt(position);
                header.wrap(record, position + 4);
                proposal.wrap(record, position + 4 + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                assertThat(proposal.cycle()).isEqualTo(cycle);
                final boolean ordered = proposal.random() > previousRandom ||
                    proposal.random() == previousRandom && proposal.nodeId() > previousNode;
                assertThat(ordered).as("cycle %d: proposal of node %d after node %d", cycle, proposal.nodeId(), previousNode).isTrue();
                previousRandom = proposal.random();
                previousNode = proposal.nodeId();
                proposals++;
                position += 4 + frameLength;
            }
            assertThat(proposals).isEqualTo(9);
        }
    }
}
