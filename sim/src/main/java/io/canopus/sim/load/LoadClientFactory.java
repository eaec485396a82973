package io.canopus.sim.load;

import io.canopus.engine.client.ResponseListener;

/**
 * Opens the client of one {@link OpenLoopLoad} worker. Called on that worker's thread, which is the
 * only thread that then uses the client (so a client that drives its own INVOKER-mode media driver
 * is driven from the thread that created it).
 */
@FunctionalInterface
public interface LoadClientFactory
{
    /**
     * @param index    the worker, 0..clients-1 (e.g. to spread clients over nodes).
     * @param listener must receive every outcome of the client.
     * @return the client, owned by the worker from now on (it closes it).
     */
    LoadClient open(int index, ResponseListener listener);
}
