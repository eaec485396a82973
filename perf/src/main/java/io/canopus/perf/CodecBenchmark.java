package io.canopus.perf;

import io.canopus.codecs.AppendEntriesDecoder;
import io.canopus.codecs.AppendEntriesEncoder;
import io.canopus.codecs.AppendEntriesResponseDecoder;
import io.canopus.codecs.AppendEntriesResponseEncoder;
import io.canopus.codecs.ClientOp;
import io.canopus.codecs.ClientRequestDecoder;
import io.canopus.codecs.ClientRequestEncoder;
import io.canopus.codecs.ClientResponseDecoder;
import io.canopus.codecs.ClientResponseEncoder;
import io.canopus.codecs.ClientStatus;
import io.canopus.codecs.KvCommandDecoder;
import io.canopus.codecs.KvCommandEncoder;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.ProposalDecoder;
import io.canopus.codecs.ProposalEncoder;
import io.canopus.codecs.RaftEntryKind;
import io.canopus.codecs.StabilityReportDecoder;
import io.canopus.codecs.StabilityReportEncoder;
import io.canopus.codecs.StateHeaderDecoder;
import io.canopus.codecs.StateHeaderEncoder;
import io.canopus.codecs.StateRequestDecoder;
import io.canopus.codecs.StateRequestEncoder;
import io.canopus.codecs.StateStatus;
import io.canopus.codecs.frame.FrameValidator;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The SBE codec path of every message on a hot path: encode it, decode every field of it, and run
 * {@link FrameValidator#validate} over it (what every node does to every frame it receives before
 * decoding). {@link #message} picks the message:
 * <ul>
 *   <li>{@code PROPOSAL}: round 1 and relays, {@value #WRITES} writes, once per node per cycle and
 *   received once per rack member (more for relayed vnode states);</li>
 *   <li>{@code STABILITY_REPORT}: every node, every cycle, {@value #RACK_MEMBERS} held entries (a rack);</li>
 *   <li>{@code STATE_REQUEST} and {@code STATE_HEADER}: rounds above 1 and catch-up; the header lists
 *   {@value #CYCLE_MEMBERS} proposals (a 3 x 3 cycle's root);</li>
 *   <li>{@code CLIENT_REQUEST}, {@code CLIENT_RESPONSE}: every client write and read;</li>
 *   <li>{@code KV_COMMAND}: the payload of every write, decoded when it is applied (a PUT);</li>
 *   <li>{@code APPEND_ENTRIES} ({@value #WRITES} entries) and {@code APPEND_ENTRIES_RESPONSE}: the
 *   Raft baseline's replication, the hot path of every Raft simulation.</li>
 * </ul>
 * Cold messages (view changes, joins, pulls, restart status, votes, hello) are not benchmarked.
 *
 * <p>Why: these costs bound the per-write CPU of the protocol core. With {@code -prof gc} the
 * {@code gc.alloc.rate.norm} of every benchmark must be ~0 B/op (the allocation guard,
 * {@code scripts/alloc-guard}, checks it): the flyweights, buffers and payload bytes are allocated
 * once in {@link #setup()}, and the codecs must not allocate (no boxing, no iterator objects, no
 * strings).
 *
 * <p>Two payload sizes: 32 bytes (a small key-value PUT) and 288 bytes (a ledger-sized command), the
 * size of each write's payload (proposal, append entries), of the client request's and response's
 * payload and of the KV command's value, so a cost that scales with bytes shows up separately from
 * the per-field cost. Messages without a payload ignore it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark
{
    /** Writes per proposal, entries per AppendEntries. */
    public static final int WRITES = 16;
    /** Held entries of a stability report. */
    public static final int RACK_MEMBERS = 3;
    /** Members named by a state header. */
    public static final int CYCLE_MEMBERS = 9;

    /** The hot messages. */
    public enum Message
    {
        PROPOSAL, STABILITY_REPORT, STATE_REQUEST, STATE_HEADER, CLIENT_REQUEST, CLIENT_RESPONSE, KV_COMMAND,
        APPEND_ENTRIES, APPEND_ENTRIES_RESPONSE
    }

    /** Which message (a {@link Message} name). */
    @Param({"PROPOSAL", "STABILITY_REPORT", "STATE_REQUEST", "STATE_HEADER", "CLIENT_REQUEST", "CLIENT_RESPONSE", "KV_COMMAND",
        "APPEND_ENTRIES", "APPEND_ENTRIES_RESPONSE"})
    public String message;

    /** Bytes of each payload. */
    @Param({"32", "288"})
    public int payloadBytes;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ProposalEncoder proposalEncoder = new ProposalEncoder();
    private final ProposalDecoder proposalDecoder = new ProposalDecoder();
    private final StabilityReportEncoder reportEncoder = new StabilityReportEncoder();
    private final StabilityReportDecoder reportDecoder = new StabilityReportDecoder();
    private final StateRequestEncoder stateRequestEncoder = new StateRequestEncoder();
    private final StateRequestDecoder stateRequestDecoder = new StateRequestDecoder();
    private final StateHeaderEncoder stateHeaderEncoder = new StateHeaderEncoder();
    private final StateHeaderDecoder stateHeaderDecoder = new StateHeaderDecoder();
    private final ClientRequestEncoder requestEncoder = new ClientRequestEncoder();
    private final ClientRequestDecoder requestDecoder = new ClientRequestDecoder();
    private final ClientResponseEncoder responseEncoder = new ClientResponseEncoder();
    private final ClientResponseDecoder responseDecoder = new ClientResponseDecoder();
    private final KvCommandEncoder commandEncoder = new KvCommandEncoder();
    private final KvCommandDecoder commandDecoder = new KvCommandDecoder();
    private final AppendEntriesEncoder appendEncoder = new AppendEntriesEncoder();
    private final AppendEntriesDecoder appendDecoder = new AppendEntriesDecoder();
    private final AppendEntriesResponseEncoder appendResponseEncoder = new AppendEntriesResponseEncoder();
    private final AppendEntriesResponseDecoder appendResponseDecoder = new AppendEntriesResponseDecoder();
    private final FrameValidator validator = new FrameValidator();
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);

    private Message kind;
    private UnsafeBuffer encodeBuffer;
    private UnsafeBuffer frame;
    private int frameLength;
    private byte[] payload;
    private long cycle;

    @Setup(Level.Trial)
    public void setup()
    {
        kind = Message.valueOf(message);
        payload = new byte[payloadBytes];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)(i * 31 + 7);
        }
        final int capacity = 64 * 1024;
        // Aligned direct buffers, as Aeron would hand out; bounds checks stay on (jvm.properties).
        encodeBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
        frame = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
        frameLength = encodeInto(frame, 1);
        headerDecoder.wrap(frame, 0);
        final int templateId = validator.validate(frame, 0, frameLength);
        if (templateId < 0 || templateId != headerDecoder.templateId())
        {
            throw new IllegalStateException("the benchmark frame of " + kind + " does not validate: " + templateId);
        }
    }

    /** Encodes the message into a buffer; returns the frame length. */
    @Benchmark
    public int encode()
    {
        return encodeInto(encodeBuffer, ++cycle);
    }

    /** Decodes every field of the message; var data is exposed as a view, as the engine does. */
    @Benchmark
    public void decode(final Blackhole bh)
    {
        headerDecoder.wrap(frame, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (kind)
        {
            case PROPOSAL:
                decodeProposal(bh, offset, blockLength, version);
                break;
            case STABILITY_REPORT:
                decodeReport(bh, offset, blockLength, version);
                break;
            case STATE_REQUEST:
            {
                final StateRequestDecoder d = stateRequestDecoder.wrap(frame, offset, blockLength, version);
                bh.consume(d.requesterId());
                bh.consume(d.cycle());
                bh.consume(d.height());
                bh.consume(d.vnodeIndex());
                break;
            }
            case STATE_HEADER:
                decodeStateHeader(bh, offset, blockLength, version);
                break;
            case CLIENT_REQUEST:
            {
                final ClientRequestDecoder d = requestDecoder.wrap(frame, offset, blockLength, version);
                bh.consume(d.clientId());
                bh.consume(d.sessionId());
                bh.consume(d.sequence());
                bh.consume(d.op());
                d.wrapPayload(payloadView);
                bh.consume(payloadView.getByte(payloadView.capacity() - 1));
                break;
            }
            case CLIENT_RESPONSE:
            {
                final ClientResponseDecoder d = responseDecoder.wrap(frame, offset, blockLength, version);
                bh.consume(d.clientId());
                bh.consume(d.sessionId());
                bh.consume(d.sequence());
                bh.consume(d.status());
                bh.consume(d.nodeHint());
                bh.consume(d.cycle());
                d.wrapPayload(payloadView);
                bh.consume(payloadView.getByte(payloadView.capacity() - 1));
                break;
            }
            case KV_COMMAND:
            {
                final KvCommandDecoder d = commandDecoder.wrap(frame, offset, blockLength, version);
                bh.consume(d.op());
                bh.consume(d.key());
                d.wrapExpected(payloadView);
                bh.consume(payloadView.capacity());
                d.wrapValue(payloadView);
                bh.consume(payloadView.getByte(payloadView.capacity() - 1));
                break;
            }
            case APPEND_ENTRIES:
                decodeAppend(bh, offset, blockLength, version);
                break;
            case APPEND_ENTRIES_RESPONSE:
            {
                final AppendEntriesResponseDecoder d = appendResponseDecoder.wrap(frame, offset, blockLength, version);
                bh.consume(d.term());
                bh.consume(d.followerId());
                bh.consume(d.success());
                bh.consume(d.matchIndex());
                bh.consume(d.conflictIndex());
                bh.consume(d.conflictTerm());
                bh.consume(d.readRound());
                break;
            }
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** Validates the whole frame (header, block, every group entry and var-data bound). */
    @Benchmark
    public int validate()
    {
        return validator.validate(frame, 0, frameLength);
    }

    private void decodeProposal(final Blackhole bh, final int offset, final int blockLength, final int version)
    {
        final ProposalDecoder d = proposalDecoder.wrap(frame, offset, blockLength, version);
        bh.consume(d.cycle());
        bh.consume(d.nodeId());
        bh.consume(d.incarnation());
        bh.consume(d.epoch());
        bh.consume(d.random());
        bh.consume(d.relayed());
        bh.consume(d.senderId());
        final ProposalDecoder.WritesDecoder writes = d.writes();
        while (writes.hasNext())
        {
            writes.next();
            bh.consume(writes.sessionId());
            bh.consume(writes.sequence());
            writes.wrapPayload(payloadView);
            bh.consume(payloadView.getByte(payloadView.capacity() - 1));
        }
        bh.consume(d.limit());
    }

    private void decodeReport(final Blackhole bh, final int offset, final int blockLength, final int version)
    {
        final StabilityReportDecoder d = reportDecoder.wrap(frame, offset, blockLength, version);
        bh.consume(d.rack());
        bh.consume(d.nodeId());
        bh.consume(d.incarnation());
        bh.consume(d.epoch());
        bh.consume(d.committedCycle());
        bh.consume(d.startedCycle());
        final StabilityReportDecoder.HeldDecoder held = d.held();
        while (held.hasNext())
        {
            held.next();
            bh.consume(held.memberId());
            bh.consume(held.memberIncarnation());
            bh.consume(held.heldThrough());
        }
    }

    private void decodeStateHeader(final Blackhole bh, final int offset, final int blockLength, final int version)
    {
        final StateHeaderDecoder d = stateHeaderDecoder.wrap(frame, offset, blockLength, version);
        bh.consume(d.responderId());
        bh.consume(d.cycle());
        bh.consume(d.height());
        bh.consume(d.vnodeIndex());
        bh.consume(d.status());
        bh.consume(d.relayed());
        final StateHeaderDecoder.MembersDecoder members = d.members();
        while (members.hasNext())
        {
            members.next();
            bh.consume(members.nodeId());
            bh.consume(members.incarnation());
        }
    }

    private void decodeAppend(final Blackhole bh, final int offset, final int blockLength, final int version)
    {
        final AppendEntriesDecoder d = appendDecoder.wrap(frame, offset, blockLength, version);
        bh.consume(d.term());
        bh.consume(d.leaderId());
        bh.consume(d.prevLogIndex());
        bh.consume(d.prevLogTerm());
        bh.consume(d.leaderCommit());
        bh.consume(d.readRound());
        final AppendEntriesDecoder.EntriesDecoder entries = d.entries();
        while (entries.hasNext())
        {
            entries.next();
            bh.consume(entries.term());
            bh.consume(entries.kind());
            bh.consume(entries.sessionId());
            bh.consume(entries.sequence());
            entries.wrapCommand(payloadView);
            bh.consume(payloadView.getByte(payloadView.capacity() - 1));
        }
    }

    private int encodeInto(final UnsafeBuffer buffer, final long c)
    {
        final int body;
        switch (kind)
        {
            case PROPOSAL:
            {
                final ProposalEncoder e = proposalEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .cycle(c).nodeId(3).incarnation(1).epoch(7).random(0x5DEECE66DL * c).relayed((short)0).senderId(3);
                final ProposalEncoder.WritesEncoder writes = e.writesCount(WRITES);
                for (int i = 0; i < WRITES; i++)
                {
                    writes.next().sessionId(1000 + i).sequence(c).putPayload(payload, 0, payload.length);
                }
                body = e.encodedLength();
                break;
            }
            case STABILITY_REPORT:
            {
                final StabilityReportEncoder e = reportEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .rack(1).nodeId(3).incarnation(1).epoch(7).committedCycle(c).startedCycle(c + 2);
                final StabilityReportEncoder.HeldEncoder held = e.heldCount(RACK_MEMBERS);
                for (int i = 0; i < RACK_MEMBERS; i++)
                {
                    held.next().memberId(3 + i).memberIncarnation(1).heldThrough(c + 1);
                }
                body = e.encodedLength();
                break;
            }
            case STATE_REQUEST:
                body = stateRequestEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .requesterId(3).cycle(c).height(1).vnodeIndex(2).encodedLength();
                break;
            case STATE_HEADER:
            {
                final StateHeaderEncoder e = stateHeaderEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .responderId(4).cycle(c).height(2).vnodeIndex(0).status(StateStatus.OK).relayed((short)0);
                final StateHeaderEncoder.MembersEncoder members = e.membersCount(CYCLE_MEMBERS);
                for (int i = 0; i < CYCLE_MEMBERS; i++)
                {
                    members.next().nodeId(i).incarnation(1);
                }
                body = e.encodedLength();
                break;
            }
            case CLIENT_REQUEST:
                body = requestEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .clientId(77).sessionId(77).sequence(c).op(ClientOp.WRITE).putPayload(payload, 0, payload.length).encodedLength();
                break;
            case CLIENT_RESPONSE:
                body = responseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .clientId(77).sessionId(77).sequence(c).status(ClientStatus.OK).nodeHint(-1).cycle(c)
                    .putPayload(payload, 0, payload.length).encodedLength();
                break;
            case KV_COMMAND:
                body = commandEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .op(KvOp.PUT).key(c & 255).putExpected(payload, 0, 0).putValue(payload, 0, payload.length).encodedLength();
                break;
            case APPEND_ENTRIES:
            {
                final AppendEntriesEncoder e = appendEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .term(5).leaderId(1).prevLogIndex(c * WRITES).prevLogTerm(5).leaderCommit(c * WRITES - 1).readRound(c);
                final AppendEntriesEncoder.EntriesEncoder entries = e.entriesCount(WRITES);
                for (int i = 0; i < WRITES; i++)
                {
                    entries.next().term(5).kind(RaftEntryKind.WRITE).sessionId(1000 + i).sequence(c)
                        .putCommand(payload, 0, payload.length);
                }
                body = e.encodedLength();
                break;
            }
            case APPEND_ENTRIES_RESPONSE:
                body = appendResponseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .term(5).followerId(2).success((short)1).matchIndex(c * WRITES).conflictIndex(-1).conflictTerm(-1).readRound(c)
                    .encodedLength();
                break;
            default:
                throw new IllegalStateException(kind.name());
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + body;
    }
}
