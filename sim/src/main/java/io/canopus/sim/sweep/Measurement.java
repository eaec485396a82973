package io.canopus.sim.sweep;

import io.canopus.sim.check.KvOperation;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one run achieved over its measured window: operations answered with a definite outcome that
 * completed inside {@code [fromNs, toNs)}, and their latencies (simulated time, invoke to answer).
 *
 * @param clientsPerNode the offered load of the run.
 * @param opsPerSec      answered operations per simulated second in the window.
 * @param writesPerSec   answered writes per simulated second in the window.
 * @param p50Us          median latency of the window's operations.
 * @param p99Us          99th percentile.
 * @param count          operations in the window.
 */
public record Measurement(int clientsPerNode, double opsPerSec, double writesPerSec, long p50Us, long p99Us, long count)
{
    private static final long MAX_US = TimeUnit.HOURS.toMicros(1);

    /** Measures {@code history} over {@code [fromNs, toNs)}. */
    public static Measurement of(final int clientsPerNode, final List<KvOperation> history, final long fromNs, final long toNs)
    {
        final Histogram latency = new Histogram(MAX_US, 3);
        long writes = 0;
        for (final KvOperation op : history)
        {
            if (!op.isPending() && op.completeNs() >= fromNs && op.completeNs() < toNs)
            {
                latency.recordValue(Math.min(MAX_US, Math.max(0, (op.completeNs() - op.invokeNs()) / 1_000)));
                if (op.type() != KvOperation.Type.GET)
                {
                    writes++;
                }
            }
        }
        final double seconds = (toNs - fromNs) / 1e9;
        final long count = latency.getTotalCount();
        return new Measurement(clientsPerNode, count / seconds, writes / seconds,
            count == 0 ? 0 : latency.getValueAtPercentile(50), count == 0 ? 0 : latency.getValueAtPercentile(99), count);
    }
}
