package io.canopus.codecs.frame;

import io.canopus.codecs.FrameShapes;
import io.canopus.codecs.FrameShapes.GroupShape;
import io.canopus.codecs.FrameShapes.Positions;
import io.canopus.codecs.FrameShapes.Shape;
import io.canopus.codecs.MessageArbitraries;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.WireMessages;
import io.canopus.codecs.WireMessages.Decoded;
import io.canopus.codecs.WireMessages.Msg;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeTry;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The validator refuses every malformed frame with the specific reason, never throws, and counts
 * what it refuses. Corrupted frames are built from well-formed random ones by changing exactly one
 * thing, located with {@link FrameShapes} (a layout description independent of the validator).
 */
class FrameValidatorProperties
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final Set<Rejection> TRUNCATIONS = EnumSet.of(
        Rejection.TOO_SHORT_FOR_HEADER, Rejection.TRUNCATED_BLOCK, Rejection.TRUNCATED_GROUP,
        Rejection.TRUNCATED_VAR_DATA);

    private FrameValidator validator;

    /** A fresh validator per try, so each try sees only its own rejections counted. */
    @BeforeTry
    void newValidator()
    {
        validator = new FrameValidator();
    }

    // ----- truncation

    /** Every proper prefix of a well-formed frame is refused as truncated, whatever follows it in the buffer. */
    @Property(tries = 300)
    void everyTruncationIsRejected(@ForAll("anyMessage") final Msg message)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        for (int length = 0; length < frame.length; length++)
        {
            final int result = validator.validate(buffer, 0, length);
            assertThat(Rejection.fromCode(result)).as("length %d of %d", length, frame.length).isIn(TRUNCATIONS);
        }
        assertThat(validator.counters().total()).isEqualTo(frame.length);
    }

    // ----- the header

    @Property(tries = 200)
    void wrongSchemaIdIsRejected(
        @ForAll("anyMessage") final Msg message, @ForAll @IntRange(max = 0xFFFF) final int schemaId)
    {
        Assume.that(schemaId != MessageHeaderDecoder.SCHEMA_ID);
        final byte[] frame = WireMessages.toBytes(message);
        putUint16(frame, MessageHeaderDecoder.schemaIdEncodingOffset(), schemaId);
        assertRejected(frame, Rejection.WRONG_SCHEMA_ID);
    }

    @Property(tries = 200)
    void unsupportedVersionIsRejected(@ForAll("anyMessage") final Msg message, @ForAll("badVersions") final int version)
    {
        final byte[] frame = WireMessages.toBytes(message);
        putUint16(frame, MessageHeaderDecoder.versionEncodingOffset(), version);
        assertRejected(frame, Rejection.UNSUPPORTED_VERSION);
    }

    @Property(tries = 200)
    void unknownTemplateIsRejected(
        @ForAll("anyMessage") final Msg message, @ForAll @IntRange(max = 0xFFFF) final int templateId)
    {
        Assume.that(!WireMessages.isTemplateId(templateId));
        final byte[] frame = WireMessages.toBytes(message);
        putUint16(frame, MessageHeaderDecoder.templateIdEncodingOffset(), templateId);
        assertRejected(frame, Rejection.UNKNOWN_TEMPLATE);
    }

    @Property(tries = 200)
    void tooSmallBlockLengthIsRejected(
        @ForAll("anyMessage") final Msg message, @ForAll @IntRange(max = 0xFFFF) final int anyValue)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final int minBlock = FrameShapes.of(message.templateId()).blockLength();
        putUint16(frame, MessageHeaderDecoder.blockLengthEncodingOffset(), anyValue % minBlock);
        assertRejected(frame, Rejection.BLOCK_LENGTH_TOO_SHORT);
    }

    @Property(tries = 200)
    void blockLengthBeyondTheFrameIsRejected(
        @ForAll("anyMessage") final Msg message, @ForAll @IntRange(max = 0xFFFF) final int anyValue)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final int firstTooLong = frame.length - HEADER + 1;
        Assume.that(firstTooLong <= 0xFFFF);
        final int blockLength = firstTooLong + anyValue % (0x10000 - firstTooLong);
        putUint16(frame, MessageHeaderDecoder.blockLengthEncodingOffset(), blockLength);
        assertRejected(frame, Rejection.TRUNCATED_BLOCK);
    }

    // ----- groups

    @Property(tries = 200)
    void groupCountAboveTheLimitIsRejected(
        @ForAll("messagesWithGroups") final Msg message,
        @ForAll @IntRange(max = 1) final int whichGroup,
        @ForAll @IntRange(max = 0xFFFF) final int anyValue)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final Shape shape = FrameShapes.of(message.templateId());
        final int group = whichGroup % shape.groups().size();
        final int limit = shape.groups().get(group).maxCount();
        final int count = limit + 1 + anyValue % (0xFFFF - limit);
        final int groupHeader = FrameShapes.positions(frame).groupHeaders().get(group);
        putUint16(frame, groupHeader + 2, count);
        assertRejected(frame, Rejection.GROUP_TOO_LARGE);
    }

    @Property(tries = 200)
    void tooSmallGroupBlockLengthIsRejected(
        @ForAll("messagesWithGroups") final Msg message,
        @ForAll @IntRange(max = 1) final int whichGroup,
        @ForAll @IntRange(max = 0xFFFF) final int anyValue)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final Shape shape = FrameShapes.of(message.templateId());
        final int group = whichGroup % shape.groups().size();
        final GroupShape groupShape = shape.groups().get(group);
        final int groupHeader = FrameShapes.positions(frame).groupHeaders().get(group);
        putUint16(frame, groupHeader, anyValue % groupShape.entryBlockLength());
        assertRejected(frame, Rejection.GROUP_BLOCK_LENGTH_TOO_SHORT);
    }

    /** More entries than the frame holds (but within the limit) is a truncated group. */
    @Property(tries = 200)
    void groupCountBeyondTheFrameIsRejected(
        @ForAll("messagesWithGroups") final Msg message, @ForAll @IntRange(max = 1) final int whichGroup)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final Shape shape = FrameShapes.of(message.templateId());
        final int group = whichGroup % shape.groups().size();
        final GroupShape groupShape = shape.groups().get(group);
        final int groupHeader = FrameShapes.positions(frame).groupHeaders().get(group);
        final int count = (frame.length - groupHeader) / groupShape.entryBlockLength() + 1;
        Assume.that(count <= groupShape.maxCount());
        putUint16(frame, groupHeader + 2, count);
        assertRejected(frame, Rejection.TRUNCATED_GROUP);
    }

    // ----- var data

    @Property(tries = 200)
    void varDataLongerThanTheFrameIsRejected(
        @ForAll("messagesWithVarData") final Msg message, @ForAll @IntRange(max = 0xFFFF) final int anyValue)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final Shape shape = FrameShapes.of(message.templateId());
        final int varHeader = FrameShapes.positions(frame).varDataHeaders().get(0);
        final int firstTooLong = frame.length - varHeader - 2 + 1;
        Assume.that(firstTooLong <= shape.maxVarLength());
        final int length = firstTooLong + anyValue % (shape.maxVarLength() - firstTooLong + 1);
        putUint16(frame, varHeader, length);
        assertRejected(frame, Rejection.TRUNCATED_VAR_DATA);
    }

    @Property(tries = 200)
    void varDataAboveTheLimitIsRejected(
        @ForAll("messagesWithVarData") final Msg message,
        @ForAll final boolean last,
        @ForAll @IntRange(max = 0xFFFF) final int anyValue)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final Shape shape = FrameShapes.of(message.templateId());
        final List<Integer> varHeaders = FrameShapes.positions(frame).varDataHeaders();
        final int varHeader = varHeaders.get(last ? varHeaders.size() - 1 : 0);
        final int length = shape.maxVarLength() + 1 + anyValue % (0xFFFF - shape.maxVarLength());
        putUint16(frame, varHeader, length);
        assertRejected(frame, Rejection.VAR_DATA_TOO_LARGE);
    }

    // ----- enums and trailing bytes

    @Property(tries = 200)
    void invalidEnumValueIsRejected(
        @ForAll("messagesWithEnums") final Msg message, @ForAll @IntRange(max = 255) final int raw)
    {
        final Shape shape = FrameShapes.of(message.templateId());
        Assume.that(!shape.validEnumValues()[raw]);
        final byte[] frame = WireMessages.toBytes(message);
        frame[HEADER + shape.enumOffset()] = (byte)raw;
        assertRejected(frame, Rejection.BAD_ENUM_VALUE);
    }

    @Property(tries = 200)
    void trailingBytesAreRejected(
        @ForAll("anyMessage") final Msg message, @ForAll @Size(min = 1, max = 64) final byte[] extra)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final byte[] longer = new byte[frame.length + extra.length];
        System.arraycopy(frame, 0, longer, 0, frame.length);
        System.arraycopy(extra, 0, longer, frame.length, extra.length);
        assertRejected(longer, Rejection.TRAILING_GARBAGE);
    }

    // ----- arbitrary input never throws; whatever is accepted decodes inside the frame

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll @Size(max = 2048) final byte[] bytes)
    {
        assertSafe(bytes);
    }

    /** Random bodies behind a valid header reach the group and var-data checks. */
    @Property(tries = 500)
    void randomBodiesBehindAValidHeaderNeverThrow(
        @ForAll("templateIds") final int templateId,
        @ForAll @IntRange(max = 64) final int extraBlock,
        @ForAll @Size(max = 512) final byte[] body)
    {
        final byte[] frame = new byte[HEADER + body.length];
        putUint16(frame, MessageHeaderDecoder.blockLengthEncodingOffset(),
            FrameShapes.of(templateId).blockLength() + extraBlock);
        putUint16(frame, MessageHeaderDecoder.templateIdEncodingOffset(), templateId);
        putUint16(frame, MessageHeaderDecoder.schemaIdEncodingOffset(), MessageHeaderDecoder.SCHEMA_ID);
        putUint16(frame, MessageHeaderDecoder.versionEncodingOffset(), MessageHeaderDecoder.SCHEMA_VERSION);
        System.arraycopy(body, 0, frame, HEADER, body.length);
        assertSafe(frame);
    }

    /** A few corrupted bytes anywhere in a well-formed frame: refused, or still safe to decode. */
    @Property(tries = 500)
    void corruptedFramesNeverThrow(
        @ForAll("anyMessage") final Msg message,
        @ForAll @IntRange(min = 1, max = 6) final int corruptions,
        @ForAll final long seed)
    {
        final byte[] frame = WireMessages.toBytes(message);
        final Random random = new Random(seed);
        for (int i = 0; i < corruptions; i++)
        {
            frame[random.nextInt(frame.length)] = (byte)random.nextInt(256);
        }
        assertSafe(frame);
    }

    // ----- counting

    @Property(tries = 100)
    void everyRejectionIsCountedUnderItsReason(@ForAll("mixedFrames") final List<byte[]> frames)
    {
        final Map<Rejection, Long> expected = new EnumMap<>(Rejection.class);
        long rejected = 0;
        for (final byte[] frame : frames)
        {
            final int result = validator.validate(new UnsafeBuffer(frame), 0, frame.length);
            if (result < 0)
            {
                expected.merge(Rejection.fromCode(result), 1L, Long::sum);
                rejected++;
            }
        }

        final RejectionCounters counters = validator.counters();
        assertThat(counters.total()).isEqualTo(rejected);
        for (final Rejection reason : Rejection.values())
        {
            assertThat(counters.get(reason)).as(reason.name()).isEqualTo(expected.getOrDefault(reason, 0L));
        }
    }

    // ----- helpers

    /**
     * Validation of {@code frame} does not throw and answers a template id or a known rejection; an
     * accepted frame decodes with the generated decoders, in a buffer of exactly its length, to
     * exactly its length.
     */
    private void assertSafe(final byte[] frame)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final long rejectedBefore = validator.counters().total();
        final int[] result = new int[1];
        assertThatCode(() -> result[0] = validator.validate(buffer, 0, frame.length)).doesNotThrowAnyException();
        if (result[0] >= 0)
        {
            assertThat(WireMessages.isTemplateId(result[0])).isTrue();
            final Decoded decoded = WireMessages.decode(buffer, 0);
            assertThat(decoded.length()).isEqualTo(frame.length);
            assertThat(validator.counters().total()).isEqualTo(rejectedBefore);
        }
        else
        {
            assertThat(Rejection.fromCode(result[0])).isNotNull();
            assertThat(validator.counters().total()).isEqualTo(rejectedBefore + 1);
        }
    }

    private void assertRejected(final byte[] frame, final Rejection expected)
    {
        final int result = validator.validate(new UnsafeBuffer(frame), 0, frame.length);
        assertThat(result).as(FrameValidator.describe(result)).isEqualTo(expected.code());
        assertThat(validator.counters().get(expected)).isEqualTo(1);
        assertThat(validator.counters().total()).isEqualTo(1);
    }

    private static void putUint16(final byte[] frame, final int index, final int value)
    {
        new UnsafeBuffer(frame).putShort(index, (short)value, LE);
    }

    @Provide
    Arbitrary<Msg> anyMessage()
    {
        return MessageArbitraries.anyMessage();
    }

    @Provide
    Arbitrary<Msg> messagesWithGroups()
    {
        return MessageArbitraries.messagesWithGroups();
    }

    @Provide
    Arbitrary<Msg> messagesWithVarData()
    {
        return MessageArbitraries.messagesWithVarData();
    }

    @Provide
    Arbitrary<Msg> messagesWithEnums()
    {
        return MessageArbitraries.messagesWithEnums();
    }

    @Provide
    Arbitrary<Integer> templateIds()
    {
        return Arbitraries.of(java.util.Arrays.stream(WireMessages.templateIds()).boxed().toList());
    }

    @Provide
    Arbitrary<Integer> badVersions()
    {
        return Arbitraries.oneOf(
            Arbitraries.just(0),
            Arbitraries.integers().between(MessageHeaderDecoder.SCHEMA_VERSION + 1, 0xFFFF));
    }

    /** Well-formed, truncated, corrupted and random frames mixed. */
    @Provide
    Arbitrary<List<byte[]>> mixedFrames()
    {
        final Arbitrary<byte[]> wellFormed = MessageArbitraries.anyMessage().map(WireMessages::toBytes);
        final Arbitrary<byte[]> truncated = wellFormed.flatMap(frame ->
            Arbitraries.integers().between(0, frame.length).map(n -> java.util.Arrays.copyOf(frame, n)));
        final Arbitrary<byte[]> corrupted = wellFormed.flatMap(frame ->
            Arbitraries.integers().between(0, frame.length - 1).flatMap(i ->
                Arbitraries.bytes().map(b ->
                {
                    final byte[] copy = frame.clone();
                    copy[i] = b;
                    return copy;
                })));
        final Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(256);
        return Arbitraries.oneOf(wellFormed, truncated, corrupted, random).list().ofMaxSize(40);
    }
}
