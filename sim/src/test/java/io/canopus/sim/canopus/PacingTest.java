package io.canopus.sim.canopus;

import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.fault.FaultMode;
import io.canopus.sim.workload.WorkloadSettings;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Cycles are paced by work, by messages for newer cycles, and by the heartbeat when idle. */
class PacingTest
{
    @Test
    void idleClusterRunsHeartbeatCycles()
    {
        final CanopusConfig config = new CanopusConfig().heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(5));
        final SimResult result = Simulation.run(CanopusSims.canopus(3, 3, 1.0, 3, FaultMode.NONE, config)
            .workload(WorkloadSettings.DEFAULT.withClientsPerNode(0)).build());
        final long cycles = result.nodeCounters().get(0).cyclesCommitted;
        // One cycle per heartbeat, give or take the first and the last, and the message-driven starts
        // that keep every member in the same cycles.
        assertThat(cycles).isBetween(150L, 230L);
        assertThat(result.committedWrites()).isZero();
        assertThat(result.agreement().isOk()).isTrue();
    }

    @Test
    void workStartsCyclesWithoutWaitingForTheHeartbeat()
    {
        final CanopusConfig config = new CanopusConfig().heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(50));
        final SimResult result = Simulation.run(CanopusSims.canopus(3, 3, 1.0, 3, FaultMode.NONE, config).build());
        CanopusSims.assertAllOk(result);
        // A 50 ms heartbeat alone would give ~20 cycles a second; client work drives far more.
        assertThat(result.nodeCounters().get(0).cyclesCommitted).isGreaterThan(200);
        assertThat(result.latency().p50Us()).as("no write waits for a heartbeat").isLessThan(10_000);
    }

    @Test
    void deeperPipelineCommitsMoreUnderLoad()
    {
        final SimResult shallow = Simulation.run(CanopusSims.canopus(3, 3, 1.0, 3, FaultMode.NONE, new CanopusConfig().pipelineDepth(1))
            .workload(WorkloadSettings.DEFAULT.withClientsPerNode(8).withThinkTimeNs(0)).build());
        final SimResult deep = Simulation.run(CanopusSims.canopus(3, 3, 1.0, 3, FaultMode.NONE, new CanopusConfig().pipelineDepth(8))
            .workload(WorkloadSettings.DEFAULT.withClientsPerNode(8).withThinkTimeNs(0)).build());
        CanopusSims.assertAllOk(shallow);
        CanopusSims.assertAllOk(deep);
        assertThat(deep.nodeCounters().get(0).cyclesCommitted).isGreaterThan(shallow.nodeCounters().get(0).cyclesCommitted);
    }
}
