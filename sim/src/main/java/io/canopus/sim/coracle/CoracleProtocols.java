package io.canopus.sim.coracle;

import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.coracle.CoracleScenario.Consensus;

import java.util.List;
import java.util.function.Function;

/** The protocols a Coracle file can run under, configured from its {@code consensus} object. */
final class CoracleProtocols
{
    private CoracleProtocols()
    {
    }

    static List<String> supported()
    {
        return List.of(Canopus.PROTOCOL_NAME);
    }

    static Function<ClusterTopology, NodeFactory> factory(final String name, final Consensus consensus, final int longestPathMs)
    {
        if (Canopus.PROTOCOL_NAME.equals(name))
        {
            final var config = CoracleRun.canopusTimers(consensus, longestPathMs);
            return topology -> Canopus.nodeFactory(topology, config);
        }
        throw new IllegalArgumentException("no protocol '" + name + "'; one of " + supported());
    }
}
