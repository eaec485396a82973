package io.canopus.transport;

/**
 * What a transport did that is not plain success: every send outcome other than
 * {@link SendResult#SENT}, per kind of destination, plus the raw publication events behind them,
 * what the pending queues did, what was dropped on receive, and client churn.
 * <p>
 * Plain {@code long} fields written by the transport's single thread: incrementing them costs no
 * more than a field write, and readers on other threads (metrics, tests after the fact) accept
 * values that may be slightly stale.
 */
public final class TransportCounters
{
    /** Destination kind: one node (unicast), or the node behind a client transport. */
    public static final int NODE = 0;

    /** Destination kind: the rack multicast group. */
    public static final int RACK = 1;

    /** Destination kind: one client. */
    public static final int CLIENT = 2;

    /** Number of destination kinds. */
    public static final int KINDS = 3;

    private final long[] outcomes = new long[KINDS * SendResult.SLOT_COUNT];
    private final long[] backPressureEvents = new long[KINDS];
    private final long[] adminActionEvents = new long[KINDS];
    private final long[] pendingFramesSent = new long[KINDS];
    private final long[] pendingFramesDropped = new long[KINDS];
    private final long[] framesReceived = new long[4];
    private long ownFragmentsDropped;
    private long incompleteFrames;
    private long oversizedFrames;
    private long clientsAdded;
    private long clientsRefreshed;
    private long clientsReplaced;
    private long clientsEvicted;
    private long clientsDisconnected;
    private long clientConnectFailures;

    /** Only transports make counters: readers get them from {@code counters()}. */
    TransportCounters()
    {
    }

    /**
     * @param kind   {@link #NODE}, {@link #RACK} or {@link #CLIENT}.
     * @param result a {@link SendResult} code.
     * @return how many sends to that kind of destination returned that code.
     */
    public long outcomes(final int kind, final int result)
    {
        return outcomes[kind * SendResult.SLOT_COUNT + SendResult.slot(result)];
    }

    /**
     * @param result a {@link SendResult} code.
     * @return how many sends to any destination returned that code.
     */
    public long outcomes(final int result)
    {
        final int slot = SendResult.slot(result);
        long total = 0;
        for (int kind = 0; kind < KINDS; kind++)
        {
            total += outcomes[kind * SendResult.SLOT_COUNT + slot];
        }
        return total;
    }

    /** @return frames sent at once (not queued), to any destination. */
    public long sent()
    {
        return outcomes(SendResult.SENT);
    }

    /** @return frames that went into a pending queue. */
    public long queued()
    {
        return outcomes(SendResult.QUEUED);
    }

    /** @return frames (or client connections) refused because a queue (or the client table) was full. */
    public long queueFull()
    {
        return outcomes(SendResult.QUEUE_FULL);
    }

    /** @return sends refused because no receiver was connected. */
    public long notConnected()
    {
        return outcomes(SendResult.NOT_CONNECTED);
    }

    /** @return sends refused for back pressure (only destinations without a pending queue). */
    public long backPressured()
    {
        return outcomes(SendResult.BACK_PRESSURED);
    }

    /** @return sends refused for an admin action (only destinations without a pending queue). */
    public long adminAction()
    {
        return outcomes(SendResult.ADMIN_ACTION);
    }

    /** @return sends refused because the publication was closed. */
    public long closed()
    {
        return outcomes(SendResult.CLOSED);
    }

    /** @return sends refused because the publication reached its maximum position. */
    public long maxPositionExceeded()
    {
        return outcomes(SendResult.MAX_POSITION_EXCEEDED);
    }

    /** @return sends to a node or client this transport does not know. */
    public long unknownDestination()
    {
        return outcomes(SendResult.UNKNOWN_DESTINATION);
    }

    /** @return frames longer than the destination's maximum frame length. */
    public long tooLarge()
    {
        return outcomes(SendResult.TOO_LARGE);
    }

    /** @return client connections refused for an invalid response channel. */
    public long invalidChannel()
    {
        return outcomes(SendResult.INVALID_CHANNEL);
    }

    /**
     * @param kind a destination kind.
     * @return how often a publication of that kind answered back pressure, on a new send or a retry.
     */
    public long backPressureEvents(final int kind)
    {
        return backPressureEvents[kind];
    }

    /**
     * @param kind a destination kind.
     * @return how often a publication of that kind answered an admin action.
     */
    public long adminActionEvents(final int kind)
    {
        return adminActionEvents[kind];
    }

    /**
     * @param kind a destination kind.
     * @return frames that left a pending queue for the publication.
     */
    public long pendingFramesSent(final int kind)
    {
        return pendingFramesSent[kind];
    }

    /**
     * @param kind a destination kind.
     * @return queued frames thrown away because the destination went away (not connected, closed,
     * disconnected or evicted client).
     */
    public long pendingFramesDropped(final int kind)
    {
        return pendingFramesDropped[kind];
    }

