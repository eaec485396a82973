package io.canopus.sim.canopus;

import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.protocol.NodeCounters;
import io.canopus.sim.SimConfig;
import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Leaf-Only Tree at heights 1, 2 and 3, with and without faults. */
class TreeHeightTest
{
    @ParameterizedTest(name = "{0} racks x {1}, height {2}, faults {3}")
    @CsvSource({
        "1, 3, 1, NONE", "1, 5, 1, RANDOM",
        "3, 3, 2, NONE", "3, 3, 2, RANDOM",
        "9, 2, 3, NONE", "9, 3, 3, RANDOM"})
    void commitsAndStaysSafeAtEveryHeight(final int racks, final int nodesPerRack, final int height, final FaultMode faults)
    {
        final SimConfig config = CanopusSims.canopus(racks, nodesPerRack, 1.5, 11, faults, new CanopusConfig().fanout(3)).build();
        assertThat(config.topology().height()).isEqualTo(height);
        final SimResult result = Simulation.run(config);
        CanopusSims.assertAllOk(result);
        final long fetches = CanopusSims.sum(result, c -> c.stateFetches);
        final long relays = CanopusSims.sum(result, c -> c.relaysSent);
        if (height == 1)
        {
            assertThat(fetches).as("one rack needs no round above 1").isZero();
        }
        else
        {
            assertThat(fetches).as("representatives fetch sibling vnode states").isPositive();
            assertThat(relays).as("representatives relay fetched states to their rack").isPositive();
            final long hits = CanopusSims.sum(result, c -> c.standingRequestHits);
            if (faults == FaultMode.NONE)
            {
                assertThat(hits).as("standing requests spare most per-cycle requests").isGreaterThan(fetches);
            }
            else
            {
                assertThat(hits).as("standing requests in use").isPositive();
            }
        }
        // Every node that never crashed committed as much as the best node, less the pipeline.
        final long best = result.nodeCounters().stream().mapToLong(c -> c.cyclesCommitted).max().orElseThrow();
        assertThat(best).isGreaterThan(100);
        for (final NodeCounters c : result.nodeCounters())
        {
            if (faults == FaultMode.NONE)
            {
                assertThat(c.cyclesCommitted).isBetween(best - 16, best);
            }
        }
    }
}
