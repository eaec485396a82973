package io.canopus.sim.net;

/**
 * What the simulated network did. Every copy put on the wire counts once in {@link #messagesSent}
 * (a multicast counts one per receiver); every extra copy made by duplication counts in
 * {@link #duplicated}. Each copy then ends delivered, dropped for exactly one reason, or still in
 * flight, so {@code sent + duplicated == delivered + dropped + inFlight} at any time.
 */
public final class NetworkCounters
{
    long messagesSent;
    long bytesSent;
    long messagesDelivered;
    long droppedLoss;
    long droppedPartition;
    long droppedNodeDown;
    long droppedNoPath;
    long duplicated;
    long clientMessagesSent;

    public long messagesSent()
    {
        return messagesSent;
    }

    public long bytesSent()
    {
        return bytesSent;
    }

    public long messagesDelivered()
    {
        return messagesDelivered;
    }

    /** @return copies dropped by random loss (including rack loss bursts). */
    public long droppedLoss()
    {
        return droppedLoss;
    }

    /** @return copies dropped because the link was partitioned or an endpoint isolated. */
    public long droppedPartition()
    {
        return droppedPartition;
    }

    /** @return copies dropped because the receiving node was down (or crashed while they flew). */
    public long droppedNodeDown()
    {
        return droppedNodeDown;
    }

    /** @return copies dropped because no active path led to the receiver (see {@link PathModel}). */
    public long droppedNoPath()
    {
        return droppedNoPath;
    }

    public long messagesDropped()
    {
        return droppedLoss + droppedPartition + droppedNodeDown + droppedNoPath;
    }

    /** @return extra copies created by duplication. */
    public long duplicated()
    {
        return duplicated;
    }

    /** @return the part of {@link #messagesSent()} sent by or to clients. */
    public long clientMessagesSent()
    {
        return clientMessagesSent;
    }

    /** @return an immutable snapshot for results. */
    public Snapshot snapshot()
    {
        return new Snapshot(messagesSent, bytesSent, messagesDelivered, droppedLoss, droppedPartition, droppedNodeDown,
            droppedNoPath, duplicated, clientMessagesSent);
    }

    /** A frozen copy of the counters. */
    public record Snapshot(
        long messagesSent,
        long bytesSent,
        long messagesDelivered,
        long droppedLoss,
        long droppedPartition,
        long droppedNodeDown,
        long droppedNoPath,
        long duplicated,
        long clientMessagesSent)
    {
        public long messagesDropped()
        {
            return droppedLoss + droppedPartition + droppedNodeDown + droppedNoPath;
        }
    }

    @Override
    public String toString()
    {
        return snapshot().toString();
    }
}
