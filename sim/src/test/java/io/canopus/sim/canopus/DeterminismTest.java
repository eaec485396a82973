package io.canopus.sim.canopus;

import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeterminismTest
{
    @Test
    void sameSeedGivesTheSameRun()
    {
        final SimResult first = Simulation.run(CanopusSims.canopus(3, 3, 1.5, 42, FaultMode.RANDOM).build());
        final SimResult second = Simulation.run(CanopusSims.canopus(3, 3, 1.5, 42, FaultMode.RANDOM).build());
        assertThat(second.digestHex()).isEqualTo(first.digestHex());
        assertThat(second.committedWrites()).isEqualTo(first.committedWrites());
        assertThat(second.events()).isEqualTo(first.events());
        assertThat(second.network()).isEqualTo(first.network());
        assertThat(second.faults()).isEqualTo(first.faults());
    }

    @Test
    void differentSeedsGiveDifferentRuns()
    {
        final SimResult a = Simulation.run(CanopusSims.canopus(3, 3, 0.5, 1, FaultMode.NONE).build());
        final SimResult b = Simulation.run(CanopusSims.canopus(3, 3, 0.5, 2, FaultMode.NONE).build());
        assertThat(a.digestHex()).isNotEqualTo(b.digestHex());
    }
}
