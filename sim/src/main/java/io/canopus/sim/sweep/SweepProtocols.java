package io.canopus.sim.sweep;

import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.raft.Raft;
import io.canopus.engine.raft.RaftConfig;
import io.canopus.engine.topology.ClusterTopology;

import java.util.List;
import java.util.function.Function;

/** The protocols a sweep compares, with the settings they run under in a simulated datacenter. */
public final class SweepProtocols
{
    private SweepProtocols()
    {
    }

    /** @return the protocol names a sweep accepts. */
    public static List<String> supported()
    {
        return List.of(Canopus.PROTOCOL_NAME, Raft.PROTOCOL_NAME);
    }

    /**
     * @return the node factory of {@code protocol} for a topology.
     * @throws IllegalArgumentException for an unknown protocol.
     */
    public static Function<ClusterTopology, NodeFactory> factory(final String protocol)
    {
        if (Canopus.PROTOCOL_NAME.equals(protocol))
        {
            // The engine's defaults are set for a datacenter (microsecond links), as here.
            return topology -> Canopus.nodeFactory(topology, new CanopusConfig());
        }
        if (Raft.PROTOCOL_NAME.equals(protocol))
        {
            // Datacenter timers too: elections after 10..20 ms of silence, heartbeats every 2 ms, batching on.
            return topology -> Raft.nodeFactory(topology, new RaftConfig());
        }
        throw new IllegalArgumentException("protocol must be one of " + supported() + ", was '" + protocol + "'");
    }
}
