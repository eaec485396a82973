package io.canopus.sim.canopus;

import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs that once broke a verdict, kept with the shape and seed that exposed the bug. Each failed
 * before its fix with the simulator's current defaults (changing the fault generator or network
 * defaults changes what a seed does, so re-check a seed that passes for a new reason).
 */
class RegressionSeedsTest
{
    @ParameterizedTest(name = "{0} x {1}, seed {2}: {3}")
    @CsvSource(delimiter = '|', value = {
        "1 | 5 | 237 | a node removed while alive rejoined without re-proposing cycles it had proposed as its old incarnation"})
    void staysCorrect(final int racks, final int nodesPerRack, final long seed, final String bug)
    {
        final SimResult result = Simulation.run(CanopusSims.canopus(racks, nodesPerRack, 1.5, seed, FaultMode.RANDOM).build());
        CanopusSims.assertAllOk(result);
    }
}
