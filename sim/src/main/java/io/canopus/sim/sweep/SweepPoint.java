package io.canopus.sim.sweep;

import java.util.Locale;

/**
 * One point of a sweep: what runs on what network under which load.
 *
 * @param protocol          {@code canopus} or {@code raft}.
 * @param racks             racks of the cluster.
 * @param nodesPerRack      servers in each rack.
 * @param mix               the operation mix.
 * @param bandwidthBps      every server's link into its rack switch, bits per second.
 * @param linkLatencyNs     one-way propagation delay of every link.
 * @param clientsPerNode    closed-loop clients per server, thinking 0 ns: the offered load.
 */
public record SweepPoint(
    String protocol,
    int racks,
    int nodesPerRack,
    Mix mix,
    long bandwidthBps,
    long linkLatencyNs,
    int clientsPerNode)
{
    /** @return a short unique name, e.g. {@code raft 3x5 write-heavy 10Gb/s 5us c8}. */
    public String name()
    {
        return String.format(Locale.ROOT, "%s %dx%d %s %s %dus c%d", protocol, racks, nodesPerRack, mix.label(),
            gbps(bandwidthBps), linkLatencyNs / 1_000, clientsPerNode);
    }

    /** @return the same point with another client count. */
    public SweepPoint withClientsPerNode(final int clients)
    {
        return new SweepPoint(protocol, racks, nodesPerRack, mix, bandwidthBps, linkLatencyNs, clients);
    }

    static String gbps(final long bps)
    {
        return bps % 1_000_000_000L == 0 ? bps / 1_000_000_000L + "Gb/s" : String.format(Locale.ROOT, "%.2fGb/s", bps / 1e9);
    }
}
