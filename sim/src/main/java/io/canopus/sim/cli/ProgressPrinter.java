package io.canopus.sim.cli;

import io.canopus.sim.load.LoadInterval;
import io.canopus.sim.load.LoadObserver;
import io.canopus.sim.load.LoadPhase;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The live progress line of {@code load} and {@code demo}, one per interval (a second):
 * {@code t=3s completed/s=20013 p50=182us p99=934us}, marked {@code warmup} or {@code drain} outside
 * the measured period. Latencies are those of the operations completed in that interval, from
 * their intended send times.
 */
final class ProgressPrinter implements LoadObserver
{
    private final PrintWriter out;
    private final String rateLabel;
    private final DoubleFunction<String> extra;

    /**
     * @param rateLabel names the completions per second, e.g. {@code completed/s}.
     * @param extra     more figures for the line, given the interval's length in seconds; may return "".
     */
    ProgressPrinter(final PrintWriter out, final String rateLabel, final DoubleFunction<String> extra)
    {
        this.out = out;
        this.rateLabel = rateLabel;
        this.extra = extra;
    }

    @Override
    public void onInterval(final LoadInterval interval)
    {
        final Histogram latency = interval.latency();
        final StringBuilder line = new StringBuilder(96);
        line.append("t=").append(seconds(interval.endSeconds())).append('s');
        if (interval.phase() != LoadPhase.MEASURED)
        {
            line.append(' ').append(interval.phase().name().toLowerCase(Locale.ROOT));
        }
        line.append(' ').append(rateLabel).append('=').append(Math.round(interval.completedPerSec()));
        if (latency.getTotalCount() > 0)
        {
            line.append(" p50=").append(micros(latency.getValueAtPercentile(50))).append("us");
            line.append(" p99=").append(micros(latency.getValueAtPercentile(99))).append("us");
        }
        if (interval.failed() > 0)
        {
            line.append(" failed=").append(interval.failed());
        }
        final String more = extra.apply(interval.lengthSeconds());
        if (!more.isEmpty())
        {
            line.append(' ').append(more);
        }
        out.println(line);
        out.flush();
    }

    /** Whole seconds as {@code 3}, others as {@code 3.4}. */
    private static String seconds(final double seconds)
    {
        final long rounded = Math.round(seconds);
        return Math.abs(seconds - rounded) < 0.05 ? Long.toString(rounded) : String.format(Locale.ROOT, "%.1f", seconds);
    }

    static long micros(final long nanos)
    {
        return Math.round(nanos / 1000.0);
    }
}
