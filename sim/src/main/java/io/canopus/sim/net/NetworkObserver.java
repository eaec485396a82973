package io.canopus.sim.net;

import org.agrona.DirectBuffer;

/**
 * Sees every copy the simulated network handles, for statistics (messages and bytes per link and per
 * message type, path latency) and traces. Buffers are valid only during the call. Each copy is sent
 * once, then scheduled (duplicates are scheduled again) or dropped at send; each scheduled copy is
 * later delivered or dropped in flight.
 */
public interface NetworkObserver
{
    default void onSend(long nowNs, int from, int to, DirectBuffer buffer, int offset, int length)
    {
    }

    /** A copy is in flight and will arrive after {@code delayNs} unless its receiver crashes first. */
    default void onScheduled(long nowNs, int from, int to, int length, long delayNs)
    {
    }

    default void onDropped(long nowNs, int from, int to, int length, DropReason reason)
    {
    }

    default void onDelivered(long nowNs, int from, int to, DirectBuffer buffer, int offset, int length)
    {
    }
}
