package io.canopus.sim.sweep;

import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.graph.GraphNetwork;
import io.canopus.sim.graph.LinkSpec;

import java.util.SplittableRandom;

/**
 * The datacenter of a sweep point as a {@link GraphNetwork}: each rack has a top-of-rack hub; each
 * server and each client of the rack has a host link to it (the point's bandwidth and latency); each
 * ToR has an uplink to one core hub carrying {@code (servers in rack x host bandwidth) / oversubscription}.
 * Links are fixed-latency, lossless and unbounded in queue (a closed-loop load bounds the queues),
 * so the network draws nothing random; its stream is seeded from the sweep's seed all the same.
 * <p>
 * Node ids: endpoints keep their ids (servers {@code 0..n-1}, clients after), ToR {@code r} is
 * {@code endpoints + r}, the core is {@code endpoints + racks}. Link ids: host link = endpoint id,
 * uplink of rack {@code r} = {@code endpoints + r}.
 */
public final class DatacenterNetwork
{
    private DatacenterNetwork()
    {
    }

    /** @return builds one fresh network per run (each run has its own queue state). */
    public static SweepRunner.Networks builder(final SweepSettings settings)
    {
        return (point, topology, clientRacks) -> build(topology, clientRacks, point.bandwidthBps(), point.linkLatencyNs(),
            settings.oversubscription(), new SplittableRandom(settings.seed()));
    }

    /**
     * @param topology         the servers' racks.
     * @param clientRacks      each client's rack.
     * @param bandwidthBps     every host link's bandwidth.
     * @param latencyNs        every link's one-way latency.
     * @param oversubscription host capacity of a rack over its uplink capacity, >= 1.
     * @param random           the network's stream.
     */
    public static GraphNetwork build(
        final ClusterTopology topology,
        final int[] clientRacks,
        final long bandwidthBps,
        final long latencyNs,
        final double oversubscription,
        final SplittableRandom random)
    {
        if (!(oversubscription >= 1))
        {
            throw new IllegalArgumentException("oversubscription must be >= 1: " + oversubscription);
        }
        final int servers = topology.nodeCount();
        final int endpoints = servers + clientRacks.length;
        final int racks = topology.rackCount();
        final int core = endpoints + racks;
        final GraphNetwork.Builder b = GraphNetwork.builder();
        final int[] hostsInRack = new int[racks];
        for (int r = 0; r < racks; r++)
        {
            b.hub(endpoints + r);
        }
        b.hub(core);
        final LinkSpec host = LinkSpec.of(latencyNs, bandwidthBps);
        for (int s = 0; s < servers; s++)
        {
            b.server(s, s);
            b.link(s, s, endpoints + topology.rackOf(s), true, host);
            hostsInRack[topology.rackOf(s)]++;
        }
        for (int c = 0; c < clientRacks.length; c++)
        {
            final int id = servers + c;
            b.client(id, id);
            // Clients do not count towards the uplink: the rack's capacity is set by its servers, so it stays the
            // same however many clients a saturation search offers.
            b.link(id, id, endpoints + clientRacks[c], true, host);
        }
        for (int r = 0; r < racks; r++)
        {
            final long uplink = Math.max(1, Math.round(hostsInRack[r] * (double)bandwidthBps / oversubscription));
            b.link(endpoints + r, endpoints + r, core, true, LinkSpec.of(latencyNs, uplink));
        }
        return b.build(endpoints, random);
    }
}
