package io.canopus.transport;

import io.aeron.ExclusivePublication;
import io.aeron.ReservedValueSupplier;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.DirectBuffer;

/**
 * One place frames go (a node, the rack group, a client): its exclusive publication plus the
 * pending queue that absorbs back pressure, implementing the send policy of the transport.
 * <ul>
 *     <li>A frame up to the publication's max payload is written with {@code tryClaim} (one copy,
 *     straight into the term); up to the max message length with {@code offer} (Aeron fragments it);
 *     beyond that as several messages tagged by {@link Chunks}.</li>
 *     <li>On back pressure or an admin action the frame is copied into the pending queue and
 *     {@link SendResult#QUEUED} returned. While anything is queued, new frames queue behind it, so
 *     the order per destination is kept; {@link #retry()} drains the queue in order.</li>
 *     <li>If a long frame is cut off by back pressure after some chunks went out, the whole frame is
 *     queued with the count of bytes already sent and the retry continues with the next chunk, so a
 *     receiver never sees another frame between two chunks of one frame. The queue is empty at that
 *     moment and every accepted frame fits an empty queue, so this copy cannot fail.</li>
 *     <li>{@link SendResult#NOT_CONNECTED}, {@code CLOSED} and {@code MAX_POSITION_EXCEEDED} are
 *     returned as they are (the protocol treats them as a lost datagram), except for a client whose
 *     response publication has never been connected yet: there frames wait in the queue, because
 *     a just-connected client would otherwise lose its first responses to the connection set-up.
 *     If a retry meets one of them, the queued frames are dropped and counted.</li>
 * </ul>
 * No allocation on any path except the queue's growth up to its capacity. Not thread safe.
 */
final class Destination
{
    private final int kind;
    private final TransportCounters counters;
    private final PendingQueue pending;
    private final int maxFrameLength;
    private final BufferClaim bufferClaim;
    private final FixedReservedValue reservedValue;
    private final PendingTally tally;
    private ExclusivePublication publication;
    private boolean queueUntilConnected;
    private int progress;

    /**
     * @param kind                 {@link TransportCounters#NODE}, {@code RACK} or {@code CLIENT}.
     * @param counters             where outcomes are counted.
     * @param maxFrameLength       longest frame accepted; capped to what the queue can hold.
     * @param pendingCapacity      byte capacity of the pending queue, 0 for none.
     * @param bufferClaim          shared claim of the owning transport (single-threaded).
     * @param reservedValue        shared reserved-value holder of the owning transport.
     * @param tally                counts destinations that have queued frames, so the owner can skip
     *                             idle ones on retry.
     */
    Destination(
        final int kind,
        final TransportCounters counters,
        final int maxFrameLength,
        final int pendingCapacity,
        final BufferClaim bufferClaim,
        final FixedReservedValue reservedValue,
        final PendingTally tally)
    {
        this.kind = kind;
        this.counters = counters;
        this.pending = new PendingQueue(pendingCapacity);
        this.maxFrameLength = pending.isEnabled() ?
            Math.min(maxFrameLength, PendingQueue.maxFrameLength(pendingCapacity)) : maxFrameLength;
        this.bufferClaim = bufferClaim;
        this.reservedValue = reservedValue;
        this.tally = tally;
    }

    /**
     * Sets (or clears) the publication frames go to.
     *
     * @param publication         the new publication, or null while it is being created.
     * @param queueUntilConnected true to queue rather than refuse frames until the publication has
     *                            been connected once (client response publications).
     */
    void publication(final ExclusivePublication publication, final boolean queueUntilConnected)
    {
        this.publication = publication;
        this.queueUntilConnected = queueUntilConnected;
        // A new publication is a new session: a frame half sent on the old one starts again.
        pending.headSent(0);
    }

    ExclusivePublication publication()
    {
        return publication;
    }

    boolean isConnected()
    {
        return null != publication && publication.isConnected();
    }

    int maxFrameLength()
    {
        return maxFrameLength;
    }

    int pendingFrames()
    {
        return pending.frames();
    }

