package io.canopus.sim.canopus;

import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.sim.SimConfig;
import io.canopus.sim.SimResult;
import io.canopus.sim.fault.FaultMode;

import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared set-up of the Canopus simulation tests. */
final class CanopusSims
{
    private CanopusSims()
    {
    }

    static SimConfig.Builder canopus(final int racks, final int nodesPerRack, final double seconds, final long seed, final FaultMode faults)
    {
        return canopus(racks, nodesPerRack, seconds, seed, faults, new CanopusConfig());
    }

    static SimConfig.Builder canopus(
        final int racks, final int nodesPerRack, final double seconds, final long seed, final FaultMode faults, final CanopusConfig config)
    {
        return SimConfig.builder()
            .racks(racks)
            .nodesPerRack(nodesPerRack)
            .fanout(config.fanout())
            .seconds(seconds)
            .seed(seed)
            .faults(faults)
            .protocol(Canopus.PROTOCOL_NAME, topology -> Canopus.nodeFactory(topology, config));
    }

    static long sum(final SimResult result, final ToLongFunction<NodeCounters> counter)
    {
        return result.nodeCounters().stream().mapToLong(counter).sum();
    }

    /** Asserts the four verdicts with the checkers' own explanation on failure. */
    static void assertAllOk(final SimResult result)
    {
        assertThat(result.agreement().isOk()).as("agreement: %s%n%s", result.agreement().detail(), result.summary()).isTrue();
        assertThat(result.linearizable().isOk()).as("linearizable: %s%n%s", result.linearizable().detail(), result.summary()).isTrue();
        assertThat(result.exactlyOnce().isOk()).as("exactly-once: %s%n%s", result.exactlyOnce().detail(), result.summary()).isTrue();
        assertThat(result.liveness().isOk()).as("liveness: %s%n%s", result.liveness().detail(), result.summary()).isTrue();
        assertThat(result.committedWrites()).as("committed writes%n%s", result.summary()).isPositive();
    }
}
