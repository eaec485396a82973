package io.canopus.codecs;

import io.canopus.codecs.WireMessages.ClientHelloMsg;
import io.canopus.codecs.WireMessages.ClientRequestMsg;
import io.canopus.codecs.WireMessages.RestartStatusMsg;
import io.canopus.codecs.frame.MessageLimits;
import io.canopus.codecs.WireMessages.ClientResponseMsg;
import io.canopus.codecs.WireMessages.CatchUpRequestMsg;
import io.canopus.codecs.WireMessages.Entry;
import io.canopus.codecs.WireMessages.Held;
import io.canopus.codecs.WireMessages.JoinRequestMsg;
import io.canopus.codecs.WireMessages.KvCommandMsg;
import io.canopus.codecs.WireMessages.KvResultMsg;
import io.canopus.codecs.WireMessages.Member;
import io.canopus.codecs.WireMessages.Msg;
import io.canopus.codecs.WireMessages.ProposalMsg;
import io.canopus.codecs.WireMessages.ProposalPullMsg;
import io.canopus.codecs.WireMessages.StabilityReportMsg;
import io.canopus.codecs.WireMessages.StateHeaderMsg;
import io.canopus.codecs.WireMessages.StateRequestMsg;
import io.canopus.codecs.WireMessages.ViewAcceptMsg;
import io.canopus.codecs.WireMessages.ViewAcceptedMsg;
import io.canopus.codecs.WireMessages.ViewDecidedMsg;
import io.canopus.codecs.WireMessages.ViewPrepareMsg;
import io.canopus.codecs.WireMessages.ViewPromiseMsg;
import io.canopus.codecs.WireMessages.ViewQueryMsg;
import io.canopus.codecs.WireMessages.Write;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.List;

/**
 * Random instances of every message. Sizes are kept small (a few groups entries, payloads up to a
 * few hundred bytes) so that the properties that try every truncation of a frame stay fast; the
 * exact limits are tested with hand-built frames.
 */
public final class MessageArbitraries
{
    private static final int MAX_ENTRIES = 12;
    private static final int MAX_BYTES = 200;

    private MessageArbitraries()
    {
    }

    /** Any message of the schema, every template equally likely. */
    public static Arbitrary<Msg> anyMessage()
    {
        return Arbitraries.oneOf(List.of(
            proposals().map(Msg.class::cast),
            stabilityReports().map(Msg.class::cast),
            proposalPulls().map(Msg.class::cast),
            stateRequests().map(Msg.class::cast),
            stateHeaders().map(Msg.class::cast),
            catchUpRequests().map(Msg.class::cast),
            viewPrepares().map(Msg.class::cast),
            viewPromises().map(Msg.class::cast),
            viewAccepts().map(Msg.class::cast),
            viewAccepteds().map(Msg.class::cast),
            viewDecideds().map(Msg.class::cast),
            joinRequests().map(Msg.class::cast),
            viewQueries().map(Msg.class::cast),
            restartStatuses().map(Msg.class::cast),
            clientHellos().map(Msg.class::cast),
            clientRequests().map(Msg.class::cast),
            clientResponses().map(Msg.class::cast),
            kvCommands().map(Msg.class::cast),
            kvResults().map(Msg.class::cast)));
    }

    /** Messages that have at least one repeating group. */
    public static Arbitrary<Msg> messagesWithGroups()
    {
        return Arbitraries.oneOf(List.of(
            proposals().map(Msg.class::cast),
            stabilityReports().map(Msg.class::cast),
            stateHeaders().map(Msg.class::cast),
            viewPromises().map(Msg.class::cast),
            viewAccepts().map(Msg.class::cast),
            viewDecideds().map(Msg.class::cast)));
    }

    /** Messages that have at least one var-data field (Proposals with at least one write). */
    public static Arbitrary<Msg> messagesWithVarData()
    {
        return Arbitraries.oneOf(List.of(
            proposals().filter(p -> !p.writes().isEmpty()).map(Msg.class::cast),
            clientHellos().map(Msg.class::cast),
            clientRequests().map(Msg.class::cast),
            clientResponses().map(Msg.class::cast),
            kvCommands().map(Msg.class::cast),
            kvResults().map(Msg.class::cast)));
    }

    /** Messages that have an enum field. */
    public static Arbitrary<Msg> messagesWithEnums()
    {
        return Arbitraries.oneOf(List.of(
            stateHeaders().map(Msg.class::cast),
            clientRequests().map(Msg.class::cast),
            clientResponses().map(Msg.class::cast),
            kvCommands().map(Msg.class::cast),
            kvResults().map(Msg.class::cast)));
    }

