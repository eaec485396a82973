package io.canopus.sim.graph;

/**
 * What one direction of a link does to a copy.
 *
 * @param latency         propagation delay.
 * @param bandwidthBps    bits per second; a copy of {@code b} bytes takes {@code b * 8 / bandwidth}
 *                        to serialize; 0 means unlimited (no serialization delay, no queue).
 * @param queueLimitBytes most bytes waiting for the link (ahead of a copy) before the copy is
 *                        dropped as lost; 0 means unbounded (the waiting is still counted in time).
 * @param loss            probability a copy is lost on this link, 0..1.
 * @param duplicate       probability a copy is delivered twice, 0..1.
 */
public record LinkSpec(Latency latency, long bandwidthBps, long queueLimitBytes, double loss, double duplicate)
{
    public LinkSpec
    {
        if (latency == null)
        {
            throw new IllegalArgumentException("a link needs a latency");
        }
        if (bandwidthBps < 0)
        {
            throw new IllegalArgumentException("bandwidth must be >= 0 (0 = unlimited): " + bandwidthBps);
        }
        if (queueLimitBytes < 0)
        {
            throw new IllegalArgumentException("queue limit must be >= 0 (0 = unbounded): " + queueLimitBytes);
        }
        if (!(loss >= 0 && loss <= 1) || !(duplicate >= 0 && duplicate <= 1))
        {
            throw new IllegalArgumentException("loss and duplicate must be probabilities in [0, 1]: " + loss + ", " + duplicate);
        }
    }

    /** @return a clean link of fixed latency and the given bandwidth. */
    public static LinkSpec of(final long latencyNs, final long bandwidthBps)
    {
        return new LinkSpec(Latency.fixed(latencyNs), bandwidthBps, 0, 0, 0);
    }

    /** @return this spec with another latency (a link latency change). */
    public LinkSpec withLatency(final Latency newLatency)
    {
        return new LinkSpec(newLatency, bandwidthBps, queueLimitBytes, loss, duplicate);
    }
}
