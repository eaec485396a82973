package io.canopus.sim.runtime;

import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.ProposalDecoder;
import io.canopus.codecs.StateHeaderDecoder;
import io.canopus.engine.config.ClusterConfig;
import io.canopus.sim.cli.LoopbackPorts;
import io.canopus.engine.config.JournalConfig;
import io.canopus.engine.config.RuntimeConfig;
import io.canopus.journal.SyncPolicy;
import io.canopus.journal.ChronicleJournal;
import io.canopus.journal.JournalContext;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared set-up of the runtime tests: loopback clusters on free ports, journal comparison. */
final class RuntimeTestSupport
{
    private RuntimeTestSupport()
    {
    }

    /** A loopback cluster whose ports are all free now, journals and metrics under {@code dir}. */
    static ClusterConfig localCluster(final int racks, final int nodesPerRack, final Path dir)
    {
        final ClusterConfig config = ClusterConfig.localCluster(racks, nodesPerRack,
            LoopbackPorts.freeRun(ClusterConfig.localClusterPortCount(racks, nodesPerRack)));
        final RuntimeConfig runtime = config.runtime();
        return config
            .withJournal(new JournalConfig(dir.resolve("journal").toString(), SyncPolicy.NONE))
            .withRuntime(new RuntimeConfig(runtime.idleStrategy(), runtime.driverMode(), null, runtime.termLengthKiB(),
                dir.resolve("metrics").toString(), runtime.metricsIntervalMs()));
    }

    /**
     * Every node's journal holds the same record for every position they share, and each holds at
     * least {@code minCycles}: the nodes committed the same cycles in the same order.
     */
    static void assertJournalsAgree(final ClusterConfig config, final long minCycles)
    {
        final int n = config.nodeCount();
        final ChronicleJournal[] journals = new ChronicleJournal[n];
        try
        {
            long shared = Long.MAX_VALUE;
            for (int node = 0; node < n; node++)
            {
                journals[node] = ChronicleJournal.open(new JournalContext().directory(config.journalDirectory(node).toFile()));
                shared = Math.min(shared, journals[node].lastPosition());
            }
            assertThat(shared).as("cycles every node committed").isGreaterThanOrEqualTo(minCycles);
            final ExpandableArrayBuffer record = new ExpandableArrayBuffer(1 << 16);
            for (long position = 1; position <= shared; position++)
            {
                final String first = committedContent(record, journals[0].read(position, record, 0));
                for (int node = 1; node < n; node++)
                {
                    assertThat(committedContent(record, journals[node].read(position, record, 0)))
                        .as("cycle %d at node %d", position, node).isEqualTo(first);
                }
            }
        }
        finally
        {
            for (final ChronicleJournal journal : journals)
            {
                if (journal != null)
                {
                    journal.close();
                }
            }
        }
    }

    /**
     * What a journal record commits, without what differs per copy (who relayed or sent it): the
     * proposals in commit order and each one's writes. Records of the same cycle are not
     * byte-identical across nodes because a Proposal frame keeps the id of the node that put that
     * copy on the wire.
     */
    static String committedContent(final DirectBuffer record, final int length)
    {
        assertThat(length).as("record present").isPositive();
        final StringBuilder sb = new StringBuilder();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final ProposalDecoder proposal = new ProposalDecoder();
        final StateHeaderDecoder state = new StateHeaderDecoder();
        int at = 0;
        while (at < length)
        {
            final int frameLength = record.getInt(at);
            final int frame = at + 4;
            header.wrap(record, frame);
            if (header.templateId() == StateHeaderDecoder.TEMPLATE_ID)
            {
                state.wrap(record, frame + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                sb.append("cycle ").append(state.cycle()).append(':');
                for (final StateHeaderDecoder.MembersDecoder m : state.members())
                {
                    sb.append(' ').append(m.nodeId()).append('@').append(m.incarnation());
                }
            }
            else
            {
                proposal.wrap(record, frame + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                sb.append(" | P ").append(proposal.nodeId()).append('@').append(proposal.incarnation()).append(" r").append(proposal.random());
                for (final ProposalDecoder.WritesDecoder w : proposal.writes())
                {
                    final byte[] payload = new byte[w.payloadLength()];
                    w.getPayload(payload, 0, payload.length);
                    sb.append(" w").append(w.sessionId()).append('/').append(w.sequence()).append('#').append(java.util.Arrays.hashCode(payload));
                }
            }
            at = frame + frameLength;
        }
        return sb.toString();
    }
}
