package io.canopus.codecs;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-Java model of every message of the schema, for tests: each record encodes itself with the
 * generated encoders, and {@link #decode} rebuilds a record from a frame with the generated decoders
 * (wrapped with the header's acting block length and version, so wider blocks are honoured).
 * Comparing the two with AssertJ's recursive comparison checks every field, group entry and var data.
 */
public final class WireMessages
{
    public static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;

    private WireMessages()
    {
    }

    /** A message of the schema that can write itself, header included. */
    public interface Msg
    {
        int templateId();

        /** Encodes header and body at {@code offset}; returns the frame length. */
        int encode(MutableDirectBuffer buffer, int offset);
    }

    /** The result of decoding a frame: the message and how many bytes the decoders consumed. */
    public record Decoded(Msg message, int length)
    {
    }

    // ----- group entries shared by several messages

    public record Write(long sessionId, long sequence, byte[] payload)
    {
    }

    public record Held(int memberId, int memberIncarnation, long heldThrough)
    {
    }

    public record Member(int nodeId, int incarnation)
    {
    }

    public record Entry(int nodeId, int incarnation, long fromCycle, long toCycle, long horizon)
    {
    }

    // ----- messages

    public record ProposalMsg(
        long cycle, int nodeId, int incarnation, long epoch, long random, short relayed, int senderId,
        List<Write> writes) implements Msg
    {
        public int templateId()
        {
            return ProposalEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final ProposalEncoder e = new ProposalEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.cycle(cycle).nodeId(nodeId).incarnation(incarnation).epoch(epoch).random(random).relayed(relayed)
                .senderId(senderId);
            final ProposalEncoder.WritesEncoder w = e.writesCount(writes.size());
            for (final Write write : writes)
            {
                w.next().sessionId(write.sessionId()).sequence(write.sequence())
                    .putPayload(write.payload(), 0, write.payload().length);
            }
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record StabilityReportMsg(
        int rack, int nodeId, int incarnation, long epoch, long committedCycle, long startedCycle,
        List<Held> held) implements Msg
    {
        public int templateId()
        {
            return StabilityReportEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final StabilityReportEncoder e =
                new StabilityReportEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.rack(rack).nodeId(nodeId).incarnation(incarnation).epoch(epoch).committedCycle(committedCycle)
                .startedCycle(startedCycle);
            final StabilityReportEncoder.HeldEncoder h = e.heldCount(held.size());
            for (final Held x : held)
            {
                h.next().memberId(x.memberId()).memberIncarnation(x.memberIncarnation()).heldThrough(x.heldThrough());
            }
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record ProposalPullMsg(int requesterId, long cycle, int nodeId, int incarnation) implements Msg
    {
        public int templateId()
        {
            return ProposalPullEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final ProposalPullEncoder e =
                new ProposalPullEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.requesterId(requesterId).cycle(cycle).nodeId(nodeId).incarnation(incarnation);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record StateRequestMsg(int requesterId, long cycle, int height, int vnodeIndex) implements Msg
    {
        public int templateId()
        {
            return StateRequestEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final StateRequestEncoder e =
                new StateRequestEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.requesterId(requesterId).cycle(cycle).height(height).vnodeIndex(vnodeIndex);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record StateHeaderMsg(
        int responderId, long cycle, int height, int vnodeIndex, StateStatus status, short relayed,
        List<Member> members) implements Msg
    {
        public int templateId()
        {
            return StateHeaderEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final StateHeaderEncoder e =
                new StateHeaderEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.responderId(responderId).cycle(cycle).height(height).vnodeIndex(vnodeIndex).status(status)
                .relayed(relayed);
            final StateHeaderEncoder.MembersEncoder m = e.membersCount(members.size());
            for (final Member x : members)
            {
                m.next().nodeId(x.nodeId()).incarnation(x.incarnation());
            }
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record CatchUpRequestMsg(int requesterId, long fromCycle, int maxCycles) implements Msg
    {
        public int templateId()
        {
            return CatchUpRequestEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final CatchUpRequestEncoder e =
                new CatchUpRequestEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.requesterId(requesterId).fromCycle(fromCycle).maxCycles(maxCycles);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record ViewPrepareMsg(int rack, long epoch, long ballotRound, int ballotNode) implements Msg
    {
        public int templateId()
        {
            return ViewPrepareEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final ViewPrepareEncoder e =
                new ViewPrepareEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.rack(rack).epoch(epoch).ballotRound(ballotRound).ballotNode(ballotNode);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record ViewPromiseMsg(
        int rack, long epoch, long ballotRound, int ballotNode, int nodeId, int incarnation, short ok,
        long acceptedRound, int acceptedNode, List<Held> held, List<Entry> accepted) implements Msg
    {
        public int templateId()
        {
            return ViewPromiseEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final ViewPromiseEncoder e =
                new ViewPromiseEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.rack(rack).epoch(epoch).ballotRound(ballotRound).ballotNode(ballotNode).nodeId(nodeId)
                .incarnation(incarnation).ok(ok).acceptedRound(acceptedRound).acceptedNode(acceptedNode);
            final ViewPromiseEncoder.HeldEncoder h = e.heldCount(held.size());
            for (final Held x : held)
            {
                h.next().memberId(x.memberId()).memberIncarnation(x.memberIncarnation()).heldThrough(x.heldThrough());
            }
            final ViewPromiseEncoder.AcceptedEncoder a = e.acceptedCount(accepted.size());
            for (final Entry x : accepted)
            {
                a.next().nodeId(x.nodeId()).incarnation(x.incarnation()).fromCycle(x.fromCycle())
                    .toCycle(x.toCycle()).horizon(x.horizon());
            }
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record ViewAcceptMsg(int rack, long epoch, long ballotRound, int ballotNode, List<Entry> entries)
        implements Msg
    {
        public int templateId()
        {
            return ViewAcceptEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final ViewAcceptEncoder e =
                new ViewAcceptEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.rack(rack).epoch(epoch).ballotRound(ballotRound).ballotNode(ballotNode);
            final ViewAcceptEncoder.EntriesEncoder a = e.entriesCount(entries.size());
            for (final Entry x : entries)
            {
                a.next().nodeId(x.nodeId()).incarnation(x.incarnation()).fromCycle(x.fromCycle())
                    .toCycle(x.toCycle()).horizon(x.horizon());
            }
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record ViewAcceptedMsg(
        int rack, long epoch, long ballotRound, int ballotNode, int nodeId, int incarnation, short ok) implements Msg
    {
        public int templateId()
        {
            return ViewAcceptedEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final ViewAcceptedEncoder e =
                new ViewAcceptedEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.rack(rack).epoch(epoch).ballotRound(ballotRound).ballotNode(ballotNode).nodeId(nodeId)
                .incarnation(incarnation).ok(ok);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record ViewDecidedMsg(int rack, long epoch, List<Entry> entries) implements Msg
    {
        public int templateId()
        {
            return ViewDecidedEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final ViewDecidedEncoder e =
                new ViewDecidedEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.rack(rack).epoch(epoch);
            final ViewDecidedEncoder.EntriesEncoder a = e.entriesCount(entries.size());
            for (final Entry x : entries)
            {
                a.next().nodeId(x.nodeId()).incarnation(x.incarnation()).fromCycle(x.fromCycle())
                    .toCycle(x.toCycle()).horizon(x.horizon());
            }
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record JoinRequestMsg(int rack, int nodeId, int incarnation, long committedCycle) implements Msg
    {
        public int templateId()
        {
            return JoinRequestEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final JoinRequestEncoder e =
                new JoinRequestEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.rack(rack).nodeId(nodeId).incarnation(incarnation).committedCycle(committedCycle);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record ViewQueryMsg(int rack, int nodeId, long epoch) implements Msg
    {
        public int templateId()
        {
            return ViewQueryEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final ViewQueryEncoder e = new ViewQueryEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.rack(rack).nodeId(nodeId).epoch(epoch);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record RestartStatusMsg(long committedCycle, long highestEpoch, int nodeId, int incarnation, int seedIncarnation)
        implements Msg
    {
        public int templateId()
        {
            return RestartStatusEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final RestartStatusEncoder e =
                new RestartStatusEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.committedCycle(committedCycle).highestEpoch(highestEpoch).nodeId(nodeId).incarnation(incarnation)
                .seedIncarnation(seedIncarnation);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record ClientHelloMsg(long clientId, int responseStreamId, byte[] responseChannel) implements Msg
    {
        public int templateId()
        {
            return ClientHelloEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final ClientHelloEncoder e =
                new ClientHelloEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.clientId(clientId).responseStreamId(responseStreamId).putResponseChannel(responseChannel, 0, responseChannel.length);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record ClientRequestMsg(long clientId, long sessionId, long sequence, ClientOp op, byte[] payload)
        implements Msg
    {
        public int templateId()
        {
            return ClientRequestEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final ClientRequestEncoder e =
                new ClientRequestEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.clientId(clientId).sessionId(sessionId).sequence(sequence).op(op).putPayload(payload, 0, payload.length);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record ClientResponseMsg(
        long clientId, long sessionId, long sequence, ClientStatus status, int nodeHint, long cycle, byte[] payload)
        implements Msg
    {
        public int templateId()
        {
            return ClientResponseEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final ClientResponseEncoder e =
                new ClientResponseEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.clientId(clientId).sessionId(sessionId).sequence(sequence).status(status).nodeHint(nodeHint).cycle(cycle)
                .putPayload(payload, 0, payload.length);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record KvCommandMsg(KvOp op, long key, byte[] expected, byte[] value) implements Msg
    {
        public int templateId()
        {
            return KvCommandEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final KvCommandEncoder e = new KvCommandEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.op(op).key(key).putExpected(expected, 0, expected.length).putValue(value, 0, value.length);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    public record KvResultMsg(KvStatus status, byte[] value) implements Msg
    {
        public int templateId()
        {
            return KvResultEncoder.TEMPLATE_ID;
        }

        public int encode(final MutableDirectBuffer buffer, final int offset)
        {
            final KvResultEncoder e = new KvResultEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
            e.status(status).putValue(value, 0, value.length);
            return HEADER_LENGTH + e.encodedLength();
        }
    }

    // ----- helpers

    /** Encodes {@code message} into a byte array of exactly its frame length. */
    public static byte[] toBytes(final Msg message)
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[2 * 1024 * 1024]);
        final int length = message.encode(scratch, 0);
        final byte[] frame = new byte[length];
        scratch.getBytes(0, frame);
        return frame;
    }

    /**
     * Decodes a frame with the generated decoders. Honours the header's block length and version,
     * and every group's block length, as a real receiver would.
     */
    public static Decoded decode(final DirectBuffer buffer, final int offset)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        final int body = offset + HEADER_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case ProposalDecoder.TEMPLATE_ID:
            {
                final ProposalDecoder d = new ProposalDecoder().wrap(buffer, body, blockLength, version);
                final long cycle = d.cycle();
                final int nodeId = d.nodeId();
                final int incarnation = d.incarnation();
                final long epoch = d.epoch();
                final long random = d.random();
                final short relayed = d.relayed();
                final int senderId = d.senderId();
                final List<Write> writes = new ArrayList<>();
                for (final ProposalDecoder.WritesDecoder w : d.writes())
                {
                    final long sessionId = w.sessionId();
                    final long sequence = w.sequence();
                    final byte[] payload = new byte[w.payloadLength()];
                    w.getPayload(payload, 0, payload.length);
                    writes.add(new Write(sessionId, sequence, payload));
                }
                return decoded(
                    new ProposalMsg(cycle, nodeId, incarnation, epoch, random, relayed, senderId, writes),
                    offset, d.limit());
            }
            case StabilityReportDecoder.TEMPLATE_ID:
            {
                final StabilityReportDecoder d = new StabilityReportDecoder().wrap(buffer, body, blockLength, version);
                final int rack = d.rack();
                final int nodeId = d.nodeId();
                final int incarnation = d.incarnation();
                final long epoch = d.epoch();
                final long committedCycle = d.committedCycle();
                final long startedCycle = d.startedCycle();
                final List<Held> held = new ArrayList<>();
                for (final StabilityReportDecoder.HeldDecoder h : d.held())
                {
                    held.add(new Held(h.memberId(), h.memberIncarnation(), h.heldThrough()));
                }
                return decoded(
                    new StabilityReportMsg(rack, nodeId, incarnation, epoch, committedCycle, startedCycle, held),
                    offset, d.limit());
            }
            case ProposalPullDecoder.TEMPLATE_ID:
            {
                final ProposalPullDecoder d = new ProposalPullDecoder().wrap(buffer, body, blockLength, version);
                return decoded(
                    new ProposalPullMsg(d.requesterId(), d.cycle(), d.nodeId(), d.incarnation()), offset, d.limit());
            }
            case StateRequestDecoder.TEMPLATE_ID:
            {
                final StateRequestDecoder d = new StateRequestDecoder().wrap(buffer, body, blockLength, version);
                return decoded(
                    new StateRequestMsg(d.requesterId(), d.cycle(), d.height(), d.vnodeIndex()), offset, d.limit());
            }
            case StateHeaderDecoder.TEMPLATE_ID:
            {
                final StateHeaderDecoder d = new StateHeaderDecoder().wrap(buffer, body, blockLength, version);
                final int responderId = d.responderId();
                final long cycle = d.cycle();
                final int height = d.height();
                final int vnodeIndex = d.vnodeIndex();
                final StateStatus status = d.status();
                final short relayed = d.relayed();
                final List<Member> members = new ArrayList<>();
                for (final StateHeaderDecoder.MembersDecoder m : d.members())
                {
                    members.add(new Member(m.nodeId(), m.incarnation()));
                }
                return decoded(
                    new StateHeaderMsg(responderId, cycle, height, vnodeIndex, status, relayed, members),
                    offset, d.limit());
            }
            case CatchUpRequestDecoder.TEMPLATE_ID:
            {
                final CatchUpRequestDecoder d = new CatchUpRequestDecoder().wrap(buffer, body, blockLength, version);
                return decoded(new CatchUpRequestMsg(d.requesterId(), d.fromCycle(), d.maxCycles()), offset, d.limit());
            }
            case ViewPrepareDecoder.TEMPLATE_ID:
            {
                final ViewPrepareDecoder d = new ViewPrepareDecoder().wrap(buffer, body, blockLength, version);
                return decoded(
                    new ViewPrepareMsg(d.rack(), d.epoch(), d.ballotRound(), d.ballotNode()), offset, d.limit());
            }
            case ViewPromiseDecoder.TEMPLATE_ID:
            {
                final ViewPromiseDecoder d = new ViewPromiseDecoder().wrap(buffer, body, blockLength, version);
                final int rack = d.rack();
                final long epoch = d.epoch();
                final long ballotRound = d.ballotRound();
                final int ballotNode = d.ballotNode();
                final int nodeId = d.nodeId();
                final int incarnation = d.incarnation();
                final short ok = d.ok();
                final long acceptedRound = d.acceptedRound();
                final int acceptedNode = d.acceptedNode();
                final List<Held> held = new ArrayList<>();
                for (final ViewPromiseDecoder.HeldDecoder h : d.held())
                {
                    held.add(new Held(h.memberId(), h.memberIncarnation(), h.heldThrough()));
                }
                final List<Entry> accepted = new ArrayList<>();
                for (final ViewPromiseDecoder.AcceptedDecoder a : d.accepted())
                {
                    accepted.add(new Entry(a.nodeId(), a.incarnation(), a.fromCycle(), a.toCycle(), a.horizon()));
                }
                return decoded(
                    new ViewPromiseMsg(rack, epoch, ballotRound, ballotNode, nodeId, incarnation, ok, acceptedRound,
                        acceptedNode, held, accepted),
                    offset, d.limit());
            }
            case ViewAcceptDecoder.TEMPLATE_ID:
            {
                final ViewAcceptDecoder d = new ViewAcceptDecoder().wrap(buffer, body, blockLength, version);
                final int rack = d.rack();
                final long epoch = d.epoch();
                final long ballotRound = d.ballotRound();
                final int ballotNode = d.ballotNode();
                final List<Entry> entries = new ArrayList<>();
                for (final ViewAcceptDecoder.EntriesDecoder a : d.entries())
                {
                    entries.add(new Entry(a.nodeId(), a.incarnation(), a.fromCycle(), a.toCycle(), a.horizon()));
                }
                return decoded(new ViewAcceptMsg(rack, epoch, ballotRound, ballotNode, entries), offset, d.limit());
            }
            case ViewAcceptedDecoder.TEMPLATE_ID:
            {
                final ViewAcceptedDecoder d = new ViewAcceptedDecoder().wrap(buffer, body, blockLength, version);
                return decoded(
                    new ViewAcceptedMsg(d.rack(), d.epoch(), d.ballotRound(), d.ballotNode(), d.nodeId(),
                        d.incarnation(), d.ok()),
                    offset, d.limit());
            }
            case ViewDecidedDecoder.TEMPLATE_ID:
            {
                final ViewDecidedDecoder d = new ViewDecidedDecoder().wrap(buffer, body, blockLength, version);
                final int rack = d.rack();
                final long epoch = d.epoch();
                final List<Entry> entries = new ArrayList<>();
                for (final ViewDecidedDecoder.EntriesDecoder a : d.entries())
                {
                    entries.add(new Entry(a.nodeId(), a.incarnation(), a.fromCycle(), a.toCycle(), a.horizon()));
                }
                return decoded(new ViewDecidedMsg(rack, epoch, entries), offset, d.limit());
            }
            case JoinRequestDecoder.TEMPLATE_ID:
            {
                final JoinRequestDecoder d = new JoinRequestDecoder().wrap(buffer, body, blockLength, version);
                return decoded(
                    new JoinRequestMsg(d.rack(), d.nodeId(), d.incarnation(), d.committedCycle()), offset, d.limit());
            }
            case ViewQueryDecoder.TEMPLATE_ID:
            {
                final ViewQueryDecoder d = new ViewQueryDecoder().wrap(buffer, body, blockLength, version);
                return decoded(new ViewQueryMsg(d.rack(), d.nodeId(), d.epoch()), offset, d.limit());
            }
            case RestartStatusDecoder.TEMPLATE_ID:
            {
                final RestartStatusDecoder d = new RestartStatusDecoder().wrap(buffer, body, blockLength, version);
                return decoded(new RestartStatusMsg(d.committedCycle(), d.highestEpoch(), d.nodeId(), d.incarnation(),
                    d.seedIncarnation()), offset, d.limit());
            }
            case ClientHelloDecoder.TEMPLATE_ID:
            {
                final ClientHelloDecoder d = new ClientHelloDecoder().wrap(buffer, body, blockLength, version);
                final long clientId = d.clientId();
                final int streamId = d.responseStreamId();
                final byte[] channel = new byte[d.responseChannelLength()];
                d.getResponseChannel(channel, 0, channel.length);
                return decoded(new ClientHelloMsg(clientId, streamId, channel), offset, d.limit());
            }
            case ClientRequestDecoder.TEMPLATE_ID:
            {
                final ClientRequestDecoder d = new ClientRequestDecoder().wrap(buffer, body, blockLength, version);
                final long clientId = d.clientId();
                final long sessionId = d.sessionId();
                final long sequence = d.sequence();
                final ClientOp op = d.op();
                final byte[] payload = new byte[d.payloadLength()];
                d.getPayload(payload, 0, payload.length);
                return decoded(new ClientRequestMsg(clientId, sessionId, sequence, op, payload), offset, d.limit());
            }
            case ClientResponseDecoder.TEMPLATE_ID:
            {
                final ClientResponseDecoder d = new ClientResponseDecoder().wrap(buffer, body, blockLength, version);
                final long clientId = d.clientId();
                final long sessionId = d.sessionId();
                final long sequence = d.sequence();
                final ClientStatus status = d.status();
                final int nodeHint = d.nodeHint();
                final long cycle = d.cycle();
                final byte[] payload = new byte[d.payloadLength()];
                d.getPayload(payload, 0, payload.length);
                return decoded(
                    new ClientResponseMsg(clientId, sessionId, sequence, status, nodeHint, cycle, payload),
                    offset, d.limit());
            }
            case KvCommandDecoder.TEMPLATE_ID:
            {
                final KvCommandDecoder d = new KvCommandDecoder().wrap(buffer, body, blockLength, version);
                final KvOp op = d.op();
                final long key = d.key();
                final byte[] expected = new byte[d.expectedLength()];
                d.getExpected(expected, 0, expected.length);
                final byte[] value = new byte[d.valueLength()];
                d.getValue(value, 0, value.length);
                return decoded(new KvCommandMsg(op, key, expected, value), offset, d.limit());
            }
            case KvResultDecoder.TEMPLATE_ID:
            {
                final KvResultDecoder d = new KvResultDecoder().wrap(buffer, body, blockLength, version);
                final KvStatus status = d.status();
                final byte[] value = new byte[d.valueLength()];
                d.getValue(value, 0, value.length);
                return decoded(new KvResultMsg(status, value), offset, d.limit());
            }
            default:
                throw new IllegalArgumentException("not a template of the schema: " + header.templateId());
        }
    }

    /** Every template id of the schema, in schema order. */
    public static int[] templateIds()
    {
        return new int[] {
            ProposalDecoder.TEMPLATE_ID, StabilityReportDecoder.TEMPLATE_ID, ProposalPullDecoder.TEMPLATE_ID,
            StateRequestDecoder.TEMPLATE_ID, StateHeaderDecoder.TEMPLATE_ID, CatchUpRequestDecoder.TEMPLATE_ID,
            ViewPrepareDecoder.TEMPLATE_ID, ViewPromiseDecoder.TEMPLATE_ID, ViewAcceptDecoder.TEMPLATE_ID,
            ViewAcceptedDecoder.TEMPLATE_ID, ViewDecidedDecoder.TEMPLATE_ID, JoinRequestDecoder.TEMPLATE_ID,
            ViewQueryDecoder.TEMPLATE_ID, RestartStatusDecoder.TEMPLATE_ID, ClientRequestDecoder.TEMPLATE_ID,
            ClientResponseDecoder.TEMPLATE_ID, ClientHelloDecoder.TEMPLATE_ID,
            KvCommandDecoder.TEMPLATE_ID, KvResultDecoder.TEMPLATE_ID,
        };
    }

    /** @return true for any message id of the schema, the Raft messages (checked in RaftFramesValidationTest) included. */
    public static boolean isTemplateId(final int templateId)
    {
        return Arrays.stream(templateIds()).anyMatch(id -> id == templateId) ||
            templateId == io.canopus.codecs.RequestVoteDecoder.TEMPLATE_ID ||
            templateId == io.canopus.codecs.RequestVoteResponseDecoder.TEMPLATE_ID ||
            templateId == io.canopus.codecs.AppendEntriesDecoder.TEMPLATE_ID ||
            templateId == io.canopus.codecs.AppendEntriesResponseDecoder.TEMPLATE_ID ||
            templateId == io.canopus.codecs.RaftLogRecordDecoder.TEMPLATE_ID;
    }

    private static Decoded decoded(final Msg message, final int frameOffset, final int limit)
    {
        return new Decoded(message, limit - frameOffset);
    }
}
