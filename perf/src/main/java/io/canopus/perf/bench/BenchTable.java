package io.canopus.perf.bench;

import java.util.Locale;
import java.util.Map;

/** The comparison table a person reads: saturation and latency per system and size, common rates, ratios, ceiling. */
final class BenchTable
{
    private BenchTable()
    {
    }

    static String render(final BenchResults results)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("Saturation (highest rate with achieved >= 99%, nothing missing, p99 <= SLO) and latency at it, us;\n");
        sb.append("overload/s: writes/s completed when offered far more than the system takes (no latency bound)\n");
        sb.append(String.format(Locale.ROOT, "%6s  %-22s %14s %9s %9s %9s %9s %9s  %14s%n", "size", "system", "saturation/s",
            "p50", "p90", "p99", "p99.9", "max", "overload/s"));
        for (final BenchResults.SystemResult s : results.systems())
        {
            sb.append(String.format(Locale.ROOT, "%5dB  %-22s %14s %9s %9s %9s %9s %9s  %,14.0f%n", s.sizeBytes(), s.name(),
                String.format(Locale.ROOT, "%,d%s", s.saturationMsgsPerSec(), s.capped() ? "+" : ""),
                us(s.p50Us()), us(s.p90Us()), us(s.p99Us()), us(s.p999Us()), us(s.maxUs()), s.overloadMsgsPerSec()));
        }
        sb.append("\nLatency at a common rate, us (runs merged)\n");
        sb.append(String.format(Locale.ROOT, "%6s  %11s  %-22s %12s %9s %9s %9s %9s %9s%n", "size", "rate/s", "system",
            "achieved/s", "p50", "p90", "p99", "p99.9", "max"));
        for (final BenchResults.CommonRate rate : results.commonRates())
        {
            for (final BenchResults.AtRate a : rate.systems())
            {
                sb.append(String.format(Locale.ROOT, "%5dB  %,11d  %-22s %,12.0f %9s %9s %9s %9s %9s%n", rate.sizeBytes(),
                    rate.ratePerSec(), a.name(), a.achievedPerSec(), us(a.p50Us()), us(a.p90Us()), us(a.p99Us()),
                    us(a.p999Us()), us(a.maxUs())));
            }
        }
        for (final BenchResults.CommonRate rate : results.commonRates())
        {
            if (rate.basis() != null)
            {
                sb.append(String.format(Locale.ROOT, "  %dB rate: %s%n", rate.sizeBytes(), rate.basis()));
            }
        }
        if (!results.ratios().isEmpty())
        {
            sb.append("\nSaturation ratios\n");
            for (final Map.Entry<String, Double> ratio : results.ratios().entrySet())
            {
                sb.append(ratio.getValue() == null
                    ? String.format(Locale.ROOT, "  %-36s undefined (aeron-cluster met the SLO at no rate)%n", ratio.getKey())
                    : String.format(Locale.ROOT, "  %-36s %.2fx%n", ratio.getKey(), ratio.getValue()));
            }
        }
        sb.append("\nTransport ceiling: raw Aeron multicast on loopback, 1 publisher\n");
        for (final BenchResults.Ceiling c : results.ceiling())
        {
            sb.append(String.format(Locale.ROOT, "  %5dB  %,12.0f msgs/s  %8.1f MB/s to %d subscribers", c.sizeBytes(),
                c.multicastMsgsPerSec(), c.multicastBytesPerSec() / 1e6, c.subscribers()));
            if (c.canopusShare() != null)
            {
                sb.append(String.format(Locale.ROOT, "; Canopus commits %.2f MB/s of payload at saturation = %.1f%% of it",
                    c.canopusCommittedBytesPerSec() / 1e6, c.canopusShare() * 100));
            }
            if (c.canopusOverloadShare() != null)
            {
                sb.append(String.format(Locale.ROOT, ", %.1f%% at overload", c.canopusOverloadShare() * 100));
            }
            sb.append('\n');
        }
        if (results.steady() != null)
        {
            final BenchResults.Steady s = results.steady();
            sb.append(String.format(Locale.ROOT, "%nSteady run: %s, %d B at %,d/s for %.0f s: %d GCs after warm-up (%d ms), " +
                    "%s ns process CPU per committed write, p99 %s us, max %s us%n", s.system(), s.sizeBytes(), s.ratePerSec(),
                s.measuredSeconds(), s.gcCollectionsAfterWarmup(), s.gcMillisAfterWarmup(),
                s.cpuNsPerCommittedWrite() == null ? "-" : String.format(Locale.ROOT, "%,.0f", s.cpuNsPerCommittedWrite()),
                us(s.p99Us()), us(s.maxUs())));
        }
        if (!results.warnings().isEmpty())
        {
            sb.append("\nWarnings\n");
            results.warnings().forEach(w -> sb.append("  ").append(w).append('\n'));
        }
        return sb.toString();
    }

    private static String us(final Double value)
    {
        if (value == null)
        {
            return "-";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
