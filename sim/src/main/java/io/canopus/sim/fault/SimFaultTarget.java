package io.canopus.sim.fault;

import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.host.SimCluster;
import io.canopus.sim.net.NetworkModel;

/** The real simulation as a {@link FaultTarget}: node faults go to the hosts, link faults to the network. */
public final class SimFaultTarget implements FaultTarget
{
    private final SimCluster cluster;
    private final NetworkModel network;

    public SimFaultTarget(final SimCluster cluster, final NetworkModel network)
    {
        this.cluster = cluster;
        this.network = network;
    }

    @Override
    public ClusterTopology topology()
    {
        return cluster.topology();
    }

    @Override
    public boolean isUpAndActive(final int node)
    {
        return cluster.isUpAndActive(node);
    }

    @Override
    public void crash(final int node)
    {
        cluster.crash(node);
    }

    @Override
    public void restart(final int node)
    {
        cluster.restart(node);
    }

    @Override
    public void pause(final int node, final long untilNs)
    {
        network.pause(node, untilNs);
    }

    @Override
    public void resume(final int node)
    {
        network.resume(node);
        // Wake the node now: its timers were held during the pause.
        cluster.host(node).requestWake(cluster.nowNs());
    }

    @Override
    public void setIsolated(final int node, final boolean isolated)
    {
        network.setIsolated(node, isolated);
    }

    @Override
    public void setRackLoss(final int rack, final double probability)
    {
        network.setRackLoss(rack, probability);
    }

    @Override
    public void setRackGroups(final int[] groupOfRack)
    {
        network.setRackGroups(groupOfRack);
    }
}