    public static Arbitrary<ProposalMsg> proposals()
    {
        final Arbitrary<Write> write = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), bytes())
            .as(Write::new);
        return Combinators.combine(
                Arbitraries.longs(), Arbitraries.integers(), Arbitraries.integers(), Arbitraries.longs(),
                Arbitraries.longs(), uint8(), Arbitraries.integers(), write.list().ofMaxSize(MAX_ENTRIES))
            .as(ProposalMsg::new);
    }

    public static Arbitrary<StabilityReportMsg> stabilityReports()
    {
        return Combinators.combine(
                Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers(), Arbitraries.longs(),
                Arbitraries.longs(), Arbitraries.longs(), held().list().ofMaxSize(MAX_ENTRIES))
            .as(StabilityReportMsg::new);
    }

    public static Arbitrary<ProposalPullMsg> proposalPulls()
    {
        return Combinators.combine(
                Arbitraries.integers(), Arbitraries.longs(), Arbitraries.integers(), Arbitraries.integers())
            .as(ProposalPullMsg::new);
    }

    public static Arbitrary<StateRequestMsg> stateRequests()
    {
        return Combinators.combine(
                Arbitraries.integers(), Arbitraries.longs(), Arbitraries.integers(), Arbitraries.integers())
            .as(StateRequestMsg::new);
    }

    public static Arbitrary<StateHeaderMsg> stateHeaders()
    {
        final Arbitrary<Member> member = Combinators.combine(Arbitraries.integers(), Arbitraries.integers())
            .as(Member::new);
        return Combinators.combine(
                Arbitraries.integers(), Arbitraries.longs(), Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.of(StateStatus.OK, StateStatus.UNAVAILABLE), uint8(), member.list().ofMaxSize(MAX_ENTRIES))
            .as(StateHeaderMsg::new);
    }

    public static Arbitrary<CatchUpRequestMsg> catchUpRequests()
    {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.longs(), Arbitraries.integers())
            .as(CatchUpRequestMsg::new);
    }

    public static Arbitrary<ViewPrepareMsg> viewPrepares()
    {
        return Combinators.combine(
                Arbitraries.integers(), Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers())
            .as(ViewPrepareMsg::new);
    }

    public static Arbitrary<ViewPromiseMsg> viewPromises()
    {
        // Eleven components: more than one combinator takes, so combine the fixed fields first.
        return Combinators.combine(
                Arbitraries.integers(), Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers(),
                Arbitraries.integers(), Arbitraries.integers(), uint8(), Arbitraries.longs())
            .flatAs((rack, epoch, ballotRound, ballotNode, nodeId, incarnation, ok, acceptedRound) ->
                Combinators.combine(
                        Arbitraries.integers(), held().list().ofMaxSize(MAX_ENTRIES),
                        entry().list().ofMaxSize(MAX_ENTRIES))
                    .as((acceptedNode, held, accepted) -> new ViewPromiseMsg(
                        rack, epoch, ballotRound, ballotNode, nodeId, incarnation, ok, acceptedRound, acceptedNode,
                        held, accepted)));
    }

    public static Arbitrary<ViewAcceptMsg> viewAccepts()
    {
        return Combinators.combine(
                Arbitraries.integers(), Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers(),
                entry().list().ofMaxSize(MAX_ENTRIES))
            .as(ViewAcceptMsg::new);
    }

    public static Arbitrary<ViewAcceptedMsg> viewAccepteds()
    {
        return Combinators.combine(
                Arbitraries.integers(), Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers(),
                Arbitraries.integers(), Arbitraries.integers(), uint8())
            .as(ViewAcceptedMsg::new);
    }

    public static Arbitrary<ViewDecidedMsg> viewDecideds()
    {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.longs(), entry().list().ofMaxSize(MAX_ENTRIES))
            .as(ViewDecidedMsg::new);
    }

    public static Arbitrary<JoinRequestMsg> joinRequests()
    {
        return Combinators.combine(
                Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers(), Arbitraries.longs())
            .as(JoinRequestMsg::new);
    }

    public static Arbitrary<ViewQueryMsg> viewQueries()
    {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers(), Arbitraries.longs())
            .as(ViewQueryMsg::new);
    }

    public static Arbitrary<RestartStatusMsg> restartStatuses()
    {
        return Combinators.combine(
                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.integers())
            .as(RestartStatusMsg::new);
    }

    public static Arbitrary<ClientHelloMsg> clientHellos()
    {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(MessageLimits.MAX_CHANNEL_LENGTH))
            .as(ClientHelloMsg::new);
    }

    public static Arbitrary<ClientRequestMsg> clientRequests()
    {
        return Combinators.combine(
                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(),
                Arbitraries.of(ClientOp.WRITE, ClientOp.READ), bytes())
            .as(ClientRequestMsg::new);
    }

    public static Arbitrary<ClientResponseMsg> clientResponses()
    {
        return Combinators.combine(
                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(),
                Arbitraries.of(ClientStatus.class).filter(s -> s != ClientStatus.NULL_VAL), Arbitraries.integers(),
                Arbitraries.longs(), bytes())
            .as(ClientResponseMsg::new);
    }

    public static Arbitrary<KvCommandMsg> kvCommands()
    {
        return Combinators.combine(
                Arbitraries.of(KvOp.class).filter(op -> op != KvOp.NULL_VAL), Arbitraries.longs(), bytes(), bytes())
            .as(KvCommandMsg::new);
    }

    public static Arbitrary<KvResultMsg> kvResults()
    {
        return Combinators.combine(Arbitraries.of(KvStatus.class).filter(s -> s != KvStatus.NULL_VAL), bytes())
            .as(KvResultMsg::new);
    }

    private static Arbitrary<Held> held()
    {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers(), Arbitraries.longs())
            .as(Held::new);
    }

    private static Arbitrary<Entry> entry()
    {
        return Combinators.combine(
                Arbitraries.integers(), Arbitraries.integers(), Arbitraries.longs(), Arbitraries.longs(),
                Arbitraries.longs())
            .as(Entry::new);
    }

    private static Arbitrary<byte[]> bytes()
    {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(MAX_BYTES);
    }

    /** Any raw uint8, the null value 255 included: these fields are plain numbers to the codec. */
    private static Arbitrary<Short> uint8()
    {
        return Arbitraries.shorts().between((short)0, (short)255);
    }
}
