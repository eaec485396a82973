package io.canopus.engine.canopus;

import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestEncoder;
import io.canopus.codecs.ClientResponseDecoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.ProposalEncoder;
import io.canopus.engine.protocol.ConsensusNode;
import io.canopus.engine.protocol.DurableLog;
import io.canopus.engine.protocol.OutputSink;
import io.canopus.engine.statemachine.KeyValueStateMachine;
import io.canopus.engine.topology.ClusterTopology;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed, truncated, foreign and semantically bad frames are counted and rejected, never thrown. */
class BadInputTest
{
    private final List<byte[]> toClients = new ArrayList<>();
    private final ConsensusNode node = newNode();

    private ConsensusNode newNode()
    {
        final OutputSink sink = new OutputSink()
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
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                toClients.add(copy);
                return true;
            }
        };
        final DurableLog log = new DurableLog()
        {
            private final Map<Integer, Long> meta = new HashMap<>();

            public long lastPosition()
            {
                return 0;
            }

            public void append(final long position, final DirectBuffer buffer, final int offset, final int length)
            {
            }

            public int read(final long position, final MutableDirectBuffer dst, final int dstOffset)
            {
                return -1;
            }

            public long readMetadata(final int key, final long defaultValue)
            {
                return meta.getOrDefault(key, defaultValue);
            }

            public void writeMetadata(final int key, final long value)
            {
                meta.put(key, value);
            }
        };
        final SplittableRandom random = new SplittableRandom(1);
        final ConsensusNode n = Canopus.nodeFactory(ClusterTopology.uniform(1, 3, 3), new CanopusConfig())
            .create(0, sink, log, random::nextLong, new KeyValueStateMachine());
        n.start(0);
        return n;
    }

    @Test
    void randomBytesAreRejectedAndCounted()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++)
        {
            final byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            node.onMessage(i, new UnsafeBuffer(junk), 0, junk.length);
            node.doWork(i);
        }
        assertThat(node.counters().framesRejected).isGreaterThan(9_900);
        assertThat(node.counters().messagesReceived).isEqualTo(10_000);
        final var byReason = ((CanopusNode)node).frameRejections();
        assertThat(byReason.total()).isEqualTo(node.counters().framesRejected);
        assertThat(byReason.get(io.canopus.codecs.frame.Rejection.WRONG_SCHEMA_ID)).as("reasons are told apart").isPositive();
    }

    @Test
    void proposalFromAnUnknownNodeIsRejected()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final ProposalEncoder proposal = new ProposalEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .cycle(1).nodeId(99).incarnation(1).epoch(0).random(5).relayed((short)0).senderId(99);
        proposal.writesCount(0);
        node.onMessage(1, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + proposal.encodedLength());
        assertThat(node.counters().framesRejected).isEqualTo(1);
    }

    @Test
    void truncatedClientRequestIsRejectedAndOversizedOneAnswered()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final byte[] payload = new byte[new CanopusConfig().maxPayloadBytes() + 1];
        final ClientRequestEncoder request = new ClientRequestEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .clientId(3).sessionId(4).sequence(1).op(ClientOp.WRITE).putPayload(payload, 0, payload.length);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + request.encodedLength();

        node.onMessage(1, buffer, 0, length - 1);
        assertThat(node.counters().framesRejected).isEqualTo(1);
        assertThat(toClients).isEmpty();

        node.onMessage(2, buffer, 0, length);
        assertThat(toClients).hasSize(1);
        final UnsafeBuffer response = new UnsafeBuffer(toClients.get(0));
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(response, 0);
        final ClientResponseDecoder decoder = new ClientResponseDecoder()
            .wrap(response, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertThat(decoder.status()).isEqualTo(ClientStatus.REJECTED);
        assertThat(decoder.sessionId()).isEqualTo(4);
    }
}
