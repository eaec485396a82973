package io.canopus.transport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A bounded FIFO of frame copies for one destination, holding what could not be sent yet because
 * of back pressure. Frames are stored whole, back to back in a byte ring, as
 * {@code [int recordLength][int frameLength][frame bytes, padded to 8]}; a record that would cross
 * the end of the ring is preceded by a padding record so every frame is contiguous and can be
 * offered straight from the ring.
 * <p>
 * The ring starts small and doubles up to its capacity when needed, so a thousand idle client
 * destinations cost nothing and only destinations that actually get back pressured grow. Once
 * grown it stays, so steady-state back pressure allocates nothing. The head frame may be partly
 * sent (its first chunks are out, see {@link Chunks}); {@link #headSent()} records how far.
 * <p>
 * Not thread safe: used by the destination's owning thread only.
 */
final class PendingQueue
{
    static final int HEADER_LENGTH = 8;
    static final int ALIGNMENT = 8;
    static final int INITIAL_CAPACITY = 64 * 1024;
    private static final int PADDING = -1;

    private final int maxCapacity;
    private UnsafeBuffer buffer;
    private int capacity;
    private int head;
    private int tail;
    private int used;
    private int live;
    private int frames;
    private int headSent;

    /**
     * @param maxCapacity in bytes (records included), rounded down to a multiple of 8; 0 disables
     *                    queueing.
     */
    PendingQueue(final int maxCapacity)
    {
        this.maxCapacity = maxCapacity & ~(ALIGNMENT - 1);
    }

    /**
     * @param capacity a queue capacity in bytes.
     * @return the longest frame a queue of that capacity can hold (0 when it cannot queue at all).
     */
    static int maxFrameLength(final int capacity)
    {
        final int aligned = capacity & ~(ALIGNMENT - 1);
        return aligned > HEADER_LENGTH ? aligned - HEADER_LENGTH : 0;
    }

    boolean isEnabled()
    {
        return maxCapacity > HEADER_LENGTH;
    }

    boolean isEmpty()
    {
        return 0 == frames;
    }

    int frames()
    {
        return frames;
    }

    /** @return bytes of the ring in use, records and padding included. */
    int usedBytes()
    {
        return used;
    }

    /** @return bytes allocated for the ring so far. */
    int allocatedBytes()
    {
        return capacity;
    }

    /**
     * Appends a copy of a frame.
     *
     * @return false, leaving the queue unchanged, if there is no room for it.
     */
    boolean offer(final DirectBuffer source, final int offset, final int length)
    {
        final int recordLength = recordLength(length);
        if (length < 0 || recordLength > maxCapacity)
        {
            return false;
        }
        int index = reserve(recordLength);
        if (index < 0)
        {
            if (!grow(recordLength))
            {
                return false;
            }
            index = reserve(recordLength);
        }
        buffer.putInt(index, recordLength);
        buffer.putInt(index + 4, length);
        buffer.putBytes(index + HEADER_LENGTH, source, offset, length);
        live += recordLength;
        frames++;
        return true;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return offset in {@link #buffer()} of the oldest frame; only when not empty. */
    int headOffset()
    {
        return head + HEADER_LENGTH;
    }

    /** @return length of the oldest frame; only when not empty. */
    int headLength()
    {
        return buffer.getInt(head + 4);
    }

    /** @return bytes of the oldest frame already sent (its leading chunks). */
    int headSent()
    {
        return headSent;
    }

    void headSent(final int bytes)
    {
        headSent = bytes;
    }

    /** Removes the oldest frame. */
    void pop()
    {
        final int recordLength = buffer.getInt(head);
        head += recordLength;
        used -= recordLength;
        live -= recordLength;
        frames--;
        headSent = 0;
        if (0 == frames)
        {
            clearIndices();
        }
        else
        {
            skipPadding();
        }
    }

    /**
     * Drops every queued frame.
     *
     * @return how many were dropped.
     */
    int clear()
    {
        final int dropped = frames;
        frames = 0;
        clearIndices();
        return dropped;
    }

    static int recordLength(final int frameLength)
    {
        return (HEADER_LENGTH + frameLength + ALIGNMENT - 1) & ~(ALIGNMENT - 1);
    }

    private void clearIndices()
    {
        head = 0;
        tail = 0;
        used = 0;
        live = 0;
        headSent = 0;
    }

    private void skipPadding()
    {
        if (head == capacity)
        {
            head = 0;
        }
        else if (buffer.getInt(head + 4) == PADDING)
        {
            used -= capacity - head;
            head = 0;
        }
    }

    /** @return where a record of that length goes (tail advanced), or -1 if it does not fit. */
    private int reserve(final int recordLength)
    {
        if (null == buffer)
        {
            return -1;
        }
        if (0 == used)
        {
            if (recordLength > capacity)
            {
                return -1;
            }
            head = 0;
            tail = recordLength;
            used = recordLength;
            return 0;
        }
        if (tail > head)
        {
            final int toEnd = capacity - tail;
            if (recordLength <= toEnd)
            {
                final int index = tail;
                tail += recordLength;
                used += recordLength;
                return index;
            }
            if (recordLength <= head)
            {
                if (toEnd > 0)
                {
                    buffer.putInt(tail, toEnd);
                    buffer.putInt(tail + 4, PADDING);
                }
                used += toEnd + recordLength;
                tail = recordLength;
                return 0;
            }
            return -1;
        }
        // Wrapped (tail <= head; tail == head means full): the free space is between them.
        if (recordLength <= head - tail)
        {
            final int index = tail;
            tail += recordLength;
            used += recordLength;
            return index;
        }
        return -1;
    }

    /**
     * Moves the live records, in order, to the start of a bigger ring.
     *
     * @return false if even the largest ring allowed cannot take the record as well.
     */
    private boolean grow(final int recordLength)
    {
        final int needed = live + recordLength;
        if (needed > maxCapacity || capacity == maxCapacity)
        {
            return false;
        }
        int newCapacity = Math.max(capacity, Math.min(INITIAL_CAPACITY, maxCapacity));
        while (newCapacity < needed)
        {
            newCapacity = (int)Math.min((long)newCapacity * 2, maxCapacity);
        }
        final UnsafeBuffer newBuffer = new UnsafeBuffer(new byte[newCapacity]);
        int write = 0;
        int index = head;
        for (int i = 0; i < frames; i++)
        {
            if (index == capacity || buffer.getInt(index + 4) == PADDING)
            {
                index = 0;
            }
            final int length = buffer.getInt(index);
            newBuffer.putBytes(write, buffer, index, length);
            write += length;
            index += length;
        }
        buffer = newBuffer;
        capacity = newCapacity;
        head = 0;
        tail = write;
        used = write;
        return true;
    }
}
