package io.canopus.engine.raft;

import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.topology.ClusterTopology;

/** Entry point of the Raft protocol for drivers (the simulator; the runtime runs Canopus). */
public final class Raft
{
    /** Name reported by drivers, e.g. in the simulator's JSON. */
    public static final String PROTOCOL_NAME = "raft";

    private Raft()
    {
    }

    /** @return a factory of Raft servers of {@code topology} (every node votes), all sharing {@code config} (validated here). */
    public static NodeFactory nodeFactory(final ClusterTopology topology, final RaftConfig config)
    {
        config.validate();
        return (nodeId, sink, log, random, stateMachine) -> new RaftNode(nodeId, topology, config, sink, log, random, stateMachine);
    }
}