    /**
     * @param source {@link FrameHandler#PEER}, {@link FrameHandler#CLIENT} or {@link FrameHandler#NODE}.
     * @return complete frames handed to a {@link FrameHandler} from that source.
     */
    public long framesReceived(final int source)
    {
        return framesReceived[source];
    }

    /** @return fragments of this node's own rack multicast that came back and were dropped. */
    public long ownFragmentsDropped()
    {
        return ownFragmentsDropped;
    }

    /** @return frames whose reassembly was abandoned because a new frame began before they ended. */
    public long incompleteFrames()
    {
        return incompleteFrames;
    }

    /** @return incoming frames dropped for being longer than the maximum frame length. */
    public long oversizedFrames()
    {
        return oversizedFrames;
    }

    /** @return clients added by {@code connectClient}. */
    public long clientsAdded()
    {
        return clientsAdded;
    }

    /** @return {@code connectClient} calls for a client already connected the same way. */
    public long clientsRefreshed()
    {
        return clientsRefreshed;
    }

    /** @return {@code connectClient} calls that moved a known client to a new response channel. */
    public long clientsReplaced()
    {
        return clientsReplaced;
    }

    /** @return idle clients evicted to make room for a new one. */
    public long clientsEvicted()
    {
        return clientsEvicted;
    }

    /** @return clients removed by {@code disconnectClient}. */
    public long clientsDisconnected()
    {
        return clientsDisconnected;
    }

    /** @return client response publications the media driver refused (e.g. unresolvable host). */
    public long clientConnectFailures()
    {
        return clientConnectFailures;
    }

    int record(final int kind, final int result)
    {
        outcomes[kind * SendResult.SLOT_COUNT + SendResult.slot(result)]++;
        return result;
    }

    void onPublicationEvent(final int kind, final int result)
    {
        if (SendResult.BACK_PRESSURED == result)
        {
            backPressureEvents[kind]++;
        }
        else if (SendResult.ADMIN_ACTION == result)
        {
            adminActionEvents[kind]++;
        }
    }

    void onPendingSent(final int kind)
    {
        pendingFramesSent[kind]++;
    }

    void onPendingDropped(final int kind, final int frames)
    {
        pendingFramesDropped[kind] += frames;
    }

    void onFrameReceived(final int source)
    {
        framesReceived[source]++;
    }

    void onOwnFragmentDropped()
    {
        ownFragmentsDropped++;
    }

    void onIncompleteFrame()
    {
        incompleteFrames++;
    }

    void onOversizedFrame()
    {
        oversizedFrames++;
    }

    void onClientAdded()
    {
        clientsAdded++;
    }

    void onClientRefreshed()
    {
        clientsRefreshed++;
    }

    void onClientReplaced()
    {
        clientsReplaced++;
    }

    void onClientEvicted()
    {
        clientsEvicted++;
    }

    void onClientDisconnected()
    {
        clientsDisconnected++;
    }

    void onClientConnectFailure()
    {
        clientConnectFailures++;
    }

    /** @return the non-zero counters, for logs and test failures. */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("TransportCounters{");
        final String[] kinds = {"node", "rack", "client"};
        for (int kind = 0; kind < KINDS; kind++)
        {
            for (int slot = 0; slot < SendResult.SLOT_COUNT; slot++)
            {
                final long value = outcomes[kind * SendResult.SLOT_COUNT + slot];
                if (0 != value)
                {
                    sb.append(kinds[kind]).append('.').append(SendResult.name(slot + SendResult.INVALID_CHANNEL))
                        .append('=').append(value).append(' ');
                }
            }
            append(sb, kinds[kind] + ".backPressureEvents", backPressureEvents[kind]);
            append(sb, kinds[kind] + ".adminActionEvents", adminActionEvents[kind]);
            append(sb, kinds[kind] + ".pendingFramesSent", pendingFramesSent[kind]);
            append(sb, kinds[kind] + ".pendingFramesDropped", pendingFramesDropped[kind]);
        }
        append(sb, "framesReceived.peer", framesReceived[FrameHandler.PEER]);
        append(sb, "framesReceived.client", framesReceived[FrameHandler.CLIENT]);
        append(sb, "framesReceived.node", framesReceived[FrameHandler.NODE]);
        append(sb, "ownFragmentsDropped", ownFragmentsDropped);
        append(sb, "incompleteFrames", incompleteFrames);
        append(sb, "oversizedFrames", oversizedFrames);
        append(sb, "clientsAdded", clientsAdded);
        append(sb, "clientsRefreshed", clientsRefreshed);
        append(sb, "clientsReplaced", clientsReplaced);
        append(sb, "clientsEvicted", clientsEvicted);
        append(sb, "clientsDisconnected", clientsDisconnected);
        append(sb, "clientConnectFailures", clientConnectFailures);
        return sb.append('}').toString();
    }

    private static void append(final StringBuilder sb, final String name, final long value)
    {
        if (0 != value)
        {
            sb.append(name).append('=').append(value).append(' ');
        }
    }
}
