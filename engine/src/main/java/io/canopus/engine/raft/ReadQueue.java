package io.canopus.engine.raft;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A leader's reads waiting for their ReadIndex: first in, first out, because a later read never has a lower read
 * index or round than an earlier one. Bounded in count and in command bytes (a ring; a command that does not fit
 * contiguously at the end starts again at the front), so a flood of reads is answered BUSY, never buffered without
 * limit. Allocation-free.
 */
final class ReadQueue
{
    private final int capacity;
    private final long[] clients;
    private final long[] sessions;
    private final long[] sequences;
    private final long[] readIndices;
    private final long[] rounds;
    private final int[] offsets;
    private final int[] lengths;
    private final UnsafeBuffer bytes;
    private int head;
    private int size;
    /** Next free byte of the ring, and the first byte still in use (the head's command). */
    private int writeOffset;

    ReadQueue(final int capacity, final int byteCapacity)
    {
        this.capacity = capacity;
        clients = new long[capacity];
        sessions = new long[capacity];
        sequences = new long[capacity];
        readIndices = new long[capacity];
        rounds = new long[capacity];
        offsets = new int[capacity];
        lengths = new int[capacity];
        bytes = new UnsafeBuffer(new byte[byteCapacity]);
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    int size()
    {
        return size;
    }

    /** @return false, holding nothing, when the queue or its bytes are full. */
    boolean offer(
        final long client, final long session, final long sequence, final long readIndex, final long round,
        final DirectBuffer command, final int offset, final int length)
    {
        if (size == capacity || length > bytes.capacity())
        {
            return false;
        }
        int at = writeOffset;
        if (size > 0)
        {
            final int used = offsets[head];
            if (at >= used)
            {
                // Free space: [at, end) then [0, used).
                if (bytes.capacity() - at < length)
                {
                    if (used < length)
                    {
                        return false;
                    }
                    at = 0;
                }
            }
            else if (used - at < length)
            {
                return false;
            }
        }
        else
        {
            at = 0;
        }
        final int tail = (head + size) % capacity;
        clients[tail] = client;
        sessions[tail] = session;
        sequences[tail] = sequence;
        readIndices[tail] = readIndex;
        rounds[tail] = round;
        offsets[tail] = at;
        lengths[tail] = length;
        bytes.putBytes(at, command, offset, length);
        writeOffset = at + length;
        size++;
        return true;
    }

    /** @return the round of the newest read, or 0 when empty. */
    long newestRound()
    {
        return size == 0 ? 0 : rounds[(head + size - 1) % capacity];
    }

    long headClient()
    {
        return clients[head];
    }

    long headSession()
    {
        return sessions[head];
    }

    long headSequence()
    {
        return sequences[head];
    }

    long headReadIndex()
    {
        return readIndices[head];
    }

    long headRound()
    {
        return rounds[head];
    }

    void wrapHeadCommand(final UnsafeBuffer view)
    {
        if (lengths[head] == 0)
        {
            view.wrap(bytes, 0, 0);
        }
        else
        {
            view.wrap(bytes, offsets[head], lengths[head]);
        }
    }

    void pop()
    {
        if (size == 0)
        {
            throw new IllegalStateException("empty");
        }
        head = (head + 1) % capacity;
        size--;
        if (size == 0)
        {
            writeOffset = 0;
        }
    }
}
