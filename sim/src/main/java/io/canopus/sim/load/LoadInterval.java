package io.canopus.sim.load;

import org.HdrHistogram.Histogram;

/**
 * One interval of a running load (normally a second), handed to {@link LoadObserver}s. The
 * histograms are reused: valid only during the call.
 *
 * @param endSeconds    seconds from the load's start to the end of this interval.
 * @param lengthSeconds the interval's length in seconds.
 * @param phase         the phase the interval belongs to (intervals end at phase changes, so none straddles one).
 * @param latency       latencies (ns, from the intended send time) of every operation completed in the interval.
 * @param measured      the part of {@code latency} of operations intended in the measured period, with the
 *                      interval's start and end time stamps (epoch ms) set, as an {@code .hlog} interval.
 * @param failed        operations that failed for good in the interval.
 */
public record LoadInterval(double endSeconds, double lengthSeconds, LoadPhase phase, Histogram latency, Histogram measured,
    long failed)
{
    /** @return operations completed per second in this interval. */
    public double completedPerSec()
    {
        return lengthSeconds <= 0 ? 0 : latency.getTotalCount() / lengthSeconds;
    }
}
