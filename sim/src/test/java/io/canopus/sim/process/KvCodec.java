package io.canopus.sim.process;

import io.canopus.codecs.KvCommandDecoder;
import io.canopus.codecs.KvCommandEncoder;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.KvResultDecoder;
import io.canopus.codecs.KvStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;

/** Key-value commands with 64-bit values (little-endian), as the runtime tests send them; ABSENT means no bytes. */
final class KvCodec
{
    static final long ABSENT = Long.MIN_VALUE;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final KvCommandEncoder commandEncoder = new KvCommandEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final KvCommandDecoder commandDecoder = new KvCommandDecoder();
    private final KvResultDecoder resultDecoder = new KvResultDecoder();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(16);
    final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    /** A decoded command or result. */
    record Kv(KvOp op, KvStatus status, long key, long value)
    {
    }

    /** Encodes a command into {@link #buffer} and returns its length. */
    int encode(final KvOp op, final long key, final long value)
    {
        commandEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).op(op).key(key);
        commandEncoder.putExpected(scratch, 0, 0);
        scratch.putLong(0, value, ByteOrder.LITTLE_ENDIAN);
        commandEncoder.putValue(scratch, 0, value == ABSENT ? 0 : 8);
        return MessageHeaderEncoder.ENCODED_LENGTH + commandEncoder.encodedLength();
    }

    /** Decodes a command, e.g. a write's payload in a journal. */
    Kv decodeCommand(final DirectBuffer src, final int offset)
    {
        headerDecoder.wrap(src, offset);
        if (headerDecoder.templateId() != KvCommandDecoder.TEMPLATE_ID)
        {
            return new Kv(null, null, ABSENT, ABSENT);
        }
        commandDecoder.wrap(src, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        final KvOp op = commandDecoder.op();
        final long key = commandDecoder.key();
        commandDecoder.skipExpected();
        final int length = commandDecoder.valueLength();
        long value = ABSENT;
        if (length == 8)
        {
            commandDecoder.getValue(scratch, 0, 8);
            value = scratch.getLong(0, ByteOrder.LITTLE_ENDIAN);
        }
        else
        {
            commandDecoder.skipValue();
        }
        return new Kv(op, null, key, value);
    }

    /** Decodes a state-machine result. */
    Kv decodeResult(final DirectBuffer src, final int offset)
    {
        headerDecoder.wrap(src, offset);
        resultDecoder.wrap(src, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        final KvStatus status = resultDecoder.status();
        final int length = resultDecoder.valueLength();
        long value = ABSENT;
        if (length == 8)
        {
            resultDecoder.getValue(scratch, 0, 8);
            value = scratch.getLong(0, ByteOrder.LITTLE_ENDIAN);
        }
        else
        {
            resultDecoder.skipValue();
        }
        return new Kv(null, status, ABSENT, value);
    }
}
