package io.canopus.engine.raft;

import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.RaftEntryKind;
import io.canopus.codecs.RaftLogRecordDecoder;
import io.canopus.codecs.RaftLogRecordEncoder;
import io.canopus.codecs.frame.FrameValidator;
import io.canopus.codecs.frame.MessageLimits;
import io.canopus.engine.protocol.DurableLog;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What a Raft node keeps across a crash, on the engine's append-only {@link DurableLog}: the current term and
 * vote as metadata (durable when written, so a vote is never forgotten), and the log as a write-ahead journal of
 * {@code RaftLogRecord}s: an entry record per appended entry, and a truncate record when a conflicting suffix is
 * removed. Replaying the records in order rebuilds exactly the log the node had.
 */
final class RaftJournal
{
    /**
     * Metadata key of the current term and the vote in it, packed into one value so that one durable write stores
     * both: a crash can never leave a new term with the old term's vote, or forget a vote.
     */
    static final int TERM_AND_VOTE_KEY = 1;
    /** Bits of the packed value that hold the vote + 1 (node ids are below {@code ClusterTopology.MAX_NODES}). */
    private static final int VOTE_BITS = 16;
    private static final long VOTE_MASK = (1L << VOTE_BITS) - 1;
    /** Highest term the packing holds: 2^47, beyond any run. */
    static final long MAX_TERM = Long.MAX_VALUE >>> VOTE_BITS;

    private static final int MAX_RECORD_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + RaftLogRecordEncoder.BLOCK_LENGTH +
        RaftLogRecordEncoder.commandHeaderLength() + MessageLimits.MAX_PAYLOAD_BYTES;

    private final DurableLog log;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RaftLogRecordEncoder encoder = new RaftLogRecordEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RaftLogRecordDecoder decoder = new RaftLogRecordDecoder();
    private final FrameValidator validator = new FrameValidator();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_RECORD_LENGTH]);
    private final UnsafeBuffer commandView = new UnsafeBuffer(0, 0);

    RaftJournal(final DurableLog log)
    {
        this.log = log;
    }

    long term()
    {
        return log.readMetadata(TERM_AND_VOTE_KEY, 0) >>> VOTE_BITS;
    }

    int votedFor()
    {
        return (int)(log.readMetadata(TERM_AND_VOTE_KEY, 0) & VOTE_MASK) - 1;
    }

    /** Stores term and vote (-1: none) in one durable write; returns once they survive a crash. */
    void termAndVote(final long term, final int votedFor)
    {
        if (term < 0 || term > MAX_TERM || votedFor < -1 || votedFor >= VOTE_MASK)
        {
            throw new IllegalArgumentException("term " + term + ", vote " + votedFor);
        }
        log.writeMetadata(TERM_AND_VOTE_KEY, (term << VOTE_BITS) | (votedFor + 1));
    }

    void appendEntry(
        final long index, final long term, final RaftEntryKind kind, final long sessionId, final long sequence,
        final DirectBuffer command, final int offset, final int length)
    {
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .index(index).term(term).kind(kind).sessionId(sessionId).sequence(sequence)
            .putCommand(command, offset, length);
        log.append(log.lastPosition() + 1, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void appendTruncate(final long fromIndex)
    {
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .index(fromIndex).term(0).kind(RaftEntryKind.TRUNCATE).sessionId(0).sequence(0)
            .putCommand(buffer, 0, 0);
        log.append(log.lastPosition() + 1, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /** @return true when the journal holds any record (the node ran before). */
    boolean isEmpty()
    {
        return log.lastPosition() == 0;
    }

    /**
     * Rebuilds {@code into} from the records.
     *
     * @throws IllegalStateException when a record is missing, malformed or out of order: a damaged journal must stop
     *                               the node rather than let it vote or replicate from a wrong log.
     */
    void replay(final RaftLog into)
    {
        final long last = log.lastPosition();
        for (long position = 1; position <= last; position++)
        {
            final int length = log.read(position, buffer, 0);
            if (length < 0)
            {
                throw new IllegalStateException("Raft journal has no record " + position + " of " + last);
            }
            final int templateId = validator.validate(buffer, 0, length);
            if (templateId != RaftLogRecordDecoder.TEMPLATE_ID)
            {
                throw new IllegalStateException("Raft journal record " + position + " is not a RaftLogRecord: " +
                    FrameValidator.describe(templateId));
            }
            headerDecoder.wrap(buffer, 0);
            decoder.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
            final long index = decoder.index();
            final RaftEntryKind kind = decoder.kind();
            if (kind == RaftEntryKind.TRUNCATE)
            {
                if (index < 1 || index > into.lastIndex() + 1)
                {
                    throw new IllegalStateException("Raft journal record " + position + " truncates from " + index +
                        " a log of " + into.lastIndex());
                }
                into.truncateFrom(index);
                continue;
            }
            if (index != into.lastIndex() + 1)
            {
                throw new IllegalStateException("Raft journal record " + position + " holds entry " + index +
                    " after entry " + into.lastIndex());
            }
            final long term = decoder.term();
            final long sessionId = decoder.sessionId();
            final long sequence = decoder.sequence();
            decoder.wrapCommand(commandView);
            into.append(term, kind, sessionId, sequence, commandView, 0, commandView.capacity());
        }
    }
}
