package io.canopus.engine.canopus;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Client work waiting at one node: writes queued for its next proposal, reads waiting for the
 * cycle that makes them linearizable, and the proposed writes still owed an acknowledgement.
 * All bounded: when a queue is full the caller answers BUSY (back pressure).
 * <p>
 * Reads record how many writes had been queued when they arrived ({@code writeTail}); a cycle that
 * takes writes up to that count carries every earlier write of the same session, so the read can be
 * answered once that cycle, or a later one, commits.
 */
final class ClientQueues
{
    private final int writeCapacity;
    private final long[] writeClient;
    private final long[] writeSession;
    private final long[] writeSequence;
    private final int[] writeLength;
    private final UnsafeBuffer[] writePayload;
    private int writeHead;
    private int writeCount;
    private long writesEnqueued;
    private long writesTaken;

    private final int readCapacity;
    private final long[] readClient;
    private final long[] readSession;
    private final long[] readTail;
    private final long[] readTarget;
    private final int[] readLength;
    private final UnsafeBuffer[] readPayload;
    private int readHead;
    private int readCount;
    private int readsUnassigned;

    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_SLOT_BYTES = 64;
    private final int maxPayloadBytes;

    private final Long2LongHashMap awaitingClient;
    private final Long2LongHashMap awaitingSequence;

    ClientQueues(final int writeCapacity, final int readCapacity, final int maxPayloadBytes)
    {
        this.writeCapacity = writeCapacity;
        writeClient = new long[writeCapacity];
        writeSession = new long[writeCapacity];
        writeSequence = new long[writeCapacity];
        writeLength = new int[writeCapacity];
        writePayload = new UnsafeBuffer[writeCapacity];
        for (int i = 0; i < writeCapacity; i++)
        {
            writePayload[i] = new UnsafeBuffer(EMPTY);
        }
        this.readCapacity = readCapacity;
        readClient = new long[readCapacity];
        readSession = new long[readCapacity];
        readTail = new long[readCapacity];
        readTarget = new long[readCapacity];
        readLength = new int[readCapacity];
        readPayload = new UnsafeBuffer[readCapacity];
        for (int i = 0; i < readCapacity; i++)
        {
            readPayload[i] = new UnsafeBuffer(EMPTY);
        }
        this.maxPayloadBytes = maxPayloadBytes;
        awaitingClient = new Long2LongHashMap(writeCapacity * 4, 0.65f, Long.MIN_VALUE);
        awaitingSequence = new Long2LongHashMap(writeCapacity * 4, 0.65f, Long.MIN_VALUE);
    }

    boolean hasWork()
    {
        return writeCount > 0 || readsUnassigned > 0;
    }

    int pendingWrites()
    {
        return writeCount;
    }

    int pendingReads()
    {
        return readCount;
    }

    /** @return false when the write queue is full. */
    boolean offerWrite(final long clientId, final long sessionId, final long sequence, final DirectBuffer payload, final int offset, final int length)
    {
        if (writeCount == writeCapacity)
        {
            return false;
        }
        final int i = (writeHead + writeCount) % writeCapacity;
        writeClient[i] = clientId;
        writeSession[i] = sessionId;
        writeSequence[i] = sequence;
        writeLength[i] = length;
        ensureCapacity(writePayload[i], length);
        writePayload[i].putBytes(0, payload, offset, length);
        writeCount++;
        writesEnqueued++;
        return true;
    }

    /** Index of the {@code k}-th queued write (0 = oldest), for encoding a proposal. */
    int writeIndex(final int k)
    {
        return (writeHead + k) % writeCapacity;
    }

    long writeClient(final int i)
    {
        return writeClient[i];
    }

    long writeSession(final int i)
    {
        return writeSession[i];
    }

    long writeSequence(final int i)
    {
        return writeSequence[i];
    }

    int writeLength(final int i)
    {
        return writeLength[i];
    }

