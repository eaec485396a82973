package io.canopus.sim.host;

import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestDecoder;
import io.canopus.codecs.ClientResponseEncoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.frame.FrameValidator;
import io.canopus.engine.protocol.ConsensusNode;
import io.canopus.engine.protocol.DurableLog;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.protocol.OutputSink;
import io.canopus.engine.statemachine.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * A small but real replication protocol, written for the simulator's own tests so that hosts, the
 * network, clients, faults and checkers can be exercised end to end without the Canopus engine.
 * <p>
 * Node 0 is a fixed sequencer. Every client request reaching another node is forwarded to it. The
 * sequencer appends each write to its durable log (one write per position), applies it with
 * per-session duplicate suppression, answers the client and pushes the entry to every follower.
 * Followers apply entries strictly in order, buffer early ones and pull what they miss (loss, a
 * restart) every {@link #PULL_INTERVAL_NS}. Reads are answered by the sequencer from its state, the
 * single point of serialisation, so the history is linearizable. A restarted node replays its log.
 * It is safe under crashes, loss, duplication and partitions, and live whenever the sequencer runs
 * and is reachable.
 */
public final class ToySequencerNode implements ConsensusNode
{
    public static final int SEQUENCER = 0;
    public static final long PULL_INTERVAL_NS = 2_000_000;
    static final int SCHEMA_ID = 0x7E57;
    static final int ENTRY = 1;
    static final int NEED = 2;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int MAX_PULL = 64;

    private final int nodeId;
    private final int nodeCount;
    private final OutputSink sink;
    private final DurableLog log;
    private final StateMachine stateMachine;
    private final NodeCounters counters = new NodeCounters();
    private final FrameValidator validator = new FrameValidator();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ClientRequestDecoder requestDecoder = new ClientRequestDecoder();
    private final ClientResponseEncoder responseEncoder = new ClientResponseEncoder();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[8192]);
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer result = new UnsafeBuffer(new byte[StateMachine.MAX_RESULT_LENGTH]);
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);
    private final Long2LongHashMap lastSequence = new Long2LongHashMap(0);
    private final Long2ObjectHashMap<byte[]> lastResult = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<byte[]> early = new Long2ObjectHashMap<>();

    private boolean started;
    private long applied;
    private long nextPullNs = Long.MAX_VALUE;
    private int resultLength;

    public ToySequencerNode(final int nodeId, final int nodeCount, final OutputSink sink, final DurableLog log, final StateMachine stateMachine)
    {
        this.nodeId = nodeId;
        this.nodeCount = nodeCount;
        this.sink = sink;
        this.log = log;
        this.stateMachine = stateMachine;
    }

    /** @return a factory of toy nodes for a cluster of {@code nodeCount}. */
    public static NodeFactory factory(final int nodeCount)
    {
        return (id, sink, log, random, sm) -> new ToySequencerNode(id, nodeCount, sink, log, sm);
    }

    @Override
    public int nodeId()
    {
        return nodeId;
    }

    @Override
    public void start(final long nowNs)
    {
        stateMachine.reset();
        for (long p = 1; p <= log.lastPosition(); p++)
        {
            final int length = log.read(p, record, 0);
            applyRecord(p, record, 0, length);
        }
        applied = log.lastPosition();
        started = true;
        if (nodeId != SEQUENCER)
        {
            nextPullNs = nowNs;
        }
    }

    @Override
    public void onMessage(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        counters.messagesReceived++;
        if (length >= HEADER)
        {
            headerDecoder.wrap(buffer, offset);
            if (headerDecoder.schemaId() == SCHEMA_ID)
            {
                onToyFrame(buffer, offset, length);
                return;
            }
        }
        if (validator.validate(buffer, offset, length) != ClientRequestDecoder.TEMPLATE_ID)
        {
            counters.framesRejected++;
            return;
        }
        if (nodeId != SEQUENCER)
        {
            sink.sendToNode(SEQUENCER, buffer, offset, length);
            return;
        }
        requestDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final long clientId = requestDecoder.clientId();
        final long sessionId = requestDecoder.sessionId();
        final long sequence = requestDecoder.sequence();
        final ClientOp op = requestDecoder.op();
        requestDecoder.wrapPayload(payloadView);
        if (op == ClientOp.READ)
        {
            counters.readsAnswered++;
            final int n = stateMachine.read(payloadView, 0, payloadView.capacity(), result, 0);
            reply(clientId, sessionId, sequence, applied, result, n);
            return;
        }
        final long position = log.lastPosition() + 1;
        record.putLong(0, sessionId, ByteOrder.LITTLE_ENDIAN);
        record.putLong(8, sequence, ByteOrder.LITTLE_ENDIAN);
        record.putBytes(16, payloadView, 0, payloadView.capacity());
        final int recordLength = 16 + payloadView.capacity();
        log.append(position, record, 0, recordLength);
        applyRecord(position, record, 0, recordLength);
        applied = position;
        reply(clientId, sessionId, sequence, position, result, resultLength);
        final int n = entryFrame(position, record, recordLength);
        for (int node = 0; node < nodeCount; node++)
        {
            if (node != nodeId)
            {
                sink.sendToNode(node, frame, 0, n);
            }
        }
    }

    private void onToyFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        final int body = offset + HEADER;
        if (headerDecoder.templateId() == NEED && length >= HEADER + 12 && nodeId == SEQUENCER)
        {
            final int requester = buffer.getInt(body, ByteOrder.LITTLE_ENDIAN);
            final long from = buffer.getLong(body + 4, ByteOrder.LITTLE_ENDIAN);
            for (long p = Math.max(1, from); p <= log.lastPosition() && p < from + MAX_PULL; p++)
            {
                final int recordLength = log.read(p, record, 0);
                sink.sendToNode(requester, frame, 0, entryFrame(p, record, recordLength));
            }
            return;
        }
        if (headerDecoder.templateId() == ENTRY && length >= HEADER + 8 && nodeId != SEQUENCER)
        {
            final long position = buffer.getLong(body, ByteOrder.LITTLE_ENDIAN);
            if (position <= applied)
            {
                return;
            }
            final byte[] copy = new byte[length - HEADER - 8];
            buffer.getBytes(body + 8, copy);
            early.put(position, copy);
            byte[] next;
            while ((next = early.remove(applied + 1)) != null)
            {
                final UnsafeBuffer view = new UnsafeBuffer(next);
                log.append(applied + 1, view, 0, next.length);
                applyRecord(applied + 1, view, 0, next.length);
                applied++;
            }
            return;
        }
        counters.framesRejected++;
    }

    private void applyRecord(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        final long sessionId = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        final long sequence = buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
        final long last = lastSequence.get(sessionId);
        if (sequence > last)
        {
            resultLength = stateMachine.apply(buffer, offset + 16, length - 16, result, 0);
            final byte[] cached = new byte[resultLength];
            result.getBytes(0, cached);
            lastSequence.put(sessionId, sequence);
            lastResult.put(sessionId, cached);
            counters.writesCommitted++;
            sink.onApplied(position, sessionId, sequence, false);
        }
        else
        {
            final byte[] cached = sequence == last ? lastResult.get(sessionId) : new byte[0];
            result.putBytes(0, cached);
            resultLength = cached.length;
            counters.writesDuplicate++;
            sink.onApplied(position, sessionId, sequence, true);
        }
        counters.cyclesCommitted++;
        sink.onCommitted(position, 1, 1);
    }

    private void reply(final long clientId, final long sessionId, final long sequence, final long position, final DirectBuffer payload, final int length)
    {
        responseEncoder.wrapAndApplyHeader(frame, 0, headerEncoder)
            .clientId(clientId).sessionId(sessionId).sequence(sequence).status(ClientStatus.OK).nodeHint(-1).cycle(position)
            .putPayload(payload, 0, length);
        sink.sendToClient(clientId, frame, 0, HEADER + responseEncoder.encodedLength());
    }

    private int entryFrame(final long position, final DirectBuffer recordBuffer, final int recordLength)
    {
        headerEncoder.wrap(frame, 0).blockLength(8).templateId(ENTRY).schemaId(SCHEMA_ID).version(1);
        frame.putLong(HEADER, position, ByteOrder.LITTLE_ENDIAN);
        frame.putBytes(HEADER + 8, recordBuffer, 0, recordLength);
        return HEADER + 8 + recordLength;
    }

    @Override
    public int doWork(final long nowNs)
    {
        if (nodeId == SEQUENCER || nowNs < nextPullNs)
        {
            return 0;
        }
        headerEncoder.wrap(frame, 0).blockLength(12).templateId(NEED).schemaId(SCHEMA_ID).version(1);
        frame.putInt(HEADER, nodeId, ByteOrder.LITTLE_ENDIAN);
        frame.putLong(HEADER + 4, applied + 1, ByteOrder.LITTLE_ENDIAN);
        sink.sendToNode(SEQUENCER, frame, 0, HEADER + 12);
        nextPullNs = nowNs + PULL_INTERVAL_NS;
        return 1;
    }

    @Override
    public long nextDeadlineNs()
    {
        return nextPullNs;
    }

    @Override
    public boolean isActiveMember()
    {
        return started;
    }

    @Override
    public long committedPosition()
    {
        return applied;
    }

    @Override
    public NodeCounters counters()
    {
        return counters;
    }
}
