package io.canopus.sim.canopus;

import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety net of the protocol: 200 seeds of a 3 x 3 cluster under random crashes, restarts,
 * partitions, loss bursts and pauses, each with a key-value workload and all four checkers.
 * Faults stop at 60% of the run so the rest proves that commits resume.
 */
class RandomFaultSeedsTest
{
    static final int SEEDS = 200;

    static LongStream seeds()
    {
        return LongStream.rangeClosed(1, SEEDS);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void allVerdictsHoldUnderRandomFaults(final long seed)
    {
        final SimResult result = Simulation.run(CanopusSims.canopus(3, 3, 1.5, seed, FaultMode.RANDOM).build());
        CanopusSims.assertAllOk(result);
        assertThat(result.faults()).as("the run had faults").isNotEmpty();
    }
}
