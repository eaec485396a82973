package io.canopus.sim.sweep;

import io.canopus.sim.report.LineChart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A sweep's outcomes as plots: saturation throughput and median latency against cluster size, a line per protocol and mix. */
public final class SweepPlots
{
    private SweepPlots()
    {
    }

    /** @return SVG of saturation throughput (ops/s) against servers in the cluster. */
    public static String throughput(final List<SweepOutcome> outcomes)
    {
        return LineChart.svg("Throughput at saturation", "servers", "ops/s", lines(outcomes, true), false);
    }

    /** @return SVG of median latency (us, log axis) at saturation against servers in the cluster. */
    public static String latency(final List<SweepOutcome> outcomes)
    {
        return LineChart.svg("Median latency at saturation", "servers", "p50 us", lines(outcomes, false), true);
    }

    private static Map<String, List<double[]>> lines(final List<SweepOutcome> outcomes, final boolean throughput)
    {
        final Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (final SweepOutcome o : outcomes)
        {
            final SweepPoint p = o.point();
            final String name = String.format(Locale.ROOT, "%s %s %s %dus", p.protocol(), p.mix().label(),
                SweepPoint.gbps(p.bandwidthBps()), p.linkLatencyNs() / 1_000) + (p.racks() == 1 ? "" : " " + p.racks() + " racks");
            final double y = throughput ? o.best().opsPerSec() : Math.max(1, o.best().p50Us());
            lines.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[]{p.racks() * p.nodesPerRack(), y});
        }
        return lines;
    }

    /** @return a Markdown table (as {@link SweepTable#markdown} writes) as an HTML table. */
    public static String htmlTable(final String markdown)
    {
        final StringBuilder h = new StringBuilder("<table>\n");
        final StringBuilder notes = new StringBuilder();
        boolean header = true;
        for (final String line : markdown.split("\n"))
        {
            if (!line.startsWith("|"))
            {
                notes.append(escape(line.replace("`", ""))).append(' ');
                continue;
            }
            if (line.startsWith("|---"))
            {
                continue;
            }
            final String cell = header ? "th" : "td";
            h.append("<tr>");
            for (final String value : line.substring(1, line.length() - 1).split("\\|"))
            {
                h.append('<').append(cell).append('>').append(escape(value.trim())).append("</").append(cell).append('>');
            }
            h.append("</tr>\n");
            header = false;
        }
        return h.append("</table>\n<p>").append(notes.toString().trim()).append("</p>\n").toString();
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
