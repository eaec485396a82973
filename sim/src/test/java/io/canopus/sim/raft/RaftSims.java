package io.canopus.sim.raft;

import io.canopus.engine.raft.Raft;
import io.canopus.engine.raft.RaftConfig;
import io.canopus.sim.SimConfig;
import io.canopus.sim.SimResult;
import io.canopus.sim.fault.FaultMode;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared set-up of the Raft simulation tests: the datacenter timers of {@link RaftConfig}'s defaults. */
final class RaftSims
{
    private RaftSims()
    {
    }

    static SimConfig.Builder raft(final int racks, final int nodesPerRack, final double seconds, final long seed, final FaultMode faults,
        final boolean preVote)
    {
        final RaftConfig config = new RaftConfig().preVote(preVote);
        return SimConfig.builder()
            .racks(racks)
            .nodesPerRack(nodesPerRack)
            .seconds(seconds)
            .seed(seed)
            .faults(faults)
            .protocol(Raft.PROTOCOL_NAME, topology -> Raft.nodeFactory(topology, config));
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
