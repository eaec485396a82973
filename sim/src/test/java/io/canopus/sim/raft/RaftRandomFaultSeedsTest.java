package io.canopus.sim.raft;

import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raft under the same random faults and the same four checkers as Canopus ({@code RandomFaultSeedsTest}): a 3 x 3
 * cluster (nine voters) with crashes and restarts, partitions, loss bursts and pauses, with and without pre-vote.
 */
class RaftRandomFaultSeedsTest
{
    static final int SEEDS = 40;

    static LongStream seeds()
    {
        return LongStream.rangeClosed(1, SEEDS);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void allVerdictsHoldUnderRandomFaults(final long seed)
    {
        final SimResult result = Simulation.run(RaftSims.raft(3, 3, 1.5, seed, FaultMode.RANDOM, false).build());
        RaftSims.assertAllOk(result);
        assertThat(result.faults()).as("the run had faults").isNotEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void allVerdictsHoldUnderRandomFaultsWithPreVote(final long seed)
    {
        final SimResult result = Simulation.run(RaftSims.raft(3, 3, 1.5, seed, FaultMode.RANDOM, true).build());
        RaftSims.assertAllOk(result);
    }

    @Test
    void withoutFaultsOneLeaderServesTheWholeRun()
    {
        final SimResult result = Simulation.run(RaftSims.raft(3, 3, 1.0, 1, FaultMode.NONE, false).build());
        RaftSims.assertAllOk(result);
        assertThat(result.stats().protocol().leader().leaderChanges()).isEqualTo(1);
        assertThat(result.stats().protocol().leader().timeToFirstLeaderMs()).isNotNull().isLessThan(30.0);
        assertThat(result.stats().client().applicationsPerCommand()).as("every write reaches all nine").isCloseTo(9.0, org.assertj.core.api.Assertions.within(0.05));
    }
}