    /**
     * Sends a frame, or queues it behind earlier ones.
     *
     * @return a {@link SendResult} code.
     */
    int send(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 0 || length > maxFrameLength)
        {
            return counters.record(kind, SendResult.TOO_LARGE);
        }
        final ExclusivePublication pub = publication;
        if (null == pub)
        {
            return enqueue(buffer, offset, length, 0, SendResult.NOT_CONNECTED);
        }
        if (!pending.isEmpty())
        {
            return enqueue(buffer, offset, length, 0, SendResult.QUEUE_FULL);
        }
        final long result = transmit(pub, buffer, offset, length, 0);
        if (result > 0)
        {
            queueUntilConnected = false;
            return counters.record(kind, SendResult.SENT);
        }
        final int code = SendResult.fromPublicationResult(result);
        counters.onPublicationEvent(kind, code);
        if (shouldQueue(code))
        {
            return enqueue(buffer, offset, length, progress, code);
        }
        return counters.record(kind, code);
    }

    /**
     * Sends queued frames in order until the queue is empty or the publication pushes back.
     *
     * @return frames that left the queue.
     */
    int retry()
    {
        final ExclusivePublication pub = publication;
        if (null == pub || pending.isEmpty())
        {
            return 0;
        }
        int sent = 0;
        while (!pending.isEmpty())
        {
            final long result = transmit(
                pub, pending.buffer(), pending.headOffset(), pending.headLength(), pending.headSent());
            if (result > 0)
            {
                queueUntilConnected = false;
                pending.pop();
                counters.onPendingSent(kind);
                sent++;
                continue;
            }
            pending.headSent(progress);
            final int code = SendResult.fromPublicationResult(result);
            counters.onPublicationEvent(kind, code);
            if (!shouldQueue(code))
            {
                counters.onPendingDropped(kind, pending.clear());
            }
            break;
        }
        if (pending.isEmpty())
        {
            tally.count--;
        }
        return sent;
    }

    /** Drops queued frames (the destination is going away), counting them. */
    void dropPending()
    {
        if (!pending.isEmpty())
        {
            counters.onPendingDropped(kind, pending.clear());
            tally.count--;
        }
    }

    private boolean shouldQueue(final int code)
    {
        return SendResult.BACK_PRESSURED == code || SendResult.ADMIN_ACTION == code ||
            (SendResult.NOT_CONNECTED == code && queueUntilConnected);
    }

    private int enqueue(
        final DirectBuffer buffer, final int offset, final int length, final int alreadySent, final int codeIfNoQueue)
    {
        if (!pending.isEnabled())
        {
            return counters.record(kind, codeIfNoQueue);
        }
        final boolean wasEmpty = pending.isEmpty();
        if (!pending.offer(buffer, offset, length))
        {
            return counters.record(kind, SendResult.QUEUE_FULL);
        }
        if (wasEmpty)
        {
            pending.headSent(alreadySent);
            tally.count++;
        }
        return counters.record(kind, SendResult.QUEUED);
    }

    /**
     * Writes a frame, or what is left of it from byte {@code from}, as one message or as chunks.
     *
     * @return a positive position if it is all out, else the failing publication result, with
     * {@link #progress} saying how many bytes are out.
     */
    private long transmit(
        final ExclusivePublication pub, final DirectBuffer buffer, final int offset, final int length, final int from)
    {
        final int maxMessageLength = pub.maxMessageLength();
        if (length <= maxMessageLength)
        {
            progress = 0;
            return write(pub, buffer, offset, length, 0L);
        }
        int position = from;
        long result = 0;
        while (position < length)
        {
            final int chunk = Math.min(maxMessageLength, length - position);
            result = write(
                pub, buffer, offset + position, chunk, Chunks.reservedValue(0 == position, position + chunk == length, length));
            if (result < 0)
            {
                progress = position;
                return result;
            }
            position += chunk;
        }
        progress = length;
        return result;
    }

    private long write(
        final ExclusivePublication pub, final DirectBuffer buffer, final int offset, final int length, final long reserved)
    {
        if (length <= pub.maxPayloadLength())
        {
            final long result = pub.tryClaim(length, bufferClaim);
            if (result > 0)
            {
                bufferClaim.putBytes(buffer, offset, length);
                bufferClaim.reservedValue(reserved);
                bufferClaim.commit();
            }
            return result;
        }
        reservedValue.value = reserved;
        return pub.offer(buffer, offset, length, reservedValue);
    }

    /** A {@link ReservedValueSupplier} returning a value set just before each offer: no lambda per call. */
    static final class FixedReservedValue implements ReservedValueSupplier
    {
        long value;

        /** @return the value set for the current offer, the same for each of its fragments. */
        @Override
        public long get(final DirectBuffer termBuffer, final int termOffset, final int frameLength)
        {
            return value;
        }
    }

    /** Number of destinations with queued frames, shared by the destinations of one transport. */
    static final class PendingTally
    {
        int count;
    }
}
