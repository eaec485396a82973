package io.canopus.sim.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep's outcomes as a comparison table: one row per point without its protocol, one column
 * group per protocol (saturation throughput and median latency), and the ratio of the first
 * protocol's throughput to each other's. Markdown, so the same text goes to a terminal and to
 * {@code docs/}.
 */
public final class SweepTable
{
    /**
     * The latency budget of the second throughput column: the best throughput among a point's runs whose median
     * stayed within it. A closed-loop search keeps gaining throughput from batching while latency climbs, so the
     * best throughput alone rewards queueing; this column shows what each protocol carries at a usable latency.
     */
    public static final long SLO_P50_US = 2_000;

    private SweepTable()
    {
    }

    /** @return the outcomes as a Markdown table. */
    public static String markdown(final List<SweepOutcome> outcomes)
    {
        final List<String> protocols = new ArrayList<>();
        final Map<String, Map<String, SweepOutcome>> rows = new LinkedHashMap<>();
        for (final SweepOutcome o : outcomes)
        {
            final SweepPoint p = o.point();
            if (!protocols.contains(p.protocol()))
            {
                protocols.add(p.protocol());
            }
            rows.computeIfAbsent(rowKey(p), k -> new LinkedHashMap<>()).put(p.protocol(), o);
        }
        final StringBuilder out = new StringBuilder();
        out.append("| racks x nodes | mix | bandwidth | latency |");
        for (final String protocol : protocols)
        {
            out.append(' ').append(protocol).append(" ops/s | ").append(protocol).append(" p50 us | ")
                .append(protocol).append(" ops/s at p50 <= 2 ms |");
        }
        for (int i = 1; i < protocols.size(); i++)
        {
            out.append(' ').append(protocols.get(0)).append('/').append(protocols.get(i)).append(" |");
        }
        out.append('\n').append("|---|---|---|---|");
        for (int i = 0; i < protocols.size(); i++)
        {
            out.append("---:|---:|---:|");
        }
        for (int i = 1; i < protocols.size(); i++)
        {
            out.append("---:|");
        }
        out.append('\n');
        for (final Map<String, SweepOutcome> row : rows.values())
        {
            final SweepPoint p = row.values().iterator().next().point();
            out.append(String.format(Locale.ROOT, "| %dx%d | %s | %s | %d us |", p.racks(), p.nodesPerRack(), p.mix().label(),
                SweepPoint.gbps(p.bandwidthBps()), p.linkLatencyNs() / 1_000));
            for (final String protocol : protocols)
            {
                final SweepOutcome o = row.get(protocol);
                if (o == null)
                {
                    out.append(" - | - | - |");
                }
                else
                {
                    final double withinSlo = o.tries().stream().filter(m -> m.p50Us() <= SLO_P50_US)
                        .mapToDouble(Measurement::opsPerSec).max().orElse(-1);
                    out.append(String.format(Locale.ROOT, " %,.0f%s | %,d | %s |", o.best().opsPerSec(), marks(o), o.best().p50Us(),
                        withinSlo < 0 ? "-" : String.format(Locale.ROOT, "%,.0f", withinSlo)));
                }
            }
            final SweepOutcome first = row.get(protocols.get(0));
            for (int i = 1; i < protocols.size(); i++)
            {
                final SweepOutcome other = row.get(protocols.get(i));
                if (first == null || other == null || other.best().opsPerSec() == 0)
                {
                    out.append(" - |");
                }
                else
                {
                    out.append(String.format(Locale.ROOT, " %.2f |", first.best().opsPerSec() / other.best().opsPerSec()));
                }
            }
            out.append('\n');
        }
        out.append("\n`*` not saturated: throughput still grew at the last doubling of clients. ")
            .append("`!` a verdict was not ok in the best run.\n");
        return out.toString();
    }

    private static String marks(final SweepOutcome o)
    {
        return (o.saturated() ? "" : "*") + (o.result().allOk() ? "" : "!");
    }

    private static String rowKey(final SweepPoint p)
    {
        return p.racks() + "x" + p.nodesPerRack() + "/" + p.mix() + "/" + p.bandwidthBps() + "/" + p.linkLatencyNs();
    }
}
