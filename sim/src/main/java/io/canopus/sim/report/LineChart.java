package io.canopus.sim.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.util.List;
import java.util.Map;

/** A line chart with markers, as standalone SVG, for pages and documents that compare runs (sweeps). */
public final class LineChart
{
    private LineChart()
    {
    }

    /**
     * @param title  the chart's title.
     * @param xLabel the x axis label.
     * @param yLabel the y axis label.
     * @param series per line name, its (x, y) points in x order.
     * @param logY   true for a logarithmic y axis (all y must be positive).
     * @return an SVG document element.
     */
    public static String svg(
        final String title, final String xLabel, final String yLabel, final Map<String, List<double[]>> series, final boolean logY)
    {
        final XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, points) ->
        {
            final XYSeries s = new XYSeries(name, true, false);
            points.forEach(p -> s.add(p[0], p[1]));
            data.addSeries(s);
        });
        final JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
            true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        final XYPlot plot = (XYPlot)chart.getPlot();
        plot.setBackgroundPaint(new Color(250, 250, 250));
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        if (logY)
        {
            final LogAxis axis = new LogAxis(yLabel + " (log)");
            axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
            plot.setRangeAxis(axis);
        }
        return Svg.of(chart, Charts.WIDTH, Charts.HEIGHT + 60, "line-" + Integer.toHexString(title.hashCode()) + "-");
    }
}
