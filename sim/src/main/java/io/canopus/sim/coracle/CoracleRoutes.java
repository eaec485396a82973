package io.canopus.sim.coracle;

import io.canopus.sim.net.PathModel;

import java.util.concurrent.TimeUnit;

/**
 * Coracle's network as a {@link PathModel}: a copy takes the latency of the shortest path of up links
 * through up hubs at send time (Coracle's semantics, see {@link CoracleNetwork#pathLatencyMs}), or
 * finds no path and is dropped. The scenario's changes are applied as simulated time reaches them.
 */
public final class CoracleRoutes implements PathModel
{
    private static final long NS_PER_MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final CoracleNetwork network;
    private final CoracleEndpoints endpoints;

    public CoracleRoutes(final CoracleScenario scenario, final CoracleEndpoints endpoints)
    {
        this.network = new CoracleNetwork(scenario);
        this.endpoints = endpoints;
    }

    @Override
    public long delayNs(final int fromEndpoint, final int toEndpoint, final int length, final long nowNs)
    {
        network.advanceTo(nowNs / NS_PER_MS);
        final int ms = network.pathLatencyMs(endpoints.coracleId(fromEndpoint), endpoints.coracleId(toEndpoint));
        // A Coracle link class is at least 5 ms, so a path of length 0 exists only from a node to itself.
        return ms < 0 ? NO_PATH : Math.max(1, ms * NS_PER_MS);
    }
}
