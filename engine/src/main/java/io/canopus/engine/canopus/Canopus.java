package io.canopus.engine.canopus;

import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.topology.ClusterTopology;

/** Entry point of the Canopus protocol for drivers (runtime and simulator). */
public final class Canopus
{
    /** Name reported by drivers, e.g. in the simulator's JSON. */
    public static final String PROTOCOL_NAME = "canopus";

    private Canopus()
    {
    }

    /** @return a factory of Canopus nodes of {@code topology}, all sharing {@code config} (validated here). */
    public static NodeFactory nodeFactory(final ClusterTopology topology, final CanopusConfig config)
    {
        config.validate();
        if (config.fanout() != topology.fanout())
        {
            throw new IllegalArgumentException("config fanout " + config.fanout() + " differs from topology fanout " + topology.fanout());
        }
        return (nodeId, sink, log, random, stateMachine) -> new CanopusNode(nodeId, topology, config, sink, log, random, stateMachine);
    }
}
