package io.canopus.sim.report;

import io.canopus.sim.stats.SimStats;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.util.List;

/** The report's plots, each an SVG element drawn by JFreeChart from a run's statistics. */
final class Charts
{
    static final int WIDTH = 640;
    static final int HEIGHT = 320;
    /** More series than this make a legend unreadable; the plot then shows the first ones and says so. */
    static final int MAX_SERIES = 30;
    /** Links shown in the bytes-per-link bars: the busiest. */
    static final int MAX_LINKS = 20;

    private Charts()
    {
    }

    private static JFreeChart styled(final JFreeChart chart)
    {
        chart.setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot)
        {
            final XYPlot plot = (XYPlot)chart.getPlot();
            plot.setBackgroundPaint(new Color(250, 250, 250));
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        return chart;
    }

    /** Highest committed position of every server over time: cycles for Canopus, log indices for Raft. */
    static String committed(final SimStats stats, final String positionName)
    {
        final SimStats.Series s = stats.series();
        final XYSeriesCollection data = new XYSeriesCollection();
        for (int node = 0; node < Math.min(MAX_SERIES, s.committedPosition().length); node++)
        {
            final XYSeries series = new XYSeries("n" + node);
            final long[] row = s.committedPosition()[node];
            for (int b = 0; b < row.length; b++)
            {
                series.add((b + 1) * s.bucketNs() / 1e6, row[b]);
            }
            data.addSeries(series);
        }
        final String title = "Committed " + positionName + " per server" +
            (s.committedPosition().length > MAX_SERIES ? " (first " + MAX_SERIES + ")" : "");
        return Svg.of(styled(ChartFactory.createXYLineChart(title, "time (ms)", positionName, data,
            PlotOrientation.VERTICAL, s.committedPosition().length <= 12, false, false)), WIDTH, HEIGHT);
    }

    /** The term each server is in over time, from its role changes (Raft). */
    static String terms(final SimStats stats, final int nodes, final long durationNs)
    {
        final XYSeriesCollection data = new XYSeriesCollection();
        final XYSeries[] perNode = new XYSeries[Math.min(nodes, MAX_SERIES)];
        for (int n = 0; n < perNode.length; n++)
        {
            perNode[n] = new XYSeries("n" + n);
            perNode[n].add(0.0, 0.0);
            data.addSeries(perNode[n]);
        }
        final long[] lastTerm = new long[perNode.length];
        for (final SimStats.RoleChange change : stats.series().roles())
        {
            if (change.node() < perNode.length)
            {
                perNode[change.node()].add(change.timeNs() / 1e6, change.term());
                lastTerm[change.node()] = change.term();
            }
        }
        for (int n = 0; n < perNode.length; n++)
        {
            perNode[n].add(durationNs / 1e6, lastTerm[n]);
        }
        final JFreeChart chart = styled(ChartFactory.createXYLineChart("Term per server" +
            (stats.series().rolesTruncated() ? " (role changes truncated)" : ""), "time (ms)", "term", data,
            PlotOrientation.VERTICAL, nodes <= 12, false, false));
        ((XYPlot)chart.getPlot()).setRenderer(new XYStepRenderer());
        return Svg.of(chart, WIDTH, HEIGHT);
    }

    /** Client writes the cluster committed in each time bucket. */
    static String writes(final SimStats stats)
    {
        final SimStats.Series s = stats.series();
        final XYSeries series = new XYSeries("writes");
        final double bucketMs = s.bucketNs() / 1e6;
        for (int b = 0; b < s.writesCommitted().length; b++)
        {
            series.add(b * bucketMs, s.writesCommitted()[b]);
        }
        final JFreeChart chart = styled(ChartFactory.createXYLineChart(
            String.format("Writes committed per %.3g ms", bucketMs), "time (ms)", "writes", new XYSeriesCollection(series),
            PlotOrientation.VERTICAL, false, false, false));
        ((XYPlot)chart.getPlot()).setRenderer(new XYStepRenderer());
        return Svg.of(chart, WIDTH, HEIGHT);
    }

    /** Cumulative distribution of answered operations' latency, on a log axis, one line per run. */
    static String latencyCdf(final List<ReportRun> runs)
    {
        final XYSeriesCollection data = new XYSeriesCollection();
        boolean any = false;
        for (final ReportRun run : runs)
        {
            final XYSeries series = new XYSeries(run.name(), false, true);
            for (final double[] point : run.result().stats().series().latencyCdf())
            {
                series.add(Math.max(1.0, point[0]), point[1]);
                any = true;
            }
            data.addSeries(series);
        }
        final JFreeChart chart = styled(ChartFactory.createXYLineChart("Client latency CDF", "latency (us)", "fraction", data,
            PlotOrientation.VERTICAL, true, false, false));
        if (any)
        {
            final LogAxis axis = new LogAxis("latency (us, log)");
            axis.setSmallestValue(1.0);
            // Plain microseconds on the ticks; JFreeChart's default prints fractional powers of ten.
            axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
            ((XYPlot)chart.getPlot()).setDomainAxis(axis);
        }
        return Svg.of(chart, WIDTH, HEIGHT);
    }

    /**
     * Bytes per link, the busiest first: per direction of each physical link when the network has them (a graph),
     * else per directed endpoint pair.
     */
    static String linkBytes(final SimStats stats)
    {
        final DefaultCategoryDataset data = new DefaultCategoryDataset();
        final List<SimStats.Link> links = stats.wires().isEmpty() ? stats.links() : stats.wires().stream()
            .filter(w -> w.packets() > 0)
            .sorted(java.util.Comparator.comparingLong(SimStats.Wire::bytes).reversed())
            .map(w -> new SimStats.Link(w.from(), w.to(), w.packets(), w.bytes())).toList();
        for (int i = 0; i < Math.min(MAX_LINKS, links.size()); i++)
        {
            final SimStats.Link link = links.get(i);
            data.addValue(link.bytes() / 1024.0, "KiB", link.from() + "→" + link.to());
        }
        return Svg.of(styled(ChartFactory.createBarChart("Bytes per link" +
            (links.size() > MAX_LINKS ? " (busiest " + MAX_LINKS + " of " + links.size() + ")" : ""), "link", "KiB", data,
            PlotOrientation.HORIZONTAL, false, false, false)), WIDTH, Math.max(HEIGHT, 60 + 18 * Math.min(MAX_LINKS, links.size())));
    }

    /** Throughput of each run, for comparing runs side by side. */
    static String throughput(final List<ReportRun> runs)
    {
        final DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (final ReportRun run : runs)
        {
            data.addValue(run.result().throughputPerSec(), "writes/s", run.name());
        }
        return Svg.of(styled(ChartFactory.createBarChart("Committed writes per simulated second", "run", "writes/s", data,
            PlotOrientation.HORIZONTAL, false, false, false)), WIDTH, Math.max(HEIGHT, 60 + 22 * runs.size()));
    }
}
