package io.canopus.sim.report;

import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Rectangle;

/** Turns a JFreeChart into an SVG element that can be inlined in HTML. */
final class Svg
{
    static
    {
        // Reports are written by command-line runs and tests on machines without a display.
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * Inline SVGs of one page share one id space, so each plot's clip-path ids get a prefix of their own; numbering
     * them per page (rather than JFreeSVG's time-based default) makes equal runs give byte-equal reports.
     */
    private static final ThreadLocal<int[]> NEXT_ID = ThreadLocal.withInitial(() -> new int[1]);

    private Svg()
    {
    }

    /** Starts a page: plot ids count from 0 again. */
    static void newPage()
    {
        NEXT_ID.get()[0] = 0;
    }

    static String of(final JFreeChart chart, final int width, final int height)
    {
        return of(chart, width, height, canvas(width, height));
    }

    /** Draws with ids prefixed {@code prefix}, for plots made outside a page's numbering (a sweep's own plots). */
    static String of(final JFreeChart chart, final int width, final int height, final String prefix)
    {
        final SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(prefix);
        return of(chart, width, height, g);
    }

    private static String of(final JFreeChart chart, final int width, final int height, final SVGGraphics2D g)
    {
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement();
    }

    static SVGGraphics2D canvas(final int width, final int height)
    {
        final SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix("plot" + NEXT_ID.get()[0]++ + "-");
        return g;
    }
}
