package io.canopus.engine.raft;

import io.canopus.engine.protocol.DurableLog;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/** A durable log kept in memory: what a test's "disk" holds across a simulated crash. */
final class MemoryLog implements DurableLog
{
    private final List<byte[]> records = new ArrayList<>();
    private final Int2ObjectHashMap<Long> metadata = new Int2ObjectHashMap<>();

    @Override
    public long lastPosition()
    {
        return records.size();
    }

    @Override
    public void append(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        if (position != records.size() + 1)
        {
            throw new IllegalArgumentException("append " + position + " after " + records.size());
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        records.add(copy);
    }

    @Override
    public int read(final long position, final MutableDirectBuffer dst, final int dstOffset)
    {
        if (position < 1 || position > records.size())
        {
            return -1;
        }
        final byte[] record = records.get((int)position - 1);
        dst.putBytes(dstOffset, record);
        return record.length;
    }

    @Override
    public long readMetadata(final int key, final long defaultValue)
    {
        final Long value = metadata.get(key);
        return value == null ? defaultValue : value;
    }

    @Override
    public void writeMetadata(final int key, final long value)
    {
        metadata.put(key, Long.valueOf(value));
    }
}
