package io.canopus.sim.sweep;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepRunnerTest
{
    private static SweepSettings settings(final List<Integer> nodesPerRack, final int doublings, final long cpuPerMessageNs)
    {
        return new SweepSettings(List.of("canopus"), List.of(1), nodesPerRack, List.of(Mix.WRITE_HEAVY), List.of(10_000_000_000L),
            List.of(5_000L), 4, 2, doublings, 0.1, 20_000_000, 40_000_000, cpuPerMessageNs, 0, 64, 3, 2);
    }

    @Test
    void doublesTheLoadUntilThroughputStopsGrowingAndKeepsTheBestRun()
    {
        // A heavy per-message cost saturates a 3-node rack quickly.
        final SweepSettings settings = settings(List.of(3), 4, 50_000);
        final List<String> seen = new ArrayList<>();
        final List<SweepOutcome> outcomes = new SweepRunner(settings, DatacenterNetwork.builder(settings), SweepProtocols::factory)
            .run((done, total, point, run) -> seen.add(point.clientsPerNode() + ":" + Math.round(run.opsPerSec())));
        assertThat(outcomes).hasSize(1);
        final SweepOutcome outcome = outcomes.get(0);
        assertThat(outcome.tries()).hasSizeBetween(2, 5);
        assertThat(outcome.tries()).extracting(Measurement::clientsPerNode).startsWith(2, 4);
        assertThat(seen).hasSize(outcome.tries().size());
        assertThat(outcome.best().opsPerSec())
            .isEqualTo(outcome.tries().stream().mapToDouble(Measurement::opsPerSec).max().orElseThrow());
        assertThat(outcome.point().clientsPerNode()).isEqualTo(outcome.best().clientsPerNode());
        assertThat(outcome.best().count()).isPositive();
        assertThat(outcome.best().p50Us()).isPositive();
        assertThat(outcome.result().allOk()).as(outcome.result().summary()).isTrue();
        if (outcome.saturated())
        {
            final List<Measurement> tries = outcome.tries();
            assertThat(tries.get(tries.size() - 1).opsPerSec()).isLessThan(tries.get(tries.size() - 2).opsPerSec() * 1.1);
        }
    }

    @Test
    void aCostlierCpuLowersSaturationThroughput()
    {
        final SweepSettings cheap = settings(List.of(3), 0, 1_000);
        final SweepSettings dear = settings(List.of(3), 0, 100_000);
        final double cheapOps = new SweepRunner(cheap, DatacenterNetwork.builder(cheap), SweepProtocols::factory)
            .run((d, t, p, r) -> { }).get(0).best().opsPerSec();
        final double dearOps = new SweepRunner(dear, DatacenterNetwork.builder(dear), SweepProtocols::factory)
            .run((d, t, p, r) -> { }).get(0).best().opsPerSec();
        assertThat(dearOps).isLessThan(cheapOps / 2);
    }

    @Test
    void theTableHasOneRowPerPointAndRatiosBetweenProtocols()
    {
        final SweepSettings settings = settings(List.of(3, 5), 0, 1_000);
        final List<SweepOutcome> outcomes = new SweepRunner(settings, DatacenterNetwork.builder(settings), SweepProtocols::factory)
            .run((d, t, p, r) -> { });
        final String table = SweepTable.markdown(outcomes);
        assertThat(table).contains("| 1x3 | write-heavy | 10Gb/s | 5 us |").contains("| 1x5 | write-heavy |");
        assertThat(table.lines().filter(l -> l.startsWith("| 1x"))).hasSize(2);
    }

    @Test
    void badSettingsAreRejectedWithTheirName()
    {
        assertThatThrownBy(() -> settings(List.of(0), 0, 0)).hasMessageContaining("nodes per rack");
        assertThatThrownBy(() -> new SweepSettings(List.of("canopus"), List.of(1), List.of(3), List.of(Mix.READ_HEAVY),
            List.of(1L), List.of(1L), 0.5, 1, 0, 0.1, 0, 1, 0, 0, 8, 1, 1)).hasMessageContaining("oversubscription");
        assertThatThrownBy(() -> SweepProtocols.factory("paxos")).hasMessageContaining("paxos");
        assertThatThrownBy(() -> Mix.ofLabel("balanced")).hasMessageContaining("read-heavy or write-heavy");
    }
}
