package io.canopus.sim.host;

import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.statemachine.StateMachine;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.kernel.EventLoop;
import io.canopus.sim.kernel.Seeds;
import io.canopus.sim.net.NetworkModel;
import org.agrona.DirectBuffer;

import java.util.function.LongToIntFunction;
import java.util.function.Supplier;

/**
 * All the simulated machines of a cluster: one {@link SimHost} per node of the topology, sharing one
 * event type for their wake-ups. It is where the network hands frames addressed to nodes, and where
 * faults crash and restart them.
 */
public final class SimCluster
{
    private final ClusterTopology topology;
    private final EventLoop loop;
    private final SimHost[] hosts;

    public SimCluster(
        final ClusterTopology topology,
        final NetworkModel network,
        final EventLoop loop,
        final NodeFactory factory,
        final Supplier<StateMachine> stateMachines,
        final Seeds seeds,
        final LongToIntFunction clientEndpoint)
    {
        this.topology = topology;
        this.loop = loop;
        this.hosts = new SimHost[topology.nodeCount()];
        final int workType = loop.register(e -> hosts[e.target].onWake(e.longArg));
        for (int n = 0; n < hosts.length; n++)
        {
            hosts[n] = new SimHost(n, network, loop, workType, factory, stateMachines, seeds, clientEndpoint);
        }
    }

    public ClusterTopology topology()
    {
        return topology;
    }

    public int size()
    {
        return hosts.length;
    }

    public SimHost host(final int nodeId)
    {
        return hosts[nodeId];
    }

    /** Sets one observer on every host (see {@link HostObserver}); {@code null} removes it. */
    public void observer(final HostObserver observer)
    {
        for (final SimHost host : hosts)
        {
            host.observer(observer);
        }
    }

    /** Boots every node at the current time, in id order. */
    public void bootAll()
    {
        for (final SimHost host : hosts)
        {
            host.boot();
        }
    }

    /** Hands a frame the network delivered to node {@code nodeId}. */
    public void deliver(final int nodeId, final DirectBuffer buffer, final int offset, final int length)
    {
        hosts[nodeId].onMessage(buffer, offset, length);
    }

    public void crash(final int nodeId)
    {
        hosts[nodeId].crash();
    }

    public void restart(final int nodeId)
    {
        hosts[nodeId].boot();
    }

    public boolean isUpAndActive(final int nodeId)
    {
        return hosts[nodeId].isUpAndActive();
    }

    /** @return the current simulated time. */
    public long nowNs()
    {
        return loop.nowNs();
    }
}
