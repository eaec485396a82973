package io.canopus.engine.statemachine;

import io.canopus.codecs.KvCommandDecoder;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.KvResultEncoder;
import io.canopus.codecs.KvStatus;
import io.canopus.codecs.MessageHeaderDecoder;
import io.canopus.codecs.MessageHeaderEncoder;
import io.canopus.codecs.frame.FrameValidator;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The default state machine: a map from 64-bit keys to byte values, driven by SBE
 * {@code KvCommand}s (GET, PUT, compare-and-set) and answering with {@code KvResult}s.
 * Values are kept in arrays that are reused when a key is overwritten with a value of the same
 * size, so a steady workload over a fixed key set does not allocate.
 */
public final class KeyValueStateMachine implements StateMachine
{
    /**
     * Largest value accepted; bigger commands are answered BAD_COMMAND. Room for the 1344-byte
     * messages of Aeron's benchmarks, and a PUT of this size still fits the client's 2 KiB payload.
     */
    public static final int MAX_VALUE_LENGTH = 1536;
    private static final int SNAPSHOT_MAGIC = 0x4B563031; // "KV01"

    private final Long2ObjectHashMap<byte[]> values = new Long2ObjectHashMap<>();
    private final FrameValidator validator = new FrameValidator();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final KvCommandDecoder commandDecoder = new KvCommandDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final KvResultEncoder resultEncoder = new KvResultEncoder();
    private final byte[] expectedScratch = new byte[MAX_VALUE_LENGTH];

    @Override
    public int apply(final DirectBuffer command, final int offset, final int length, final MutableDirectBuffer result, final int resultOffset)
    {
        if (!wrapCommand(command, offset, length))
        {
            return encode(result, resultOffset, KvStatus.BAD_COMMAND, null);
        }
        final KvOp op = commandDecoder.op();
        final long key = commandDecoder.key();
        final int expectedLength = commandDecoder.expectedLength();
        if (expectedLength > MAX_VALUE_LENGTH)
        {
            return encode(result, resultOffset, KvStatus.BAD_COMMAND, null);
        }
        commandDecoder.getExpected(expectedScratch, 0, expectedLength);
        final int valueLength = commandDecoder.valueLength();
        if (valueLength > MAX_VALUE_LENGTH)
        {
            return encode(result, resultOffset, KvStatus.BAD_COMMAND, null);
        }
        final byte[] current = values.get(key);
        switch (op)
        {
            case GET:
                return encode(result, resultOffset, current == null ? KvStatus.NOT_FOUND : KvStatus.OK, current);
            case PUT:
                store(key, current, valueLength);
                return encode(result, resultOffset, KvStatus.OK, null);
            case CAS:
            {
                // An empty "expected" means "the key must be absent".
                final boolean matches = expectedLength == 0 ? current == null :
                    current != null && equalsScratch(current, expectedLength);
                if (!matches)
                {
                    return encode(result, resultOffset, KvStatus.CAS_FAILED, current);
                }
                store(key, current, valueLength);
                return encode(result, resultOffset, KvStatus.OK, null);
            }
            default:
                return encode(result, resultOffset, KvStatus.BAD_COMMAND, null);
        }
    }

    @Override
    public int read(final DirectBuffer query, final int offset, final int length, final MutableDirectBuffer result, final int resultOffset)
    {
        if (!wrapCommand(query, offset, length) || commandDecoder.op() != KvOp.GET)
        {
            return encode(result, resultOffset, KvStatus.BAD_COMMAND, null);
        }
        final byte[] current = values.get(commandDecoder.key());
        return encode(result, resultOffset, current == null ? KvStatus.NOT_FOUND : KvStatus.OK, current);
    }

    @Override
    public void reset()
    {
        values.clear();
    }

    /** Writes the keys in ascending order (so equal states give equal snapshots), each with its value. */
    @Override
    public void snapshot(final DataOutput out) throws IOException
    {
        final long[] keys = new long[values.size()];
        int n = 0;
        for (final Long2ObjectHashMap<byte[]>.KeyIterator it = values.keySet().iterator(); it.hasNext(); )
        {
            keys[n++] = it.nextLong();
        }
        Arrays.sort(keys);
        out.writeInt(SNAPSHOT_MAGIC);
        out.writeInt(n);
        for (final long key : keys)
        {
            final byte[] value = values.get(key);
            out.writeLong(key);
            out.writeInt(value.length);
            out.write(value);
        }
    }

    @Override
    public void restore(final DataInput in) throws IOException
    {
        if (in.readInt() != SNAPSHOT_MAGIC)
        {
            throw new IOException("not a key-value snapshot (bad magic)");
        }
        final int n = in.readInt();
        if (n < 0)
        {
            throw new IOException("malformed key-value snapshot: " + n + " keys");
        }
        values.clear();
        for (int i = 0; i < n; i++)
        {
            final long key = in.readLong();
            final int length = in.readInt();
            if (length < 0 || length > MAX_VALUE_LENGTH)
            {
                throw new IOException("malformed key-value snapshot: value of " + length + " bytes for key " + key);
            }
            final byte[] value = new byte[length];
            in.readFully(value);
            values.put(key, value);
        }
    }

    /** @return the number of keys held. */
    public int size()
    {
        return values.size();
    }

    /**
     * A state machine must never throw on a committed command (every replica would fail the same
     * way), so the whole frame is checked first: lengths, var data and the op's enum value.
     */
    private boolean wrapCommand(final DirectBuffer buffer, final int offset, final int length)
    {
        if (validator.validate(buffer, offset, length) != KvCommandDecoder.TEMPLATE_ID)
        {
            return false;
        }
        headerDecoder.wrap(buffer, offset);
        commandDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        return true;
    }

    private boolean equalsScratch(final byte[] current, final int expectedLength)
    {
        if (current.length != expectedLength)
        {
            return false;
        }
        for (int i = 0; i < expectedLength; i++)
        {
            if (current[i] != expectedScratch[i])
            {
                return false;
            }
        }
        return true;
    }

    private void store(final long key, final byte[] current, final int valueLength)
    {
        final byte[] target = current != null && current.length == valueLength ? current : new byte[valueLength];
        commandDecoder.getValue(target, 0, valueLength);
        if (target != current)
        {
            values.put(key, target);
        }
    }

    private int encode(final MutableDirectBuffer result, final int resultOffset, final KvStatus status, final byte[] value)
    {
        resultEncoder.wrapAndApplyHeader(result, resultOffset, headerEncoder);
        resultEncoder.status(status);
        if (value == null)
        {
            resultEncoder.putValue(expectedScratch, 0, 0);
        }
        else
        {
            resultEncoder.putValue(value, 0, value.length);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + resultEncoder.encodedLength();
    }
}
