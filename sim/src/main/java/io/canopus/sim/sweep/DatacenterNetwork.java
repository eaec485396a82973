package io.canopus.sim.sweep;

/** Placeholder until the graph network lands (replaced in the merge). */
public final class DatacenterNetwork
{
    private DatacenterNetwork()
    {
    }

    public static SweepRunner.Networks builder(final SweepSettings settings)
    {
        return (point, topology, clientRacks) -> (from, to, length, now) ->
        {
            final int fromRack = from < topology.nodeCount() ? topology.rackOf(from) : clientRacks[from - topology.nodeCount()];
            final int toRack = to < topology.nodeCount() ? topology.rackOf(to) : clientRacks[to - topology.nodeCount()];
            return (fromRack == toRack ? 2 : 4) * point.linkLatencyNs() + length * 8L * 1_000_000_000L / point.bandwidthBps();
        };
    }
}
