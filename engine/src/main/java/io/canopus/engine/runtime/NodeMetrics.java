package io.canopus.engine.runtime;

import org.HdrHistogram.SingleWriterRecorder;

/**
 * The latency recorders of one node. The node's agent thread is the single writer of each; a
 * metrics thread takes interval histograms from them ({@link MetricsLogger}) without stopping it.
 * Values are nanoseconds, tracked up to an hour with 3 significant digits.
 */
public final class NodeMetrics
{
    static final long HIGHEST_TRACKABLE_NS = 3_600_000_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;

    private final int nodeId;
    private final SingleWriterRecorder dutyCycleNs = newRecorder();
    private final SingleWriterRecorder cycleLatencyNs = newRecorder();

    public NodeMetrics(final int nodeId)
    {
        this.nodeId = nodeId;
    }

    static SingleWriterRecorder newRecorder()
    {
        return new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }

    public int nodeId()
    {
        return nodeId;
    }

    /** Time of one duty cycle that did work (idle cycles would bury the busy ones). */
    public SingleWriterRecorder dutyCycleNs()
    {
        return dutyCycleNs;
    }

    /** Consensus-cycle latency: from the cycle's start at this node to its commit here. */
    public SingleWriterRecorder cycleLatencyNs()
    {
        return cycleLatencyNs;
    }

    void recordDutyCycle(final long ns)
    {
        dutyCycleNs.recordValue(Math.min(Math.max(ns, 1), HIGHEST_TRACKABLE_NS));
    }

    void recordCycleLatency(final long ns)
    {
        cycleLatencyNs.recordValue(Math.min(Math.max(ns, 1), HIGHEST_TRACKABLE_NS));
    }
}
