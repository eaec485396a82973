package io.canopus.sim.host;

import io.canopus.engine.protocol.DurableLog;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * The simulated disk of one node: a {@link DurableLog} in memory that outlives the node instances
 * using it. A simulated crash drops the node and everything else it held, but not this object, so a
 * restarted node finds exactly what it made durable. Every append and metadata write is durable as
 * soon as it returns (the simulator models no lost page cache).
 * <p>
 * Records are copied into one growing byte array with an offset per position, so a long run holds
 * few objects; metadata keys are few, so they sit in small parallel arrays scanned linearly, which
 * avoids boxing on every write.
 */
public final class InMemoryDurableLog implements DurableLog
{
    private byte[] data = new byte[64 * 1024];
    private int dataLength;
    private int[] offsets = new int[1024]; // offsets[i] = start of position i + 1; offsets[count] = end
    private long count;

    private int[] metaKeys = new int[8];
    private long[] metaValues = new long[8];
    private int metaCount;

    private long appends;
    private long metadataWrites;

    @Override
    public long lastPosition()
    {
        return count;
    }

    /** @return the position of the first record held (1, as this log never truncates). */
    public long firstPosition()
    {
        return 1;
    }

    @Override
    public void append(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        if (position != count + 1)
        {
            throw new IllegalStateException("append at position " + position + " but the log ends at " + count +
                " (must append " + (count + 1) + ")");
        }
        if (length < 0)
        {
            throw new IllegalArgumentException("negative length " + length);
        }
        final long newLength = (long)dataLength + length;
        if (newLength > Integer.MAX_VALUE - 8)
        {
            throw new IllegalStateException("simulated log exceeds 2 GiB");
        }
        if (newLength > data.length)
        {
            data = Arrays.copyOf(data, (int)Math.min(Integer.MAX_VALUE - 8, Math.max(newLength, (long)data.length << 1)));
        }
        if (count + 2 > offsets.length)
        {
            offsets = Arrays.copyOf(offsets, offsets.length << 1);
        }
        buffer.getBytes(offset, data, dataLength, length);
        offsets[(int)count] = dataLength;
        dataLength += length;
        count++;
        offsets[(int)count] = dataLength;
        appends++;
    }

    @Override
    public int read(final long position, final MutableDirectBuffer dst, final int dstOffset)
    {
        if (position < 1 || position > count)
        {
            return -1;
        }
        final int start = offsets[(int)position - 1];
        final int length = offsets[(int)position] - start;
        dst.putBytes(dstOffset, data, start, length);
        return length;
    }

    /** @return the length of the record at {@code position}, or -1 when not held. */
    public int length(final long position)
    {
        if (position < 1 || position > count)
        {
            return -1;
        }
        return offsets[(int)position] - offsets[(int)position - 1];
    }

    @Override
    public long readMetadata(final int key, final long defaultValue)
    {
        for (int i = 0; i < metaCount; i++)
        {
            if (metaKeys[i] == key)
            {
                return metaValues[i];
            }
        }
        return defaultValue;
    }

    @Override
    public void writeMetadata(final int key, final long value)
    {
        metadataWrites++;
        for (int i = 0; i < metaCount; i++)
        {
            if (metaKeys[i] == key)
            {
                metaValues[i] = value;
                return;
            }
        }
        if (metaCount == metaKeys.length)
        {
            metaKeys = Arrays.copyOf(metaKeys, metaCount << 1);
            metaValues = Arrays.copyOf(metaValues, metaCount << 1);
        }
        metaKeys[metaCount] = key;
        metaValues[metaCount] = value;
        metaCount++;
    }

    /** @return bytes held in records. */
    public long bytes()
    {
        return dataLength;
    }

    public long appends()
    {
        return appends;
    }

    public long metadataWrites()
    {
        return metadataWrites;
    }
}