    UnsafeBuffer writePayload(final int i)
    {
        return writePayload[i];
    }

    /** Removes the {@code n} oldest writes after they went into a proposal, remembering whom to acknowledge. */
    void takeWrites(final int n)
    {
        for (int k = 0; k < n; k++)
        {
            final int i = writeHead;
            awaitingClient.put(writeSession[i], writeClient[i]);
            awaitingSequence.put(writeSession[i], writeSequence[i]);
            writeHead = (writeHead + 1) % writeCapacity;
        }
        writeCount -= n;
        writesTaken += n;
    }

    /** Assigns every read waiting on writes up to the taken count to {@code cycle}. */
    void assignReads(final long cycle)
    {
        for (int k = readCount - readsUnassigned; k < readCount; k++)
        {
            final int i = (readHead + k) % readCapacity;
            if (readTail[i] > writesTaken)
            {
                break;
            }
            readTarget[i] = cycle;
            readsUnassigned--;
        }
    }

    /** @return the client to acknowledge for (session, sequence) if this node proposed it, else Long.MIN_VALUE. */
    long takeAwaiting(final long sessionId, final long sequence)
    {
        final long seq = awaitingSequence.get(sessionId);
        if (seq != sequence)
        {
            return Long.MIN_VALUE;
        }
        awaitingSequence.remove(sessionId);
        return awaitingClient.remove(sessionId);
    }

    /**
     * Slots start empty and grow to the largest payload they have carried (a power of two), so a
     * node with a deep queue bound but small commands holds little memory, and once warm it
     * allocates nothing.
     */
    private void ensureCapacity(final UnsafeBuffer slot, final int length)
    {
        if (slot.capacity() < length)
        {
            final int size = Math.min(maxPayloadBytes, Math.max(MIN_SLOT_BYTES, Integer.highestOneBit(Math.max(1, length - 1)) << 1));
            slot.wrap(new byte[Math.max(size, length)]);
        }
    }

    /** @return false when the read queue is full. */
    boolean offerRead(final long clientId, final long sessionId, final DirectBuffer payload, final int offset, final int length)
    {
        if (readCount == readCapacity)
        {
            return false;
        }
        final int i = (readHead + readCount) % readCapacity;
        readClient[i] = clientId;
        readSession[i] = sessionId;
        readTail[i] = writesEnqueued;
        readTarget[i] = -1;
        readLength[i] = length;
        ensureCapacity(readPayload[i], length);
        readPayload[i].putBytes(0, payload, offset, length);
        readCount++;
        readsUnassigned++;
        return true;
    }

    /** @return index of the oldest read if it is assigned to a cycle at or below {@code committed}, else -1. */
    int readyRead(final long committed)
    {
        if (readCount == 0)
        {
            return -1;
        }
        final int i = readHead;
        return readTarget[i] >= 0 && readTarget[i] <= committed ? i : -1;
    }

    /** @return index of the oldest read regardless of state, or -1. */
    int oldestRead()
    {
        return readCount == 0 ? -1 : readHead;
    }

    long readClient(final int i)
    {
        return readClient[i];
    }

    long readSession(final int i)
    {
        return readSession[i];
    }

    long readTarget(final int i)
    {
        return readTarget[i];
    }

    int readLength(final int i)
    {
        return readLength[i];
    }

    UnsafeBuffer readPayload(final int i)
    {
        return readPayload[i];
    }

    void popRead()
    {
        if (readTarget[readHead] < 0)
        {
            readsUnassigned--;
        }
        readHead = (readHead + 1) % readCapacity;
        readCount--;
    }

    /** @return the oldest queued write's index, or -1. */
    int oldestWrite()
    {
        return writeCount == 0 ? -1 : writeHead;
    }

    void popWrite()
    {
        writeHead = (writeHead + 1) % writeCapacity;
        writeCount--;
        writesTaken++;
    }

    void clearAwaiting()
    {
        awaitingClient.clear();
        awaitingSequence.clear();
    }
}
