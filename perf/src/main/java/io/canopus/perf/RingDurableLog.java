package io.canopus.perf;

import io.canopus.engine.protocol.DurableLog;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link DurableLog} for benchmarks: appended records are copied into a pre-sized ring, so a
 * steady stream of appends allocates nothing (a log that kept every record forever would have to
 * grow, and that growth would show up as allocation per operation and hide the engine's own).
 *
 * <p>What it gives up, on purpose: it keeps only the last {@code capacity} positions. Older
 * positions are forgotten and {@link #read} answers -1 for them, exactly as the interface allows for
 * a position the log does not hold; a node then answers a peer's request for such a cycle with
 * "unavailable" instead of serving it from its journal. In a loss-free benchmark nobody asks for old
 * cycles, so that never happens in steady state. It is also not durable across a process, and a node
 * restarted over it could not replay (the benchmark never restarts one).
 *
 * <p>Each record may be at most {@code maxRecordBytes}; a longer one is refused with an exception
 * (the benchmark's cycles carry one small write, far below the bound). Metadata is a handful of
 * keys in parallel arrays, scanned linearly, so that writing it does not box.
 *
 * <p>Not thread-safe: owned by the one thread that drives its node.
 */
public final class RingDurableLog implements DurableLog
{
    private static final int MAX_METADATA_KEYS = 16;

    private final int capacity;
    private final int mask;
    private final int maxRecordBytes;
    private final UnsafeBuffer records;
    private final int[] lengths;
    private long last;

    private final int[] metaKeys = new int[MAX_METADATA_KEYS];
    private final long[] metaValues = new long[MAX_METADATA_KEYS];
    private int metaCount;

    /**
     * @param capacity       positions kept; rounded up to a power of two.
     * @param maxRecordBytes largest record accepted.
     */
    public RingDurableLog(final int capacity, final int maxRecordBytes)
    {
        if (capacity < 1 || maxRecordBytes < 1)
        {
            throw new IllegalArgumentException("capacity and maxRecordBytes must be positive");
        }
        int slots = 1;
        while (slots < capacity)
        {
            slots <<= 1;
        }
        if ((long)slots * maxRecordBytes > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("ring of " + slots + " x " + maxRecordBytes + " bytes is too large");
        }
        this.capacity = slots;
        this.mask = slots - 1;
        this.maxRecordBytes = maxRecordBytes;
        this.records = new UnsafeBuffer(new byte[slots * maxRecordBytes]);
        this.lengths = new int[slots];
    }

    /** @return positions kept. */
    public int capacity()
    {
        return capacity;
    }

    /** @return the oldest position still held, or 1 when nothing was forgotten yet. */
    public long firstPosition()
    {
        return Math.max(1, last - capacity + 1);
    }

    @Override
    public long lastPosition()
    {
        return last;
    }

    @Override
    public void append(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        if (position != last + 1)
        {
            throw new IllegalStateException("append at " + position + " but the log ends at " + last);
        }
        if (length < 0 || length > maxRecordBytes)
        {
            throw new IllegalStateException("record of " + length + " bytes; this benchmark log holds at most " + maxRecordBytes);
        }
        final int slot = (int)(position & mask);
        records.putBytes(slot * maxRecordBytes, buffer, offset, length);
        lengths[slot] = length;
        last = position;
    }

    @Override
    public int read(final long position, final MutableDirectBuffer dst, final int dstOffset)
    {
        if (position < firstPosition() || position > last)
        {
            return -1;
        }
        final int slot = (int)(position & mask);
        final int length = lengths[slot];
        dst.putBytes(dstOffset, records, slot * maxRecordBytes, length);
        return length;
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
        for (int i = 0; i < metaCount; i++)
        {
            if (metaKeys[i] == key)
            {
                metaValues[i] = value;
                return;
            }
        }
        if (metaCount == MAX_METADATA_KEYS)
        {
            throw new IllegalStateException("more than " + MAX_METADATA_KEYS + " metadata keys");
        }
        metaKeys[metaCount] = key;
        metaValues[metaCount] = value;
        metaCount++;
    }
}
