package io.canopus.codecs.frame;

import io.canopus.codecs.AppendEntriesEncoder;
import io.canopus.codecs.AppendEntriesResponseEncoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.RaftEntryKind;
import io.canopus.codecs.RaftLogRecordEncoder;
import io.canopus.codecs.RequestVoteEncoder;
import io.canopus.codecs.RequestVoteResponseEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Raft messages go through the same bounds checks as Canopus's: every field checked before it is read. */
class RaftFramesValidationTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final FrameValidator validator = new FrameValidator();

    private int appendEntries(final int entries)
    {
        final AppendEntriesEncoder e = new AppendEntriesEncoder().wrapAndApplyHeader(buffer, 0, header)
            .term(3).leaderId(1).prevLogIndex(4).prevLogTerm(2).leaderCommit(4).readRound(7);
        final AppendEntriesEncoder.EntriesEncoder group = e.entriesCount(entries);
        for (int i = 0; i < entries; i++)
        {
            group.next().term(3).kind(RaftEntryKind.WRITE).sessionId(9).sequence(i).putCommand(new byte[]{1, 2, 3, 4}, 0, 4);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    @Test
    void wellFormedRaftMessagesAreAccepted()
    {
        assertThat(validator.validate(buffer, 0, appendEntries(3))).isEqualTo(AppendEntriesEncoder.TEMPLATE_ID);
        assertThat(validator.validate(buffer, 0, appendEntries(0))).isEqualTo(AppendEntriesEncoder.TEMPLATE_ID);
        final RequestVoteEncoder vote = new RequestVoteEncoder().wrapAndApplyHeader(buffer, 0, header)
            .term(1).candidateId(2).lastLogIndex(0).lastLogTerm(0).preVote((short)1);
        assertThat(validator.validate(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + vote.encodedLength()))
            .isEqualTo(RequestVoteEncoder.TEMPLATE_ID);
        final RequestVoteResponseEncoder answer = new RequestVoteResponseEncoder().wrapAndApplyHeader(buffer, 0, header)
            .term(1).voterId(2).granted((short)1).preVote((short)0).requestTerm(1);
        assertThat(validator.validate(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + answer.encodedLength()))
            .isEqualTo(RequestVoteResponseEncoder.TEMPLATE_ID);
        final AppendEntriesResponseEncoder ack = new AppendEntriesResponseEncoder().wrapAndApplyHeader(buffer, 0, header)
            .term(1).followerId(2).success((short)1).matchIndex(5).conflictIndex(0).conflictTerm(-1).readRound(3);
        assertThat(validator.validate(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + ack.encodedLength()))
            .isEqualTo(AppendEntriesResponseEncoder.TEMPLATE_ID);
        assertThat(validator.counters().total()).isZero();
    }

    @Test
    void everyTruncationOfAnAppendEntriesIsRejected()
    {
        final int length = appendEntries(3);
        for (int cut = 0; cut < length; cut++)
        {
            assertThat(validator.validate(buffer, 0, cut)).as("cut at %d", cut).isNegative();
        }
        assertThat(validator.counters().total()).isEqualTo(length);
    }

    @Test
    void tooManyEntriesAndUnknownEntryKindsAreRejected()
    {
        final int length = appendEntries(1);
        final int countOffset = MessageHeaderEncoder.ENCODED_LENGTH + AppendEntriesEncoder.BLOCK_LENGTH + 2;
        buffer.putShort(countOffset, (short)(MessageLimits.MAX_RAFT_ENTRIES_PER_APPEND + 1));
        assertThat(validator.validate(buffer, 0, length)).isEqualTo(Rejection.GROUP_TOO_LARGE.code());

        appendEntries(1);
        final int kindOffset = countOffset + 2 + 8; // the entry's term, then its kind
        buffer.putByte(kindOffset, (byte)77);
        assertThat(validator.validate(buffer, 0, length)).isEqualTo(Rejection.BAD_ENUM_VALUE.code());
    }

    @Test
    void aJournalRecordWithAnUnknownKindIsRejected()
    {
        final RaftLogRecordEncoder record = new RaftLogRecordEncoder().wrapAndApplyHeader(buffer, 0, header)
            .index(1).term(1).kind(RaftEntryKind.NOOP).sessionId(0).sequence(0).putCommand(new byte[0], 0, 0);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength();
        assertThat(validator.validate(buffer, 0, length)).isEqualTo(RaftLogRecordEncoder.TEMPLATE_ID);
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + RaftLogRecordEncoder.kindEncodingOffset(), (byte)9);
        assertThat(validator.validate(buffer, 0, length)).isEqualTo(Rejection.BAD_ENUM_VALUE.code());
    }
}
