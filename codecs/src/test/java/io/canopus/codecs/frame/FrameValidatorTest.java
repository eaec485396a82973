package io.canopus.codecs.frame;

import io.canopus.codecs.ClientOp;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.KvStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.ProposalDecoder;
import io.canopus.codecs.StateStatus;
import io.canopus.codecs.WireMessages;
import io.canopus.codecs.WireMessages.ClientRequestMsg;
import io.canopus.codecs.WireMessages.Entry;
import io.canopus.codecs.WireMessages.Held;
import io.canopus.codecs.WireMessages.KvCommandMsg;
import io.canopus.codecs.WireMessages.KvResultMsg;
import io.canopus.codecs.WireMessages.Member;
import io.canopus.codecs.WireMessages.Msg;
import io.canopus.codecs.WireMessages.ProposalMsg;
import io.canopus.codecs.WireMessages.StabilityReportMsg;
import io.canopus.codecs.WireMessages.StateHeaderMsg;
import io.canopus.codecs.WireMessages.ViewAcceptMsg;
import io.canopus.codecs.WireMessages.ViewDecidedMsg;
import io.canopus.codecs.WireMessages.ViewPromiseMsg;
import io.canopus.codecs.WireMessages.ViewQueryMsg;
import io.canopus.codecs.WireMessages.Write;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact limits, the caller-error cases and {@link FrameValidator#describe}, with hand-built frames. */
class FrameValidatorTest
{
    private final FrameValidator validator = new FrameValidator();

    @Test
    void proposalWritesUpToTheLimitAreAccepted()
    {
        assertThat(validate(proposal(MessageLimits.MAX_WRITES_PER_PROPOSAL, 0))).isEqualTo(ProposalDecoder.TEMPLATE_ID);
        assertThat(validate(proposal(MessageLimits.MAX_WRITES_PER_PROPOSAL + 1, 0)))
            .isEqualTo(Rejection.GROUP_TOO_LARGE.code());
    }

    @Test
    void payloadUpToTheLimitIsAccepted()
    {
        assertThat(validate(proposal(1, MessageLimits.MAX_PAYLOAD_BYTES))).isEqualTo(ProposalDecoder.TEMPLATE_ID);
        assertThat(validate(proposal(1, MessageLimits.MAX_PAYLOAD_BYTES + 1)))
            .isEqualTo(Rejection.VAR_DATA_TOO_LARGE.code());

        final Msg atLimit = new ClientRequestMsg(1, 2, 3, ClientOp.WRITE, new byte[MessageLimits.MAX_PAYLOAD_BYTES]);
        final Msg overLimit = new ClientRequestMsg(1, 2, 3, ClientOp.WRITE, new byte[MessageLimits.MAX_PAYLOAD_BYTES + 1]);
        assertThat(validate(atLimit)).isEqualTo(atLimit.templateId());
        assertThat(validate(overLimit)).isEqualTo(Rejection.VAR_DATA_TOO_LARGE.code());
    }

    @Test
    void kvValuesUpToTheLimitAreAccepted()
    {
        final byte[] atLimit = new byte[MessageLimits.MAX_KV_VALUE_BYTES];
        final byte[] overLimit = new byte[MessageLimits.MAX_KV_VALUE_BYTES + 1];
        assertThat(validate(new KvCommandMsg(KvOp.CAS, 1, atLimit, atLimit))).isGreaterThanOrEqualTo(0);
        assertThat(validate(new KvCommandMsg(KvOp.CAS, 1, overLimit, new byte[0])))
            .isEqualTo(Rejection.VAR_DATA_TOO_LARGE.code());
        assertThat(validate(new KvCommandMsg(KvOp.PUT, 1, new byte[0], overLimit)))
            .isEqualTo(Rejection.VAR_DATA_TOO_LARGE.code());
        assertThat(validate(new KvResultMsg(KvStatus.OK, atLimit))).isGreaterThanOrEqualTo(0);
        assertThat(validate(new KvResultMsg(KvStatus.OK, overLimit))).isEqualTo(Rejection.VAR_DATA_TOO_LARGE.code());
    }

    @Test
    void membershipGroupsUpToTheLimitAreAccepted()
    {
        final int max = MessageLimits.MAX_MEMBERSHIP_ENTRIES;
        final List<IntFunction<Msg>> builders = List.of(
            n -> new StabilityReportMsg(1, 2, 3, 4, 5, 6, held(n)),
            n -> new ViewPromiseMsg(1, 2, 3, 4, 5, 6, (short)1, 7, -1, held(n), List.of()),
            n -> new ViewPromiseMsg(1, 2, 3, 4, 5, 6, (short)1, 7, -1, List.of(), entries(n)),
            n -> new ViewAcceptMsg(1, 2, 3, 4, entries(n)),
            n -> new ViewDecidedMsg(1, 2, entries(n)));
        for (final IntFunction<Msg> builder : builders)
        {
            final Msg atLimit = builder.apply(max);
            assertThat(validate(atLimit)).as(atLimit.getClass().getSimpleName()).isEqualTo(atLimit.templateId());
            assertThat(validate(builder.apply(max + 1))).isEqualTo(Rejection.GROUP_TOO_LARGE.code());
        }
    }

    @Test
    void stateMembersUpToTheLimitAreAccepted()
    {
        final int max = MessageLimits.MAX_STATE_MEMBERS;
        final Msg atLimit = new StateHeaderMsg(1, 2, 3, 4, StateStatus.OK, (short)0, members(max));
        assertThat(validate(atLimit)).isEqualTo(atLimit.templateId());
        assertThat(validate(new StateHeaderMsg(1, 2, 3, 4, StateStatus.OK, (short)0, members(max + 1))))
            .isEqualTo(Rejection.GROUP_TOO_LARGE.code());
    }

    @Test
    void frameLongerThanTheMaximumIsRejectedBeforeItIsRead()
    {
        // 64 writes of 16 KiB: every bound but the frame's is respected.
        final byte[] frame = WireMessages.toBytes(proposal(64, MessageLimits.MAX_PAYLOAD_BYTES));
        assertThat(frame.length).isGreaterThan(MessageLimits.MAX_FRAME_LENGTH);
        assertThat(validate(frame)).isEqualTo(Rejection.FRAME_TOO_LARGE.code());

        final byte[] zeros = new byte[MessageLimits.MAX_FRAME_LENGTH + 1];
        assertThat(validate(zeros)).isEqualTo(Rejection.FRAME_TOO_LARGE.code());
        assertThat(validator.validate(new UnsafeBuffer(zeros), 0, MessageLimits.MAX_FRAME_LENGTH))
            .isEqualTo(Rejection.WRONG_SCHEMA_ID.code());
    }

    @Test
    void shortFramesAreRejected()
    {
        final byte[] frame = WireMessages.toBytes(new ViewQueryMsg(1, 2, 3));
        for (int length = 0; length < MessageHeaderDecoder.ENCODED_LENGTH; length++)
        {
            assertThat(validator.validate(new UnsafeBuffer(frame), 0, length))
                .isEqualTo(Rejection.TOO_SHORT_FOR_HEADER.code());
        }
    }

    @Test
    void callerErrorsAreReportedNotThrown()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final int outside = Rejection.FRAME_OUTSIDE_BUFFER.code();
        assertThat(validator.validate(null, 0, 10)).isEqualTo(outside);
        assertThat(validator.validate(buffer, -1, 10)).isEqualTo(outside);
        assertThat(validator.validate(buffer, 0, -1)).isEqualTo(outside);
        assertThat(validator.validate(buffer, 0, 65)).isEqualTo(outside);
        assertThat(validator.validate(buffer, 60, 5)).isEqualTo(outside);
        assertThat(validator.validate(buffer, 65, 0)).isEqualTo(outside);
        assertThat(validator.validate(buffer, Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(outside);
        assertThat(validator.validate(buffer, 1, Integer.MAX_VALUE)).isEqualTo(outside);
        assertThat(validator.validate(buffer, Integer.MIN_VALUE, 8)).isEqualTo(outside);
        assertThat(validator.counters().get(Rejection.FRAME_OUTSIDE_BUFFER)).isEqualTo(9);
    }

    @Test
    void nullEnumValuesAreRejected()
    {
        final byte[] frame = WireMessages.toBytes(new KvResultMsg(KvStatus.OK, new byte[3]));
        frame[MessageHeaderDecoder.ENCODED_LENGTH] = (byte)KvStatus.NULL_VAL.value();
        assertThat(validate(frame)).isEqualTo(Rejection.BAD_ENUM_VALUE.code());
    }

    @Test
    void aRejectionLeavesNoStateBehind()
    {
        final Msg good = proposal(3, 10);
        final byte[] frame = WireMessages.toBytes(good);
        assertThat(validator.validate(new UnsafeBuffer(frame), 0, frame.length - 1)).isNegative();
        assertThat(validate(frame)).isEqualTo(good.templateId());
        assertThat(validator.counters().total()).isEqualTo(1);
    }

    @Test
    void describeExplainsResults()
    {
        assertThat(FrameValidator.describe(ProposalDecoder.TEMPLATE_ID)).isEqualTo("Proposal (template 1)");
        assertThat(FrameValidator.describe(999)).contains("999").contains("not a message");
        assertThat(FrameValidator.describe(-999)).contains("unknown").contains("-999");
        for (final Rejection reason : Rejection.values())
        {
            assertThat(FrameValidator.describe(reason.code()))
                .startsWith(reason.name())
                .contains(String.valueOf(reason.code()))
                .contains(reason.description());
        }
        for (final int templateId : WireMessages.templateIds())
        {
            assertThat(FrameValidator.describe(templateId)).doesNotContain("not a message");
        }
    }

    private int validate(final Msg message)
    {
        return validate(WireMessages.toBytes(message));
    }

    private int validate(final byte[] frame)
    {
        return validator.validate(new UnsafeBuffer(frame), 0, frame.length);
    }

    private static ProposalMsg proposal(final int writes, final int payloadBytes)
    {
        final Write write = new Write(1, 2, new byte[payloadBytes]);
        return new ProposalMsg(1, 2, 3, 4, 5, (short)0, 6, Collections.nCopies(writes, write));
    }

    private static List<Held> held(final int n)
    {
        final List<Held> list = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            list.add(new Held(i, 1, i * 10L));
        }
        return list;
    }

    private static List<Entry> entries(final int n)
    {
        final List<Entry> list = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            list.add(new Entry(i, 1, 0, Long.MAX_VALUE, 5));
        }
        return list;
    }

    private static List<Member> members(final int n)
    {
        final List<Member> list = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            list.add(new Member(i, 1));
        }
        return list;
    }
}
