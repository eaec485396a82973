package io.canopus.codecs;

import io.canopus.codecs.WireMessages.ClientHelloMsg;
import io.canopus.codecs.WireMessages.ClientRequestMsg;
import io.canopus.codecs.WireMessages.RestartStatusMsg;
import io.canopus.codecs.WireMessages.ClientResponseMsg;
import io.canopus.codecs.WireMessages.CatchUpRequestMsg;
import io.canopus.codecs.WireMessages.Decoded;
import io.canopus.codecs.WireMessages.JoinRequestMsg;
import io.canopus.codecs.WireMessages.KvCommandMsg;
import io.canopus.codecs.WireMessages.KvResultMsg;
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
import io.canopus.codecs.frame.FrameValidator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeTry;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every message of the schema survives encode, validate, decode: the validator answers its
 * template id and the generated decoders give back every field, group entry and var-data byte.
 * Frames are checked in buffers of exactly their length, so a decoder read past the frame would
 * throw (Agrona bounds checks are on in tests).
 */
class RoundTripProperties
{
    private static final int TRIES = 250;

    private FrameValidator validator;

    /** A fresh validator per try: each try must see no rejection at all. */
    @BeforeTry
    void newValidator()
    {
        validator = new FrameValidator();
    }

    @Property(tries = TRIES)
    void proposalRoundTrips(@ForAll("proposals") final ProposalMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void stabilityReportRoundTrips(@ForAll("stabilityReports") final StabilityReportMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void proposalPullRoundTrips(@ForAll("proposalPulls") final ProposalPullMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void stateRequestRoundTrips(@ForAll("stateRequests") final StateRequestMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void stateHeaderRoundTrips(@ForAll("stateHeaders") final StateHeaderMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void catchUpRequestRoundTrips(@ForAll("catchUpRequests") final CatchUpRequestMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void viewPrepareRoundTrips(@ForAll("viewPrepares") final ViewPrepareMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void viewPromiseRoundTrips(@ForAll("viewPromises") final ViewPromiseMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void viewAcceptRoundTrips(@ForAll("viewAccepts") final ViewAcceptMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void viewAcceptedRoundTrips(@ForAll("viewAccepteds") final ViewAcceptedMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void viewDecidedRoundTrips(@ForAll("viewDecideds") final ViewDecidedMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void joinRequestRoundTrips(@ForAll("joinRequests") final JoinRequestMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void viewQueryRoundTrips(@ForAll("viewQueries") final ViewQueryMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void restartStatusRoundTrips(@ForAll("restartStatuses") final RestartStatusMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void clientHelloRoundTrips(@ForAll("clientHellos") final ClientHelloMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void clientRequestRoundTrips(@ForAll("clientRequests") final ClientRequestMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void clientResponseRoundTrips(@ForAll("clientResponses") final ClientResponseMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void kvCommandRoundTrips(@ForAll("kvCommands") final KvCommandMsg message)
    {
        assertRoundTrip(message);
    }

    @Property(tries = TRIES)
    void kvResultRoundTrips(@ForAll("kvResults") final KvResultMsg message)
    {
        assertRoundTrip(message);
    }

    /** The same frame anywhere in a larger buffer, surrounded by junk, validates and decodes the same. */
    @Property(tries = 300)
    void anyMessageRoundTripsAtAnyOffset(
        @ForAll("anyMessage") final Msg message,
        @ForAll @IntRange(max = 100) final int offset,
        @ForAll @IntRange(max = 100) final int slack,
        @ForAll final long seed)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final byte[] junk = new byte[offset + frame.length + slack];
        new Random(seed).nextBytes(junk);
        System.arraycopy(frame, 0, junk, offset, frame.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(junk);

        assertThat(validator.validate(buffer, offset, frame.length)).isEqualTo(message.templateId());
        assertThat(validator.counters().total()).isZero();
        final Decoded decoded = WireMessages.decode(buffer, offset);
        assertThat(decoded.length()).isEqualTo(frame.length);
        assertThat(decoded.message()).usingRecursiveComparison().isEqualTo(message);
    }

    /**
     * A newer encoder may send wider root blocks and wider group entries (fields this build does not
     * know): the validator accepts the frame and the decoders, honouring the wire block lengths,
     * give back the same message.
     */
    @Property(tries = 300)
    void widerBlocksAreHonoured(
        @ForAll("anyMessage") final Msg message,
        @ForAll @IntRange(max = 40) final int extraRoot,
        @ForAll @IntRange(max = 40) final int extraEntry,
        @ForAll final long seed)
    {
        final byte[] frame = FrameShapes.widen(WireMessages.toBytes(message), extraRoot, extraEntry, new Random(seed));
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);

        final int result = validator.validate(buffer, 0, frame.length);
        assertThat(result).as(FrameValidator.describe(result)).isEqualTo(message.templateId());
        final Decoded decoded = WireMessages.decode(buffer, 0);
        assertThat(decoded.length()).isEqualTo(frame.length);
        assertThat(decoded.message()).usingRecursiveComparison().isEqualTo(message);
    }

    /** Guards the method: the recursive comparison really compares var-data bytes by content. */
    @Example
    void recursiveComparisonSeesADifferentPayloadByte()
    {
        final ProposalMsg a = new ProposalMsg(1, 2, 3, 4, 5, (short)0, 6,
            List.of(new Write(7, 8, new byte[] {1, 2, 3})));
        final ProposalMsg same = new ProposalMsg(1, 2, 3, 4, 5, (short)0, 6,
            List.of(new Write(7, 8, new byte[] {1, 2, 3})));
        final ProposalMsg other = new ProposalMsg(1, 2, 3, 4, 5, (short)0, 6,
            List.of(new Write(7, 8, new byte[] {1, 2, 4})));

        assertThat(same).usingRecursiveComparison().isEqualTo(a);
        assertThatThrownBy(() -> assertThat(other).usingRecursiveComparison().isEqualTo(a))
            .isInstanceOf(AssertionError.class);
    }

    private void assertRoundTrip(final Msg message)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);

        final int result = validator.validate(buffer, 0, frame.length);
        assertThat(result).as(FrameValidator.describe(result)).isEqualTo(message.templateId());

        final Decoded decoded = WireMessages.decode(buffer, 0);
        assertThat(decoded.length()).isEqualTo(frame.length);
        assertThat(decoded.message()).usingRecursiveComparison().isEqualTo(message);
        assertThat(validator.counters().total()).isZero();
    }

    @Provide
    Arbitrary<Msg> anyMessage()
    {
        return MessageArbitraries.anyMessage();
    }

    @Provide
    Arbitrary<ProposalMsg> proposals()
    {
        return MessageArbitraries.proposals();
    }

    @Provide
    Arbitrary<StabilityReportMsg> stabilityReports()
    {
        return MessageArbitraries.stabilityReports();
    }

    @Provide
    Arbitrary<ProposalPullMsg> proposalPulls()
    {
        return MessageArbitraries.proposalPulls();
    }

    @Provide
    Arbitrary<StateRequestMsg> stateRequests()
    {
        return MessageArbitraries.stateRequests();
    }

    @Provide
    Arbitrary<StateHeaderMsg> stateHeaders()
    {
        return MessageArbitraries.stateHeaders();
    }

    @Provide
    Arbitrary<CatchUpRequestMsg> catchUpRequests()
    {
        return MessageArbitraries.catchUpRequests();
    }

    @Provide
    Arbitrary<ViewPrepareMsg> viewPrepares()
    {
        return MessageArbitraries.viewPrepares();
    }

    @Provide
    Arbitrary<ViewPromiseMsg> viewPromises()
    {
        return MessageArbitraries.viewPromises();
    }

    @Provide
    Arbitrary<ViewAcceptMsg> viewAccepts()
    {
        return MessageArbitraries.viewAccepts();
    }

    @Provide
    Arbitrary<ViewAcceptedMsg> viewAccepteds()
    {
        return MessageArbitraries.viewAccepteds();
    }

    @Provide
    Arbitrary<ViewDecidedMsg> viewDecideds()
    {
        return MessageArbitraries.viewDecideds();
    }

    @Provide
    Arbitrary<JoinRequestMsg> joinRequests()
    {
        return MessageArbitraries.joinRequests();
    }

    @Provide
    Arbitrary<ViewQueryMsg> viewQueries()
    {
        return MessageArbitraries.viewQueries();
    }

    @Provide
    Arbitrary<RestartStatusMsg> restartStatuses()
    {
        return MessageArbitraries.restartStatuses();
    }

    @Provide
    Arbitrary<ClientHelloMsg> clientHellos()
    {
        return MessageArbitraries.clientHellos();
    }

    @Provide
    Arbitrary<ClientRequestMsg> clientRequests()
    {
        return MessageArbitraries.clientRequests();
    }

    @Provide
    Arbitrary<ClientResponseMsg> clientResponses()
    {
        return MessageArbitraries.clientResponses();
    }

    @Provide
    Arbitrary<KvCommandMsg> kvCommands()
    {
        return MessageArbitraries.kvCommands();
    }

    @Provide
    Arbitrary<KvResultMsg> kvResults()
    {
        return MessageArbitraries.kvResults();
    }
}
