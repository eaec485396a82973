package io.canopus.sim.net;

import org.agrona.DirectBuffer;

/**
 * Receives the messages the network delivers. The buffer is only valid during the call (its slab
 * is recycled afterwards), exactly like a frame handed over by Aeron.
 */
@FunctionalInterface
public interface DeliveryHandler
{
    void onDelivery(int toEndpoint, int fromEndpoint, DirectBuffer buffer, int offset, int length);
}
