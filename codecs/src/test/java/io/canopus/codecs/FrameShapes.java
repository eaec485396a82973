package io.canopus.codecs;

import io.canopus.codecs.frame.MessageLimits;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The layout of every message, written out independently of the validator, so tests can find a
 * frame's group headers and var-data prefixes (to corrupt them precisely) and can re-lay a frame
 * with wider blocks (as a newer encoder would) to check forward compatibility.
 */
public final class FrameShapes
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER = GroupSizeEncodingEncoder.ENCODED_LENGTH;
    private static final int VAR_HEADER = VarDataEncodingEncoder.lengthEncodingLength();

    /** A repeating group: its entries' fixed block, how many var-data fields each entry has, and its limit. */
    public record GroupShape(int entryBlockLength, int nestedVarData, int maxCount)
    {
    }

    /**
     * A message: its fixed block, its groups in order, its var-data fields after the groups, the
     * offset of its enum field in the block (-1 when it has none) and the limit on its var data.
     */
    public record Shape(
        int templateId, int blockLength, List<GroupShape> groups, int rootVarData, int enumOffset,
        boolean[] validEnumValues, int maxVarLength)
    {
    }

    /** Where things are in one well-formed frame. */
    public record Positions(List<Integer> groupHeaders, List<Integer> varDataHeaders, int end)
    {
    }

    private FrameShapes()
    {
    }

    public static Shape of(final int templateId)
    {
        final int payload = MessageLimits.MAX_PAYLOAD_BYTES;
        final int kv = MessageLimits.MAX_KV_VALUE_BYTES;
        final int membership = MessageLimits.MAX_MEMBERSHIP_ENTRIES;
        switch (templateId)
        {
            case ProposalDecoder.TEMPLATE_ID:
                return new Shape(templateId, ProposalDecoder.BLOCK_LENGTH,
                    List.of(new GroupShape(ProposalDecoder.WritesDecoder.sbeBlockLength(), 1,
                        MessageLimits.MAX_WRITES_PER_PROPOSAL)),
                    0, -1, null, payload);
            case StabilityReportDecoder.TEMPLATE_ID:
                return new Shape(templateId, StabilityReportDecoder.BLOCK_LENGTH,
                    List.of(new GroupShape(StabilityReportDecoder.HeldDecoder.sbeBlockLength(), 0, membership)),
                    0, -1, null, 0);
            case StateHeaderDecoder.TEMPLATE_ID:
                return new Shape(templateId, StateHeaderDecoder.BLOCK_LENGTH,
                    List.of(new GroupShape(StateHeaderDecoder.MembersDecoder.sbeBlockLength(), 0,
                        MessageLimits.MAX_STATE_MEMBERS)),
                    0, StateHeaderDecoder.statusEncodingOffset(), valid(StateStatus.values()), 0);
            case ViewPromiseDecoder.TEMPLATE_ID:
                return new Shape(templateId, ViewPromiseDecoder.BLOCK_LENGTH,
                    List.of(new GroupShape(ViewPromiseDecoder.HeldDecoder.sbeBlockLength(), 0, membership),
                        new GroupShape(ViewPromiseDecoder.AcceptedDecoder.sbeBlockLength(), 0, membership)),
                    0, -1, null, 0);
            case ViewAcceptDecoder.TEMPLATE_ID:
                return new Shape(templateId, ViewAcceptDecoder.BLOCK_LENGTH,
                    List.of(new GroupShape(ViewAcceptDecoder.EntriesDecoder.sbeBlockLength(), 0, membership)),
                    0, -1, null, 0);
            case ViewDecidedDecoder.TEMPLATE_ID:
                return new Shape(templateId, ViewDecidedDecoder.BLOCK_LENGTH,
                    List.of(new GroupShape(ViewDecidedDecoder.EntriesDecoder.sbeBlockLength(), 0, membership)),
                    0, -1, null, 0);
            case ClientRequestDecoder.TEMPLATE_ID:
                return new Shape(templateId, ClientRequestDecoder.BLOCK_LENGTH, List.of(), 1,
                    ClientRequestDecoder.opEncodingOffset(), valid(ClientOp.values()), payload);
            case ClientResponseDecoder.TEMPLATE_ID:
                return new Shape(templateId, ClientResponseDecoder.BLOCK_LENGTH, List.of(), 1,
                    ClientResponseDecoder.statusEncodingOffset(), valid(ClientStatus.values()), payload);
            case KvCommandDecoder.TEMPLATE_ID:
                return new Shape(templateId, KvCommandDecoder.BLOCK_LENGTH, List.of(), 2,
                    KvCommandDecoder.opEncodingOffset(), valid(KvOp.values()), kv);
            case KvResultDecoder.TEMPLATE_ID:
                return new Shape(templateId, KvResultDecoder.BLOCK_LENGTH, List.of(), 1,
                    KvResultDecoder.statusEncodingOffset(), valid(KvStatus.values()), kv);
            case ProposalPullDecoder.TEMPLATE_ID:
                return fixed(templateId, ProposalPullDecoder.BLOCK_LENGTH);
            case StateRequestDecoder.TEMPLATE_ID:
                return fixed(templateId, StateRequestDecoder.BLOCK_LENGTH);
            case CatchUpRequestDecoder.TEMPLATE_ID:
                return fixed(templateId, CatchUpRequestDecoder.BLOCK_LENGTH);
            case ViewPrepareDecoder.TEMPLATE_ID:
                return fixed(templateId, ViewPrepareDecoder.BLOCK_LENGTH);
            case ViewAcceptedDecoder.TEMPLATE_ID:
                return fixed(templateId, ViewAcceptedDecoder.BLOCK_LENGTH);
            case JoinRequestDecoder.TEMPLATE_ID:
                return fixed(templateId, JoinRequestDecoder.BLOCK_LENGTH);
            case ViewQueryDecoder.TEMPLATE_ID:
                return fixed(templateId, ViewQueryDecoder.BLOCK_LENGTH);
            case RestartStatusDecoder.TEMPLATE_ID:
                return fixed(templateId, RestartStatusDecoder.BLOCK_LENGTH);
            case ClientHelloDecoder.TEMPLATE_ID:
                return new Shape(templateId, ClientHelloDecoder.BLOCK_LENGTH, List.of(), 1, -1, null,
                    MessageLimits.MAX_CHANNEL_LENGTH);
            default:
                throw new IllegalArgumentException("unknown template " + templateId);
        }
    }

    /** Locates the group headers and var-data prefixes of a well-formed frame starting at 0. */
    public static Positions positions(final byte[] frame)
    {
        final UnsafeBuffer b = new UnsafeBuffer(frame);
        final Shape shape = of(b.getShort(2, LE) & 0xFFFF);
        final List<Integer> groups = new ArrayList<>();
        final List<Integer> vars = new ArrayList<>();
        int p = HEADER + (b.getShort(0, LE) & 0xFFFF);
        for (final GroupShape g : shape.groups())
        {
            groups.add(p);
            final int entryBlock = b.getShort(p, LE) & 0xFFFF;
            final int count = b.getShort(p + 2, LE) & 0xFFFF;
            p += GROUP_HEADER;
            for (int i = 0; i < count; i++)
            {
                p += entryBlock;
                for (int v = 0; v < g.nestedVarData(); v++)
                {
                    vars.add(p);
                    p += VAR_HEADER + (b.getShort(p, LE) & 0xFFFF);
                }
            }
        }
        for (int v = 0; v < shape.rootVarData(); v++)
        {
            vars.add(p);
            p += VAR_HEADER + (b.getShort(p, LE) & 0xFFFF);
        }
        return new Positions(groups, vars, p);
    }

    /**
     * Re-lays a well-formed frame as an encoder of a newer schema version could: the root block
     * {@code extraRoot} bytes wider and every group entry {@code extraEntry} bytes wider, the extra
     * bytes random, the header's version unchanged. A reader must skip the extra bytes.
     */
    public static byte[] widen(final byte[] frame, final int extraRoot, final int extraEntry, final Random random)
    {
        final UnsafeBuffer b = new UnsafeBuffer(frame);
        final Shape shape = of(b.getShort(2, LE) & 0xFFFF);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int blockLength = b.getShort(0, LE) & 0xFFFF;
        putShort(out, blockLength + extraRoot);
        out.write(frame, 2, HEADER - 2);
        out.write(frame, HEADER, blockLength);
        filler(out, extraRoot, random);
        int p = HEADER + blockLength;
        for (final GroupShape g : shape.groups())
        {
            final int entryBlock = b.getShort(p, LE) & 0xFFFF;
            final int count = b.getShort(p + 2, LE) & 0xFFFF;
            putShort(out, entryBlock + extraEntry);
            putShort(out, count);
            p += GROUP_HEADER;
            for (int i = 0; i < count; i++)
            {
                out.write(frame, p, entryBlock);
                filler(out, extraEntry, random);
                p += entryBlock;
                for (int v = 0; v < g.nestedVarData(); v++)
                {
                    final int length = VAR_HEADER + (b.getShort(p, LE) & 0xFFFF);
                    out.write(frame, p, length);
                    p += length;
                }
            }
        }
        out.write(frame, p, frame.length - p);
        return out.toByteArray();
    }

    private static Shape fixed(final int templateId, final int blockLength)
    {
        return new Shape(templateId, blockLength, List.of(), 0, -1, null, 0);
    }

    private static boolean[] valid(final Enum<?>[] values)
    {
        final boolean[] table = new boolean[256];
        for (final Enum<?> value : values)
        {
            if (!"NULL_VAL".equals(value.name()))
            {
                table[rawValue(value)] = true;
            }
        }
        return table;
    }

    private static int rawValue(final Enum<?> value)
    {
        if (value instanceof ClientOp v)
        {
            return v.value();
        }
        if (value instanceof ClientStatus v)
        {
            return v.value();
        }
        if (value instanceof StateStatus v)
        {
            return v.value();
        }
        if (value instanceof KvOp v)
        {
            return v.value();
        }
        if (value instanceof KvStatus v)
        {
            return v.value();
        }
        throw new IllegalArgumentException(String.valueOf(value));
    }

    private static void putShort(final ByteArrayOutputStream out, final int value)
    {
        out.write(value & 0xFF);
        out.write((value >>> 8) & 0xFF);
    }

    private static void filler(final ByteArrayOutputStream out, final int count, final Random random)
    {
        for (int i = 0; i < count; i++)
        {
            out.write(random.nextInt(256));
        }
    }
}
