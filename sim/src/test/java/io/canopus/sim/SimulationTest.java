package io.canopus.sim;

import io.canopus.sim.check.Verdict;
import io.canopus.sim.fault.FaultMode;
import io.canopus.sim.host.ToySequencerNode;
import io.canopus.sim.net.NetworkSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole runs of the simulator over the toy sequencer protocol (the real protocols have their own). */
class SimulationTest
{
    private static SimConfig.Builder toy()
    {
        return SimConfig.builder()
            .racks(3).nodesPerRack(3)
            .seconds(0.5)
            .protocol("toy-sequencer", topology -> ToySequencerNode.factory(topology.nodeCount()));
    }

    @Test
    void aFaultFreeRunCommitsAndPassesEveryChecker()
    {
        final SimResult result = Simulation.run(toy().seed(1).build());
        System.out.println(result.summary());

        assertThat(result.allOk()).as(result.summary()).isTrue();
        assertThat(result.committedWrites()).isGreaterThan(1000);
        assertThat(result.throughputPerSec()).isEqualTo(result.committedWrites() / 0.5);
        assertThat(result.latency().count()).isGreaterThan(2000);
        assertThat(result.latency().p50Us()).isPositive().isLessThanOrEqualTo(result.latency().p99Us());
        assertThat(result.latency().p999Us()).isLessThanOrEqualTo(result.latency().maxUs());
        assertThat(result.network().messagesDropped()).isZero();
        assertThat(result.nodeCounters()).hasSize(9);
        assertThat(result.nodeCounters().get(0).writesCommitted).isEqualTo(result.committedWrites());
        assertThat((long)result.historySize()).isGreaterThanOrEqualTo(result.latency().count());
        assertThat(result.digestHex()).hasSize(64);
        assertThat(result.events()).isPositive();
        assertThat(result.eventsPerSec()).isPositive();
        assertThat(result.lastHealNs()).isEqualTo(-1);
    }

    @Test
    void theSameConfigGivesTheSameRunAndAnotherSeedAnotherOne()
    {
        final SimConfig config = toy().seed(7).faults(FaultMode.RANDOM).network(NetworkSettings.DEFAULT.withLoss(0.01).withDuplication(0.01)).build();
        final SimResult a = Simulation.run(config);
        final SimResult b = Simulation.run(config);
        assertThat(b.digestHex()).isEqualTo(a.digestHex());
        assertThat(b.events()).isEqualTo(a.events());
        assertThat(b.network()).isEqualTo(a.network());
        assertThat(b.workload()).isEqualTo(a.workload());
        assertThat(b.faults()).isEqualTo(a.faults());
        assertThat(b.latency()).isEqualTo(a.latency());

        final SimResult c = Simulation.run(config.toBuilder().seed(8).build());
        assertThat(c.digestHex()).isNotEqualTo(a.digestHex());
    }

    @Test
    void faultsLossAndDuplicationBreakNothingAndProgressResumesAfterTheLastHeal()
    {
        for (long seed = 1; seed <= 4; seed++)
        {
            final SimResult result = Simulation.run(toy().seed(seed).seconds(1.0).faults(FaultMode.RANDOM)
                .network(NetworkSettings.DEFAULT.withLoss(0.02).withDuplication(0.02).withReorder(0.05)).build());
            System.out.println(result.summary());
            assertThat(result.agreement().verdict()).as(result.summary()).isEqualTo(Verdict.OK);
            assertThat(result.exactlyOnce().verdict()).as(result.summary()).isEqualTo(Verdict.OK);
            assertThat(result.linearizable().verdict()).as(result.summary()).isNotEqualTo(Verdict.VIOLATED);
            assertThat(result.liveness().verdict()).as(result.summary()).isEqualTo(Verdict.OK);
            assertThat(result.faults()).isNotEmpty();
            assertThat(result.lastHealNs()).isBetween(0L, 600_000_000L);
            assertThat(result.network().droppedLoss()).isPositive();
            assertThat(result.network().duplicated()).isPositive();
            assertThat(result.workload().retries()).isPositive();
        }
    }
}
