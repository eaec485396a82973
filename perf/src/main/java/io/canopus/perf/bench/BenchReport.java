package io.canopus.perf.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.text.FieldPosition;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's directory: {@code summary.json} (the {@link BenchResults}), {@code table.txt}, a
 * throughput bar chart and one percentile-distribution chart per size as PNG (JFreeChart), and
 * {@code report.html}, which embeds the PNGs and the table so it opens offline as one file.
 */
final class BenchReport
{
    static final int WIDTH = 900;
    static final int HEIGHT = 500;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport()
    {
    }

    /** @return the JSON text of {@code results}. */
    static String json(final BenchResults results) throws IOException
    {
        return JSON.writeValueAsString(results);
    }

    /** Writes everything into {@code dir}; @return the files written. */
    static List<Path> write(final Path dir, final BenchResults results, final Map<String, Histogram> distributions)
        throws IOException
    {
        final List<Path> written = new ArrayList<>();
        written.add(Files.writeString(dir.resolve("summary.json"), json(results)));
        final String table = BenchTable.render(results);
        written.add(Files.writeString(dir.resolve("table.txt"), table));
        final List<Path> charts = new ArrayList<>();
        final Path throughput = dir.resolve("throughput.png");
        ChartUtils.saveChartAsPNG(throughput.toFile(), throughputChart(results), WIDTH, HEIGHT);
        charts.add(throughput);
        for (final BenchResults.CommonRate rate : results.commonRates())
        {
            final Path chart = dir.resolve("percentiles-" + rate.sizeBytes() + "B.png");
            ChartUtils.saveChartAsPNG(chart.toFile(), percentileChart(rate, distributions), WIDTH, HEIGHT);
            charts.add(chart);
        }
        written.addAll(charts);
        written.add(Files.writeString(dir.resolve("report.html"), html(results, table, charts)));
        return written;
    }

    static JFreeChart throughputChart(final BenchResults results)
    {
        final DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (final BenchResults.SystemResult s : results.systems())
        {
            dataset.addValue(s.saturationMsgsPerSec() / 1e3, s.name(), s.sizeBytes() + " B");
        }
        final JFreeChart chart = ChartFactory.createBarChart("Saturation throughput (p99 <= SLO, achieved >= 99%)",
            "message size", "thousand msgs/s", dataset, PlotOrientation.VERTICAL, true, false, false);
        chart.setAntiAlias(true);
        return chart;
    }

    /**
     * The percentile distribution as HdrHistogram plots it: x is {@code 1 / (1 - percentile)} on a
     * log axis labelled with the percentile, so the tail gets as much room as the median.
     */
    static JFreeChart percentileChart(final BenchResults.CommonRate rate, final Map<String, Histogram> distributions)
    {
        final XYSeriesCollection dataset = new XYSeriesCollection();
        for (final BenchResults.AtRate system : rate.systems())
        {
            final Histogram histogram = distributions.get(Bench.distributionKey(system.name(), rate.sizeBytes()));
            if (histogram == null || histogram.getTotalCount() == 0)
            {
                continue;
            }
            final XYSeries series = new XYSeries(system.name(), false, true);
            for (final HistogramIterationValue value : histogram.percentiles(5))
            {
                final double percentile = value.getPercentileLevelIteratedTo();
                if (percentile >= 100.0)
                {
                    break;
                }
                series.add(1.0 / (1.0 - percentile / 100.0), Math.max(value.getValueIteratedTo() / 1e3, 0.001));
            }
            dataset.addSeries(series);
        }
        final JFreeChart chart = ChartFactory.createXYLineChart(String.format(Locale.ROOT,
                "Latency by percentile at %,d msgs/s, %d B (from intended send time)", rate.ratePerSec(), rate.sizeBytes()),
            "percentile", "latency (us)", dataset, PlotOrientation.VERTICAL, true, false, false);
        final XYPlot plot = chart.getXYPlot();
        final LogAxis x = new LogAxis("percentile");
        x.setBase(10);
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new PercentileFormat());
        plot.setDomainAxis(x);
        final LogAxis y = new LogAxis("latency (us)");
        y.setBase(10);
        y.setTickUnit(new NumberTickUnit(1));
        y.setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.ROOT));
        plot.setRangeAxis(y);
        chart.setAntiAlias(true);
        return chart;
    }

    /** Labels {@code 1 / (1 - p)} with p: 10 -> 90%, 100 -> 99%, 1000 -> 99.9% ... */
    private static final class PercentileFormat extends NumberFormat
    {
        @Override
        public StringBuffer format(final double number, final StringBuffer toAppendTo, final FieldPosition pos)
        {
            final double percentile = 100.0 * (1.0 - 1.0 / number);
            return toAppendTo.append(new java.math.BigDecimal(percentile).round(new java.math.MathContext(6))
                .stripTrailingZeros().toPlainString()).append('%');
        }

        @Override
        public StringBuffer format(final long number, final StringBuffer toAppendTo, final FieldPosition pos)
        {
            return format((double)number, toAppendTo, pos);
        }

        @Override
        public Number parse(final String source, final ParsePosition parsePosition)
        {
            throw new UnsupportedOperationException("labels only");
        }
    }

    static String html(final BenchResults results, final String table, final List<Path> charts) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Canopus benchmark</title>\n")
            .append("<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;}pre{background:#f6f6f6;padding:1em;")
            .append("overflow-x:auto;font-size:12px}img{max-width:100%}</style></head><body>\n")
            .append("<h1>Canopus against Aeron Cluster</h1>\n<h2>Comparison</h2>\n<pre>").append(escape(table)).append("</pre>\n");
        for (final Path chart : charts)
        {
            sb.append("<p><img alt=\"").append(escape(chart.getFileName().toString())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(Files.readAllBytes(chart))).append("\"></p>\n");
        }
        sb.append("<h2>Machine</h2>\n<pre>").append(escape(JSON.writeValueAsString(results.machine()))).append("</pre>\n")
            .append("<h2>Settings</h2>\n<pre>").append(escape(JSON.writeValueAsString(results.settings()))).append("</pre>\n")
            .append("<p>Every probe's client latencies are in the run directory as HdrHistogram interval logs (.hlog), ")
            .append("every common-rate distribution as .hgrm; summary.json has every figure above.</p>\n</body></html>\n");
        return sb.toString();
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
