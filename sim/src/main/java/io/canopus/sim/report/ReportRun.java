package io.canopus.sim.report;

import io.canopus.sim.SimResult;

import java.util.Objects;

/**
 * One named run in a report.
 *
 * @param name   how the report labels the run (e.g. "raft pre-vote", "canopus 3x5 write-heavy").
 * @param result the run's result, statistics included.
 * @param faults how faults were set up, as the JSON output names it.
 */
public record ReportRun(String name, SimResult result, String faults)
{
    public ReportRun
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(faults, "faults");
    }
}
