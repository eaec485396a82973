package io.canopus.sim.runtime;

import io.canopus.codecs.KvCommandEncoder;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.KvResultDecoder;
import io.canopus.codecs.KvStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.sim.check.KvOperation;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/** Key-value commands with 64-bit values, as the runtime tests send them. */
final class KvWire
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final KvCommandEncoder command = new KvCommandEncoder();
    private final MessageHeaderDecoder resultHeader = new MessageHeaderDecoder();
    private final KvResultDecoder result = new KvResultDecoder();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(16);
    final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    /** Encodes a command into {@link #buffer}; ABSENT as a value means empty bytes. */
    int encode(final KvOp op, final long key, final long expected, final long value)
    {
        command.wrapAndApplyHeader(buffer, 0, header).op(op).key(key);
        putLong(expected, true);
        putLong(value, false);
        return MessageHeaderEncoder.ENCODED_LENGTH + command.encodedLength();
    }

    private void putLong(final long value, final boolean expected)
    {
        final int length = value == KvOperation.ABSENT ? 0 : 8;
        scratch.putLong(0, value, ByteOrder.LITTLE_ENDIAN);
        if (expected)
        {
            command.putExpected(scratch, 0, length);
        }
        else
        {
            command.putValue(scratch, 0, length);
        }
    }

    /** @return the result's status. */
    KvStatus status(final DirectBuffer buffer, final int offset)
    {
        resultHeader.wrap(buffer, offset);
        result.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, resultHeader.blockLength(), resultHeader.version());
        return result.status();
    }

    /** @return the value of the result last passed to {@link #status}, or ABSENT. */
    long value()
    {
        final int length = result.valueLength();
        if (length != 8)
        {
            result.skipValue();
            return KvOperation.ABSENT;
        }
        final MutableDirectBuffer out = scratch;
        result.getValue(out, 0, 8);
        return out.getLong(0, ByteOrder.LITTLE_ENDIAN);
    }
}
