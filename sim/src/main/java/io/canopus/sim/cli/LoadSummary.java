package io.canopus.sim.cli;

import io.canopus.sim.load.LoadResult;

import java.io.PrintWriter;

/** The rows of a {@link LoadResult} in the final table, and its warnings. */
final class LoadSummary
{
    private LoadSummary()
    {
    }

    static void addRows(final ResultTable table, final LoadResult result)
    {
        table.row("target throughput", "%d ops/s", result.targetOpsPerSec())
            .row("achieved throughput", "%.0f ops/s (%d operations of the measured %.1f s)",
                result.achievedOpsPerSec(), result.measuredCompleted(), result.measuredSeconds())
            .row("operations", "sent %d, completed %d, failed %d, back-pressured %d, unsent %d, missing %d",
                result.sent(), result.completed(), result.failed(), result.backPressured(), result.unsent(), result.missing());
        if (result.latencyNs().getTotalCount() == 0)
        {
            table.row("client latency", "none measured");
            return;
        }
        table.row("client latency p50", "%.0f us", result.latencyUs(50))
            .row("client latency p90", "%.0f us", result.latencyUs(90))
            .row("client latency p99", "%.0f us", result.latencyUs(99))
            .row("client latency p99.9", "%.0f us", result.latencyUs(99.9))
            .row("client latency max", "%.0f us", result.maxLatencyUs());
    }

    static void printWarnings(final PrintWriter err, final LoadResult result)
    {
        for (final String warning : result.warnings())
        {
            err.println("WARNING: " + warning);
        }
        err.flush();
    }
}
