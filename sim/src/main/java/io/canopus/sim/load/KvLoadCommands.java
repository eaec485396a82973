package io.canopus.sim.load;

import io.canopus.codecs.KvCommandEncoder;
import io.canopus.codecs.KvOp;
import io.canopus.codecs.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * A PUT and a GET {@code KvCommand}, each encoded once into its own buffer; per operation only the
 * key field is rewritten in place, so sending allocates and copies nothing. PUT values are
 * {@code valueBytes} random bytes, the same for every PUT.
 */
public final class KvLoadCommands
{
    private final UnsafeBuffer putBuffer;
    private final UnsafeBuffer getBuffer;
    private final KvCommandEncoder putEncoder = new KvCommandEncoder();
    private final KvCommandEncoder getEncoder = new KvCommandEncoder();
    private final int putLength;
    private final int getLength;

    /**
     * @param valueBytes bytes of the PUT value.
     * @param seed       seed of the value's bytes.
     */
    public KvLoadCommands(final int valueBytes, final long seed)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final byte[] value = new byte[valueBytes];
        new SplittableRandom(seed).nextBytes(value);
        putBuffer = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH + KvCommandEncoder.BLOCK_LENGTH + 8 + valueBytes]);
        putEncoder.wrapAndApplyHeader(putBuffer, 0, header).op(KvOp.PUT).key(0);
        putEncoder.putExpected(value, 0, 0);
        putEncoder.putValue(value, 0, valueBytes);
        putLength = MessageHeaderEncoder.ENCODED_LENGTH + putEncoder.encodedLength();
        getBuffer = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH + KvCommandEncoder.BLOCK_LENGTH + 8]);
        getEncoder.wrapAndApplyHeader(getBuffer, 0, header).op(KvOp.GET).key(0);
        getEncoder.putExpected(value, 0, 0);
        getEncoder.putValue(value, 0, 0);
        getLength = MessageHeaderEncoder.ENCODED_LENGTH + getEncoder.encodedLength();
    }

    /** Points the PUT at {@code key}; @return its length in {@link #putBuffer()}. */
    public int put(final long key)
    {
        putEncoder.key(key);
        return putLength;
    }

    /** Points the GET at {@code key}; @return its length in {@link #getBuffer()}. */
    public int get(final long key)
    {
        getEncoder.key(key);
        return getLength;
    }

    /** The encoded PUT, at offset 0. */
    public DirectBuffer putBuffer()
    {
        return putBuffer;
    }

    /** The encoded GET, at offset 0. */
    public DirectBuffer getBuffer()
    {
        return getBuffer;
    }
}
