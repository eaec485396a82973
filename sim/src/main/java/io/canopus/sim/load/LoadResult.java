package io.canopus.sim.load;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * What an {@link OpenLoopLoad} run measured. Counts cover warm-up and measured period together,
 * except {@code measuredCompleted}; latencies are those of the measured operations only.
 *
 * @param targetOpsPerSec     the rate asked for.
 * @param achievedOpsPerSec   measured operations completed, divided by the measured period or, when the
 *                            last of them completed later, by the time from the period's start to that completion.
 * @param measuredSeconds     length of the measured period.
 * @param sent                operations the clients accepted.
 * @param completed           operations answered.
 * @param measuredCompleted   operations of the measured period answered.
 * @param failed              operations that failed for good (the client gave up after its retries).
 * @param backPressured       operations that had to wait because every client slot was busy or no node was connected.
 * @param unsent              operations never sent: the clients were too far behind when the run ended.
 * @param missing             operations sent but not answered by the end of the drain.
 * @param latencyNs           latencies of the measured operations, from the intended send time, in ns.
 * @param warnings            what makes the figures doubtful, one sentence each; empty when nothing does.
 */
public record LoadResult(
    long targetOpsPerSec,
    double achievedOpsPerSec,
    double measuredSeconds,
    long sent,
    long completed,
    long measuredCompleted,
    long failed,
    long backPressured,
    long unsent,
    long missing,
    Histogram latencyNs,
    List<String> warnings)
{
    /** @return the latency at {@code percentile} (0..100) in microseconds. */
    public double latencyUs(final double percentile)
    {
        return latencyNs.getValueAtPercentile(percentile) / 1000.0;
    }

    /** @return the largest latency in microseconds. */
    public double maxLatencyUs()
    {
        return latencyNs.getMaxValue() / 1000.0;
    }
}
